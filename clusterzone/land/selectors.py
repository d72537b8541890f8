"""Reads of land and the per-亩 evaluation, starting from the policy.

    policy_min_intensity(cluster) -> Decimal | None   the land policy's minimum (projects' check)
    land_policy_list(*, user) -> QuerySet[LandPolicy]
    figures_list(*, user, year=None) -> QuerySet[EnterpriseFigures]
    enterprise_evaluation(*, user, enterprise) -> EnterpriseEvaluation | None
        the enterprise's latest final (published) evaluation: score, rank, class, points, and
        its region's differentiated-policy terms for that class (the nearest region up the
        tree that has them)
    evaluation_results(*, user, run) -> list[assessment.selectors.ResultView]
    class_distribution(results) -> {class: count}
    check_parcel(parcel, land_policy) -> ParcelCheck; parcel_checks / breaches(*, user, cluster=None)
    idle_parcels(*, user, on, cluster=None) -> list[IdleParcel]
    land_balance(*, user, cluster, on) -> LandBalance (亩; leading-industry share; 区中园 ≥ 300亩)
    acquisition_progress(*, user, cluster) -> list[AcquisitionProgress]
List reads run a fixed number of queries.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.assessment.choices import RunStatus
from clusterzone.assessment.models import Result

from .choices import SUPPLIED_STATUSES, ParcelStatus, PlannedUse
from .models import (
    AcquisitionPlan,
    DifferentiatedPolicy,
    EnterpriseFigures,
    LandPolicy,
    LandQuota,
    Parcel,
)


def policy_min_intensity(cluster):
    return LandPolicy.objects.filter(cluster=cluster).values_list("min_intensity", flat=True).first()


def land_policy_list(*, user) -> QuerySet:
    return (
        policy.scope(user, LandPolicy).select_related("cluster", "cluster__region").order_by("cluster__code")
    )


def figures_list(*, user, year=None) -> QuerySet:
    qs = policy.scope(user, EnterpriseFigures).select_related("enterprise", "enterprise__cluster")
    if year:
        qs = qs.filter(year=int(year))
    return qs.order_by("-year", "enterprise__cluster__code", "enterprise__name")


@dataclass
class EnterpriseEvaluation:
    result: Result
    year: int
    klass: str
    score: object
    rank: int | None
    excluded: bool
    points: dict
    terms: list = field(default_factory=list)  # [(label, text)]
    terms_region: object = None


def _ancestor_paths(path: str) -> list[str]:
    segs = [s for s in path.split("/") if s]
    return ["/".join(segs[:n]) + "/" for n in range(1, len(segs) + 1)]


def enterprise_evaluation(*, enterprise) -> EnterpriseEvaluation | None:
    r = (
        Result.objects.filter(
            subject_kind="enterprise", subject_id=enterprise.pk, run__status=RunStatus.PUBLISHED
        )
        .select_related("run")
        .order_by("-run__year", "-run__published_at", "-run_id")
        .first()
    )
    if r is None:
        return None
    region = enterprise.cluster.region
    policies = list(
        DifferentiatedPolicy.objects.filter(
            region__path__in=_ancestor_paths(region.path), klass=r.klass
        ).select_related("region")
    )
    policies.sort(key=lambda p: len(p.region.path), reverse=True)
    chosen = policies[0] if policies else None
    return EnterpriseEvaluation(
        result=r,
        year=r.run.year,
        klass=r.klass,
        score=r.score,
        rank=r.rank,
        excluded=r.excluded,
        points=r.points,
        terms=chosen.terms() if chosen else [],
        terms_region=chosen.region if chosen else None,
    )


def class_distribution(results) -> dict[str, int]:
    out = {k: 0 for k in ("A", "B", "C", "D", "T")}
    for r in results:
        if r.klass in out:
            out[r.klass] += 1
    return out


# --- parcels and the cluster's land -----------------------------------------------------

HUNDRED = Decimal(100)
PARK_MIN_MU = Decimal(300)  # 区中园: a park inside the cluster of at least 300 亩
MU_PER_KM2 = Decimal(1500)


@dataclass
class ParcelCheck:
    parcel: Parcel
    intensity: Decimal | None
    plot_ratio: Decimal | None
    breaches: list = field(default_factory=list)  # Chinese messages


def check_parcel(parcel: Parcel, land_policy: LandPolicy) -> ParcelCheck:
    """An industrial parcel against its cluster's policy: intensity not below the minimum
    (万元/亩), plot ratio not below the minimum (a value equal to the minimum passes)."""
    check = ParcelCheck(parcel=parcel, intensity=parcel.intensity, plot_ratio=parcel.plot_ratio)
    if parcel.planned_use != PlannedUse.INDUSTRIAL:
        return check
    if check.intensity is not None and check.intensity < land_policy.min_intensity:
        check.breaches.append(
            _("投资强度%(v)s万元/亩，低于%(m)s万元/亩")
            % {"v": check.intensity.quantize(Decimal("0.01")), "m": land_policy.min_intensity}
        )
    if check.plot_ratio is not None and check.plot_ratio < land_policy.min_plot_ratio:
        check.breaches.append(
            _("容积率%(v)s，低于%(m)s")
            % {"v": check.plot_ratio.quantize(Decimal("0.01")), "m": land_policy.min_plot_ratio}
        )
    return check


def parcel_list(*, user, cluster=None) -> QuerySet:
    qs = policy.scope(user, Parcel).select_related("cluster", "cluster__region", "project", "enterprise")
    if cluster is not None:
        qs = qs.filter(cluster=cluster)
    return qs.order_by("cluster__code", "code")


def parcel_checks(*, user, cluster=None) -> list[ParcelCheck]:
    """Every parcel in scope checked against its cluster's policy (3 queries)."""
    parcels = list(parcel_list(user=user, cluster=cluster))
    policies = {
        p.cluster_id: p for p in LandPolicy.objects.filter(cluster_id__in={x.cluster_id for x in parcels})
    }
    return [
        check_parcel(p, policies.get(p.cluster_id) or LandPolicy(cluster_id=p.cluster_id)) for p in parcels
    ]


