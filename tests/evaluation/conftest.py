from decimal import Decimal

import pytest

from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit
from clusterzone.accounts.policy import SYSTEM
from clusterzone.evaluation import services
from clusterzone.evaluation.models import Criterion


class Ev:
    pass


@pytest.fixture
def ev(world):
    """驻马店市's criteria (服务态度: 百分制, weight 50; 办事效率: 满意度 100/60/0, weight 50) and
    five member departments: A = the world's 驻马店市发改委 (the liaison's unit), B–E."""
    e = Ev()
    e.world = world
    e.attitude = Criterion.objects.create(
        region=world.zmd, code="attitude", name="服务态度", scale="score", weight=Decimal(50), position=1
    )
    e.efficiency = Criterion.objects.create(
        region=world.zmd, code="efficiency", name="办事效率", scale="level", weight=Decimal(50), position=2
    )
    e.A = world.dept
    e.A.notes = "简称：市发改委"
    e.A.save()
    e.B, e.C, e.D, e.E = (
        OrgUnit.objects.create(name=n, kind=UnitKind.DEPARTMENT, region=world.zmd)
        for n in ("驻马店市工信局", "驻马店市财政局", "驻马店市人社局", "驻马店市住建局")
    )
    e.committee = world.committee_a
    e.enterprise = world.ent_a

    def rate(unit, month, attitude=None, efficiency=None, *, rater=None, enterprise=None, comment=""):
        values = {}
        if attitude is not None:
            values[e.attitude] = Decimal(str(attitude))
        if efficiency is not None:
            values[e.efficiency] = efficiency
        return services.ratings_enter(
            actor=SYSTEM, month=month, unit=unit, rater_unit=rater or e.committee,
            rater_enterprise=enterprise, values=values, comment=comment,
        )  # fmt: skip

    e.rate = rate
    return e


@pytest.fixture
def hand_made(ev):
    """2026-04, two raters per unit (the committee and an enterprise entered by it):

    unit  服务态度 (mean → ×50/100)   办事效率 (mean of points → ×50/100)   score
    A     90, 100 → 95 → 47.5        满意, 满意 → 100 → 50                 97.5
    B     80, 80  → 80 → 40          满意, 基本满意 → 80 → 40               80
    C     70, 70  → 70 → 35          基本满意 ×2 → 60 → 30                  65
    D     60, 80  → 70 → 35          基本满意 ×2 → 60 → 30                  65
    E     50, 50  → 50 → 25          不满意, 基本满意 → 30 → 15              40
    """
    m = "2026-04"
    table = {
        ev.A: ((90, "satisfied"), (100, "satisfied")),
        ev.B: ((80, "satisfied"), (80, "basically")),
        ev.C: ((70, "basically"), (70, "basically")),
        ev.D: ((60, "basically"), (80, "basically")),
        ev.E: ((50, "unsatisfied"), (50, "basically")),
    }
    for unit, (own, ent) in table.items():
        ev.rate(unit, m, *own, comment=f"{unit.name}窗口服务需改进" if unit == ev.A else "")
        ev.rate(unit, m, *ent, enterprise=ev.enterprise, comment="办事很快" if unit == ev.A else "")
    return ev
