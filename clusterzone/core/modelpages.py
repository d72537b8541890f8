"""One declaration per model's standard pages.

A model's standard set — list (filters, sorting, paging, 导出Excel), detail with history,
add, edit, delete, Excel import, and its menu entry — is one `ModelPages` declaration in
`<app>/pages.py`, registered with `register(...)`. Every `<app>.pages` module is imported
when the platform starts (core's AppConfig.ready calls `autodiscover()`), so the declarations,
and the importers they point to, exist before the first request. The app's urls.py then
includes `modelpages.urls("<app>")`, the menu shows `menu=True` declarations in their
section, and tests/modelpages.py generates the permission and query-count tests.

Only what differs is written by hand: pass a subclass of the core generic view as
`detail_view=` / `list_view=` / `form_view=` / `delete_view=` (extra context, a custom
template, a preset new instance); the generated view subclasses it and fills in the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.urls import path as url_path

from clusterzone.accounts import policy


@dataclass
class ModelPages:
    app: str  # the URL namespace, e.g. "registry"
    name: str  # URL-name prefix: "cluster" → cluster_list, cluster_add, cluster_detail, …; "" → list, add, …
    path: str  # URL prefix, e.g. "clusters/"
    model: type
    title: str  # list page title and menu label
    selector: Callable  # selector(user) → the scoped queryset the list and the detail show
    filterset: type
    table: object
    form: type | None = None  # a ModelForm taking user=; None: no add/edit pages
    save: Callable | None = None  # save(*, actor, instance, data) → instance (a service call)
    delete: Callable | None = None  # delete(*, actor, instance) (a service call); None: no delete page
    detail_template: str = ""  # "" → no detail page; the edit page is the object's page
    section: str = ""  # menu section and first breadcrumb ("集聚区", "系统管理" …)
    kind: str = ""  # the policy kind; default policy.kind_of(model)
    import_kind: str = ""  # core.importing kind for the Excel导入 button
    export_name: str = ""  # 导出Excel file name (default: title)
    menu: bool | str = True  # a menu entry in `section`, labelled with the title (or this text)
    paginate_by: int = 50
    can_add: bool = True  # an add page (when form and save are given)
    list_view: type | None = None
    detail_view: type | None = None
    form_view: type | None = None
    delete_view: type | None = None
    views: dict = field(default_factory=dict, repr=False)  # filled by build(): list/detail/form/delete

    # ---- names ----
    @property
    def key(self) -> str:
        return f"{self.app}:{self.name}" if self.name else self.app

    def url_name(self, action: str) -> str:
        return f"{self.app}:{self.name}_{action}" if self.name else f"{self.app}:{action}"

    def local_name(self, action: str) -> str:
        return f"{self.name}_{action}" if self.name else action

    @property
    def policy_kind(self) -> str:
        return self.kind or policy.kind_of(self.model)

    @property
    def has_detail(self) -> bool:
        return bool(self.detail_template)

    @property
    def has_form(self) -> bool:
        return self.form is not None and self.save is not None

    @property
    def has_add(self) -> bool:
        return self.has_form and self.can_add

    @property
    def has_delete(self) -> bool:
        return self.delete is not None

    @property
    def object_url_name(self) -> str:
        """Where an object's name links to and where a save lands: its detail, else its edit page."""
        return self.url_name("detail" if self.has_detail else "edit")

    def actions(self) -> list[str]:
        out = ["list"]
        if self.has_add:
            out.append("add")
        if self.has_detail:
            out.append("detail")
        if self.has_form:
            out.append("edit")
        if self.has_delete:
            out.append("delete")
        return out

    # ---- generated views ----
    def build(self) -> dict:
        from . import views as v

        common = {
            "pages": self,
            "model": self.model,
            "kind": self.policy_kind,
            "section": self.section,
            "list_url_name": self.url_name("list"),
            "detail_url_name": self.object_url_name,
        }

        def make(action, base, generic, **attrs):
            base = base or generic
            name = f"{self.model.__name__}{action.title()}PageView"
            return type(name, (base,), {**common, **{k: val for k, val in attrs.items() if val}})

        self.views = {
            "list": make(
                "list",
                self.list_view,
                v.ScopedListView,
                title=self.title,
                filterset_class=self.filterset,
                table=self.table,
                add_url_name=self.url_name("add") if self.has_add else "",
                import_kind=self.import_kind,
                export_name=self.export_name or str(self.title),
                paginate_by=self.paginate_by,
            )
        }
        if self.has_detail:
            self.views["detail"] = make(
                "detail", self.detail_view, v.ScopedDetailView, template_name=self.detail_template
            )
        if self.has_form:
            self.views["form"] = make("form", self.form_view, v.ServiceFormView, form_class=self.form)
        if self.has_delete:
            self.views["delete"] = make("delete", self.delete_view, v.ServiceDeleteView)
        return self.views

    def urlpatterns(self) -> list:
        if not self.views:
            self.build()
        p, views = self.path, self.views
        out = [url_path(p, views["list"].as_view(), name=self.local_name("list"))]
        if self.has_add:
            out.append(url_path(f"{p}add/", views["form"].as_view(), name=self.local_name("add")))
        if self.has_detail:
            out.append(url_path(f"{p}<int:pk>/", views["detail"].as_view(), name=self.local_name("detail")))
        if self.has_form:
            out.append(url_path(f"{p}<int:pk>/edit/", views["form"].as_view(), name=self.local_name("edit")))
        if self.has_delete:
            out.append(
                url_path(f"{p}<int:pk>/delete/", views["delete"].as_view(), name=self.local_name("delete"))
            )
        return out


_registry: dict[str, ModelPages] = {}


def register(pages: ModelPages) -> ModelPages:
    """Declare a model's standard pages (call at import of `<app>/pages.py`)."""
    if pages.key in _registry and _registry[pages.key] is not pages:
        raise ValueError(f"model pages {pages.key} declared twice")
    _registry[pages.key] = pages
    pages.build()
    return pages


def registered() -> list[ModelPages]:
    return list(_registry.values())


def get(key: str) -> ModelPages:
    """The declaration by "app:name" (e.g. "registry:cluster")."""
    return _registry[key]


def urls(app: str) -> list:
    """The URL patterns of every declaration of one app, for its urls.py."""
    autodiscover()
    return [p for pages in _registry.values() if pages.app == app for p in pages.urlpatterns()]


def menu_items(section) -> list[ModelPages]:
    return [p for p in _registry.values() if p.menu and str(p.section) == str(section)]


_discovered = False


def autodiscover() -> None:
    """Import `<app>.pages` of every platform app (and so their importers): once, at start-up."""
    global _discovered
    if _discovered:
        return
    from django.apps import apps

    from .importing.registry import importer_kinds

    for cfg in apps.get_app_configs():
        name = f"{cfg.name}.pages"
        if cfg.name.startswith("clusterzone.") and find_spec(name) is not None:
            import_module(name)
    importer_kinds()  # register every importer now, not on a view's first use
    _discovered = True


def menu_label(pages: ModelPages) -> str:
    return pages.title if pages.menu is True else pages.menu
