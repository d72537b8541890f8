"""Parcels against the cluster's land policy at the boundaries, idle land on given dates,
recovery, the land balance with the 70% leading-industry share and 区中园 300亩, acquisition
progress (seed 003: 3,700 of 10,000 亩), the policy replacing the project library's 216."""

from datetime import date
from decimal import Decimal as D

import pytest

from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.exceptions import DomainError
from clusterzone.land import selectors, services
from clusterzone.land.models import LandPolicy, Parcel
from clusterzone.projects import selectors as project_selectors
from clusterzone.projects import services as project_services
from clusterzone.registry.models import SubZone


def project(world, investment, land=None):
    return project_services.project_create(
        actor=SYSTEM,
        data={
            "name": f"项目{investment}",
            "cluster": world.cluster_a,
            "total_investment": D(investment),
            "land_area": land,
        },
    )


def parcel(world, code, area, **data):
    data.setdefault("planned_use", "industrial")
    return services.parcel_save(
        actor=SYSTEM, data={"cluster": world.cluster_a, "code": code, "area": D(area), **data}
    )


@pytest.mark.parametrize(
    "investment, ok",
    [(21600, True), (21599, False), (23000, True)],  # 216 万元/亩 on 100 亩: 21600 is exactly the floor
)
def test_intensity_at_the_default_floor(world, investment, ok):
    p = parcel(world, f"P{investment}", 100, project=project(world, investment))
    check = selectors.check_parcel(p, LandPolicy(cluster=world.cluster_a))
    assert check.intensity == D(investment) / 100
    assert (not check.breaches) is ok


def test_intensity_floor_is_the_cluster_policy(world):
    services.land_policy_save(actor=SYSTEM, cluster=world.cluster_a, data={"min_intensity": 230})
    p = parcel(world, "P1", 100, project=project(world, 22900))
    parcel(world, "P2", 100, project=project(world, 23000))  # 230: on the floor, no breach
    [check] = selectors.breaches(user=SYSTEM, cluster=world.cluster_a)
    assert check.parcel == p and check.breaches == ["投资强度229.00万元/亩，低于230.00万元/亩"]
    # the project library's check reads the same policy
    assert project_selectors.min_intensity(world.cluster_a) == D(230)
    assert project_selectors.min_intensity(world.cluster_b) == D(216)


@pytest.mark.parametrize(
    "building, ok",
    # 10 亩 = 6666.67 m² (1 亩 = 1/15 公顷): plot ratio 1.0 needs 6666.67 m² of floor space
    [(D("6666.67"), True), (D("6666.66"), False), (D(13334), True)],
)
def test_plot_ratio_at_the_boundary(world, building, ok):
    p = parcel(world, "R1", 10, building_area=building)
    check = selectors.check_parcel(p, LandPolicy(cluster=world.cluster_a))
    assert (not check.breaches) is ok
    assert p.plot_ratio == building / (D(100000) / 15)


def test_non_industrial_parcels_are_not_checked(world):
    p = parcel(world, "S1", 10, planned_use="commercial", building_area=D(100))
    assert selectors.check_parcel(p, LandPolicy(cluster=world.cluster_a)).breaches == []


@pytest.mark.parametrize("leading_area, ok", [(70, True), (D("69.99"), False), (80, True)])
def test_leading_industry_share_at_70(world, leading_area, ok):
    parcel(world, "L1", leading_area, status="supplied", leading_industry=True, supply_date=date(2025, 1, 1))
    parcel(
        world,
        "L2",
        D(100) - D(leading_area),
        status="started",
        supply_date=date(2025, 1, 1),
        actual_start=date(2025, 3, 1),
    )
    parcel(world, "L3", 500, status="reserve")  # not supplied: not counted
    balance = selectors.land_balance(user=SYSTEM, cluster=world.cluster_a, on=date(2025, 6, 1))
    assert balance.leading_share == D(leading_area)
    assert balance.leading_ok is ok


