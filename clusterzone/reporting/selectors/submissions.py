"""Reads of submissions: the scoped list, the entry sheet of one submission (each indicator
with the previous period and the same period last year beside it), its event log and the
history of its values — each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.core import units

from .. import validation
from ..choices import SubmissionStatus
from ..models import Indicator, Submission, SubmissionEvent, Value


def _num(value, empty: str = "—") -> str:
    return empty if value is None else validation.fmt(value)


def submission_list(*, user, filters: dict | None = None) -> QuerySet:
    """Submissions the user may see, with what a list row shows (constant queries)."""
    qs = policy.scope(user, Submission).select_related(
        "dataset", "cluster", "cluster__region", "cluster__region__parent"
    )
    filters = filters or {}
    if filters.get("dataset"):
        qs = qs.filter(dataset__code=filters["dataset"])
    if filters.get("cluster"):
        qs = qs.filter(cluster__code=filters["cluster"])
    if filters.get("period"):
        qs = qs.filter(period=filters["period"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    return qs


def submission_api_list(*, user) -> QuerySet:
    """The list with each submission's values prefetched (the API shows them)."""
    return submission_list(user=user).prefetch_related(
        Prefetch("values", queryset=Value.objects.select_related("indicator").order_by("indicator__order"))
    )


@dataclass
class EntryRow:
    indicator: Indicator
    value: Decimal | None
    previous: Decimal | None
    last_year: Decimal | None
    derived: bool = False
    raw: str | None = None  # what the user typed, when re-showing a refused form
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    figure: object = None  # prefill.Figure: the platform's figure from its records, if any
    override_reason: str = ""  # kept with the stored value when it differs from the figure
    raw_reason: str | None = None
    from_items: bool = False  # computed from the report's items (half-monthly), not typed

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def reason_name(self) -> str:
        return f"r_{self.indicator.code}"

    @property
    def reason_value(self) -> str:
        return self.raw_reason if self.raw_reason is not None else self.override_reason

    @property
    def figure_text(self) -> str:
        return "" if self.figure is None else validation.fmt(self.figure.value)

    @property
    def prefilled(self) -> bool:
        """The input shows the platform's figure because nothing is stored yet."""
        return self.figure is not None and self.value is None and self.raw is None

    @property
    def differs(self) -> bool:
        """The stored value differs from the platform's figure (the review shows it)."""
        return self.figure is not None and self.value is not None and self.value != self.figure.value

    @property
    def input_name(self) -> str:
        return f"v_{self.indicator.code}"

    @property
    def input_value(self) -> str:
        if self.raw is not None:
            return self.raw
        if self.value is None and self.figure is not None:
            return validation.fmt(self.figure.value)
        return "" if self.value is None else validation.fmt(self.value)

    @property
    def value_text(self) -> str:
        return _num(self.value)

    @property
    def previous_text(self) -> str:
        return _num(self.previous)

    @property
    def last_year_text(self) -> str:
        return _num(self.last_year)

    @property
    def yoy_text(self) -> str:
        pct = self.yoy_pct
        return ("+" if pct is not None and pct > 0 else "") + units.percent(pct)

    @property
    def yoy_pct(self) -> Decimal | None:
        if self.value is None or not self.last_year:
            return None
        return (self.value - self.last_year) / abs(self.last_year) * 100

    @property
    def outlier(self) -> str:
        """Why the reviewer should look at this value ("" when nothing stands out): it breaks a
        validation rule, or it is more than REPORTING_OUTLIER_FACTOR times (default 3) or less
        than its inverse of the same period last year."""
        if self.errors:
            return _("不符合校验规则")
        factor = Decimal(str(getattr(settings, "REPORTING_OUTLIER_FACTOR", 3)))
        if self.value is None or not self.last_year or self.last_year < 0 or self.value < 0:
            return ""
        if self.value > self.last_year * factor:
            return _("超过上年同期的%(f)s倍") % {"f": units._trim(factor)}
        if self.value * factor < self.last_year:
            return _("不足上年同期的%(f)s分之一") % {"f": units._trim(factor)}
        return ""


@dataclass
class EntrySheet:
    submission: Submission
    rows: list[EntryRow]
    report: validation.ValidationReport
    previous_label: str
    last_year_label: str

    @property
    def has_figures(self) -> bool:
        return any(r.figure is not None for r in self.rows)

    @property
    def outliers(self) -> list[EntryRow]:
        return [r for r in self.rows if r.outlier]

    @property
    def differences(self) -> list[EntryRow]:
        """Reported values that differ from the platform's figures (shown in review)."""
        return [r for r in self.rows if r.differs]


