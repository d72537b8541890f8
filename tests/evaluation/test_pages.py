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
