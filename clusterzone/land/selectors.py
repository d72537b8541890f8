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
    check_parcel(parcel, land_policy, mu_tax=None) -> ParcelCheck; parcel_checks / breaches(*, user, cluster=None)
    latest_mu_tax(enterprise_ids) -> {enterprise_id: (year, 亩均税收)}
    tax_per_mu_shortfalls(*, user, cluster) -> list[TaxShortfall]  (below the policy's 最低亩均税收)
    idle_parcels(*, user, on, cluster=None) -> list[IdleParcel]
    land_balance(*, user, cluster, on) -> LandBalance (亩; leading-industry share; 区中园 ≥ 300亩)
    acquisition_progress(*, user, cluster) -> list[AcquisitionProgress]
List reads run a fixed number of queries.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal

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
    Housing,
    LandlessEmployment,
    LandPolicy,
    LandQuota,
    Parcel,
    QuotaAllocation,
    VillageRelocation,
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
    mu_tax: Decimal | None = None  # the enterprise's latest 亩均税收 (万元/亩)


def check_parcel(parcel: Parcel, land_policy: LandPolicy, mu_tax: Decimal | None = None) -> ParcelCheck:
    """An industrial parcel against its cluster's policy: intensity not below the minimum
    (万元/亩), plot ratio not below the minimum (a value equal to the minimum passes), the
    standard-factory rule: a parcel given out (not in reserve) under the policy's size should
    not have been supplied separately (a parcel of exactly that size passes), and, when the
    policy sets a 最低亩均税收 and the parcel's enterprise has annual figures, its latest
    亩均税收 (`mu_tax`, tax / its land) not below it."""
    check = ParcelCheck(
        parcel=parcel, intensity=parcel.intensity, plot_ratio=parcel.plot_ratio, mu_tax=mu_tax
    )
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
    below = land_policy.standard_factory_below
    if (
        below is not None
        and parcel.area is not None
        and Decimal(parcel.area) < below
        and parcel.status != "reserve"
    ):
        check.breaches.append(
            _("用地%(a)s亩，少于%(b)s亩：可入驻三层及以上标准厂房的项目不单独供地")
            % {"a": Decimal(parcel.area).normalize(), "b": below.normalize()}
        )
    floor = land_policy.min_tax_per_mu
    if floor is not None and mu_tax is not None and mu_tax < floor:
        check.breaches.append(
            _("企业亩均税收%(v)s万元/亩，低于%(m)s万元/亩")
            % {"v": mu_tax.quantize(Decimal("0.01"), rounding=ROUND_DOWN), "m": floor.normalize()}
        )
    return check


def latest_mu_tax(enterprise_ids) -> dict[int, tuple[int, Decimal]]:
    """Each enterprise's latest year of annual figures and its 亩均税收 = tax / land (1 query)."""
    out: dict[int, tuple[int, Decimal]] = {}
    rows = (
        EnterpriseFigures.objects.filter(enterprise_id__in=set(enterprise_ids))
        .order_by("enterprise_id", "-year")
        .values_list("enterprise_id", "year", "tax", "land_area")
    )
    for enterprise_id, year, tax, land in rows:
        if enterprise_id not in out and land:
            out[enterprise_id] = (year, Decimal(tax) / Decimal(land))
    return out


@dataclass
class TaxShortfall:
    enterprise: object
    year: int
    mu_tax: Decimal
    floor: Decimal


def tax_per_mu_shortfalls(*, user, cluster) -> list[TaxShortfall]:
    """The cluster's enterprises (in the user's scope) whose latest 亩均税收 is below the
    cluster policy's 最低亩均税收 (equal passes); none when the policy sets no minimum
    (3 queries whatever the number)."""
    from clusterzone.registry.models import Enterprise

    floor = LandPolicy.objects.filter(cluster=cluster).values_list("min_tax_per_mu", flat=True).first()
    if floor is None:
        return []
    enterprises = list(policy.scope(user, Enterprise).filter(cluster=cluster).order_by("name"))
    latest = latest_mu_tax(e.pk for e in enterprises)
    return [
        TaxShortfall(enterprise=e, year=latest[e.pk][0], mu_tax=latest[e.pk][1], floor=floor)
        for e in enterprises
        if e.pk in latest and latest[e.pk][1] < floor
    ]


def parcel_list(*, user, cluster=None) -> QuerySet:
    qs = policy.scope(user, Parcel).select_related("cluster", "cluster__region", "project", "enterprise")
    if cluster is not None:
        qs = qs.filter(cluster=cluster)
    return qs.order_by("cluster__code", "code")


def parcel_checks(*, user, cluster=None) -> list[ParcelCheck]:
    """Every parcel in scope checked against its cluster's policy (4 queries)."""
    parcels = list(parcel_list(user=user, cluster=cluster))
    policies = {
        p.cluster_id: p for p in LandPolicy.objects.filter(cluster_id__in={x.cluster_id for x in parcels})
    }
    taxes = latest_mu_tax(p.enterprise_id for p in parcels if p.enterprise_id)
    return [
        check_parcel(
            p,
            policies.get(p.cluster_id) or LandPolicy(cluster_id=p.cluster_id),
            mu_tax=taxes.get(p.enterprise_id, (None, None))[1],
        )
        for p in parcels
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


# --- list pages (one scoped, select_related queryset each: a fixed number of queries) -----


def acquisition_plan_list(*, user) -> QuerySet:
    return policy.scope(user, AcquisitionPlan).select_related("cluster", "cluster__region")


def quota_allocation_list(*, user) -> QuerySet:
    return policy.scope(user, QuotaAllocation).select_related("quota", "quota__region", "cluster")


def differentiated_policy_list(*, user) -> QuerySet:
    return policy.scope(user, DifferentiatedPolicy).select_related("region")


def village_relocation_list(*, user) -> QuerySet:
    return policy.scope(user, VillageRelocation).select_related("cluster", "cluster__region")


def housing_list(*, user) -> QuerySet:
    return policy.scope(user, Housing).select_related("cluster", "cluster__region")


def landless_employment_list(*, user) -> QuerySet:
    return policy.scope(user, LandlessEmployment).select_related("cluster", "cluster__region")


@dataclass
class Integration:
    """A cluster's industry–city integration in figures (产城互动)."""

    villages: int
    households: int
    people: int
    moved_households: int
    land_freed: Decimal
    resettlement_flats: int
    resettlement_area: Decimal  # 万 m²
    public_rental_flats: int
    employed: int  # 人次
    trained: int  # 人次


def integration_summary(*, user, cluster) -> Integration:
    from django.db.models import Sum

    from .choices import EmploymentKind, HousingKind

    v = village_relocation_list(user=user).filter(cluster=cluster).aggregate(
        villages=Sum("village_count"), households=Sum("households"), people=Sum("people"),
        moved=Sum("moved_households"), land=Sum("land_freed"),
    )  # fmt: skip
    housing = {
        k: (flats or 0, area or Decimal(0))
        for k, flats, area in housing_list(user=user)
        .filter(cluster=cluster)
        .values("kind")
        .annotate(f=Sum("flats"), a=Sum("floor_area"))
        .values_list("kind", "f", "a")
    }
    work = dict(
        landless_employment_list(user=user)
        .filter(cluster=cluster)
        .values("kind")
        .annotate(n=Sum("person_times"))
        .values_list("kind", "n")
    )
    return Integration(
        villages=v["villages"] or 0,
        households=v["households"] or 0,
        people=v["people"] or 0,
        moved_households=v["moved"] or 0,
        land_freed=v["land"] or Decimal(0),
        resettlement_flats=housing.get(HousingKind.RESETTLEMENT, (0, 0))[0],
        resettlement_area=housing.get(HousingKind.RESETTLEMENT, (0, Decimal(0)))[1],
        public_rental_flats=housing.get(HousingKind.PUBLIC_RENTAL, (0, 0))[0],
        employed=work.get(EmploymentKind.EMPLOYMENT, 0),
        trained=work.get(EmploymentKind.TRAINING, 0),
    )


def enterprise_output_per_mu(enterprise) -> dict | None:
    """The enterprise's latest annual figures per 亩 of its land (亩均税收, 亩均增加值)."""
    from .evaluation import metrics_of

    f = EnterpriseFigures.objects.filter(enterprise=enterprise).order_by("-year").first()
    return None if f is None else {"year": f.year, **metrics_of(f)}


# --- the per-亩 evaluation pages ---------------------------------------------------------


def evaluation_runs(*, user) -> QuerySet:
    from clusterzone.assessment.models import Run

    return (
        policy.scope_runs(user, Run.objects.filter(subject="enterprise"))
        .select_related("region", "cluster", "land_notice")
        .order_by("-year", "-created_at", "-id")
    )


@dataclass
class EvaluationRow:
    result: Result
    mu_tax: Decimal | None
    mu_value_added: Decimal | None
    objections: list


def evaluation_rows(*, user, run) -> list[EvaluationRow]:
    """The run's results ranked (T last) with each enterprise's 亩均税收 and 亩均增加值 from
    the run's frozen inputs and its objections (3 queries whatever the number)."""
    from .models import Objection

    results = list(run.results.order_by("excluded", "rank", "subject_name"))
    objections: dict[int, list] = {}
    if policy.may(user, "view", "objection"):
        for o in Objection.objects.filter(result__run=run).order_by("received_on", "id"):
            objections.setdefault(o.result_id, []).append(o)
    subjects = (run.inputs or {}).get("subjects", {})

    def measure(code, name):
        v = subjects.get(code, {}).get("measures", {}).get(f"{name}.value")
        return None if v is None else Decimal(str(v))

    return [
        EvaluationRow(
            result=r,
            mu_tax=measure(r.subject_code, "mu_tax"),
            mu_value_added=measure(r.subject_code, "mu_value_added"),
            objections=objections.get(r.pk, []),
        )
        for r in results
    ]


CLASS_COLORS = {"A": "#2e7d32", "B": "#1565c0", "C": "#f9a825", "D": "#c62828", "T": "#9e9e9e"}


def class_chart(rows) -> dict:
    dist = class_distribution([r.result for r in rows])
    return {
        "tooltip": {},
        "xAxis": {"type": "category", "data": list(dist)},
        "yAxis": {"type": "value", "name": _("企业数")},
        "series": [
            {
                "type": "bar",
                "data": [{"value": n, "itemStyle": {"color": CLASS_COLORS[k]}} for k, n in dist.items()],
            }
        ],
    }


def scatter_chart(rows) -> dict:
    """亩均税收 (x) against 亩均增加值 (y), one series per class."""
    series = []
    for k in ("A", "B", "C", "D", "T"):
        points = [
            [float(r.mu_tax), float(r.mu_value_added), r.result.subject_name]
            for r in rows
            if r.result.klass == k and r.mu_tax is not None and r.mu_value_added is not None
        ]
        if points:
            series.append(
                {"name": k, "type": "scatter", "data": points, "itemStyle": {"color": CLASS_COLORS[k]}}
            )
    return {
        "tooltip": {"trigger": "item"},
        "legend": {},
        "xAxis": {"type": "value", "name": _("亩均税收（万元/亩）")},
        "yAxis": {"type": "value", "name": _("亩均增加值（万元/亩）")},
        "series": series,
    }
