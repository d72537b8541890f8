"""The per-亩 evaluation through the API: a draft for a cluster, 公示, an objection changing a
class, refusal to finalize while it is pending, the final class with the region's terms, the
scope, and a constant number of queries for the run's results."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clusterzone.land.models import DifferentiatedPolicy
from tests.api import api_client
from tests.land.test_evaluation import twenty  # noqa: F401  (fixture)


def test_evaluation_api_publicize_object_decide_finalize(world, twenty):  # noqa: F811
    DifferentiatedPolicy.objects.create(region=world.zmd, klass="B", land="优先安排用地指标")
    client = api_client(world.users["office_admin"])
    created = client.post(
        "/api/land/evaluations/", {"cluster": world.cluster_a.code, "year": 2025}, format="json"
    )
    assert created.status_code == 201, created.content
    run = created.json()
    by_name = {r["name"]: r for r in run["results"]}
    assert len(by_name) == 20 and run["status"] == "draft" and run["publicity"] is None
    e12 = by_name["E12"]
    assert e12["class"] == "C" and set(e12["points"]) >= {"mu_tax", "rnd_share"}
    assert {r["class"] for r in run["results"] if r["rank"] is None} == {"T"}
    base = f"/api/land/evaluations/{run['id']}/"
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(base).status_code == 200
    assert len(ctx.captured_queries) <= 8  # whatever the number of enterprises

    assert client.post(base + "objections/", {"credit_code": e12["credit_code"], "reason": "x",
                       "received_on": timezone.localdate().isoformat()}, format="json").status_code == 400  # fmt: skip
    starts = timezone.localdate() - timedelta(days=20)
    published = client.post(base + "publicize/", {"starts_on": starts.isoformat()}, format="json")
    assert published.status_code == 200 and published.json()["publicity"]["workdays"] == 5
    objection = client.post(
        base + "objections/",
        {
            "credit_code": e12["credit_code"],
            "reason": "税收漏报",
            "received_on": (starts + timedelta(days=1)).isoformat(),
        },
        format="json",
    )
    assert objection.status_code == 201, objection.content
    refused = client.post(base + "finalize/")
    assert refused.status_code == 400 and "未处理的异议" in refused.content.decode()
    decided = client.post(
        base + f"objections/{objection.json()['id']}/decide/",
        {"upheld": True, "new_class": "B", "decision": "核实属实"},
        format="json",
    )
    assert decided.status_code == 200 and decided.json()["new_class"] == "B"
    final = client.post(base + "finalize/")
    assert final.status_code == 200 and final.json()["status"] == "published"
    mine = client.get(f"/api/land/enterprises/{e12['credit_code']}/evaluation/").json()
    assert mine["class"] == "B" and mine["terms"] == {"用地": "优先安排用地指标"}

    assert api_client(world.users["other_admin"]).get(base).status_code == 404
    readonly = api_client(world.users["readonly"])
    assert readonly.get(base).status_code == 200
    denied = readonly.post(
        "/api/land/evaluations/", {"cluster": world.cluster_a.code, "year": 2025}, format="json"
    )
    assert denied.status_code in (403, 404)
