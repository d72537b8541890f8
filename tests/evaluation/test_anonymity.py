"""A department's liaison sees its own unit's score, rank and comments but never who rated:
not on the results page, not in the API, not in the export, not in any history view."""

import io

import pytest
from openpyxl import load_workbook

from clusterzone.evaluation.models import Rating

RATERS = ("上蔡县产业集聚区管委会", "上蔡示例企业有限公司")


def _no_rater(text):
    for name in RATERS:
        assert name not in text, name


@pytest.fixture
def liaison(client, hand_made):
    client.force_login(hand_made.world.users["department_liaison"])
    return client


def test_results_page_shows_own_unit_without_raters(liaison, hand_made):
    r = liaison.get("/evaluation/results/?month=2026-04")
    assert r.status_code == 200
    html = r.content.decode()
    assert "驻马店市发改委" in html and "97.5" in html
    assert "驻马店市发改委窗口服务需改进" in html and "办事很快" in html  # the comments
    for other in ("驻马店市工信局", "驻马店市住建局"):  # other units' rows are not shown
        assert other not in html
    _no_rater(html)


def test_api_results_without_raters(liaison, hand_made):
    r = liaison.get("/api/evaluation-results/?month=2026-04")
    assert r.status_code == 200
    data = r.json()
    assert [(x["name"], x["score"], x["rank"], x["flagged"]) for x in data["results"]] == [
        ("驻马店市发改委", "97.50", 1, False)
    ]
    assert sorted(data["results"][0]["comments"]) == sorted(["驻马店市发改委窗口服务需改进", "办事很快"])
    assert data["total"] == 5
    _no_rater(r.content.decode())


def test_export_without_raters(liaison, hand_made):
    r = liaison.get("/evaluation/results/?month=2026-04&export=xlsx")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "驻马店市发改委" in cells
    assert "评议单位" not in cells
    _no_rater(" ".join(cells))


def test_ratings_and_their_history_are_closed_to_the_rated_department(liaison, hand_made):
    rating = Rating.objects.filter(unit=hand_made.A).first()
    assert liaison.get("/evaluation/ratings/").status_code == 403
    assert liaison.get("/evaluation/ratings/?export=xlsx").status_code == 403
    assert liaison.get("/import/unit-ratings/").status_code == 403
    assert liaison.get(f"/evaluation/ratings/{rating.pk}/").status_code == 404
    assert liaison.get(f"/evaluation/ratings/{rating.pk}/edit/").status_code == 404
    assert liaison.get("/api/unit-ratings/").status_code == 403
    assert liaison.get(f"/api/unit-ratings/{rating.pk}/").status_code == 404
    assert liaison.get(f"/api/unit-ratings/{rating.pk}/history/").status_code == 404
    # the menu offers the results, not the ratings
    html = liaison.get("/").content.decode()
    assert "/evaluation/results/" in html and "/evaluation/ratings/" not in html


def test_the_office_sees_every_unit_and_the_raters_of_the_ratings(client, hand_made):
    client.force_login(hand_made.world.users["office_admin"])
    data = client.get("/api/evaluation-results/?month=2026-04").json()
    assert [x["rank"] for x in data["results"]] == [1, 2, 3, 3, 5]
    assert [x["flagged"] for x in data["results"]] == [False, False, True, True, True]
    ratings = client.get("/api/unit-ratings/?month=2026-04&page_size=100").json()
    assert ratings["count"] == 20
    assert {r["rater_unit_name"] for r in ratings["results"]} == {"上蔡县产业集聚区管委会"}


def test_a_committee_sees_only_the_ratings_it_gave(client, hand_made):
    from clusterzone.accounts.choices import UnitKind
    from clusterzone.accounts.models import OrgUnit
    from clusterzone.accounts.policy import SYSTEM
    from clusterzone.evaluation import services

    other = OrgUnit.objects.create(
        name="驻马店市产业集聚区管委会", kind=UnitKind.COMMITTEE, region=hand_made.world.zmd
    )
    services.ratings_enter(actor=SYSTEM, month="2026-04", unit=hand_made.A, rater_unit=other,
                           values={hand_made.attitude: 60})  # fmt: skip
    client.force_login(hand_made.world.users["cluster_reporter"])
    data = client.get("/api/unit-ratings/?page_size=100").json()
    assert data["count"] == 20
    assert "驻马店市产业集聚区管委会" not in str(data)
    # and reads no results
    assert client.get("/api/evaluation-results/?month=2026-04").status_code == 403
