"""Reads of the service-unit evaluation: criteria and ratings in the user's scope, and the
monthly results ranked by the one assessment engine (assessment.engine.compute on the
inputs of the "unit" subject, see subject.py).

    results(region=, month=, bottom=None) -> list[UnitResult]   every department of the region
    results_for(user=, month=, region=None) -> Results           what the user may see of them
    latest_month(region) -> "YYYY-MM" | None
    bottom_units_for_bulletin(user=, period=)                      the 督查通报's names

A department's liaison sees its own unit's score, rank, points and comments; no reading
here returns who rated (the rater is not even read for the results). Queries are constant:
criteria, units, ratings aggregated, the ledger's figures and the comments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Max
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.accounts.models import Region
from clusterzone.assessment import engine
from clusterzone.core.exceptions import DomainError
from clusterzone.core.periods import Period, PeriodError

from . import subject
from .models import Criterion, Rating

RESULT_KIND = "evaluationresult"


def criterion_list(*, user):
    return policy.scope(user, Criterion).select_related("region")


def rating_list(*, user):
    return policy.scope(user, Rating).select_related(
        "unit", "rater_unit", "rater_enterprise", "criterion", "entered_by"
    )


def parse_month(value) -> str:
    try:
        period = Period.parse(value)
    except (PeriodError, ValueError):
        period = None
    if period is None or period.kind != "monthly":
        raise DomainError(_("月份应写作 YYYY-MM，如 2026-04。"), field="month")
    return str(period)


def bottom_count() -> int:
    return int(getattr(settings, "EVALUATION_BOTTOM_N", 2))


@dataclass
class UnitResult:
    unit_id: int
    name: str
    score: Decimal | None
    rank: int | None
    flagged: bool
    excluded: bool
    ratings: int  # how many ratings (not who gave them)
    means: dict = field(default_factory=dict)  # criterion code → mean (Decimal) or None
    points: dict = field(default_factory=dict)  # criterion code → points (Decimal)
    flags: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    comments: list = field(default_factory=list)

    @property
    def status_label(self) -> str:
        if self.excluded:
            return _("本期无评议")
        if self.rank is None:
            return _("评议项目不全，不排名")
        return _("通报问责") if self.flagged else ""


@dataclass
class Results:
    region: Region
    month: str
    criteria: list
    rows: list  # UnitResult, ranked first
    bottom: int
    total: int = 0  # units ranked in the region

    @property
    def month_label(self) -> str:
        return Period.parse(self.month).label


def results(*, region: Region, month: str, bottom: int | None = None, criteria=None) -> tuple[list, list]:
    """(criteria, rows): every department of the region ranked by the engine for the month."""
    criteria = criteria if criteria is not None else subject.criteria_of(region)
    bottom = bottom_count() if bottom is None else bottom
    if not criteria:
        return criteria, []
    definition = subject.definition_for(region, month, criteria, bottom=bottom)
    inputs = subject.read_inputs(definition, int(month[:4]), region, criteria=criteria)
    entries = inputs["subjects"]
    rows = []
    for r in engine.compute(definition, inputs):
        entry = entries[r.subject]
        rows.append(
            UnitResult(
                unit_id=int(r.subject),
                name=r.name,
                score=None if r.excluded else r.score,
                rank=r.rank,
                flagged=bool(r.outcome),
                excluded=r.excluded,
                ratings=entry["ratings"],
                means={c.code: _dec(entry["measures"].get(f"{c.code}.value")) for c in criteria},
                points={k.removesuffix(".value"): v for k, v in r.points.items()},
                flags=list(r.flags),
                notes=list(entry.get("notes") or []),
            )
        )
    return criteria, rows


def _dec(v):
    return None if v is None else Decimal(str(v))


def result_region(user, region=None) -> Region | None:
    """The region whose results the user reads: the one asked for (within the user's own
    region subtree), else the user's unit's region."""
    unit = getattr(user, "unit", None) if getattr(user, "unit_id", None) else None
    own = unit.region if unit is not None else None
    if region is None:
        return own
    if isinstance(region, str):
        region = Region.objects.filter(code=region).first()
        if region is None:
            return None
    if policy.is_global(user) or (own is not None and region.path.startswith(own.path)):
        return region
    return None


def latest_month(region) -> str | None:
    return Rating.objects.filter(unit__region=region).aggregate(m=Max("month"))["m"]


def results_for(*, user, month: str | None = None, region=None) -> Results:
    """The month's results the user may see (404-style: nothing of units outside the scope);
    PermissionDenied for a role that reads no results."""
    if not policy.may(user, "view", RESULT_KIND):
        from clusterzone.core.exceptions import PermissionDenied

        raise PermissionDenied()
    region = result_region(user, region)
    if region is None:
        from clusterzone.core.exceptions import NotFound

        raise NotFound()
    month = parse_month(month) if month else (latest_month(region) or _this_month())
    criteria, rows = results(region=region, month=month)
    visible = set(policy.result_units(user, RESULT_KIND).filter(region=region).values_list("pk", flat=True))
    total = sum(1 for r in rows if r.rank is not None)
    rows = [r for r in rows if r.unit_id in visible]
    attach_comments(rows, month)
    return Results(
        region=region, month=month, criteria=criteria, rows=rows, bottom=bottom_count(), total=total
    )


def attach_comments(rows, month: str) -> None:
    """The month's comments on each unit, without their raters, in text order (one query)."""
    by_unit = {r.unit_id: r for r in rows}
    if not by_unit:
        return
    seen = set()
    for unit_id, comment in (
        Rating.objects.filter(month=month, unit__in=list(by_unit))
        .exclude(comment="")
        .values_list("unit", "comment")
        .order_by("unit", "comment")
    ):
        if (unit_id, comment) not in seen:
            seen.add((unit_id, comment))
            by_unit[unit_id].comments.append(comment)


def _this_month() -> str:
    from django.utils import timezone

    today = timezone.localdate()
    return f"{today.year:04d}-{today.month:02d}"


def unit_latest(*, user) -> UnitResult | None:
    """A department liaison's own unit in the latest month rated (for the workbench)."""
    if not getattr(user, "unit_id", None) or not policy.may(user, "view", RESULT_KIND):
        return None
    month = latest_month(user.unit.region)
    if month is None:
        return None
    found = results_for(user=user, month=month)
    row = next((r for r in found.rows if r.unit_id == user.unit_id), None)
    if row is not None:
        row.month = month
        row.total = found.total
    return row


def bottom_latest(*, user) -> Results | None:
    """The office's bottom-rated units of the latest month rated (for the workbench)."""
    if not getattr(user, "unit_id", None) or not policy.may(user, "view", RESULT_KIND):
        return None
    month = latest_month(user.unit.region)
    if month is None:
        return None
    found = results_for(user=user, month=month)
    found.rows = [r for r in found.rows if r.flagged]
    return found


def bottom_units_for_bulletin(*, user, period):
    """[(name, score, rank)] flagged in the period's month (the last month of a longer
    period) for the user's region; None when no unit of the region was rated then."""
    region = result_region(user)
    if region is None or not policy.may(user, "view", RESULT_KIND):
        return None
    month = period if period.kind == "monthly" else Period.containing("monthly", period.end)
    month = str(month)
    if not Rating.objects.filter(unit__region=region, month=month).exists():
        return None
    _criteria, rows = results(region=region, month=month)
    return [(r.name, r.score, r.rank) for r in rows if r.flagged]