def test_idle_land_on_given_dates_and_recovery(world):
    p = parcel(world, "I1", 50, status="supplied", supply_date=date(2024, 3, 1))
    parcel(world, "I2", 30, status="started", supply_date=date(2023, 1, 1), actual_start=date(2023, 6, 1))
    assert selectors.idle_parcels(user=SYSTEM, on=date(2025, 3, 1)) == []  # the last day of the year
    [idle] = selectors.idle_parcels(user=SYSTEM, on=date(2025, 3, 2))
    assert (idle.parcel, idle.idle_from, idle.days_idle) == (p, date(2025, 3, 1), 366)
    services.land_policy_save(actor=SYSTEM, cluster=world.cluster_a, data={"idle_months": 24})
    assert selectors.idle_parcels(user=SYSTEM, on=date(2025, 3, 2)) == []
    assert len(selectors.idle_parcels(user=SYSTEM, on=date(2026, 3, 2))) == 1
    balance = selectors.land_balance(user=SYSTEM, cluster=world.cluster_a, on=date(2026, 3, 2))
    assert (balance.supplied, balance.idle) == (D(80), D(50))
    with pytest.raises(DomainError, match="文号"):
        services.parcel_recover(actor=SYSTEM, parcel=p, on=date(2026, 4, 1), decision_ref=" ")
    with pytest.raises(DomainError):
        services.parcel_recover(
            actor=world.users["cluster_reporter"],
            parcel=p,
            on=date(2026, 4, 1),
            decision_ref="上政〔2026〕8号",
        )
    with pytest.raises(DomainError, match="收回"):
        services.parcel_save(actor=SYSTEM, instance=p, data={"status": "recovered"})
    services.parcel_recover(
        actor=world.users["office_staff"], parcel=p, on=date(2026, 4, 1), decision_ref="上政〔2026〕8号"
    )
    p.refresh_from_db()
    assert (p.status, p.recovery_ref, p.recovered_on) == ("recovered", "上政〔2026〕8号", date(2026, 4, 1))
    assert p.history.first().history_change_reason == "依法收回：上政〔2026〕8号"
    assert selectors.idle_parcels(user=SYSTEM, on=date(2026, 5, 1)) == []
    assert selectors.land_balance(user=SYSTEM, cluster=world.cluster_a, on=date(2026, 5, 1)).recovered == D(
        50
    )


def test_park_of_300_mu(world):
    SubZone.objects.create(cluster=world.cluster_a, name="装备制造园", area=D("0.2"))  # 300.0 亩
    SubZone.objects.create(cluster=world.cluster_a, name="食品园", area=D("0.19"))  # 285 亩
    parks = {
        n: ok
        for n, _mu, ok in selectors.land_balance(
            user=SYSTEM, cluster=world.cluster_a, on=date(2025, 1, 1)
        ).parks
    }
    assert parks == {"装备制造园": True, "食品园": False}


def test_acquisition_progress(world):
    services.acquisition_plan_save(
        actor=SYSTEM, data={"cluster": world.cluster_a, "year": 2024, "planned": 4000, "acquired": 2000}
    )
    services.acquisition_plan_save(
        actor=SYSTEM, data={"cluster": world.cluster_a, "year": 2025, "planned": 6000, "acquired": 1700}
    )
    rows = selectors.acquisition_progress(user=SYSTEM, cluster=world.cluster_a)
    assert [(r.year, r.pct) for r in rows] == [(2024, D(50)), (2025, D(1700) / D(6000) * 100)]
    assert (rows[-1].cumulative_planned, rows[-1].cumulative_acquired, rows[-1].cumulative_pct) == (
        D(10000),
        D(3700),
        D(37),
    )


def test_land_quota_allocated_is_the_sum_of_allocations(world):
    # 长垣: 7.5 km² (11,250 亩) of which 4.8 km² (7,200 亩) allocated: 起重 1.5 km², 蒲西 0.7 …
    q = services.land_quota_save(
        actor=SYSTEM, data={"region": world.shangcai, "year": 2025, "quota": 11250, "allocated": 99999}
    )
    assert q.allocated == 0  # never typed: derived
    a = services.quota_allocation_save(
        actor=SYSTEM, data={"quota": q, "cluster": world.cluster_a, "recipient": "起重园区", "area": 2250}
    )
    services.quota_allocation_save(
        actor=SYSTEM, data={"quota": q, "cluster": world.cluster_a, "recipient": "其余园区", "area": 4950}
    )
    q.refresh_from_db()
    assert (q.allocated, q.remaining) == (D(7200), D(4050))
    with pytest.raises(DomainError, match="超过指标"):
        services.quota_allocation_save(
            actor=SYSTEM, data={"quota": q, "cluster": world.cluster_a, "recipient": "新区", "area": 4051}
        )
    q.refresh_from_db()
    assert q.allocated == D(7200)
    with pytest.raises(DomainError, match="不能少于"):
        services.land_quota_save(actor=SYSTEM, instance=q, data={"quota": 7000})
    services.quota_allocation_delete(actor=SYSTEM, instance=a)
    q.refresh_from_db()
    assert q.allocated == D(4950)
    with pytest.raises(DomainError):
        services.quota_allocation_save(
            actor=world.users["cluster_reporter"],
            data={"quota": q, "cluster": world.cluster_a, "area": 1},
        )


