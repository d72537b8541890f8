"""The standard pages of every model declared with core.modelpages, tested by declaration
(tests/modelpages.py generates the tests; each class says how to make its objects)."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest

from clusterzone.accounts.models import OrgUnit, Region
from clusterzone.accounts.policy import SYSTEM
from clusterzone.core import modelpages
from clusterzone.reporting.models import (
    DataSet,
    Indicator,
    PlanMilestone,
    RegionTarget,
    Target,
    ValidationRule,
)

from . import factories as f
from .modelpages import ModelPagesTests


def _cluster(world, scope):
    return world.cluster_a if scope == "own" else world.cluster_b


def _fai():
    return Indicator.objects.get_or_create(
        code="fai", defaults={"name": "固定资产投资", "unit": "万元", "kind": "flow"}
    )[0]


class TestRegionPages(ModelPagesTests):
    pages = "accounts:region"
    edit_changes = {"name": "改名县"}

    def make(self, world, scope, n):
        parent = world.zmd if scope == "own" else world.pds
        return Region.objects.create(
            code=f"{parent.code[:4]}{50 + n % 49:02d}", name=f"测试县{n}", level="county", parent=parent
        )

    def add_data(self, world):
        return {"code": "411799", "name": "新设县", "level": "county", "parent": str(world.zmd.pk)}


class TestUnitPages(ModelPagesTests):
    pages = "accounts:unit"
    edit_changes = {"name": "改名后的单位"}

    def make(self, world, scope, n):
        return OrgUnit.objects.create(
            name=f"测试单位{n}", kind="department", region=world.zmd if scope == "own" else world.pds
        )

    def add_data(self, world):
        return {"name": "新建单位", "kind": "department", "region": str(world.zmd.pk)}


class TestUserPages(ModelPagesTests):
    pages = "accounts:user"
    denied_status = 404  # users are seen by administrators only
    edit_changes = {"full_name": "改名后的用户"}

    def make(self, world, scope, n):
        unit = world.zmd_office if scope == "own" else world.pds_office
        return f.UserFactory(username=f"pages_user{n}", full_name=f"页面用户{n}", unit=unit)

    def add_data(self, world):
        data = self.data_from(world, self.make(world, "own", 900), username="new_user", full_name="新用户")
        data["password"] = "Another-pass-2025"
        return data


class TestClusterPages(ModelPagesTests):
    pages = "registry:cluster"
    edit_changes = {"name": "改名后的集聚区"}

    def make(self, world, scope, n):
        region = world.shangcai if scope == "own" else world.lushan
        return f.ClusterFactory(code=f"P{n:05d}", name=f"页面测试集聚区{n}", region=region)

    def add_data(self, world):
        return {
            "code": "NEW001",
            "name": "新建测试集聚区",
            "region": str(world.shangcai.pk),
            "status": "provincial",
            "star": "0",
        }


class TestEnterprisePages(ModelPagesTests):
    pages = "registry:enterprise"
    edit_changes = {"name": "改名后的企业有限公司"}

    def make(self, world, scope, n):
        return f.EnterpriseFactory(cluster=_cluster(world, scope), name=f"页面测试企业{n}有限公司")

    def add_data(self, world):
        return {
            "credit_code": f.make_credit_code(777777),
            "name": "新建测试企业",
            "cluster": str(world.cluster_a.pk),
        }


class TestTargetPages(ModelPagesTests):
    pages = "reporting:target"
    edit_changes = {"value": "650000.0000"}

    def make(self, world, scope, n):
        return Target.objects.create(
            cluster=_cluster(world, scope), indicator=_fai(), year=2000 + n, value=Decimal(600000)
        )

    def add_data(self, world):
        return {
            "cluster": str(world.cluster_a.pk),
            "indicator": str(_fai().pk),
            "year": "2030",
            "value": "600000",
        }


class TestRegionTargetPages(ModelPagesTests):
    pages = "reporting:regiontarget"
    edit_changes = {"value": "9500000.0000"}

    def make(self, world, scope, n):
        region = world.zmd if scope == "own" else world.pds
        return RegionTarget.objects.create(
            region=region, indicator=_fai(), year=2000 + n, value=Decimal(9000000)
        )

    def add_data(self, world):
        return {"region": str(world.zmd.pk), "indicator": str(_fai().pk), "year": "2030", "value": "9000000"}


class TestMilestonePages(ModelPagesTests):
    pages = "reporting:milestone"
    edit_changes = {"plan": "改后的发展规划"}

    def make(self, world, scope, n):
        return PlanMilestone.objects.create(
            cluster=_cluster(world, scope),
            plan="发展规划（2021—2030年）",
            indicator=_fai(),
            year=2000 + n,
            value=Decimal(1000000),
        )

    def add_data(self, world):
        return {
            "cluster": str(world.cluster_a.pk),
            "plan": "新规划",
            "indicator": str(_fai().pk),
            "year": "2030",
            "value": "1000000",
        }


class TestProjectPages(ModelPagesTests):
    pages = "projects"
    edit_changes = {"name": "改名后的项目"}

    def make(self, world, scope, n):
        from clusterzone.projects import services

        data = {
            "name": f"页面测试项目{n}",
            "total_investment": Decimal(20000),
            "cluster": _cluster(world, scope),
        }
        return services.project_create(actor=SYSTEM, data=data)

    def add_data(self, world):
        return self.data_from(world, self.make(world, "own", 900), code="", name="新建测试项目")


class TestLeadPages(ModelPagesTests):
    pages = "investment:lead"
    edit_changes = {"company": "改名后的公司"}

    def make(self, world, scope, n):
        from clusterzone.investment import services

        data = {
            "company": f"页面测试公司{n}",
            "source_region": "prd",
            "company_type": "industry_leader",
            "intended_investment": Decimal(30000),
            "cluster": _cluster(world, scope),
            "unit": world.committee_a if scope == "own" else world.committee_b,
            "first_contact": dt.date(2025, 3, 3),
            "industry": f.industry("30", "非金属矿物制品业"),
            "category": f.category("超硬材料"),
        }
        return services.lead_create(actor=SYSTEM, data=data)

    def add_data(self, world):
        return self.data_from(world, self.make(world, "own", 900), company="新线索公司")


class TestClockRulePages(ModelPagesTests):
    pages = "investment:clock"
    edit_changes = {"workdays": "9"}

    def make(self, world, scope, n):
        from clusterzone.investment.models import ClockRule

        parent = world.zmd if scope == "own" else world.pds
        region = Region.objects.create(
            code=f"{parent.code[:4]}{50 + n % 49:02d}", name=f"时限县{n}", level="county", parent=parent
        )
        return ClockRule.objects.create(region=region, stage="visit", workdays=5)

    def add_data(self, world):
        return {"region": str(world.shangcai.pk), "stage": "contact", "workdays": "2"}


class TestQuotaPages(ModelPagesTests):
    pages = "projects:quota"
    edit_changes = {"count": "4"}

    def make(self, world, scope, n):
        from clusterzone.projects.models import Quota

        region = world.shangcai if scope == "own" else world.lushan
        return Quota.objects.create(region=region, year=2000 + n, min_amount=100000, count=1)

    def add_data(self, world):
        return {"region": str(world.shangcai.pk), "year": "2025", "min_amount": "50000",
                "max_amount": "100000", "count": "2"}  # fmt: skip


class TestUnitQuotaPages(ModelPagesTests):
    pages = "projects:unit_quota"
    edit_changes = {"count": "3"}

    def make(self, world, scope, n):
        from clusterzone.projects.models import UnitQuota

        unit = world.committee_a if scope == "own" else world.committee_b
        return UnitQuota.objects.create(unit=unit, year=2000 + n, min_amount=5000, count=1)

    def add_data(self, world):
        return {"unit": str(world.committee_a.pk), "year": "2025", "min_amount": "5000", "count": "1",
                "basis": "signed"}  # fmt: skip


class TestIndicatorPages(ModelPagesTests):
    pages = "reporting:indicator"
    allowed_role = "province_admin"  # the province office keeps the catalog
    edit_changes = {"name": "改名后的指标"}

    def make(self, world, scope, n):
        if scope == "other":
            return None
        return Indicator.objects.create(code=f"ind_{n}", name=f"测试指标{n}", unit="万元", kind="flow")

    def add_data(self, world):
        return self.data_from(world, self.make(world, "own", 900), code="ind_new", name="新指标")


class TestDataSetPages(ModelPagesTests):
    pages = "reporting:dataset"
    allowed_role = "province_admin"

    def make(self, world, scope, n):
        if scope == "other":
            return None
        return DataSet.objects.create(
            scope_rule="explicit",
            code=f"ds_{n}",
            name=f"测试报表{n}",
            period_kind="monthly",
            due_days=5,
            region=world.henan,
        )


class TestRulePages(ModelPagesTests):
    pages = "reporting:rule"
    allowed_role = "province_admin"
    edit_changes = {"message": "改后的提示"}

    def make(self, world, scope, n):
        if scope == "other":
            return None
        _fai()
        return ValidationRule.objects.create(
            code=f"rule_{n}", left="fai", operator=">=", right="0", message=f"固定资产投资不得为负{n}"
        )

    def add_data(self, world):
        return self.data_from(world, self.make(world, "own", 900), code="rule_new", message="新规则")


def _matter(world, scope, n, **kw):
    from clusterzone.approvals.models import ApprovalMatter

    dept = world.dept if scope == "own" else f.OrgUnitFactory(name=f"平顶山市住建局{n}", region=world.pds)
    return ApprovalMatter.objects.create(
        code=f"PM-{n}",
        name=f"页面测试事项{n}",
        stage=1,
        department=dept,
        statutory_days=20,
        promised_days=10,
        **kw,
    )


class TestMatterPages(ModelPagesTests):
    pages = "approvals:matter"
    edit_changes = {"name": "改名后的审批事项"}

    def make(self, world, scope, n):
        return _matter(world, scope, n)

    def add_data(self, world):
        return {
            "code": "PM-NEW",
            "name": "新建审批事项",
            "stage": "2",
            "department": str(world.dept.pk),
            "statutory_days": "20",
            "promised_days": "10",
            "active": "on",
        }


class TestCasePages(ModelPagesTests):
    pages = "approvals:case"
    edit_changes = {"notes": "改后的办件备注"}

    def make(self, world, scope, n):
        from clusterzone.approvals import services as approval_services
        from clusterzone.projects import services as project_services

        matter = _matter(world, "own", 1000 + n)
        project = project_services.project_create(
            actor=SYSTEM,
            data={
                "name": f"办件测试项目{n}",
                "total_investment": Decimal(5000),
                "cluster": _cluster(world, scope),
            },
        )
        return approval_services.case_create(
            actor=SYSTEM, data={"project": project, "matter": matter, "applied_on": dt.date(2025, 3, 3)}
        )

    def add_data(self, world):
        own = self.make(world, "own", 900)
        return {
            "project": str(own.project.pk),
            "matter": str(_matter(world, "own", 901).pk),
            "applied_on": "2025-04-01",
        }


def test_every_declaration_has_generated_tests():
    """A model's pages declared without a test class here (or in a module that uses the
    base) fail this test: the generated tests grow by declaration, not by copy."""
    import pathlib

    root = pathlib.Path(__file__).parent.parent
    for path in pathlib.Path(__file__).parent.rglob("test_*.py"):
        if "ModelPagesTests" in path.read_text(encoding="utf-8") and path.name != "test_model_pages.py":
            importlib.import_module(".".join(path.relative_to(root).with_suffix("").parts))
    tested = {cls.pages for cls in _subclasses(ModelPagesTests)}
    declared = {p.key for p in modelpages.registered()}
    assert declared <= tested, sorted(declared - tested)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@pytest.mark.parametrize("key", ["registry:cluster", "accounts:user", "projects"])
def test_declared_url_names_are_stable(key):
    from django.urls import reverse

    decl = modelpages.get(key)
    names = {a: decl.url_name(a) for a in decl.actions()}
    assert reverse(names["list"])
    if key == "registry:cluster":
        assert names == {
            "list": "registry:cluster_list",
            "add": "registry:cluster_add",
            "detail": "registry:cluster_detail",
            "edit": "registry:cluster_edit",
            "delete": "registry:cluster_delete",
        }
    if key == "accounts:user":
        assert set(names.values()) == {"accounts:user_list", "accounts:user_add", "accounts:user_edit"}
    if key == "projects":
        assert names["list"] == "projects:list" and names["detail"] == "projects:detail"
