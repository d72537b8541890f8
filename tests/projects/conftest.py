"""Fixtures of the projects tests: a project factory on the shared `world`."""

import datetime as dt
from decimal import Decimal

import pytest

from clusterzone.accounts.policy import SYSTEM
from clusterzone.projects import services
from clusterzone.projects.models import Project


@pytest.fixture
def make_project(world):
    counter = {"n": 0}

    def _make(cluster=None, **data) -> Project:
        counter["n"] += 1
        data.setdefault("name", f"测试项目{counter['n']}")
        data.setdefault("total_investment", Decimal(20000))
        data["cluster"] = cluster or world.cluster_a
        return services.project_create(actor=SYSTEM, data=data)

    return _make


@pytest.fixture
def today():
    return dt.date.today()
