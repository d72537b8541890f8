"""The API of the service-unit evaluation: criteria, ratings created by the raters, results
per month; the OpenAPI schema names them; list query counts constant for 10 and 500 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit
from clusterzone.evaluation.models import Criterion, Rating


def test_committee_rates_a_department_and_the_natural_key_holds(client, ev):
    client.force_login(ev.world.users["cluster_reporter"])
    data = {
        "month": "2026-04",
        "unit": ev.A.pk,
        "criterion": ev.attitude.pk,
        "score": "92",
        "comment": "热情",
    }
    r = client.post("/api/unit-ratings/", data, content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["rater_unit_name"], body["score"], body["unit_name"]) == (
        "上蔡县产业集聚区管委会",
        "92.00",
        "驻马店市发改委",
    )
    again = client.post("/api/unit-ratings/", data, content_type="application/json")
    assert again.status_code == 400
    assert "该评议单位本月已对该单位的这一项目打分。" in again.content.decode()
    # on behalf of an enterprise of its cluster: a rating of its own
    ent = {**data, "rater_enterprise": ev.enterprise.credit_code}
    assert client.post("/api/unit-ratings/", ent, content_type="application/json").status_code == 201
    # a 满意度 criterion takes a level, not a score
    bad = {**data, "criterion": ev.efficiency.pk, "score": "90"}
    r = client.post("/api/unit-ratings/", bad, content_type="application/json")
    assert r.status_code == 400 and "满意度" in r.content.decode()
    ok = {**data, "criterion": ev.efficiency.pk, "score": None, "level": "basically"}
    assert client.post("/api/unit-ratings/", ok, content_type="application/json").status_code == 201
    # out of range
    r = client.post(
        "/api/unit-ratings/", {**data, "month": "2026-05", "score": "101"}, content_type="application/json"
    )
    assert r.status_code == 400
    assert Rating.objects.count() == 3


def test_only_departments_are_rated_and_only_by_raters(client, ev):
    client.force_login(ev.world.users["cluster_reporter"])
    data = {"month": "2026-04", "unit": ev.world.zmd_office.pk, "criterion": ev.attitude.pk, "score": "90"}
    r = client.post("/api/unit-ratings/", data, content_type="application/json")
    assert r.status_code == 400  # the office is not a rated unit (not in the choices)
    client.force_login(ev.world.users["department_liaison"])
    r = client.post("/api/unit-ratings/", {**data, "unit": ev.B.pk}, content_type="application/json")
    assert r.status_code == 403
    assert Rating.objects.count() == 0


def test_criteria_api_office_only(client, ev):
    client.force_login(ev.world.users["cluster_reporter"])
    assert {c["code"] for c in client.get("/api/evaluation-criteria/").json()["results"]} == {
        "attitude",
        "efficiency",
    }
    new = {"region": "411700", "code": "law", "name": "依法行政", "scale": "level", "weight": "10"}
    assert client.post("/api/evaluation-criteria/", new, content_type="application/json").status_code == 403
    client.force_login(ev.world.users["office_admin"])
    r = client.post("/api/evaluation-criteria/", new, content_type="application/json")
    assert r.status_code == 201, r.content
    assert Criterion.objects.get(code="law").basic_points == 60


def test_results_month_parameter(client, hand_made):
    client.force_login(hand_made.world.users["office_staff"])
    r = client.get("/api/evaluation-results/?month=2026-13")
    assert r.status_code == 400 and "YYYY-MM" in r.content.decode()
    data = client.get("/api/evaluation-results/").json()  # default: the latest month rated
    assert data["month"] == "2026-04" and data["bottom"] == 2
    assert [c["code"] for c in data["criteria"]] == ["attitude", "efficiency"]
    assert client.get("/api/evaluation-results/?region=410400").status_code == 404  # outside the scope


def test_schema_names_the_contract(client, world):
    client.force_login(world.users["office_admin"])
    schema = client.get("/api/schema/?format=json").json()
    for p in ("/api/evaluation-criteria/", "/api/unit-ratings/", "/api/unit-ratings/{id}/",
              "/api/evaluation-results/"):  # fmt: skip
        assert p in schema["paths"], p
    params = {p["name"] for p in schema["paths"]["/api/evaluation-results/"]["get"]["parameters"]}
    assert "month" in params
    props = schema["components"]["schemas"]["UnitResult"]["properties"]
    assert {"score", "rank", "flagged", "comments"} <= set(props)
    assert not any("rater" in p for p in props)


def _bulk(ev, n, month="2026-04"):
    """n ratings on 服务态度 from n committees of the city (one each), spread over the units."""
    start = OrgUnit.objects.filter(kind=UnitKind.COMMITTEE).count()
    committees = OrgUnit.objects.bulk_create(
        [
            OrgUnit(name=f"测试管委会{start + i}", kind=UnitKind.COMMITTEE, region=ev.world.shangcai)
            for i in range(n)
        ]
    )
    units = [ev.A, ev.B, ev.C, ev.D, ev.E]
    Rating.objects.bulk_create(
        [
            Rating(
                month=month,
                unit=units[i % 5],
                rater_unit=c,
                criterion=ev.attitude,
                score=60 + i % 40,
                comment=f"意见{i}",
            )  # fmt: skip
            for i, c in enumerate(committees)
        ]
    )


@pytest.mark.parametrize(
    "url",
    [
        "/api/unit-ratings/?page_size=1000",
        "/evaluation/ratings/",
        "/api/evaluation-results/?month=2026-04",
        "/evaluation/results/?month=2026-04",
        "/evaluation/results/?month=2026-04&export=xlsx",
        "/api/evaluation-criteria/",
        "/evaluation/criteria/",
    ],
)
def test_list_query_counts_are_constant(client, ev, url):
    client.force_login(ev.world.users["office_staff"])
    counts = []
    for n in (10, 490):
        _bulk(ev, n)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url)
        assert r.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
