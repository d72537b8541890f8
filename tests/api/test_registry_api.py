"""The REST API of clusters and enterprises: CRUD through the services, history, filters,
scope (404) and rights (403), validation in Chinese, token auth and the OpenAPI schema."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from clusterzone.accounts.choices import UnitKind
from clusterzone.registry.models import Cluster, ClusterIndustry, Enterprise, SubZone

from .. import factories as f
from . import api_client, rows

CLUSTERS = "/api/clusters/"
ENTERPRISES = "/api/enterprises/"


def codes(response, key="code"):
    assert response.status_code == 200, response.content
    return sorted(r[key] for r in rows(response))


# --- clusters: reading ---------------------------------------------------------------------


def test_cluster_list_is_scoped_and_paginated(world):
    client = api_client(world.users["office_admin"])  # 驻马店市: clusters A and A2
    response = client.get(CLUSTERS)
    data = response.json()
    assert data["count"] == 2
    assert codes(response) == ["41170201", "41172201"]
    first = client.get(CLUSTERS, {"page_size": 1}).json()
    assert first["count"] == 2 and len(first["results"]) == 1 and first["next"]


def test_cluster_detail_shows_related_codes_and_names(world):
    SubZone.objects.create(cluster=world.cluster_a, name="北区", area=Decimal("9.65"), focus="装备制造")
    ClusterIndustry.objects.create(cluster=world.cluster_a, category=f.category("装备制造"), role="main")
    client = api_client(world.users["office_admin"])
    data = client.get(f"{CLUSTERS}{world.cluster_a.pk}/").json()
    assert data["code"] == "41172201" and data["name"] == "上蔡县产业集聚区"
    assert data["region"] == {"code": "411722", "name": "上蔡县"}
    assert data["status"] == "provincial" and data["status_display"] == "省定产业集聚区"
    assert data["committee"] == {"id": world.committee_a.pk, "name": "上蔡县产业集聚区管委会"}
    assert data["planned_area"] == "10.00" and data["built_area"] == "5.00"
    assert data["subzones"] == [
        {"id": data["subzones"][0]["id"], "name": "北区", "area": "9.65", "focus": "装备制造"}
    ]
    assert data["leading_industries"][0]["category"] == "装备制造"
    assert data["leading_industries"][0]["role_display"] == "主导"
    assert data["enterprise_count"] == 1
    assert "updated_at" in data


def test_out_of_scope_cluster_is_404(world):
    client = api_client(world.users["other_admin"])  # 平顶山 asks for a 驻马店 cluster
    url = f"{CLUSTERS}{world.cluster_a.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"name": "改名"}, format="json").status_code == 404
    assert client.delete(url).status_code == 404
    assert client.get(f"{url}history/").status_code == 404
    assert Cluster.objects.filter(pk=world.cluster_a.pk, name="上蔡县产业集聚区").exists()


def test_cluster_search_and_filters(world):
    world.cluster_a2.status = "city_park"
    world.cluster_a2.star = 3
    world.cluster_a2.save()
    food = f.category("食品加工")
    ClusterIndustry.objects.create(cluster=world.cluster_a, category=food, role="main")
    ClusterIndustry.objects.create(cluster=world.cluster_b, category=food, role="auxiliary")
    client = api_client(world.users["province_admin"])  # sees all three
    assert codes(client.get(CLUSTERS)) == ["41042301", "41170201", "41172201"]
    assert codes(client.get(CLUSTERS, {"search": "上蔡"})) == ["41172201"]
    assert codes(client.get(CLUSTERS, {"search": "4117020"})) == ["41170201"]
    assert codes(client.get(CLUSTERS, {"q": "鲁山"})) == ["41042301"]
    # a region code includes its subtree
    assert codes(client.get(CLUSTERS, {"region": "411700"})) == ["41170201", "41172201"]
    assert codes(client.get(CLUSTERS, {"region": "411722"})) == ["41172201"]
    assert codes(client.get(CLUSTERS, {"region": "410000"})) == ["41042301", "41170201", "41172201"]
    assert codes(client.get(CLUSTERS, {"status": "city_park"})) == ["41170201"]
    assert codes(client.get(CLUSTERS, {"star": 3})) == ["41170201"]
    assert codes(client.get(CLUSTERS, {"industry": food.pk})) == ["41042301", "41172201"]
    assert codes(client.get(CLUSTERS, {"code": "41172201"})) == ["41172201"]
    ordered = client.get(CLUSTERS, {"ordering": "-code"}).json()["results"]
    assert [r["code"] for r in ordered] == ["41172201", "41170201", "41042301"]
    # an invalid filter value is a 400, not a 500
    assert client.get(CLUSTERS, {"status": "nonsense"}).status_code == 400


# --- clusters: writing ---------------------------------------------------------------------


def test_office_admin_creates_updates_and_deletes_a_cluster(world):
    user = world.users["office_admin"]
    client = api_client(user)
    payload = {
        "code": "41172202",
        "name": "上蔡县第二产业集聚区",
        "region": "411722",
        "planned_area": "12.50",
        "built_area": 3,
        "land_reserve": "1200",
        "star": 2,
        "founded": "2009-05-01",
        "notes": "新设",
    }
    response = client.post(CLUSTERS, payload, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    cluster = Cluster.objects.get(code="41172202")
    assert data["id"] == cluster.pk and data["region"] == {"code": "411722", "name": "上蔡县"}
    assert data["enterprise_count"] == 0 and data["star_display"] == "二星级"
    assert cluster.planned_area == Decimal("12.50") and cluster.built_area == Decimal("3")
    url = f"{CLUSTERS}{cluster.pk}/"

    response = client.patch(url, {"built_area": "6.5", "reason": "年度核查"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["built_area"] == "6.50"
    cluster.refresh_from_db()
    assert cluster.built_area == Decimal("6.5")

    history = client.get(f"{url}history/")
    assert history.status_code == 200
    entries = history.json()
    assert [e["action"] for e in entries] == ["~", "+"]
    latest = entries[0]
    assert latest["user"] == str(user) and latest["user_id"] == user.pk
    assert latest["reason"] == "年度核查" and latest["action_label"] == "修改"
    change = next(c for c in latest["changes"] if c["field"] == "built_area")
    assert Decimal(change["old"]) == Decimal("3") and Decimal(change["new"]) == Decimal("6.5")
    assert change["label"] == "建成区面积（平方公里）"

    put = {**payload, "name": "上蔡县新区产业集聚区", "built_area": "4"}
    response = client.put(url, put, format="json")
    assert response.status_code == 200, response.content
    assert Cluster.objects.get(pk=cluster.pk).name == "上蔡县新区产业集聚区"

    assert client.delete(url).status_code == 204
    assert not Cluster.objects.filter(pk=cluster.pk).exists()
    assert cluster.history.filter(history_type="-", history_user=user).exists()


def test_cluster_with_enterprises_cannot_be_deleted(world):
    client = api_client(world.users["office_admin"])
    response = client.delete(f"{CLUSTERS}{world.cluster_a.pk}/")
    assert response.status_code == 400
    assert "不能删除" in response.json()["detail"]
    assert Cluster.objects.filter(pk=world.cluster_a.pk).exists()


def test_built_area_above_planned_area_is_400_in_chinese(world):
    client = api_client(world.users["office_admin"])
    response = client.patch(f"{CLUSTERS}{world.cluster_a.pk}/", {"built_area": "11"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"built_area": ["建成区面积不能大于规划面积。"]}
    world.cluster_a.refresh_from_db()
    assert world.cluster_a.built_area == Decimal("5")
    response = client.post(
        CLUSTERS,
        {"code": "X1", "name": "新区", "region": "411722", "planned_area": 1, "built_area": 2},
        format="json",
    )
    assert response.status_code == 400 and "built_area" in response.json()
    assert not Cluster.objects.filter(name="新区").exists()


def test_cluster_input_errors_are_keyed_by_field_in_chinese(world):
    client = api_client(world.users["office_admin"])
    response = client.post(
        CLUSTERS, {"code": "坏 代码", "name": "上蔡县产业集聚区", "region": "999999"}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()
    assert "字母、数字和连字符" in errors["code"][0]
    assert "已存在" in errors["name"][0]
    assert "999999" in errors["region"][0] and "权限范围" in errors["region"][0]
    response = client.post(CLUSTERS, {"name": "无代码"}, format="json")
    assert response.json()["code"] == ["该字段是必填项。"]


def test_cluster_outside_the_users_region_is_refused(world):
    client = api_client(world.users["office_admin"])  # 驻马店 admin places a cluster in 鲁山
    response = client.post(
        CLUSTERS, {"code": "41042399", "name": "越界产业集聚区", "region": "410423"}, format="json"
    )
    assert response.status_code == 400
    assert "权限范围" in response.json()["region"][0]
    assert not Cluster.objects.filter(code="41042399").exists()


def test_readonly_user_cannot_write(world):
    client = api_client(world.users["readonly"])
    response = client.post(CLUSTERS, {"code": "41172209", "name": "只读新建", "region": "411722"})
    assert response.status_code == 403
    assert response.json()["detail"] == "您没有执行此操作的权限。"
    assert not Cluster.objects.filter(code="41172209").exists()
    url = f"{CLUSTERS}{world.cluster_a.pk}/"
    assert client.get(url).status_code == 200  # may read
    assert client.patch(url, {"name": "改名"}, format="json").status_code == 403
    assert client.delete(url).status_code == 403
    response = client.post(
        ENTERPRISES, {"name": "只读企业", "cluster": "41172201", "org_code": f.make_org_code(7)}
    )
    assert response.status_code == 403


def test_cluster_reporter_edits_only_its_own_cluster(world):
    client = api_client(world.users["cluster_reporter"])  # committee of cluster A
    own = f"{CLUSTERS}{world.cluster_a.pk}/"
    assert client.patch(own, {"notes": "本区填报"}, format="json").status_code == 200
    # cluster A2 lies in 驻马店市, above the reporter's 上蔡县: outside its scope
    assert client.get(f"{CLUSTERS}{world.cluster_a2.pk}/").status_code == 404
    # a cluster inside 上蔡县 run by another committee: visible, not editable
    other_committee = f.OrgUnitFactory(name="另一管委会", region=world.shangcai, kind=UnitKind.COMMITTEE)
    a3 = f.ClusterFactory(code="41172203", region=world.shangcai, committee=other_committee)
    response = client.patch(f"{CLUSTERS}{a3.pk}/", {"notes": "越权"}, format="json")
    assert response.status_code == 403 and "权限" in response.json()["detail"]
    # a reporter adds no clusters
    assert client.post(CLUSTERS, {"code": "X9", "name": "X9", "region": "411722"}).status_code == 403


# --- enterprises ---------------------------------------------------------------------------


def test_enterprise_list_and_detail(world):
    world.ent_a.industry = f.industry("30", "非金属矿物制品业")
    world.ent_a.above_size = True
    world.ent_a.employees = 120
    world.ent_a.registered_capital = Decimal("500")
    world.ent_a.save()
    client = api_client(world.users["office_staff"])
    response = client.get(ENTERPRISES)
    assert codes(response, "name") == ["上蔡示例企业有限公司"]  # not 鲁山's
    data = client.get(f"{ENTERPRISES}{world.ent_a.pk}/").json()
    assert data["credit_code"] == world.ent_a.credit_code and data["org_code"] is None
    assert data["cluster"] == {"id": world.cluster_a.pk, "code": "41172201", "name": "上蔡县产业集聚区"}
    assert data["industry"] == {"code": "30", "name": "非金属矿物制品业"}
    assert data["flags"] == {
        "above_size": True,
        "high_tech": False,
        "leading": False,
        "listing_reserve": False,
    }
    assert data["employees"] == 120 and data["registered_capital"] == "500.00"
    assert client.get(f"{ENTERPRISES}{world.ent_b.pk}/").status_code == 404


def test_enterprise_filters_and_search(world):
    cement = f.industry("30", "非金属矿物制品业")
    food = f.industry("13", "农副食品加工业")
    e2 = f.EnterpriseFactory(cluster=world.cluster_a2, name="驿城食品有限公司", industry=food, high_tech=True)
    world.ent_a.industry = cement
    world.ent_a.save()
    client = api_client(world.users["province_admin"])
    assert len(rows(client.get(ENTERPRISES))) == 3
    names = lambda params: codes(client.get(ENTERPRISES, params), "name")  # noqa: E731
    assert names({"cluster": "41172201"}) == ["上蔡示例企业有限公司"]
    assert names({"region": "411700"}) == sorted(["上蔡示例企业有限公司", "驿城食品有限公司"])
    assert names({"region": "410400"}) == ["鲁山示例企业有限公司"]
    assert names({"industry": "13"}) == ["驿城食品有限公司"]
    assert names({"high_tech": "true"}) == ["驿城食品有限公司"]
    assert names({"search": "食品"}) == ["驿城食品有限公司"]
    assert names({"search": e2.credit_code[-8:]}) == ["驿城食品有限公司"]
    assert names({"q": world.ent_b.credit_code}) == ["鲁山示例企业有限公司"]
    assert client.get(ENTERPRISES, {"industry": "99"}).status_code == 400


def test_office_admin_creates_updates_and_deletes_an_enterprise(world):
    user = world.users["office_admin"]
    f.industry("30", "非金属矿物制品业")
    client = api_client(user)
    credit = f.make_credit_code(4242)
    payload = {
        "credit_code": credit.lower(),
        "name": "上蔡建材有限公司",
        "cluster": "41172201",
        "industry": "30",
        "flags": {"above_size": True, "leading": True},
        "employees": 85,
        "registered_capital": 1200.5,
        "address": "上蔡县产业集聚区纬一路",
    }
    response = client.post(ENTERPRISES, payload, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    ent = Enterprise.objects.get(name="上蔡建材有限公司")
    assert ent.credit_code == credit  # normalised to upper case
    assert ent.above_size and ent.leading and not ent.high_tech
    assert ent.industry.code == "30" and ent.registered_capital == Decimal("1200.50")
    assert data["cluster"]["code"] == "41172201" and data["flags"]["above_size"] is True

    url = f"{ENTERPRISES}{ent.pk}/"
    response = client.patch(url, {"employees": 90, "high_tech": True}, format="json")
    assert response.status_code == 200, response.content
    ent.refresh_from_db()
    assert ent.employees == 90 and ent.high_tech

    # moving it to another cluster in scope, by code
    response = client.patch(url, {"cluster": "41170201"}, format="json")
    assert response.status_code == 200 and response.json()["cluster"]["code"] == "41170201"

    entries = client.get(f"{url}history/").json()
    assert entries[0]["user_id"] == user.pk and entries[0]["action"] == "~"
    moved = next(c for c in entries[0]["changes"] if c["field"] == "cluster")
    assert moved == {
        "field": "cluster",
        "label": "集聚区",
        "old": "上蔡县产业集聚区",
        "new": "驻马店市产业集聚区",
    }
    employees = next(c for c in entries[1]["changes"] if c["field"] == "employees")
    assert (employees["old"], employees["new"]) == ("85", "90")
    assert entries[-1]["action"] == "+" and entries[-1]["user"] == str(user)

    assert client.delete(url).status_code == 204
    assert not Enterprise.objects.filter(pk=ent.pk).exists()


def test_invalid_credit_code_is_400_in_chinese(world):
    client = api_client(world.users["office_admin"])
    bad = f.make_credit_code(77)[:-1] + ("0" if f.make_credit_code(77)[-1] != "0" else "1")
    response = client.post(ENTERPRISES, {"credit_code": bad, "name": "坏码企业", "cluster": "41172201"})
    assert response.status_code == 400
    assert response.json() == {"credit_code": ["统一社会信用代码校验位错误。"]}
    response = client.post(ENTERPRISES, {"credit_code": "123", "name": "短码企业", "cluster": "41172201"})
    assert response.json() == {"credit_code": ["统一社会信用代码应为18位。"]}
    # neither code: the model's rule, from the service's full_clean
    response = client.post(ENTERPRISES, {"name": "无码企业", "cluster": "41172201"})
    assert response.status_code == 400
    assert response.json() == {"credit_code": ["统一社会信用代码和组织机构代码至少填写一个。"]}
    response = client.patch(f"{ENTERPRISES}{world.ent_a.pk}/", {"org_code": "12345678-0"}, format="json")
    assert response.status_code == 400 and "组织机构代码校验码错误" in response.json()["org_code"][0]
    assert not Enterprise.objects.filter(name__in=["坏码企业", "短码企业", "无码企业"]).exists()


def test_duplicate_credit_code_is_400(world):
    client = api_client(world.users["office_admin"])
    response = client.post(
        ENTERPRISES, {"credit_code": world.ent_a.credit_code, "name": "重复企业", "cluster": "41172201"}
    )
    assert response.status_code == 400 and "已存在" in response.json()["credit_code"][0]


def test_cluster_reporter_edits_enterprises_of_its_own_cluster_only(world):
    reporter = world.users["cluster_reporter"]
    client = api_client(reporter)
    own = f"{ENTERPRISES}{world.ent_a.pk}/"
    response = client.patch(own, {"employees": 33}, format="json")
    assert response.status_code == 200, response.content
    world.ent_a.refresh_from_db()
    assert world.ent_a.employees == 33
    response = client.post(
        ENTERPRISES, {"org_code": f.make_org_code(31), "name": "本区新企业", "cluster": "41172201"}
    )
    assert response.status_code == 201, response.content

    # cluster A2 (same city, other committee) lies outside the reporter's 上蔡县 scope:
    # its enterprises are not found and its code is unknown to the reporter
    ent_a2 = f.EnterpriseFactory(cluster=world.cluster_a2, name="驻马店企业")
    assert client.get(f"{ENTERPRISES}{ent_a2.pk}/").status_code == 404
    assert client.patch(f"{ENTERPRISES}{ent_a2.pk}/", {"employees": 1}, format="json").status_code == 404
    response = client.post(
        ENTERPRISES, {"org_code": f.make_org_code(32), "name": "越界企业", "cluster": "41170201"}
    )
    assert response.status_code == 400 and "权限范围" in response.json()["cluster"][0]
    response = client.patch(own, {"cluster": "41170201"}, format="json")
    assert response.status_code == 400
    assert not Enterprise.objects.filter(name="越界企业").exists()

    # a cluster inside 上蔡县 under another committee: visible, but 403 on every write
    other = f.OrgUnitFactory(name="另一管委会", region=world.shangcai, kind=UnitKind.COMMITTEE)
    a3 = f.ClusterFactory(code="41172203", region=world.shangcai, committee=other)
    ent_a3 = f.EnterpriseFactory(cluster=a3, name="邻区企业")
    url = f"{ENTERPRISES}{ent_a3.pk}/"
    assert client.get(url).status_code == 200
    response = client.patch(url, {"employees": 1}, format="json")
    assert response.status_code == 403 and response.json()["detail"] == "您没有执行此操作的权限。"
    assert client.delete(url).status_code == 403
    response = client.post(
        ENTERPRISES, {"org_code": f.make_org_code(33), "name": "邻区新企业", "cluster": "41172203"}
    )
    assert response.status_code == 403
    response = client.patch(own, {"cluster": "41172203"}, format="json")  # moving it away
    assert response.status_code == 403
    world.ent_a.refresh_from_db()
    assert world.ent_a.cluster_id == world.cluster_a.pk
    assert not Enterprise.objects.filter(name="邻区新企业").exists()
    ent_a3.refresh_from_db()
    assert ent_a3.employees is None


# --- authentication and schema -------------------------------------------------------------


def test_token_auth(world):
    out = io.StringIO()
    call_command("create-token", "office_admin", stdout=out)
    key = out.getvalue().strip()
    assert len(key) == 64
    again = io.StringIO()
    call_command("create-token", "office_admin", stdout=again)
    assert again.getvalue().strip() != key  # shown once: a new token each time, never the stored one

    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get(CLUSTERS)
    assert response.status_code == 200 and response.json()["count"] == 2
    response = client.patch(f"{CLUSTERS}{world.cluster_a.pk}/", {"notes": "令牌修改"}, format="json")
    assert response.status_code == 200
    world.cluster_a.refresh_from_db()
    assert world.cluster_a.history.first().history_user == world.users["office_admin"]

    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert client.get(CLUSTERS).status_code == 401


def test_create_token_for_unknown_user_fails(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="不存在"):
        call_command("create-token", "nobody")


def test_anonymous_gets_401(world):
    client = api_client()
    for url in (CLUSTERS, ENTERPRISES, f"{CLUSTERS}{world.cluster_a.pk}/"):
        response = client.get(url)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
    assert client.post(CLUSTERS, {"code": "X1"}).status_code == 401


def test_openapi_schema_and_docs(world):
    client = api_client(world.users["office_admin"])
    response = client.get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    for path in ("/api/clusters/", "/api/clusters/{id}/history/", "/api/enterprises/", "/api/regions/"):
        assert f"{path}:" in text
    assert client.get("/api/docs/").status_code == 200
