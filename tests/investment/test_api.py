"""/api/leads/ and /api/chains/: scoped lists with fixed query counts, transitions through
the services, follow-ups, history; a reporter cannot touch another cluster's leads."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterzone.accounts.policy import SYSTEM
from clusterzone.investment import services
from clusterzone.investment.models import Lead

from ..api import api_client
from .test_pages import add_chains, add_leads

# session + user, policy unit + region, count, page (+ clock rules, holiday overrides)
QUERY_BUDGET = {"/api/leads/": 8, "/api/chains/": None}


@pytest.mark.parametrize("url", ["/api/leads/", "/api/chains/"])
def test_list_query_count_is_constant(world, url):
    client = api_client(world.users["province_admin"])
    counts = []
    for start, n in ((0, 10), (10, 490)):
        add_leads(world, n, start)
        add_chains(world, 10 if start == 0 else 40, start)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url, {"page_size": 500})
        assert r.status_code == 200, r.content
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts
    if QUERY_BUDGET[url]:
        assert counts[1] == QUERY_BUDGET[url], counts


def test_create_transition_followups_history(world, make_lead):
    from .. import factories as f

    f.industry("30")
    client = api_client(world.users["cluster_reporter"])
    r = client.post(
        "/api/leads/",
        {"company": "接口客商", "cluster": "41172201", "source_region": "yrd", "company_type": "foreign",
         "intended_investment": "15000", "industry": "30", "first_contact": "2025-04-01"},
        format="json",
    )  # fmt: skip
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = client.post(f"/api/leads/{pk}/transition/", {"stage": "signed", "date": "2025-04-03"}, format="json")
    assert r.status_code == 400 and "签约金额" in str(r.json())
    r = client.post(f"/api/leads/{pk}/transition/", {"stage": "landed", "date": "2025-04-03"}, format="json")
    assert r.status_code == 400 and "须先签约" in str(r.json())
    r = client.post(
        f"/api/leads/{pk}/transition/",
        {"stage": "signed", "date": "2025-04-03", "amount": "16000"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["agreement"]["amount"] == "16000.00"
    r = client.post(f"/api/leads/{pk}/followups/", {"date": "2025-04-04", "content": "回访"}, format="json")
    assert r.status_code == 201
    assert client.get(f"/api/leads/{pk}/followups/").json()[0]["content"] == "回访"
    r = client.post(f"/api/leads/{pk}/transition/", {"stage": "landed", "date": "2025-04-05"}, format="json")
    assert r.status_code == 200 and r.json()["stage"] == "landed" and r.json()["project_code"]
    history = client.get(f"/api/leads/{pk}/history/").json()
    assert history[0]["changes"] and history[-1]["action"] == "+"
    row = client.get("/api/leads/").json()["results"][0]
    assert row["clock"] is None and row["project_id"] == Lead.objects.get(pk=pk).project_id


def test_reporter_cannot_touch_another_clusters_leads(world, make_lead):
    theirs = make_lead(cluster=world.cluster_b, unit=world.committee_b)
    client = api_client(world.users["cluster_reporter"])
    assert client.get(f"/api/leads/{theirs.pk}/").status_code == 404
    assert (
        client.post(f"/api/leads/{theirs.pk}/transition/", {"stage": "visit"}, format="json").status_code
        == 404
    )
    r = client.post(
        "/api/leads/",
        {"company": "x", "cluster": "41042301", "source_region": "yrd", "company_type": "foreign",
         "intended_investment": "1"},
        format="json",
    )  # fmt: skip
    assert r.status_code == 400 and "权限范围" in str(r.json())
    assert [x["company"] for x in client.get("/api/leads/").json()["results"]] == []


def test_chain_api_gaps(world):
    from clusterzone.investment.models import Chain, ChainLink

    from .. import factories as f

    chain = Chain.objects.create(cluster=world.cluster_a, category=f.category("超硬材料"), name="链")
    a = ChainLink.objects.create(chain=chain, segment="upstream", name="原料")
    b = ChainLink.objects.create(chain=chain, segment="midstream", name="微粉")
    b.divisions.add(f.industry("30"))
    world.ent_a.industry = f.industry("30")
    world.ent_a.save()
    lead = Lead.objects.create(
        code="L1", company="c", source_region="yrd", company_type="private", intended_investment=1,
        cluster=world.cluster_a, chain_link=a,
    )  # fmt: skip
    client = api_client(world.users["readonly"])
    row = client.get("/api/chains/").json()["results"][0]
    assert row["summary"] == {"links": 2, "present": 1, "gaps": 1, "gaps_without_lead": 0}
    m = client.get(f"/api/chains/{chain.pk}/map/").json()
    assert m["links"][0]["gap"] and m["links"][0]["leads"][0]["id"] == lead.pk
    assert m["links"][1]["enterprises"][0]["how"] == "division"
    services.lead_lose(actor=SYSTEM, lead=lead, reason="x", when=date.today())
    assert client.get(f"/api/chains/{chain.pk}/").json()["summary"]["gaps_without_lead"] == 1
