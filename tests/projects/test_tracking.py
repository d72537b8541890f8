"""Milestones (overdue), monthly investment, quotas (1233), lead → project, permissions."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.exceptions import DomainError
from clusterzone.projects import selectors, services
from clusterzone.projects.choices import Stage
from clusterzone.projects.models import ProjectMilestone, Quota, UnitQuota

from .. import factories as f

D = dt.date


def test_overdue_milestones(world, make_project):
    today = D(2025, 5, 21)
    leader = world.users["project_leader"]
    p = make_project(leader=leader)
    late = services.milestone_save(
        actor=SYSTEM, milestone=ProjectMilestone(project=p, name="主体封顶", planned_date=D(2025, 5, 20))
    )
    services.milestone_save(
        actor=SYSTEM, milestone=ProjectMilestone(project=p, name="设备安装", planned_date=D(2025, 5, 21))
    )
    services.milestone_save(
        actor=SYSTEM,
        milestone=ProjectMilestone(
            project=p, name="土地摘牌", planned_date=D(2025, 3, 1), actual_date=D(2025, 3, 5)
        ),
    )
    other = make_project(cluster=world.cluster_b)
    services.milestone_save(
        actor=SYSTEM, milestone=ProjectMilestone(project=other, name="开工", planned_date=D(2025, 1, 1))
    )
    rows = selectors.milestones(p, today=today)
    assert [(m.name, m.overdue) for m in rows] == [
        ("土地摘牌", False),
        ("主体封顶", True),
        ("设备安装", False),
    ]
    assert rows[1].overdue_days == 1
    admin = world.users["province_admin"]
    assert list(selectors.overdue_milestones(user=admin, today=today, leader=leader)) == [late]
    assert (
        selectors.overdue_by_cluster(user=admin, today=today)
        == [
            {"cluster_id": world.cluster_a.pk, "cluster": "上蔡县产业集聚区", "count": 1},
            {"cluster_id": world.cluster_b.pk, "cluster": "鲁山县产业集聚区", "count": 1},
        ]
        or len(selectors.overdue_by_cluster(user=admin, today=today)) == 2
    )
    by_leader = selectors.overdue_by_leader(user=admin, today=today)
    assert {r["leader_id"]: r["count"] for r in by_leader} == {leader.pk: 1, None: 1}
    # scope: 驻马店's office does not see 鲁山's overdue milestone
    assert selectors.overdue_milestones(user=world.users["office_admin"], today=today).count() == 1
    assert selectors.project_list(user=admin, today=today).get(pk=p.pk).overdue_count == 1
    services.milestone_complete(actor=SYSTEM, milestone=late, date=D(2025, 5, 21))
    assert selectors.overdue_milestones(user=admin, today=today, leader=leader).count() == 0


def test_monthly_investment_cumulative_and_share(make_project):
    # 鲁山 海威特种布 3亿: 6000 + 4500 = 10500 → 35% of the total
    p = make_project(total_investment=Decimal(30000))
    services.investment_record(actor=SYSTEM, project=p, period="2025-03", amount=6000)
    services.investment_record(actor=SYSTEM, project=p, period="2025-4", amount=4000)
    services.investment_record(actor=SYSTEM, project=p, period="2025-04", amount=4500)  # correction
    rows = selectors.investment_rows(p)
    assert [(r.period, r.amount, r.cumulative) for r in rows] == [
        ("2025-03", Decimal(6000), Decimal(6000)),
        ("2025-04", Decimal(4500), Decimal(10500)),
    ]
    assert rows[-1].share == Decimal(35)
    admin_list = selectors.project_list(user=SYSTEM).get(pk=p.pk)
    assert admin_list.invested == Decimal(10500)
    with pytest.raises(DomainError):
        services.investment_record(actor=SYSTEM, project=p, period="2025Q1", amount=1)
    with pytest.raises(DomainError):
        services.investment_record(actor=SYSTEM, project=p, period="2099-01", amount=1)
    with pytest.raises(DomainError):
        services.investment_record(actor=SYSTEM, project=p, period="2025-05", amount=-1)


# --- quotas -----------------------------------------------------------------------------


@pytest.fixture
def county(world):
    """A hand-made county 鲁山 with the 1233 quota for 2025 and two township quotas."""
    for lo, hi, n in ((100000, None, 1), (50000, 100000, 2), (10000, 50000, 3)):
        services.quota_save(
            actor=SYSTEM, quota=Quota(region=world.lushan, year=2025, min_amount=lo, max_amount=hi, count=n)
        )
    town = f.OrgUnitFactory(name="鲁山县张官营镇", region=world.lushan)
    group = f.OrgUnitFactory(name="鲁山县招商工作领导小组", region=world.lushan)
    services.unit_quota_save(actor=SYSTEM, quota=UnitQuota(unit=town, year=2025, min_amount=5000, count=1))
    services.unit_quota_save(actor=SYSTEM, quota=UnitQuota(unit=group, year=2025, min_amount=10000, count=1))
    return SimpleNamespace(town=town, group=group)


def test_quota_check_hand_made_county(world, make_project, county):
    b = world.cluster_b
    signed = dict(stage=Stage.SIGNED)
    make_project(
        cluster=b, name="石材建材工业城", total_investment=3000000, sign_date=D(2025, 2, 1), **signed
    )
    make_project(cluster=b, name="海亮工业园", total_investment=500000, sign_date=D(2025, 3, 1), **signed)
    # 5–10亿: one project exactly at the lower bound, started (not signed) this year
    make_project(
        cluster=b, name="五亿项目", total_investment=50000, stage=Stage.STARTED,
        sign_date=D(2024, 11, 1), start_date=D(2025, 4, 1),
    )  # fmt: skip
    make_project(
        cluster=b,
        name="海威特种布",
        total_investment=30000,
        sign_date=D(2025, 4, 1),
        attracted_by=county.group,
        **signed,
    )
    make_project(
        cluster=b,
        name="镇招商项目",
        total_investment=6000,
        sign_date=D(2025, 4, 2),
        attracted_by=county.town,
        **signed,
    )
    # not counted: signed last year, terminated, another county's project, just under 1亿
    make_project(cluster=b, name="去年项目", total_investment=30000, sign_date=D(2024, 5, 1), **signed)
    make_project(
        cluster=b, name="终止项目", total_investment=30000, stage=Stage.TERMINATED,
        sign_date=D(2025, 1, 5), terminated_reason="撤资",
    )  # fmt: skip
    make_project(
        cluster=world.cluster_a, name="上蔡项目", total_investment=30000, sign_date=D(2025, 1, 5), **signed
    )
    result = selectors.quota_check_json(selectors.quota_check(region=world.lushan, year=2025))
    bands = [(b["min"], b["max"], b["required"], b["achieved"], b["missing"]) for b in result["bands"]]
    # 300亿 and 50亿 both in the ≥10亿 band (each counted once, in its own band)
    assert bands == [(100000, None, 1, 2, 0), (50000, 100000, 2, 1, 1), (10000, 50000, 3, 1, 2)]
    units = {u["unit"]: (u["required"], u["achieved"], u["missing"]) for u in result["units"]}
    assert units == {"鲁山县张官营镇": (1, 1, 0), "鲁山县招商工作领导小组": (1, 1, 0)}
    assert result["complete"] is False


def test_quota_check_command_json(world, make_project, county):
    make_project(
        cluster=world.cluster_b, total_investment=120000, sign_date=D(2025, 2, 1), stage=Stage.SIGNED
    )
    out = StringIO()
    call_command("quota-check", "--region", "410423", "--year", "2025", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) >= {"bands", "units"}
    assert data["bands"][0] == {
        "min": 100000, "max": None, "required": 1, "achieved": 1, "missing": 0,
        "projects": [data["bands"][0]["projects"][0]],
    }  # fmt: skip
    assert all(set(b) >= {"min", "max", "required", "achieved", "missing"} for b in data["bands"])
    text = StringIO()
    call_command("quota-check", "--region", "410423", "--year", "2025", stdout=text)
    assert "10亿" in text.getvalue()


def test_quota_check_command_unknown_region(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("quota-check", "--region", "999999", "--year", "2025", "--json", stdout=StringIO())


def test_quota_max_above_min(world):
    with pytest.raises(DomainError):
        services.quota_save(
            actor=SYSTEM,
            quota=Quota(region=world.lushan, year=2025, min_amount=50000, max_amount=10000, count=1),
        )


# --- lead → project -----------------------------------------------------------------------


def test_project_from_lead_carries_data(world):
    industry = f.industry("17", "纺织业")
    category = f.category("纺织服装")
    lead = SimpleNamespace(
        name="中德纺织科技园",
        company="中德纺织有限公司",
        cluster=world.cluster_b,
        industry=industry,
        category=category,
        intended_investment=Decimal(130000),
        unit=world.committee_b,
        agreement=SimpleNamespace(date=D(2025, 3, 18), amount=Decimal(130000)),
    )
    p = services.project_create_from_lead(
        actor=world.users["province_admin"], lead=lead, data={"kind": "industrial"}
    )
    assert (p.name, p.cluster, p.industry, p.category) == (
        "中德纺织科技园",
        world.cluster_b,
        industry,
        category,
    )
    assert p.total_investment == Decimal(130000) and p.band == "b10y"
    assert p.investor_name == "中德纺织有限公司"
    assert p.stage == Stage.SIGNED and p.sign_date == D(2025, 3, 18)
    assert p.attracted_by == world.committee_b
    assert p.code == "XM-41042301-2025-0001"
    assert p.stage_changes.get().to_stage == Stage.SIGNED
    assert "招商线索落地" in p.history.first().history_change_reason


def test_project_from_lead_respects_policy(world):
    lead = SimpleNamespace(name="外区项目", cluster=world.cluster_b, intended_investment=Decimal(8000))
    with pytest.raises(DomainError):
        services.project_create_from_lead(actor=world.users["cluster_reporter"], lead=lead, data={})


# --- permissions --------------------------------------------------------------------------


def test_reporter_only_touches_own_cluster(world, make_project):
    reporter = world.users["cluster_reporter"]
    own = make_project(cluster=world.cluster_a)
    other = make_project(cluster=world.cluster_b)
    services.project_update(actor=reporter, project=own, data={"name": "改名"})
    with pytest.raises(DomainError):
        services.project_update(actor=reporter, project=other, data={"name": "改名"})
    with pytest.raises(DomainError):
        services.project_create(
            actor=reporter, data={"name": "x", "cluster": world.cluster_b, "total_investment": 1}
        )
    with pytest.raises(DomainError):
        services.project_transition(actor=reporter, project=other, to_stage=Stage.NEGOTIATING)
    with pytest.raises(DomainError):
        services.investment_record(actor=reporter, project=other, period="2025-01", amount=1)
    with pytest.raises(DomainError):
        services.milestone_save(
            actor=reporter, milestone=ProjectMilestone(project=other, name="x", planned_date=D(2025, 1, 1))
        )


def test_leader_changes_only_led_projects(world, make_project):
    leader = world.users["project_leader"]
    mine = make_project(leader=leader)
    not_mine = make_project()
    services.project_transition(actor=leader, project=mine, to_stage=Stage.NEGOTIATING)
    services.investment_record(actor=leader, project=mine, period="2025-01", amount=100)
    with pytest.raises(DomainError):
        services.project_transition(actor=leader, project=not_mine, to_stage=Stage.NEGOTIATING)
    assert list(selectors.my_projects(user=leader)) == [mine]
