"""Fixtures of the approval tests on the shared `world`: two departments of 驻马店 (发改委,
the world's own, and 自然资源局), matters of each, a project of 上蔡's cluster, an agent."""

import datetime as dt
from decimal import Decimal

import pytest

from clusterzone.accounts.choices import Role, UnitKind
from clusterzone.accounts.policy import SYSTEM
from clusterzone.approvals.models import ApprovalMatter, ParallelGroup
from clusterzone.projects import services as project_services

from .. import factories as f


@pytest.fixture
def appr(world):
    land = f.OrgUnitFactory(name="驻马店市自然资源局", region=world.zmd, kind=UnitKind.DEPARTMENT)
    other_dept = f.OrgUnitFactory(name="平顶山市住建局", region=world.pds, kind=UnitKind.DEPARTMENT)
    filing = ApprovalMatter.objects.create(
        code="M-101",
        name="企业投资项目备案",
        stage=1,
        department=world.dept,
        statutory_days=20,
        promised_days=10,
    )
    siting = ApprovalMatter.objects.create(
        code="M-102", name="用地预审与选址", stage=1, department=land, statutory_days=20, promised_days=15
    )
    permit = ApprovalMatter.objects.create(
        code="M-303", name="施工许可", stage=3, department=land, statutory_days=15, promised_days=5
    )
    project = project_services.project_create(
        actor=SYSTEM,
        data={"name": "审批测试项目", "total_investment": Decimal(50000), "cluster": world.cluster_a},
    )
    project_b = project_services.project_create(
        actor=SYSTEM,
        data={"name": "鲁山审批项目", "total_investment": Decimal(30000), "cluster": world.cluster_b},
    )
    agent = f.UserFactory(username="agent", unit=world.zmd_office, roles=[Role.APPROVAL_AGENT])
    land_liaison = f.UserFactory(username="land_liaison", unit=land, roles=[Role.DEPARTMENT_LIAISON])

    class A:
        pass

    a = A()
    a.__dict__.update(
        land=land, other_dept=other_dept, filing=filing, siting=siting, permit=permit, project=project,
        project_b=project_b, agent=agent, land_liaison=land_liaison, liaison=world.users["department_liaison"],
        admin=world.users["office_admin"],
    )  # fmt: skip
    return a


@pytest.fixture
def group(appr):
    g = ParallelGroup.objects.create(code="G-1", name="立项联审", lead_department=appr.land, stage=1)
    ApprovalMatter.objects.filter(pk__in=[appr.filing.pk, appr.siting.pk]).update(group=g)
    appr.filing.refresh_from_db()
    appr.siting.refresh_from_db()
    return g


D = dt.date