def test_parcel_permissions(world):
    with pytest.raises(DomainError):
        services.parcel_save(
            actor=world.users["cluster_reporter"],
            data={"cluster": world.cluster_b, "code": "X", "area": 1, "planned_use": "industrial"},
        )
    services.parcel_save(
        actor=world.users["cluster_reporter"],
        data={"cluster": world.cluster_a, "code": "X", "area": 1, "planned_use": "industrial"},
    )
    assert Parcel.objects.count() == 1
    with pytest.raises(DomainError):
        services.land_policy_save(
            actor=world.users["cluster_reporter"], cluster=world.cluster_a, data={"min_intensity": 100}
        )


@pytest.mark.parametrize("area, ok", [(D(30), True), (D("29.99"), False)])
def test_standard_factory_rule_at_its_boundary(world, area, ok):
    policy = LandPolicy(cluster=world.cluster_a, standard_factory_below=D(30))
    p = Parcel(cluster=world.cluster_a, code="S", area=area, planned_use="industrial", status="supplied")
    breaches = selectors.check_parcel(p, policy).breaches
    assert (not breaches) is ok
    if not ok:
        assert "标准厂房" in breaches[0]
    p.status = "reserve"
    assert not selectors.check_parcel(p, policy).breaches


def _figures(enterprise, year, land, tax):
    from clusterzone.land.models import EnterpriseFigures

    return EnterpriseFigures.objects.create(
        enterprise=enterprise, year=year, land_area=land, tax=tax, value_added=D(100), revenue=D(1000),
        energy=D(10), employees=10, rnd=D(10),
    )  # fmt: skip


@pytest.mark.parametrize("tax, ok", [(D(110), True), (D("109.99"), False)])
def test_min_tax_per_mu_at_its_boundary(world, client, tax, ok):
    """The policy's 最低亩均税收 (11 万元/亩): the enterprise's latest year counts, equal passes;
    the parcel it holds lists the breach, and the cluster's land page lists the enterprise."""
    from django.urls import reverse

    services.land_policy_save(actor=SYSTEM, cluster=world.cluster_a, data={"min_tax_per_mu": D(11)})
    _figures(world.ent_a, 2024, D(10), D(1))  # an older, poorer year does not count
    _figures(world.ent_a, 2025, D(10), tax)
    p = Parcel.objects.create(
        cluster=world.cluster_a, code="T-1", area=D(40), planned_use="industrial", status="supplied",
        enterprise=world.ent_a,
    )  # fmt: skip
    [check] = selectors.parcel_checks(user=world.users["office_admin"], cluster=world.cluster_a)
    assert check.parcel == p and check.mu_tax == tax / 10
    assert (not check.breaches) is ok
    shortfalls = selectors.tax_per_mu_shortfalls(user=world.users["office_admin"], cluster=world.cluster_a)
    assert [(s.enterprise, s.year) for s in shortfalls] == ([] if ok else [(world.ent_a, 2025)])
    client.force_login(world.users["office_admin"])
    body = client.get(reverse("land:cluster", args=[world.cluster_a.code])).content.decode()
    assert 'data-testid="tax-shortfalls"' in body
    assert (world.ent_a.name in body) is not ok
    detail = client.get(reverse("land:parcel_detail", args=[p.pk])).content.decode()
    assert ("企业亩均税收10.99万元/亩，低于11万元/亩" in detail) is not ok
    # no minimum in the policy: nothing is checked
    services.land_policy_update(
        actor=SYSTEM, instance=LandPolicy.objects.get(cluster=world.cluster_a), data={"min_tax_per_mu": None}
    )
    assert not selectors.tax_per_mu_shortfalls(user=world.users["office_admin"], cluster=world.cluster_a)