def submission_entry(
    submission: Submission,
    *,
    raw: dict[str, str] | None = None,
    report: validation.ValidationReport | None = None,
    raw_reasons: dict[str, str] | None = None,
) -> EntrySheet:
    """The entry sheet: stored values (or the refused input `raw`), neighbours, derived values
    computed, and the validation report of the stored values unless `report` is given; the
    platform's pre-filled figures beside the indicators it derives (an empty input shows the
    figure), with the reason kept where the stored value differs."""
    from .. import items, prefill

    ctx = validation.load_context(submission)
    computed = set(items.computed_codes(submission.dataset))
    codes = [c for c, ind in ctx.indicators.items() if not ind.is_derived and c not in computed]
    figures = prefill.prefill_values(codes, [submission.cluster], ctx.period)[submission.cluster_id]
    reasons = (
        dict(
            Value.objects.filter(
                cluster_id=submission.cluster_id, period=submission.period, indicator__code__in=list(figures)
            )
            .exclude(override_reason="")
            .values_list("indicator__code", "override_reason")
        )
        if figures
        else {}
    )
    if report is None:
        report = validation.validate(submission, dict(ctx.stored), context=ctx)
    derived = validation.compute_derived(ctx, ctx.stored)
    rows = []
    for code, ind in ctx.indicators.items():
        is_derived = ind.is_derived
        if is_derived:
            value = derived.get(code)
            prev_env, ly_env = ctx.previous, ctx.last_year
            prev = _evaluate(ind, prev_env)
            ly = _evaluate(ind, ly_env)
        else:
            value, prev, ly = ctx.stored.get(code), ctx.previous.get(code), ctx.last_year.get(code)
        rows.append(
            EntryRow(
                indicator=ind,
                value=value,
                previous=prev,
                last_year=ly,
                derived=is_derived,
                raw=None if raw is None or is_derived else raw.get(code),
                errors=report.errors.get(code, []),
                warnings=report.warnings.get(code, []),
                figure=None if is_derived else figures.get(code),
                override_reason=reasons.get(code, ""),
                raw_reason=None if raw_reasons is None else raw_reasons.get(code),
                from_items=code in computed,
            )
        )
    period = ctx.period
    return EntrySheet(
        submission=submission,
        rows=rows,
        report=report,
        previous_label=period.previous.label,
        last_year_label=period.last_year.label,
    )


def _evaluate(ind: Indicator, env: dict) -> Decimal | None:
    from .. import formulas

    try:
        return formulas.parse(ind.formula).evaluate(env)
    except formulas.FormulaError:
        return None


def submission_events(submission: Submission) -> list[SubmissionEvent]:
    return list(submission.events.select_related("actor").order_by("-at", "-id"))


@dataclass
class ValueChange:
    code: str
    name: str
    unit: str
    when: datetime
    user: str
    old: Decimal | None
    new: Decimal | None
    reason: str

    @property
    def old_text(self) -> str:
        return _num(self.old, _("（空）"))

    @property
    def new_text(self) -> str:
        return _num(self.new, _("（空）"))


def value_history(submission: Submission, limit: int = 500) -> list[ValueChange]:
    """Every change of the submission's values, newest first: who, when, old → new (one query)."""
    records = list(
        Value.history.filter(cluster_id=submission.cluster_id, period=submission.period)
        .select_related("history_user", "indicator")
        .order_by("indicator_id", "history_date", "history_id")
    )
    out: list[ValueChange] = []
    last: dict[int, Decimal | None] = {}
    for rec in records:
        old = last.get(rec.indicator_id)
        new = None if rec.history_type == "-" else rec.value
        last[rec.indicator_id] = new
        user = rec.history_user
        out.append(
            ValueChange(
                code=rec.indicator.code,
                name=rec.indicator.name,
                unit=rec.indicator.unit,
                when=rec.history_date,
                user=str(user) if user else _("系统"),
                old=old,
                new=new,
                reason=rec.history_change_reason or "",
            )
        )
    out.sort(key=lambda c: c.when, reverse=True)
    return out[:limit]


@dataclass
class DueForm:
    dataset_code: str
    dataset_name: str
    cluster_code: str
    cluster_name: str
    period: str
    period_label: str
    due_date: date
    status: str
    overdue: bool
    submission_id: int | None


def due_forms(*, user, today: date | None = None, horizon_days: int = 40, lookback: int = 3) -> list[DueForm]:
    """Forms the user's clusters must report — the current period and the `lookback` - 1
    before it, due within `horizon_days` or overdue — not yet submitted (missing, draft or
    returned), earliest due first.
    Constant queries: clusters with their data sets, and the existing submissions."""
    from datetime import timedelta

    from django.utils import timezone

    from clusterzone.core.periods import Period

    today = today or timezone.localdate()
    clusters = policy.editable_clusters(user) if user is not None else None
    if clusters is None:
        return []
    from ..scope import datasets_reported_by, owes

    datasets = []
    for ds, members in datasets_reported_by(clusters).values():
        ds.due_clusters = members
        datasets.append(ds)
    candidates = []
    for ds in datasets:
        # the current period and the ones just before it
        current = Period.containing(ds.period_kind, today)
        for period in (current.shift(-k) for k in range(0, lookback)):
            due = ds.due_date(period)
            if due > today + timedelta(days=horizon_days):
                continue
            for c in ds.due_clusters:
                if not owes(ds, c, period):
                    continue
                candidates.append((ds, c, period, due))
    if not candidates:
        return []
    existing = {
        (s.dataset_id, s.cluster_id, s.period): s
        for s in Submission.objects.filter(
            dataset_id__in={d.pk for d, *_ in candidates},
            cluster_id__in={c.pk for _, c, *_ in candidates},
            period__in={str(p) for *_, p, _ in candidates},
        ).only("id", "dataset_id", "cluster_id", "period", "status")
    }
    out = []
    for ds, c, period, due in candidates:
        s = existing.get((ds.pk, c.pk, str(period)))
        if s is not None and s.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED):
            continue
        out.append(
            DueForm(
                dataset_code=ds.code,
                dataset_name=ds.name,
                cluster_code=c.code,
                cluster_name=c.name,
                period=str(period),
                period_label=period.label,
                due_date=due,
                status=s.status if s else "",
                overdue=due < today,
                submission_id=s.pk if s else None,
            )
        )
    out.sort(key=lambda d: (d.due_date, d.dataset_code, d.cluster_code))
    return out
