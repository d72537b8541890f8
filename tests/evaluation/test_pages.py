"""Generated tests of the evaluation's standard pages (core.modelpages), and the results page."""

from decimal import Decimal

from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit
from clusterzone.evaluation.models import Criterion, Rating

from ..modelpages import ModelPagesTests


class TestCriterionPages(ModelPagesTests):
    pages = "evaluation:criterion"
    edit_changes = {"name": "改名后的评议项目"}

    def make(self, world, scope, n):
        region = world.zmd if scope == "own" else world.pds
        return Criterion.objects.create(
            region=region, code=f"c{n}", name=f"评议项目{n}", weight=Decimal(10), position=n
        )

    def add_data(self, world):
        return {"region": str(world.zmd.pk), "code": "law", "name": "依法行政", "source": "rating", "scale": "level",
                "weight": "25", "satisfied_points": "100", "basic_points": "60", "unsatisfied_points": "0",
                "position": "3", "active": "on"}  # fmt: skip


def _criterion(region):
    return Criterion.objects.get_or_create(
        region=region, code="attitude", defaults={"name": "服务态度", "weight": 50}
    )[0]


class TestRatingPages(ModelPagesTests):
    pages = "evaluation:rating"
    edit_changes = {"comment": "改后的意见"}
    denied_status = 404  # readonly users see no rating at all

    def make(self, world, scope, n):
        if scope == "own":
            region, unit, committee_region = world.zmd, world.dept, world.shangcai
        else:
            region, committee_region = world.pds, world.lushan
            unit = OrgUnit.objects.get_or_create(
                name="平顶山市发改委", kind=UnitKind.DEPARTMENT, region=world.pds
            )[0]
        rater = OrgUnit.objects.create(
            name=f"评议管委会{scope}{n}", kind=UnitKind.COMMITTEE, region=committee_region
        )
        return Rating.objects.create(month="2026-04", unit=unit, rater_unit=rater, criterion=_criterion(region),
                                     score=Decimal(80 + n % 20), comment=f"意见{n}")  # fmt: skip

    def add_data(self, world):
        return {"month": "2026-06", "unit": str(world.dept.pk), "rater_unit": str(world.committee_a.pk),
                "criterion": str(_criterion(world.zmd).pk), "score": "88", "comment": "新意见"}  # fmt: skip


def test_results_page_for_the_office(client, hand_made):
    client.force_login(hand_made.world.users["office_admin"])
    html = client.get("/evaluation/results/?month=2026-04").content.decode()
    assert html.count('data-testid="flagged"') == 3
    assert "共5个单位参加排名；后2名（并列的一并计入）予以通报和问责。" in html
    assert "2026年4月" in html
    # a bad month falls back to the latest month with a message
    html = client.get("/evaluation/results/?month=2026-4x").content.decode()
    assert "月份应写作 YYYY-MM" in html and "97.5" in html


def test_rating_sheet_enters_every_criterion_of_the_unit(client, ev):
    client.force_login(ev.world.users["cluster_reporter"])
    page = client.get(f"/evaluation/ratings/sheet/?unit={ev.A.pk}&month=2026-04")
    assert page.status_code == 200
    html = page.content.decode()
    assert "服务态度" in html and "办事效率" in html
    data = {"month": "2026-04", "unit": ev.A.pk, "rater_unit": ev.committee.pk,
            f"c_{ev.attitude.pk}": "91", f"c_{ev.efficiency.pk}": "basically", "comment": "较好"}  # fmt: skip
    r = client.post("/evaluation/ratings/sheet/", data)
    assert r.status_code == 302, r.content.decode()[-2000:]
    got = {(x.criterion.code, x.score, x.level, x.comment) for x in Rating.objects.filter(unit=ev.A)}
    assert got == {("attitude", Decimal(91), "", "较好"), ("efficiency", None, "basically", "较好")}
    # the same sheet again corrects, never doubles
    data[f"c_{ev.attitude.pk}"] = "95"
    assert client.post("/evaluation/ratings/sheet/", data).status_code == 302
    assert Rating.objects.get(unit=ev.A, criterion=ev.attitude).score == Decimal(95)
    assert Rating.objects.filter(unit=ev.A).count() == 2
    # a score out of range is shown beside its field, nothing written
    data[f"c_{ev.attitude.pk}"] = "150"
    r = client.post("/evaluation/ratings/sheet/", data)
    assert r.status_code == 400 and "100" in r.content.decode()
    # a department's liaison may not enter ratings
    client.force_login(ev.world.users["department_liaison"])
    assert client.get("/evaluation/ratings/sheet/").status_code == 403
