"""No lost update: two officials edit the same cluster at once, on the page and in the API;
the second stale save is refused, it says what changed, and nothing is lost."""

from django.urls import reverse

from clusterzone.registry.models import Cluster

from ..api import api_client


def _form(c, **changes):
    data = {
        "code": c.code, "name": c.name, "region": c.region_id, "status": "provincial", "star": 0,
        "planned_area": "16.33", "built_area": "5", "committee": c.committee_id,
    }  # fmt: skip
    data.update(changes)
    return data


def test_version_goes_up_on_every_save(world):
    c = world.cluster_a
    assert c.lock_version == 1
    c.name = "上蔡县产业集聚区（一）"
    c.save()
    c.save()
    assert Cluster.objects.get(pk=c.pk).lock_version == 3


def test_two_stale_saves_on_the_page_second_refused_nothing_lost(world, client):
    c = world.cluster_a
    url = reverse("registry:cluster_edit", args=[c.pk])
    client.force_login(world.users["office_admin"])
    page = client.get(url).content.decode()
    assert 'name="lock_version"' in page and 'value="1"' in page
    # both officials opened the form at version 1
    first = client.post(url, {**_form(c, name="上蔡县产业集聚区（甲改）"), "lock_version": 1})
    assert first.status_code == 302
    second = client.post(url, {**_form(c, built_area="6"), "lock_version": 1})
    assert second.status_code == 400
    text = second.content.decode()
    assert "在您编辑期间，此记录已被修改" in text
    assert "集聚区名称" in text or "名称" in text
    assert "上蔡县产业集聚区（甲改）" in text  # what changed meanwhile
    assert 'value="6"' in text  # what the second official typed is kept
    assert 'name="lock_version" value="2"' in text.replace('type="hidden" ', "")
    c.refresh_from_db()
    assert c.name == "上蔡县产业集聚区（甲改）" and c.built_area != 6  # nothing lost
    # saving again after seeing the change is the second official's choice
    again = client.post(url, {**_form(c, name=c.name, built_area="6"), "lock_version": 2})
    assert again.status_code == 302
    c.refresh_from_db()
    assert c.name == "上蔡县产业集聚区（甲改）" and c.built_area == 6 and c.lock_version == 3


def test_api_etag_and_if_match(world):
    c = world.cluster_a
    client = api_client(world.users["office_admin"])
    url = f"/api/clusters/{c.pk}/"
    got = client.get(url)
    assert got.status_code == 200 and got["ETag"] == '"1"'
    etag = got["ETag"]
    first = client.patch(url, {"name": "甲改"}, format="json", HTTP_IF_MATCH=etag)
    assert first.status_code == 200, first.content
    assert first["ETag"] == '"2"'
    second = client.patch(url, {"planned_area": "20"}, format="json", HTTP_IF_MATCH=etag)
    assert second.status_code == 412
    body = second.json()
    assert "在您编辑期间" in body["detail"]
    assert body["current_version"] == 2 and body["expected_version"] == 1
    assert any(ch["field"] == "name" and ch["new"] == "甲改" for ch in body["changes"])
    c.refresh_from_db()
    assert c.name == "甲改" and c.planned_area != 20
    # a stale delete is refused too
    assert client.delete(url, HTTP_IF_MATCH=etag).status_code == 412
    assert Cluster.objects.filter(pk=c.pk).exists()
    # without If-Match the write is accepted (last write wins is the client's choice)
    assert client.patch(url, {"name": "乙改"}, format="json").status_code == 200
    c.refresh_from_db()
    assert c.name == "乙改" and c.lock_version == 3
    # with the current version it passes
    assert client.patch(url, {"name": "丙改"}, format="json", HTTP_IF_MATCH='"3"').status_code == 200


def test_openapi_documents_if_match_and_412(world):
    client = api_client(world.users["office_admin"])
    schema = client.get("/api/schema/", {"format": "json"}).json()
    op = schema["paths"]["/api/clusters/{id}/"]
    for method in ("put", "patch", "delete"):
        assert any(p["name"] == "If-Match" and p["in"] == "header" for p in op[method]["parameters"])
        assert "412" in op[method]["responses"]
    assert "ETag" in op["get"]["responses"]["200"].get("headers", {})