def breaches(*, user, cluster=None) -> list[ParcelCheck]:
    return [c for c in parcel_checks(user=user, cluster=cluster) if c.breaches]


def _idle_since(parcel: Parcel, months: int) -> date | None:
    """The day after which a supplied parcel not started is idle (supply date + months)."""
    if parcel.supply_date is None:
        return None
    d = parcel.supply_date
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


@dataclass
class IdleParcel:
    parcel: Parcel
    idle_from: date
    days_idle: int  # days since the supply date


def idle_parcels(*, user, on: date, cluster=None) -> list[IdleParcel]:
    """闲置土地 on a given date: supplied (已供应), not started, and the policy's period since
    the supply date has passed (on the last day of the period it is not idle yet)."""
    qs = parcel_list(user=user, cluster=cluster).filter(
        status=ParcelStatus.SUPPLIED, actual_start__isnull=True
    )
    parcels = list(qs)
    policies = {
        p.cluster_id: p for p in LandPolicy.objects.filter(cluster_id__in={x.cluster_id for x in parcels})
    }
    out = []
    for p in parcels:
        months = (policies.get(p.cluster_id) or LandPolicy()).idle_months
        limit = _idle_since(p, months)
        if limit is not None and on > limit:
            out.append(IdleParcel(parcel=p, idle_from=limit, days_idle=(on - p.supply_date).days))
    return out


@dataclass
class LandBalance:
    cluster: object
    planned: Decimal  # 亩 (the cluster's planned area)
    reserve: Decimal
    acquired: Decimal
    supplied: Decimal
    idle: Decimal
    recovered: Decimal
    leading_share: Decimal | None  # % of supplied industrial land used by leading industries
    leading_ok: bool | None
    parks: list = field(default_factory=list)  # [(name, 亩, ok)] 区中园 ≥ 300亩


def land_balance(*, user, cluster, on: date) -> LandBalance:
    """The cluster's land balance in 亩 and its leading-industry share against the policy."""
    land_policy = LandPolicy.objects.filter(cluster=cluster).first() or LandPolicy(cluster=cluster)
    sums = {s: Decimal(0) for s in ParcelStatus.values}
    industrial = Decimal(0)
    leading = Decimal(0)
    for status, use, lead, area in parcel_list(user=user, cluster=cluster).values_list(
        "status", "planned_use", "leading_industry", "area"
    ):
        sums[status] += area
        if status in SUPPLIED_STATUSES and use == PlannedUse.INDUSTRIAL:
            industrial += area
            if lead:
                leading += area
    idle = sum((i.parcel.area for i in idle_parcels(user=user, on=on, cluster=cluster)), Decimal(0))
    share = leading / industrial * HUNDRED if industrial else None
    parks = [
        (z.name, Decimal(z.area) * MU_PER_KM2, Decimal(z.area) * MU_PER_KM2 >= PARK_MIN_MU)
        for z in cluster.subzones.all()
        if z.area is not None
    ]
    return LandBalance(
        cluster=cluster,
        planned=Decimal(cluster.planned_area or 0) * MU_PER_KM2,
        reserve=sums[ParcelStatus.RESERVE],
        acquired=sums[ParcelStatus.ACQUIRED],
        supplied=sum((sums[s] for s in SUPPLIED_STATUSES), Decimal(0)),
        idle=idle,
        recovered=sums[ParcelStatus.RECOVERED],
        leading_share=share,
        leading_ok=None if share is None else share >= land_policy.min_leading_share,
        parks=parks,
    )


def leading_share_ok(share: Decimal, land_policy: LandPolicy) -> bool:
    return share >= land_policy.min_leading_share


@dataclass
class AcquisitionProgress:
    year: int
    planned: Decimal
    acquired: Decimal
    pct: Decimal | None
    cumulative_planned: Decimal
    cumulative_acquired: Decimal
    cumulative_pct: Decimal | None


def acquisition_progress(*, user, cluster) -> list[AcquisitionProgress]:
    """计划征收 vs 已征收 by year, and cumulatively (seed 003: 3,700 of 10,000 亩 = 37%)."""
    out = []
    cp = ca = Decimal(0)
    for plan in policy.scope(user, AcquisitionPlan).filter(cluster=cluster).order_by("year"):
        cp += plan.planned
        ca += plan.acquired
        out.append(
            AcquisitionProgress(
                year=plan.year,
                planned=plan.planned,
                acquired=plan.acquired,
                pct=plan.acquired / plan.planned * HUNDRED if plan.planned else None,
                cumulative_planned=cp,
                cumulative_acquired=ca,
                cumulative_pct=ca / cp * HUNDRED if cp else None,
            )  # fmt: skip
        )
    return out


def land_quota_list(*, user) -> QuerySet:
    return policy.scope(user, LandQuota).select_related("region").order_by("region__code", "year")
