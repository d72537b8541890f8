from datetime import date

import pytest

from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit
from clusterzone.accounts.policy import SYSTEM
from clusterzone.registry.data.demo import ZMD_DEPARTMENTS
from clusterzone.supervision import services


@pytest.fixture
def raise_problem(world):
    def _raise(actor=None, **kw):
        data = {
            "cluster": world.cluster_a,
            "title": kw.pop("title", "标准化厂房用地指标不足"),
            "category": kw.pop("category", "land"),
            "responsible_unit": kw.pop("responsible_unit", world.dept),
            "raised_on": kw.pop("raised_on", date(2026, 2, 12)),
            **kw,
        }
        if "deadline" not in data and "deadline_days" not in data:
            data["deadline_days"] = 5
        return services.problem_raise(actor=actor or world.users["cluster_reporter"], **data)

    return _raise


@pytest.fixture
def system():
    return SYSTEM


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def zmd_units(world):
    """驻马店's member departments as the demo names them, and its joint-meeting office."""
    units = {
        name: OrgUnit.objects.create(
            name=name, kind=UnitKind.DEPARTMENT, region=world.zmd, notes=f"成员单位（简称：{short}）。"
        )
        for name, short in ZMD_DEPARTMENTS
    }
    units["office"] = OrgUnit.objects.create(
        name="驻马店市产业集聚区发展联席会议办公室", kind=UnitKind.JOINT_OFFICE, region=world.zmd
    )
    return units
