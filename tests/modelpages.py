"""Generated tests for every model whose pages are declared with core.modelpages.

As NetBox's ViewTestCases do, a model's test class declares only how to make its objects
and what its forms take; this base generates the tests of the standard pages:

- list: 200 with the object's name, 导出Excel answers an .xlsx, the menu links the list;
- detail (or the edit page when there is none): 200 with its change history in scope, 404
  for an object outside the user's scope;
- add / edit / delete by the allowed role: done (302, the database changed); by the denied
  role: 403 and nothing changed; edit/delete of an object outside the scope: 404;
- import: the page and its template for the allowed role, 403 for the denied one;
- query count of the list page the same for 3 and 15 objects.

Usage (tests/test_model_pages.py holds one class per declaration)::

    class TestClusterPages(ModelPagesTests):
        pages = "registry:cluster"

        def make(self, world, scope, n):          # an object in "own" or "other" scope
            ...

        def add_data(self, world):                # POST data of a valid new object
            return self.data_from(world, self.make(world, "own", 900), code="NEW1")

        edit_changes = {"name": "改名后的名称"}     # what the edit test changes
"""

from __future__ import annotations

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterzone.core import modelpages


class ModelPagesTests:
    pages: str = ""  # "app:name" of the declaration
    allowed_role = "office_admin"  # may do every action of the declaration in the own scope
    denied_role = "readonly"  # may only look (403 on add/edit/delete/import)
    denied_status = 403  # 404 where the denied role does not even see the objects
    edit_changes: dict = {}
    small, large = 3, 15

    # ---- declared by the subclass ----
    def make(self, world, scope: str, n: int):
        """An object in the allowed user's scope ("own") or outside it ("other"; None for
        province-wide catalogs, which have no outside)."""
        raise NotImplementedError

    def add_data(self, world) -> dict:
        raise NotImplementedError

    # ---- helpers ----
    @property
    def decl(self) -> modelpages.ModelPages:
        return modelpages.get(self.pages)

    def data_from(self, world, obj, **changes) -> dict:
        """The edit form's initial values of obj as POST data, with changes."""
        form = self.decl.form(instance=obj, user=world.users[self.allowed_role])
        data = {}
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                data[name] = [str(v.pk if hasattr(v, "pk") else v) for v in value]
            else:
                data[name] = str(value.pk if hasattr(value, "pk") else value)
        data.update({k: str(v) for k, v in changes.items()})
        return data

    def snapshot(self):
        return sorted(self.decl.model.objects.values_list(*self.snapshot_fields()))

    def snapshot_fields(self):
        return ["pk", *self.edit_changes.keys()] if self.edit_changes else ["pk"]

    def client_for(self, client, world, role):
        client.force_login(world.users[role])
        return client

    # ---- generated tests ----
    def test_list_export_menu(self, world, client):
        obj = self.make(world, "own", 1)
        c = self.client_for(client, world, self.allowed_role)
        response = c.get(reverse(self.decl.url_name("list")))
        assert response.status_code == 200
        assert str(obj) in response.content.decode() or getattr(obj, "name", "") in response.content.decode()
        assert f'href="{reverse(self.decl.url_name("list"))}"' in response.content.decode()
        export = c.get(reverse(self.decl.url_name("list")), {"export": "xlsx"})
        assert export.status_code == 200
        assert export["Content-Type"].startswith("application/vnd.openxmlformats")
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(export.content)).active
        assert sheet.max_row >= 2  # header and at least the object

    def test_object_page_in_scope_and_hidden_outside(self, world, client):
        if not (self.decl.has_detail or self.decl.has_form):
            return  # a list-only declaration (records written through the API or the import)
        own, other = self.make(world, "own", 1), self.make(world, "other", 2)
        c = self.client_for(client, world, self.allowed_role)
        url_name = self.decl.object_url_name
        response = c.get(reverse(url_name, args=[own.pk]))
        assert response.status_code == 200
        if self.decl.has_detail:
            assert 'data-testid="history"' in response.content.decode()
        if other is not None:
            assert c.get(reverse(url_name, args=[other.pk])).status_code == 404

    def test_add(self, world, client):
        if not self.decl.has_add:
            return
        data = self.add_data(world)
        before = self.decl.model.objects.count()
        denied = self.client_for(client, world, self.denied_role)
        assert denied.post(reverse(self.decl.url_name("add")), data).status_code == 403
        assert self.decl.model.objects.count() == before
        c = self.client_for(client, world, self.allowed_role)
        assert c.get(reverse(self.decl.url_name("add"))).status_code == 200
        response = c.post(reverse(self.decl.url_name("add")), data)
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert self.decl.model.objects.count() == before + 1

    def test_edit(self, world, client):
        if not self.decl.has_form:
            return
        own, other = self.make(world, "own", 1), self.make(world, "other", 2)
        url = reverse(self.decl.url_name("edit"), args=[own.pk])
        data = self.data_from(world, own, **self.edit_changes)
        before = self.snapshot()
        denied = self.client_for(client, world, self.denied_role)
        assert denied.post(url, data).status_code == self.denied_status
        c = self.client_for(client, world, self.allowed_role)
        if other is not None:
            other_data = self.data_from(world, other, **self.edit_changes)
            other_url = reverse(self.decl.url_name("edit"), args=[other.pk])
            assert c.post(other_url, other_data).status_code == 404
        assert self.snapshot() == before
        response = c.post(url, data)
        assert response.status_code == 302, response.content.decode()[-3000:]
        own.refresh_from_db()
        for field, value in self.edit_changes.items():
            assert str(getattr(own, field)) == str(value)

    def test_delete(self, world, client):
        if not self.decl.has_delete:
            return
        own, other = self.make(world, "own", 1), self.make(world, "other", 2)
        url = reverse(self.decl.url_name("delete"), args=[own.pk])
        denied = self.client_for(client, world, self.denied_role)
        assert denied.post(url).status_code == self.denied_status
        c = self.client_for(client, world, self.allowed_role)
        if other is not None:
            assert c.post(reverse(self.decl.url_name("delete"), args=[other.pk])).status_code == 404
            assert self.decl.model.objects.filter(pk=other.pk).exists()
        assert c.get(url).status_code == 200
        assert c.post(url).status_code == 302
        assert not self.decl.model.objects.filter(pk=own.pk).exists()

    def test_import_page(self, world, client):
        if not self.decl.import_kind:
            return
        url = reverse("core:import", args=[self.decl.import_kind])
        denied = self.client_for(client, world, self.denied_role)
        assert denied.get(url).status_code == 403
        c = self.client_for(client, world, self.allowed_role)
        assert c.get(url).status_code == 200
        template = c.get(url, {"template": "1"})
        assert template.status_code == 200
        assert template["Content-Type"].startswith("application/vnd.openxmlformats")
        listing = c.get(reverse(self.decl.url_name("list"))).content.decode()
        assert f'href="{url}"' in listing  # the 导入 button, with no view importing anything first

    def test_list_query_count_constant(self, world, client):
        c = self.client_for(client, world, self.allowed_role)
        url = reverse(self.decl.url_name("list"))
        counts = []
        made = 0
        for size in (self.small, self.large):
            while made < size:
                made += 1
                self.make(world, "own", 100 + made)
            c.get(url)  # warm caches (session, content types)
            with CaptureQueriesContext(connection) as ctx:
                assert c.get(url).status_code == 200
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1], counts
