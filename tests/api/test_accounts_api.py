"""The REST API of regions and organisation units: scoped lists, filters, writes through the
accounts services with history, and the policy's answers (404 outside scope, 403 without the
right)."""

import io

from django.core.management import call_command

from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit, Region

from . import api_client, rows

REGIONS = "/api/regions/"
UNITS = "/api/units/"


def region_codes(response):
    assert response.status_code == 200, response.content
    return [r["code"] for r in rows(response)]


def unit_names(response):
    assert response.status_code == 200, response.content
    return sorted(r["name"] for r in rows(response))


def test_region_list_is_the_users_subtree(world):
    client = api_client(world.users["office_admin"])  # 驻马店市
    assert region_codes(client.get(REGIONS)) == ["411700", "411722"]
    data = client.get(f"{REGIONS}{world.shangcai.pk}/").json()
    assert data["code"] == "411722" and data["level"] == "county" and data["level_display"] == "县区"
    assert data["parent"] == {"code": "411700", "name": "驻马店市"}
    assert data["path"] == "410000/411700/411722/"
    assert client.get(f"{REGIONS}{world.lushan.pk}/").status_code == 404
    assert client.get(f"{REGIONS}{world.henan.pk}/").status_code == 404


def test_region_filters_and_search(world):
    client = api_client(world.users["province_admin"])
    assert region_codes(client.get(REGIONS)) == ["410000", "410400", "410423", "411700", "411722"]
    assert region_codes(client.get(REGIONS, {"level": "city"})) == ["410400", "411700"]
    assert region_codes(client.get(REGIONS, {"parent": "410400"})) == ["410423"]
    assert region_codes(client.get(REGIONS, {"within": "411700"})) == ["411700", "411722"]
    assert region_codes(client.get(REGIONS, {"search": "鲁山"})) == ["410423"]
    assert region_codes(client.get(REGIONS, {"q": "4117"})) == ["411700", "411722"]
    assert region_codes(client.get(REGIONS, {"code": "410400"})) == ["410400"]
    assert region_codes(client.get(REGIONS, {"ordering": "-code", "level": "county"})) == ["411722", "410423"]


