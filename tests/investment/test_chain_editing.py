"""Editing chains by page and API: a chain for a cluster's leading industry (柘城's
金刚石/超硬材料 chain 原料 → 单晶/微粉 → 制品 → 应用), its links, hand placements of the
cluster's enterprises and projects; the same rights on pages and API (a cluster's reporter
edits its own cluster's chains only, readonly edits none); the clock-rule pages."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterzone.accounts.policy import SYSTEM
from clusterzone.investment import selectors, services
from clusterzone.investment.models import Chain, ChainLink, ChainPlacement, ClockRule
from clusterzone.projects.services import project_create

from .. import factories as f
from ..api import api_client


@pytest.fixture
def chain(world):
    c = services.chain_save(
        actor=SYSTEM, chain=Chain(cluster=world.cluster_a),
        data={"name": "金刚石产业链", "category": f.category("超硬材料")},
    )  # fmt: skip
    for order, (segment, name) in enumerate(
        [("upstream", "原料"), ("midstream", "单晶/微粉"), ("midstream", "制品"), ("downstream", "应用")], 1
    ):
        services.chain_link_save(
            actor=SYSTEM, link=ChainLink(chain=c), data={"segment": segment, "name": name, "order": order}
        )
    return c


def link(chain, name):
    return chain.links.get(name=name)


# --------------------------------------------------------------------------- pages


def test_reporter_creates_a_chain_for_own_cluster_only(world, login):
    client = login(world.users["cluster_reporter"])
    cat = f.category("超硬材料")
    page = client.get(reverse("investment:chain_add")).content.decode()
    assert "上蔡县产业集聚区" in page and "鲁山县产业集聚区" not in page
    r = client.post(
        reverse("investment:chain_add"),
        {"cluster": world.cluster_a.pk, "category": cat.pk, "name": "金刚石产业链", "description": ""},
    )
    chain = Chain.objects.get(name="金刚石产业链")
    assert r.status_code == 302 and r.url == reverse("investment:chain_detail", args=[chain.pk])
    r = client.post(
        reverse("investment:chain_add"),
        {"cluster": world.cluster_b.pk, "category": cat.pk, "name": "别人的链"},
    )
    assert r.status_code == 400 and not Chain.objects.filter(name="别人的链").exists()
    # the same name twice in a cluster is refused beside the form, in Chinese
    r = client.post(
        reverse("investment:chain_add"),
        {"cluster": world.cluster_a.pk, "category": cat.pk, "name": "金刚石产业链"},
    )
    assert r.status_code == 400 and "同名产业链" in r.content.decode()


def test_links_added_edited_deleted_through_pages(world, login, chain):
    client = login(world.users["cluster_reporter"])
    detail = client.get(reverse("investment:chain_detail", args=[chain.pk])).content.decode()
    assert 'data-testid="link-add"' in detail and 'data-testid="placement-add"' in detail
    d30, d33 = f.industry("30", "非金属矿物制品业"), f.industry("33", "金属制品业")
    r = client.post(
        reverse("investment:chain_link_add", args=[chain.pk]),
        {"segment": "downstream", "name": "精密加工", "order": 5, "divisions": [d30.pk, d33.pk],
         "key_products": "金刚石刀具、砂轮"},
    )  # fmt: skip
    assert r.status_code == 302
    new = link(chain, "精密加工")
    assert sorted(new.divisions.values_list("code", flat=True)) == ["30", "33"]
    assert new.history.first().history_user == world.users["cluster_reporter"]
    r = client.post(
        reverse("investment:chain_link_edit", args=[chain.pk, new.pk]),
        {
            "segment": "downstream",
            "name": "精密加工",
            "order": 6,
            "divisions": [d33.pk],
            "key_products": "刀具",
        },
    )
    new.refresh_from_db()
    assert (
        r.status_code == 302
        and new.order == 6
        and list(new.divisions.values_list("code", flat=True)) == ["33"]
    )
    # a wrong segment stays on the form with the message beside it
    r = client.post(
        reverse("investment:chain_link_add", args=[chain.pk]), {"segment": "x", "name": "坏", "order": 1}
    )
    assert r.status_code == 400
    r = client.post(reverse("investment:chain_link_delete", args=[chain.pk, new.pk]))
    assert r.status_code == 302 and not ChainLink.objects.filter(pk=new.pk).exists()


def test_hand_placement_add_and_remove_fills_and_reopens_the_gap(world, login, chain):
    client = login(world.users["office_admin"])
    raw = link(chain, "原料")
    assert raw in [s.link for s in selectors.chain_map(chain).gaps]
    r = client.post(
        reverse("investment:chain_placement_add", args=[chain.pk]),
        {"link": raw.pk, "enterprise": world.ent_a.pk, "note": "石墨原料供应"},
    )
    assert r.status_code == 302
    assert raw not in [s.link for s in selectors.chain_map(chain).gaps]
    placement = ChainPlacement.objects.get(link=raw)
    page = client.get(reverse("investment:chain_detail", args=[chain.pk])).content.decode()
    assert f'data-testid="placement-{placement.pk}"' in page and "石墨原料供应" in page
    # a project of the cluster on 制品
    project = project_create(
        actor=SYSTEM,
        data={"name": "金刚石工具项目", "cluster": world.cluster_a, "total_investment": Decimal("12000")},
    )
    r = client.post(
        reverse("investment:chain_placement_add", args=[chain.pk]),
        {"link": link(chain, "制品").pk, "project": project.pk},
    )
    assert r.status_code == 302
    # neither or both, and another cluster's enterprise, are refused
    r = client.post(reverse("investment:chain_placement_add", args=[chain.pk]), {"link": raw.pk})
    assert r.status_code == 400 and "二选一" in r.content.decode()
    r = client.post(
        reverse("investment:chain_placement_add", args=[chain.pk]),
        {"link": raw.pk, "enterprise": world.ent_a.pk, "project": project.pk},
    )
    assert r.status_code == 400
    r = client.post(
        reverse("investment:chain_placement_add", args=[chain.pk]),
        {"link": raw.pk, "enterprise": world.ent_b.pk},
    )
    assert r.status_code == 400 and ChainPlacement.objects.count() == 2
    r = client.post(reverse("investment:chain_placement_delete", args=[chain.pk, placement.pk]))
    assert r.status_code == 302 and not ChainPlacement.objects.filter(pk=placement.pk).exists()
    assert raw in [s.link for s in selectors.chain_map(chain).gaps]


def test_edit_pages_refuse_other_scopes_and_readonly(world, login, chain):
    other = Chain.objects.create(
        cluster=world.cluster_b, category=f.category("新型建材"), name="鲁山新型建材链"
    )
    other_link = ChainLink.objects.create(chain=other, segment="upstream", name="石料")
    reporter = login(world.users["cluster_reporter"])
    for url in (
        reverse("investment:chain_edit", args=[other.pk]),
        reverse("investment:chain_link_add", args=[other.pk]),
        reverse("investment:chain_link_edit", args=[other.pk, other_link.pk]),
        reverse("investment:chain_placement_add", args=[other.pk]),
    ):
        assert reporter.get(url).status_code == 404, url
    assert (
        reporter.post(reverse("investment:chain_link_delete", args=[other.pk, other_link.pk])).status_code
        == 404
    )
    # a link of one chain is not reachable through another chain's URL
    assert (
        reporter.get(reverse("investment:chain_link_edit", args=[chain.pk, other_link.pk])).status_code == 404
    )
    ro = login(world.users["readonly"])
    page = ro.get(reverse("investment:chain_detail", args=[chain.pk])).content.decode()
    assert 'data-testid="link-add"' not in page and 'data-testid="chain-edit"' not in page
    assert ro.get(reverse("investment:chain_link_add", args=[chain.pk])).status_code == 403
    assert ro.post(reverse("investment:chain_delete", args=[chain.pk])).status_code == 403
    assert ro.get(reverse("investment:chain_add")).status_code == 403


def test_chain_edit_and_delete_pages(world, login, chain):
    client = login(world.users["office_admin"])
    r = client.post(
        reverse("investment:chain_edit", args=[chain.pk]),
        {"cluster": world.cluster_a.pk, "category": chain.category_id, "name": "金刚石/超硬材料产业链"},
    )
    chain.refresh_from_db()
    assert r.status_code == 302 and chain.name == "金刚石/超硬材料产业链"
    assert client.get(reverse("investment:chain_delete", args=[chain.pk])).status_code == 200
    r = client.post(reverse("investment:chain_delete", args=[chain.pk]))
    assert r.status_code == 302 and not Chain.objects.filter(pk=chain.pk).exists()


# --------------------------------------------------------------------------- API


def test_api_links_crud(world, chain):
    api = api_client(world.users["cluster_reporter"])
    base = f"/api/chains/{chain.pk}/links/"
    assert [x["name"] for x in api.get(base).json()] == ["原料", "单晶/微粉", "制品", "应用"]
    f.industry("30", "非金属矿物制品业")
    r = api.post(
        base, {"segment": "downstream", "name": "精密加工", "order": 5, "divisions": ["30"]}, format="json"
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["divisions"] == ["30"]
    r = api.patch(f"{base}{pk}/", {"key_products": "刀具", "reason": "补充关键产品"}, format="json")
    assert r.status_code == 200 and r.json()["key_products"] == "刀具"
    assert ChainLink.history.filter(id=pk).first().history_change_reason == "补充关键产品"
    r = api.post(base, {"segment": "downstream", "name": "精密加工", "order": 1}, format="json")
    assert r.status_code == 400 and "同名环节" in str(r.json())
    assert api.delete(f"{base}{pk}/").status_code == 204
    # another cluster's chain: 404; readonly: refused
    other = Chain.objects.create(cluster=world.cluster_b, category=f.category("新型建材"), name="鲁山链")
    assert api.get(f"/api/chains/{other.pk}/links/").status_code == 404
    ro = api_client(world.users["readonly"])
    r = ro.post(base, {"segment": "upstream", "name": "新环节", "order": 9}, format="json")
    assert r.status_code == 403


def test_api_placements(world, chain):
    api = api_client(world.users["office_admin"])
    base = f"/api/chains/{chain.pk}/placements/"
    raw = link(chain, "原料")
    r = api.post(base, {"link": raw.pk, "enterprise": world.ent_a.pk, "note": "原料"}, format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["enterprise_name"] == "上蔡示例企业有限公司"
    assert [x["id"] for x in api.get(base).json()] == [pk]
    r = api.post(base, {"link": raw.pk}, format="json")
    assert r.status_code == 400 and "二选一" in str(r.json())
    r = api.post(base, {"link": raw.pk, "enterprise": world.ent_b.pk}, format="json")
    assert r.status_code == 400  # outside the admin's scope: unknown
    other = Chain.objects.create(cluster=world.cluster_a2, category=f.category("新型建材"), name="市区链")
    other_link = ChainLink.objects.create(chain=other, segment="upstream", name="石料")
    r = api.post(base, {"link": other_link.pk, "enterprise": world.ent_a.pk}, format="json")
    assert r.status_code == 400
    gaps = api.get(f"/api/chains/{chain.pk}/map/").json()
    assert raw.pk not in gaps["gaps_without_lead"]
    assert api.delete(f"{base}{pk}/").status_code == 204
    assert not ChainPlacement.objects.exists()


def test_api_placement_list_fixed_queries(world, chain):
    api = api_client(world.users["province_admin"])
    counts = []
    for start, n in ((0, 3), (3, 40)):
        for i in range(start, start + n):
            ent = f.EnterpriseFactory(cluster=world.cluster_a, name=f"落位企业{i}")
            ChainPlacement.objects.create(link=link(chain, "制品"), enterprise=ent)
        for url in (f"/api/chains/{chain.pk}/placements/", f"/api/chains/{chain.pk}/links/"):
            with CaptureQueriesContext(connection) as ctx:
                assert api.get(url).status_code == 200
            counts.append(len(ctx))
    assert counts[:2] == counts[2:], counts


def test_chain_detail_with_placements_fixed_queries(world, login, chain):
    client = login(world.users["province_admin"])
    counts = []
    for start, n in ((0, 3), (3, 40)):
        for i in range(start, start + n):
            ent = f.EnterpriseFactory(cluster=world.cluster_a, name=f"落位企业{i}")
            ChainPlacement.objects.create(link=link(chain, "原料"), enterprise=ent)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("investment:chain_detail", args=[chain.pk])).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts


# --------------------------------------------------------------------------- clock rules


def test_clock_rules_pages(world, login):
    admin = login(world.users["office_admin"])  # 驻马店市
    page = admin.get(reverse("investment:clock_list")).content.decode()
    assert "接洽后响应：1 个工作日" in page and "定期报告进展：14 个工作日" in page
    r = admin.post(
        reverse("investment:clock_add"), {"region": world.shangcai.pk, "stage": "contact", "workdays": 2}
    )
    assert r.status_code == 302
    rule = ClockRule.objects.get(region=world.shangcai, stage="contact")
    assert rule.workdays == 2
    r = admin.post(
        reverse("investment:clock_add"), {"region": world.shangcai.pk, "stage": "contact", "workdays": 3}
    )
    assert r.status_code == 400 and "已设置此时限" in r.content.decode()
    r = admin.post(
        reverse("investment:clock_add"), {"region": world.shangcai.pk, "stage": "visit", "workdays": 0}
    )
    assert r.status_code == 400
    # a region outside the admin's scope is not offered
    r = admin.post(
        reverse("investment:clock_add"), {"region": world.lushan.pk, "stage": "visit", "workdays": 5}
    )
    assert r.status_code == 400 and not ClockRule.objects.filter(region=world.lushan).exists()
    r = admin.post(
        reverse("investment:clock_edit", args=[rule.pk]),
        {"region": world.shangcai.pk, "stage": "contact", "workdays": 3},
    )
    rule.refresh_from_db()
    assert r.status_code == 302 and rule.workdays == 3
    # a county rule changes the clock of the county's leads (rules → clocks)
    from clusterzone.investment.clocks import Rules

    world.shangcai.refresh_from_db()
    assert Rules().for_path(world.shangcai.path)["contact"] == 3
    other = ClockRule.objects.create(region=world.lushan, stage="visit", workdays=4)
    assert admin.get(reverse("investment:clock_edit", args=[other.pk])).status_code == 404
    for role in ("cluster_reporter", "readonly", "project_leader"):
        client = login(world.users[role])
        assert client.get(reverse("investment:clock_list")).status_code == 200
        assert client.get(reverse("investment:clock_add")).status_code == 403
        assert client.post(reverse("investment:clock_delete", args=[rule.pk])).status_code == 403
    admin = login(world.users["office_admin"])
    assert admin.post(reverse("investment:clock_delete", args=[rule.pk])).status_code == 302
    assert not ClockRule.objects.filter(pk=rule.pk).exists()


def test_clock_list_fixed_queries(world, login):
    client = login(world.users["province_admin"])
    counts = []
    regions = [world.henan, world.zmd, world.shangcai, world.pds, world.lushan]
    kinds = ["contact", "visit", "negotiate", "intent", "progress"]
    for batch in (regions[:1], regions[1:]):
        for r in batch:
            for k in kinds:
                ClockRule.objects.create(region=r, stage=k, workdays=5)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("investment:clock_list")).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts
