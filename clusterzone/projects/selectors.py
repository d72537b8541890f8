"""Reads of the projects module, always starting from the policy's scope, with constant
query counts: the project list, a project's stage history / milestones / investment, the
leader's page, a cluster's project summary, overdue milestones and the quota check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.accounts.models import OrgUnit, Region
from clusterzone.registry.models import Cluster

from .choices import BAND_RANGES, STAGE_PATH, Band, Stage
from .models import (
    DEFAULT_MIN_INTENSITY,
    Project,
    ProjectInvestment,
    ProjectMilestone,
    ProjectStageChange,
    Quota,
    UnitQuota,
)

ZERO = Decimal(0)
MONEY = DecimalField(max_digits=16, decimal_places=2)


def _today() -> dt.date:
    return timezone.localdate()


def _invested_subquery():
    return Coalesce(
        Subquery(
            ProjectInvestment.objects.filter(project=OuterRef("pk"))
            .order_by()
            .values("project")
            .annotate(s=Sum("amount"))
            .values("s")[:1],
            output_field=MONEY,
        ),
        Value(ZERO),
        output_field=MONEY,
    )


def _overdue_subquery(today: dt.date):
    return Coalesce(
        Subquery(
            ProjectMilestone.objects.filter(
                project=OuterRef("pk"), actual_date__isnull=True, planned_date__lt=today
            )
            .order_by()
            .values("project")
            .annotate(c=Count("pk"))
            .values("c")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def project_list(*, user, today: dt.date | None = None):
    """Projects the user may see, with `invested` (cumulative completed investment, 万元)
    and `overdue_count` (overdue milestones) annotated; one query per page."""
    today = today or _today()
    return (
        policy.scope(user, Project)
        .select_related("cluster", "cluster__region", "leader", "industry", "category", "investor")
        .annotate(invested=_invested_subquery(), overdue_count=_overdue_subquery(today))
    )


# --- one project ---------------------------------------------------------------------------


@dataclass
class StageSpan:
    stage: str
    label: str
    start: dt.date
    end: dt.date | None  # None: current stage
    days: int
    from_label: str
    reason: str
    actor: str


def stage_history(project: Project, *, today: dt.date | None = None) -> list[StageSpan]:
    """The project's stages in order with the days spent in each (the current one up to
    today; 投产 and 终止 are final and show 0 days after their date)."""
    today = today or _today()
    changes = list(
        ProjectStageChange.objects.filter(project=project).select_related("actor").order_by("date", "id")
    )
    spans = []
    for i, ch in enumerate(changes):
        end = changes[i + 1].date if i + 1 < len(changes) else None
        if end is None:
            days = 0 if ch.to_stage in (Stage.PRODUCING, Stage.TERMINATED) else (today - ch.date).days
        else:
            days = (end - ch.date).days
        spans.append(
            StageSpan(
                stage=ch.to_stage,
                label=str(Stage(ch.to_stage).label),
                start=ch.date,
                end=end,
                days=days,
                from_label=str(Stage(ch.from_stage).label) if ch.from_stage else "",
                reason=ch.reason,
                actor=str(ch.actor) if ch.actor else _("系统"),
            )
        )
    return spans


@dataclass
class InvestmentRow:
    period: str
    year: int
    month: int
    amount: Decimal
    cumulative: Decimal
    share: Decimal | None  # % of total investment, exact


def investment_rows(project: Project) -> list[InvestmentRow]:
    rows, cumulative = [], ZERO
    total = Decimal(project.total_investment or 0)
    for inv in ProjectInvestment.objects.filter(project=project).order_by("year", "month"):
        cumulative += inv.amount
        rows.append(
            InvestmentRow(
                period=inv.period,
                year=inv.year,
                month=inv.month,
                amount=inv.amount,
                cumulative=cumulative,
                share=(cumulative * 100 / total) if total else None,
            )
        )
    return rows


def investment_share(invested, total) -> Decimal | None:
    total = Decimal(total or 0)
    return Decimal(invested or 0) * 100 / total if total else None


@dataclass
class IntensityCheck:
    intensity: Decimal | None  # 万元/亩
    minimum: Decimal
    ok: bool | None  # None when no land area


# The cluster's minimum investment intensity is its land policy's (land.LandPolicy, edited by
# the office); the land app registers the reader when it starts, so projects does not import
# land. Without a policy the county clusters' 216 万元/亩 applies.
_intensity_source = None


def set_intensity_source(reader) -> None:
    """reader(cluster) -> Decimal | None: the cluster's minimum from its land policy."""
    global _intensity_source
    _intensity_source = reader


def min_intensity(cluster) -> Decimal:
    value = _intensity_source(cluster) if _intensity_source is not None else None
    return value if value is not None else DEFAULT_MIN_INTENSITY


def intensity_check(project: Project, minimum: Decimal | None = None) -> IntensityCheck:
    """Investment intensity (total investment / land, 万元/亩) against the cluster's minimum."""
    minimum = min_intensity(project.cluster) if minimum is None else minimum
    value = project.intensity
    return IntensityCheck(intensity=value, minimum=minimum, ok=None if value is None else value >= minimum)


def milestones(project: Project, *, today: dt.date | None = None) -> list[ProjectMilestone]:
    today = today or _today()
    rows = list(
        ProjectMilestone.objects.filter(project=project)
        .select_related("responsible_unit")
        .order_by("planned_date", "id")
    )
    for m in rows:
        m.overdue = m.is_overdue(today)
        m.overdue_days = (today - m.planned_date).days if m.overdue else 0
    return rows


def overdue_milestones(*, user, today: dt.date | None = None, leader=None, cluster=None):
    """Overdue milestones (planned date passed, not done) in the user's scope, optionally of
    one leader's or one cluster's projects."""
    today = today or _today()
    qs = (
        ProjectMilestone.objects.filter(
            project__in=policy.scope(user, Project), actual_date__isnull=True, planned_date__lt=today
        )
        .select_related("project", "project__cluster", "project__leader", "responsible_unit")
        .order_by("planned_date", "id")
    )
    if leader is not None:
        qs = qs.filter(project__leader=leader)
    if cluster is not None:
        qs = qs.filter(project__cluster=cluster)
    return qs


def overdue_by_leader(*, user, today: dt.date | None = None) -> list[dict]:
    today = today or _today()
    rows = (
        overdue_milestones(user=user, today=today)
        .order_by()
        .values("project__leader", "project__leader__full_name", "project__leader__username")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return [
        {
            "leader_id": r["project__leader"],
            "leader": r["project__leader__full_name"] or r["project__leader__username"] or _("未指定"),
            "count": r["n"],
        }
        for r in rows
    ]


def overdue_by_cluster(*, user, today: dt.date | None = None) -> list[dict]:
    today = today or _today()
    rows = (
        overdue_milestones(user=user, today=today)
        .order_by()
        .values("project__cluster", "project__cluster__name")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return [
        {"cluster_id": r["project__cluster"], "cluster": r["project__cluster__name"], "count": r["n"]}
        for r in rows
    ]


# --- the leader's page ---------------------------------------------------------------------


def my_projects(*, user, today: dt.date | None = None):
    """The projects the user leads (分包领导), with this month's investment annotated."""
    today = today or _today()
    month = Coalesce(
        Subquery(
            ProjectInvestment.objects.filter(
                project=OuterRef("pk"), year=today.year, month=today.month
            ).values("amount")[:1],
            output_field=MONEY,
        ),
        Value(None, output_field=MONEY),
    )
    return (
        project_list(user=user, today=today)
        .filter(leader=user)
        .annotate(month_investment=month)
        .order_by("cluster__code", "code")
    )


# --- a cluster's project page --------------------------------------------------------------


def cluster_summary(*, user, cluster: Cluster, year: int | None = None) -> dict:
    """Counts and amounts by stage and by band, and this year's new starts and productions."""
    year = year or _today().year
    qs = policy.scope(user, Project).filter(cluster=cluster)
    by_stage = {
        r["stage"]: r
        for r in qs.order_by().values("stage").annotate(n=Count("pk"), amount=Sum("total_investment"))
    }
    by_band = {
        r["band"]: r
        for r in qs.order_by().values("band").annotate(n=Count("pk"), amount=Sum("total_investment"))
    }
    stages = [
        {
            "stage": s,
            "label": str(Stage(s).label),
            "count": by_stage.get(s, {}).get("n", 0),
            "amount": by_stage.get(s, {}).get("amount") or ZERO,
        }
        for s in [*STAGE_PATH, Stage.TERMINATED]
    ]
    bands = [
        {
            "band": r.band,
            "label": str(Band(r.band).label),
            "count": by_band.get(r.band, {}).get("n", 0),
            "amount": by_band.get(r.band, {}).get("amount") or ZERO,
        }
        for r in BAND_RANGES
    ]
    base = qs.select_related("leader").order_by("code")
    started = list(base.filter(start_date__year=year))
    producing = list(base.filter(production_date__year=year))
    total = qs.aggregate(n=Count("pk"), amount=Sum("total_investment"))
    return {
        "year": year,
        "stages": stages,
        "bands": bands,
        "total_count": total["n"],
        "total_amount": total["amount"] or ZERO,
        "new_starts": started,
        "new_starts_amount": sum((p.total_investment for p in started), ZERO),
        "productions": producing,
        "productions_amount": sum((p.total_investment for p in producing), ZERO),
    }


# --- quotas ("1233工程") --------------------------------------------------------------------


@dataclass
class QuotaLine:
    min: Decimal
    max: Decimal | None
    required: int
    achieved: int = 0
    projects: list = field(default_factory=list)

    @property
    def missing(self) -> int:
        return max(self.required - self.achieved, 0)

    def as_dict(self) -> dict:
        return {
            "min": _num(self.min),
            "max": _num(self.max),
            "required": self.required,
            "achieved": self.achieved,
            "missing": self.missing,
            "projects": [p.code for p in self.projects],
        }


@dataclass
class UnitQuotaLine(QuotaLine):
    unit_id: int = 0
    unit: str = ""
    basis: str = "signed"  # "in_place": a project counts by its funds in place (到资)

    def as_dict(self) -> dict:
        return {"unit_id": self.unit_id, "unit": self.unit, "basis": self.basis, **super().as_dict()}


def _num(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _in_range(amount, lo, hi) -> bool:
    return amount >= lo and (hi is None or amount < hi)


def quota_projects(region: Region, year: int):
    """Projects of the region's clusters signed or started in `year` (terminated ones not
    counted): the candidates of the quota check."""
    return (
        Project.objects.filter(cluster__region__path__startswith=region.path)
        .exclude(stage=Stage.TERMINATED)
        .filter(Q(sign_date__year=year) | Q(start_date__year=year))
        .select_related("attracted_by")
        .order_by("-total_investment", "code")
    )


def quota_check(*, region: Region, year: int, user=None) -> dict:
    """Required, achieved and missing per band of the region's quotas and per unit quota.

    A project counts once, in the band its total investment falls in (lower bound
    inclusive, upper exclusive); for a unit, in the highest of its quota minimums it meets.
    """
    if user is not None and not policy.can(user, "view", region):
        from clusterzone.core.exceptions import NotFound

        raise NotFound()
    projects = list(quota_projects(region, year))
    lines = [
        QuotaLine(min=q.min_amount, max=q.max_amount, required=q.count)
        for q in Quota.objects.filter(region=region, year=year).order_by("-min_amount")
    ]
    for p in projects:
        for line in lines:
            if _in_range(p.total_investment, line.min, line.max):
                line.achieved += 1
                line.projects.append(p)
                break
    unit_quotas = (
        UnitQuota.objects.filter(unit__region__path__startswith=region.path, year=year)
        .select_related("unit")
        .order_by("unit__name", "-min_amount")
    )
    unit_lines: dict[int, list[UnitQuotaLine]] = {}
    for q in unit_quotas:
        unit_lines.setdefault(q.unit_id, []).append(
            UnitQuotaLine(
                min=q.min_amount,
                max=None,
                required=q.count,
                unit_id=q.unit_id,
                unit=q.unit.name,
                basis=q.basis,
            )
        )
    # 到资: the funds actually received up to the year's end against the project's agreement
    in_place = {}
    if any(line.basis == "in_place" for group in unit_lines.values() for line in group):
        in_place = dict(
            Project.objects.filter(pk__in=[p.pk for p in projects])
            .annotate(
                paid=Sum(
                    "lead__agreement__payments__amount",
                    filter=Q(lead__agreement__payments__date__year__lte=year),
                )
            )
            .values_list("pk", "paid")
        )
    for p in projects:
        for line in unit_lines.get(p.attracted_by_id, []):  # highest minimum first
            amount = (in_place.get(p.pk) or ZERO) if line.basis == "in_place" else p.total_investment
            if amount >= line.min:
                line.achieved += 1
                line.projects.append(p)
                break
    units = [line for group in unit_lines.values() for line in group]
    return {
        "region": {"code": region.code, "name": region.name},
        "year": year,
        "bands": lines,
        "units": units,
        "complete": all(line.missing == 0 for line in [*lines, *units]),
    }


def quota_check_json(result: dict) -> dict:
    return {
        "region": result["region"],
        "year": result["year"],
        "bands": [line.as_dict() for line in result["bands"]],
        "units": [line.as_dict() for line in result["units"]],
        "complete": result["complete"],
    }


def quota_list(*, user):
    return policy.scope(user, Quota).select_related("region")


def unit_quota_list(*, user):
    return policy.scope(user, UnitQuota).select_related("unit", "unit__region")


def units_in_scope(*, user):
    return policy.scope(user, OrgUnit)