def test_office_admin_creates_renames_and_deletes_a_region(world):
    user = world.users["office_admin"]
    client = api_client(user)
    response = client.post(
        REGIONS, {"code": "411702", "name": "驿城区", "level": "county", "parent": "411700"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["path"] == "410000/411700/411702/"
    region = Region.objects.get(code="411702")
    url = f"{REGIONS}{region.pk}/"
    response = client.patch(url, {"name": "驿城区（新）", "reason": "更名"}, format="json")
    assert response.status_code == 200
    assert Region.objects.get(pk=region.pk).name == "驿城区（新）"
    entries = client.get(f"{url}history/").json()
    assert entries[0]["user_id"] == user.pk and entries[0]["reason"] == "更名"
    assert {"field": "name", "label": "名称", "old": "驿城区", "new": "驿城区（新）"} in entries[0]["changes"]
    assert client.delete(url).status_code == 204
    assert not Region.objects.filter(code="411702").exists()


def test_region_writes_are_refused_outside_scope_or_right(world):
    client = api_client(world.users["office_admin"])
    # a parent outside the scope reads as unknown
    response = client.post(
        REGIONS, {"code": "410402", "name": "新华区", "level": "county", "parent": "410400"}, format="json"
    )
    assert response.status_code == 400 and "权限范围" in response.json()["parent"][0]
    # a region with children cannot be deleted
    response = client.delete(f"{REGIONS}{world.zmd.pk}/")
    assert response.status_code == 400 and "不能删除" in response.json()["detail"]
    # wrong code format, in Chinese
    response = client.post(
        REGIONS, {"code": "4117", "name": "坏码", "level": "county", "parent": "411700"}, format="json"
    )
    assert response.status_code == 400 and "6位数字" in response.json()["code"][0]
    # office staff may read regions, not write them
    staff = api_client(world.users["office_staff"])
    response = staff.post(
        REGIONS, {"code": "411703", "name": "某区", "level": "county", "parent": "411700"}, format="json"
    )
    assert response.status_code == 403
    assert staff.patch(f"{REGIONS}{world.shangcai.pk}/", {"name": "x"}, format="json").status_code == 403
    assert not Region.objects.filter(code__in=["410402", "4117", "411703"]).exists()
    assert Region.objects.get(pk=world.shangcai.pk).name == "上蔡县"


def test_unit_list_filters_and_detail(world):
    client = api_client(world.users["office_admin"])
    assert unit_names(client.get(UNITS)) == sorted(
        ["驻马店市联席办", "上蔡县产业集聚区管委会", "驻马店市发改委"]
    )
    assert unit_names(client.get(UNITS, {"kind": "committee"})) == ["上蔡县产业集聚区管委会"]
    assert unit_names(client.get(UNITS, {"region": "411722"})) == ["上蔡县产业集聚区管委会"]
    assert unit_names(client.get(UNITS, {"search": "发改委"})) == ["驻马店市发改委"]
    data = client.get(f"{UNITS}{world.committee_a.pk}/").json()
    assert data["kind_display"] == "集聚区管委会" and data["region"] == {"code": "411722", "name": "上蔡县"}
    assert client.get(f"{UNITS}{world.pds_office.pk}/").status_code == 404


def test_office_admin_creates_updates_and_deletes_a_unit(world):
    user = world.users["office_admin"]
    client = api_client(user)
    response = client.post(
        UNITS, {"name": "驻马店市工信局", "kind": "department", "region": "411700"}, format="json"
    )
    assert response.status_code == 201, response.content
    unit = OrgUnit.objects.get(name="驻马店市工信局")
    assert unit.kind == UnitKind.DEPARTMENT and unit.region == world.zmd
    url = f"{UNITS}{unit.pk}/"
    assert client.patch(url, {"notes": "成员单位"}, format="json").status_code == 200
    assert OrgUnit.objects.get(pk=unit.pk).notes == "成员单位"
    entries = client.get(f"{url}history/").json()
    assert [e["action"] for e in entries] == ["~", "+"] and entries[0]["user"] == str(user)
    # the same name twice in one region is refused in Chinese
    response = client.post(
        UNITS, {"name": "驻马店市工信局", "kind": "department", "region": "411700"}, format="json"
    )
    assert response.status_code == 400
    assert "同名" in str(response.json()) or "已存在" in str(response.json())
    assert client.delete(url).status_code == 204
    assert not OrgUnit.objects.filter(pk=unit.pk).exists()


def test_unit_writes_need_the_right_and_the_scope(world):
    readonly = api_client(world.users["readonly"])
    response = readonly.post(UNITS, {"name": "某单位", "kind": "other", "region": "411700"}, format="json")
    assert response.status_code == 403 and response.json()["detail"] == "您没有执行此操作的权限。"
    other = api_client(world.users["other_admin"])
    assert other.patch(f"{UNITS}{world.zmd_office.pk}/", {"notes": "x"}, format="json").status_code == 404
    response = other.post(UNITS, {"name": "越界单位", "kind": "other", "region": "411700"}, format="json")
    assert response.status_code == 400 and "region" in response.json()
    assert not OrgUnit.objects.filter(name__in=["某单位", "越界单位"]).exists()
    # a unit in use by users cannot be deleted
    response = api_client(world.users["office_admin"]).delete(f"{UNITS}{world.zmd_office.pk}/")
    assert response.status_code == 400


def test_anonymous_gets_401(world):
    assert api_client().get(REGIONS).status_code == 401
    assert api_client().get(UNITS).status_code == 401


def test_token_from_cli_reads_units(world):
    out = io.StringIO()
    call_command("create-token", "other_admin", stdout=out)
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    assert unit_names(client.get(UNITS)) == ["平顶山市联席办", "鲁山县产业集聚区管委会"]


USERS = "/api/users/"


def test_users_api_is_for_office_admins(world):
    client = api_client(world.users["office_admin"])  # 驻马店: its office, 上蔡 committee, 发改委
    response = client.get(USERS)
    names = sorted(r["username"] for r in rows(response))
    assert names == sorted(
        [
            "office_admin",
            "office_staff",
            "cluster_reporter",
            "department_liaison",
            "project_leader",
            "readonly",
        ]
    )
    data = client.get(f"{USERS}{world.users['cluster_reporter'].pk}/").json()
    assert data["unit"] == {"id": world.committee_a.pk, "name": "上蔡县产业集聚区管委会"}
    assert data["region"] == {"code": "411722", "name": "上蔡县"}
    assert data["roles"] == ["cluster_reporter"] and data["role_labels"] == ["集聚区填报员"]
    assert "password" not in data
    assert [r["username"] for r in rows(client.get(USERS, {"role": "readonly"}))] == ["readonly"]
    assert [r["username"] for r in rows(client.get(USERS, {"region": "411722"}))] == ["cluster_reporter"]
    assert [r["username"] for r in rows(client.get(USERS, {"search": "other"}))] == []
    assert client.get(f"{USERS}{world.users['other_admin'].pk}/").status_code == 404
    # writes are POST/PATCH (tests/finance/test_users.py); an incomplete body is refused
    assert client.post(USERS, {"username": "x"}).status_code == 400
    assert client.delete(f"{USERS}{world.users['readonly'].pk}/").status_code == 405
    staff = api_client(world.users["office_staff"])
    assert staff.get(USERS).status_code == 403
    assert staff.get(f"{USERS}{world.users['readonly'].pk}/").status_code == 404
