"""The investment demo (chains of the demo clusters, leads at every stage) loads on top of
the registry demo and is idempotent; synth_leads builds chains and leads in bulk."""

import random

import pytest

from clusterzone.investment import selectors
from clusterzone.investment.demo import load_investment_demo
from clusterzone.investment.models import Chain, Lead
from clusterzone.investment.synth import delete_synthetic_leads, synth_leads


@pytest.fixture
def demo(db):
    from clusterzone.registry.demo import load_demo

    load_demo()
    return load_investment_demo()


def test_demo_chains_and_leads(demo):
    assert demo["chains"] == 3 and demo["leads"] == 8
    zhecheng = Chain.objects.get(name="金刚石（超硬材料）产业链")
    m = selectors.chain_map(zhecheng)
    state = {s.link.name: s for s in m.links}
    assert [s.link.name for s in m.links] == ["原料", "单晶/微粉", "制品", "应用"]
    names = {e.name for e, _how in state["单晶/微粉"].enterprises}
    assert {"柘城县力量新材料制造集团有限公司", "柘城县新源超硬材料有限公司"} <= names
    assert [s.link.name for s in m.gaps] == ["原料", "制品", "应用"]
    assert m.gaps_without_lead == []  # every gap has a lead in the demo
    textile = selectors.chain_map(Chain.objects.get(name="纺织服装产业链"))
    assert not textile.gaps
    lushan = selectors.chain_map(Chain.objects.get(name="新型建材产业链"))
    assert [s.link.name for s in lushan.gaps_without_lead] == ["应用"]
    landed = Lead.objects.get(code="XS411424010003")
    assert landed.stage == "landed" and landed.project.total_investment == 8500
    assert Lead.objects.get(code="XS411424010005").lost_from == "visit"
    assert Lead.objects.get(code="XS410423010001").leader.username == "lushan_leader"


def test_demo_is_idempotent(demo):
    assert load_investment_demo() == {}


def test_synth_leads_bulk(world):
    rng = random.Random(1)
    counts = synth_leads([world.cluster_a, world.cluster_b], rng, leads_per_cluster=20)
    assert counts["leads"] == 40 and counts["chains"] >= 2
    assert (
        Lead.objects.filter(stage="lost").exclude(lost_from="").count()
        == Lead.objects.filter(stage="lost").count()
    )
    assert delete_synthetic_leads([world.cluster_a.pk, world.cluster_b.pk]) == 40
    assert not Chain.objects.exists()
