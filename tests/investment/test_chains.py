"""Chain gaps on a hand-made chain: a link is present when an enterprise or project of the
cluster has one of its divisions or is placed by hand; the others are gaps; gaps with an
open lead are being worked, the rest are listed as gaps with no lead."""

from decimal import Decimal

import pytest

from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.exceptions import DomainError, PermissionDenied
from clusterzone.investment import selectors, services
from clusterzone.investment.models import Chain, ChainLink
from clusterzone.projects.services import project_create

from .. import factories as f


@pytest.fixture
def chain(world):
    c = services.chain_save(
        actor=SYSTEM,
        chain=Chain(cluster=world.cluster_a),
        data={"name": "金刚石产业链", "category": f.category("超硬材料")},
    )
    links = {}
    for order, (segment, name, codes) in enumerate(
        [("upstream", "原料", ["10"]), ("midstream", "单晶/微粉", ["30"]), ("midstream", "制品", ["33"]),
         ("downstream", "应用", ["24"])], start=1,
    ):  # fmt: skip
        links[name] = services.chain_link_save(
            actor=SYSTEM, link=ChainLink(chain=c),
            data={"segment": segment, "name": name, "order": order, "divisions": [f.industry(code, f"行业{code}") for code in codes]},
        )  # fmt: skip
    return c, links


def test_gaps_on_a_hand_made_chain(world, chain, make_lead):
    c, links = chain
    world.ent_a.industry = f.industry("30")
    world.ent_a.save()
    # an enterprise of 30 in another cluster does not fill cluster A's link
    world.ent_b.industry = f.industry("33", "行业33")
    world.ent_b.save()
    make_lead(chain_link=links["应用"], company="应用端客商")
    lost = make_lead(chain_link=links["制品"], company="流失客商")
    services.lead_lose(actor=SYSTEM, lead=lost, reason="转投他地")
    m = selectors.chain_map(c)
    state = {s.link.name: s for s in m.links}
    assert state["单晶/微粉"].present and [e.name for e, how in state["单晶/微粉"].enterprises] == [
        "上蔡示例企业有限公司"
    ]
    assert [s.link.name for s in m.gaps] == ["原料", "制品", "应用"]
    assert [s.link.name for s in m.gaps_without_lead] == ["原料", "制品"]  # the lost lead does not count
    assert [le.company for le in state["应用"].leads] == ["应用端客商"]
    graph = m.graph()["series"][0]
    colours = {n["name"]: n["itemStyle"]["color"] for n in graph["data"]}
    assert colours == {"原料": "#c62828", "单晶/微粉": "#2e7d32", "制品": "#c62828", "应用": "#ef6c00"}
    assert len(graph["links"]) == 3


def test_hand_placement_and_projects_fill_links(world, chain):
    c, links = chain
    services.placement_add(actor=SYSTEM, link=links["原料"], enterprise=world.ent_a)
    project_create(
        actor=SYSTEM,
        data={"name": "金刚石工具项目", "cluster": world.cluster_a, "total_investment": Decimal("12000"),
              "industry": f.industry("33", "行业33")},
    )  # fmt: skip
    m = selectors.chain_map(c)
    state = {s.link.name: s for s in m.links}
    assert state["原料"].present and state["原料"].enterprises[0][1] == "hand"
    assert state["制品"].present and state["制品"].projects[0][0].name == "金刚石工具项目"
    summary = selectors.chain_list_with_gaps(Chain.objects.filter(pk=c.pk))[0].summary
    assert summary == {"links": 4, "present": 2, "gaps": 2, "gaps_without_lead": 2}


def test_placement_must_be_of_the_cluster(world, chain):
    c, links = chain
    with pytest.raises(DomainError, match="本集聚区"):
        services.placement_add(actor=SYSTEM, link=links["原料"], enterprise=world.ent_b)


def test_reporter_cannot_edit_another_clusters_chain(world, chain):
    c, links = chain
    reporter_b = f.UserFactory(username="rb", unit=world.committee_b, roles=["cluster_reporter"])
    with pytest.raises(PermissionDenied):
        services.chain_link_save(actor=reporter_b, link=links["原料"], data={"key_products": "x"})
    services.chain_link_save(
        actor=world.users["cluster_reporter"], link=links["原料"], data={"key_products": "石墨"}
    )
