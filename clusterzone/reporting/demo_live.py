"""The demo in the present (`load_live_demo(today=...)`, run by `clusterzone demo`).

The seed figures (reporting/demo.py) stay at their true dates. From there up to the month
before the one being reported now, every demo cluster gets plausible approved 月度统计
figures, and the current period gets a few reports in each state, so every page that
defaults to "the latest period with data" shows something and the monthly cycle can be
walked with the demo logins:

- a flow (revenue, fai, tax) is year-to-date: between two known points of a year (the seed
  months, or 0 at the start and the year's total at December) it follows the cluster's own
  seasonal shape (its cumulative monthly shares in a full year of seed data, otherwise a
  typical shape with slow January–February);
- a year without a known December total gets a target (目标责任书) of the previous year's
  total grown by the cluster's growth rate, and reaches that target times the cluster's
  performance factor (0.84–1.05): some clusters are ahead, some lag "时间过半任务过半";
- employees (a stock) move linearly between known points, +3% a year;
- the period being reported now (Period.containing(today).previous) gets a few reports in
  each state: submitted, returned (with a reason) and draft; other clusters owe theirs.

Idempotent: only missing submissions, values and targets are written, so the seed figures,
anything a user typed and the current reports already there are never overwritten. Run on a
later day it extends the figures: a demo report of a period that has since closed is
approved and completed.
"""

from __future__ import annotations

import zlib
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from clusterzone.core.periods import Period
from clusterzone.core.services import stamp_history
from clusterzone.registry.models import Cluster

from .choices import SubmissionAction, SubmissionStatus
from .demo import REASON, VALUES, _indicators, _monthly_dataset
from .models import Submission, SubmissionEvent, Target, Value

FIRST_YEAR = 2024
FLOWS = ("revenue", "fai", "tax")
STOCKS = ("employees",)
# typical cumulative share of a year's total at the end of each month (Jan–Dec), in percent
TYPICAL_SHAPE = (6, 13, 22, 30, 39, 48, 56, 64, 73, 82, 91, 100)
STOCK_GROWTH = Decimal("1.03")
RETURN_REASON = "税收收入较上年同期变化较大，请核实后重报。"
# the current period's demo reports: cluster code → state (the others owe theirs)
CURRENT_STATES = {
    "41042301": SubmissionStatus.RETURNED,  # 鲁山: its reporter sees a returned report
    "41048101": SubmissionStatus.SUBMITTED,  # 舞钢
    "41142401": SubmissionStatus.DRAFT,  # 柘城
    "41170201": SubmissionStatus.SUBMITTED,
    "41172301": SubmissionStatus.SUBMITTED,
    "41170202": SubmissionStatus.RETURNED,
    "41172601": SubmissionStatus.DRAFT,
}


def _hash(code: str, salt: str) -> int:
    return zlib.crc32(f"{code}:{salt}".encode())


def growth(code: str) -> Decimal:
    """The cluster's target growth over last year's total: 8%–18%."""
    return Decimal(8 + _hash(code, "growth") % 11) / 100


def performance(code: str) -> Decimal:
    """How far the cluster reaches its target in a generated year: 0.84–1.05."""
    return Decimal(84 + _hash(code, "performance") % 22) / 100


def _round(x: Decimal, step: int = 1) -> Decimal:
    return (x / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def reporting_now(today: date) -> Period:
    """The month being reported now: the last month that has ended."""
    return Period.containing("monthly", today).previous


def last_filled(today: date) -> Period:
    """The last month filled with approved figures: the one before the month being reported."""
    return reporting_now(today).previous


class _Series:
    """Known and generated figures of one cluster's indicator."""

    def __init__(self, code: str, indicator: str):
        self.code, self.indicator = code, indicator
        self.known = {
            year: {m: Decimal(v) for m, v in per.get(indicator, {}).items()}
            for year, per in VALUES.get(code, {}).items()
        }
        full = self.known.get(2024, {})
        if indicator in FLOWS and len(full) == 12 and full[12]:
            self.shape = [full[m] * 100 / full[12] for m in range(1, 13)]
        else:
            self.shape = [Decimal(s) for s in TYPICAL_SHAPE]

    def share(self, month: int) -> Decimal:
        return Decimal(0) if month == 0 else self.shape[month - 1]

    def target(self, year: int) -> Decimal | None:
        """The generated target of a year (last year's total grown), None without a base."""
        base = self.total(year - 1)
        if base is None:
            return None
        return _round(base * (1 + growth(self.code)), 100)

    def total(self, year: int) -> Decimal | None:
        """The year's December figure: known, or generated from the target."""
        known = self.known.get(year, {})
        if 12 in known:
            return known[12]
        if year <= 2025 or year < FIRST_YEAR:
            return None
        if self.indicator in STOCKS:
            before = self.total(year - 1)
            return None if before is None else _round(before * STOCK_GROWTH)
        target = self.target(year)
        return None if target is None else _round(target * performance(self.code))

    def value(self, year: int, month: int) -> Decimal | None:
        known = self.known.get(year, {})
        if month in known:
            return known[month]
        points = dict(known)
        total = self.total(year)
        if total is not None:
            points.setdefault(12, total)
        if self.indicator in STOCKS:
            start = self.total(year - 1)
            if start is not None:
                points.setdefault(0, start)
        else:
            points.setdefault(0, Decimal(0))
        before = [m for m in points if m < month]
        after = [m for m in points if m > month]
        if not before or not after:
            return None
        a, b = max(before), min(after)
        if self.indicator in STOCKS:
            weight = Decimal(month - a) / (b - a)
        else:
            span = self.share(b) - self.share(a)
            weight = (self.share(month) - self.share(a)) / span if span else Decimal(1)
        return _round(points[a] + (points[b] - points[a]) * weight)


def _aware(d: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(hour, 0)))


@transaction.atomic
def load_live_demo(*, today: date | None = None, stdout=None) -> dict[str, int]:
    """Fill the demo clusters' monthly figures up to the month before the one being reported
    on `today`, this year's targets, and the current period's reports (see the module)."""
    today = today or timezone.localdate()
    indicators = _indicators()
    ds = _monthly_dataset(indicators)
    for code in (*FLOWS, *STOCKS):
        if not ds.items.filter(indicator__code=code).exists():
            ds.items.create(indicator=indicators[code], order=ds.items.count() + 1)
    clusters = {c.code: c for c in Cluster.objects.filter(code__in=list(VALUES))}
    ds.clusters.add(*clusters.values())
    now, last = reporting_now(today), last_filled(today)
    first = Period.month(FIRST_YEAR, 1)
    months = []
    p = first
    while not last < p:
        months.append(p)
        p = p.next
    series = {(code, ind): _Series(code, ind) for code in clusters for ind in (*FLOWS, *STOCKS)}
    counts = {"submissions": 0, "values": 0, "targets": 0, "approved": 0}

    subs = {
        (s.cluster.code, s.period): s
        for s in Submission.objects.filter(dataset=ds, cluster__in=list(clusters.values())).select_related(
            "cluster"
        )
    }
    have = set(
        Value.objects.filter(submission__dataset=ds, cluster__in=list(clusters.values())).values_list(
            "cluster__code", "indicator__code", "period"
        )
    )

    def wanted(code, period: Period, indicators_=None):
        out = []
        for ind in indicators_ or (*FLOWS, *STOCKS):
            v = series[(code, ind)].value(period.year, period.month_of_year)
            if v is not None:
                out.append((ind, v))
        return out

    # submissions: approved for every filled month, the current period's demo reports
    plan: dict[tuple[str, str], str] = {}
    for code in clusters:
        for p in months:
            if wanted(code, p):
                plan[(code, str(p))] = SubmissionStatus.APPROVED
        if code in CURRENT_STATES:
            plan[(code, str(now))] = CURRENT_STATES[code]
    new_subs = []
    for (code, period), status in sorted(plan.items()):
        p = Period.parse(period)
        s = subs.get((code, period))
        if s is None:
            s = Submission(
                dataset=ds,
                cluster=clusters[code],
                period=period,
                period_end=p.end,
                due_date=ds.due_date(p),
                status=status,
                comment=REASON,
            )
            if status in (SubmissionStatus.SUBMITTED, SubmissionStatus.RETURNED, SubmissionStatus.APPROVED):
                s.submitted_at = _aware(min(s.due_date, today), 9)
            if status == SubmissionStatus.APPROVED:
                s.approved_at = _aware(min(s.due_date, today), 16)
            if status == SubmissionStatus.RETURNED:
                s.return_reason = RETURN_REASON
            new_subs.append(s)
        elif status == SubmissionStatus.APPROVED and s.status != status and s.comment == REASON:
            # a demo report of a period that has closed since the last run
            s.status, s.approved_at = status, _aware(min(s.due_date, today), 16)
            s.submitted_at = s.submitted_at or s.approved_at
            stamp_history(s, actor=None, reason=REASON)
            s.save()
            counts["approved"] += 1
    if new_subs:
        bulk_create_with_history(new_subs, Submission, default_change_reason=REASON)
        counts["submissions"] = len(new_subs)
        subs = {
            (s.cluster.code, s.period): s
            for s in Submission.objects.filter(
                dataset=ds, cluster__in=list(clusters.values())
            ).select_related("cluster")
        }
        events = []
        created = {(x.cluster.code, x.period) for x in new_subs}
        for key, s in subs.items():
            if key not in created:
                continue
            if s.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.RETURNED):
                events.append(
                    SubmissionEvent(
                        submission=s,
                        action=SubmissionAction.SUBMIT,
                        reason=REASON,
                        from_status=SubmissionStatus.DRAFT,
                        to_status=SubmissionStatus.SUBMITTED,
                    )
                )
            if s.status == SubmissionStatus.RETURNED:
                events.append(
                    SubmissionEvent(
                        submission=s,
                        action=SubmissionAction.RETURN,
                        reason=RETURN_REASON,
                        from_status=SubmissionStatus.SUBMITTED,
                        to_status=SubmissionStatus.RETURNED,
                    )
                )
        SubmissionEvent.objects.bulk_create(events)

    # values: only missing ones (a draft of the current period gets half of them)
    new_values = []
    for code, period in sorted(plan):
        s = subs[(code, period)]
        if s.comment != REASON and s.status != SubmissionStatus.APPROVED:
            continue  # a report someone is working on: leave it to them
        p = Period.parse(period)
        inds = (*FLOWS, *STOCKS)
        if s.status == SubmissionStatus.DRAFT:
            inds = FLOWS[:2]
        for ind, v in wanted(code, p, inds):
            if (code, ind, period) in have:
                continue
            new_values.append(
                Value(
                    submission=s,
                    cluster=clusters[code],
                    indicator=indicators[ind],
                    period=period,
                    year=p.year,
                    value=v,
                )
            )
    if new_values:
        bulk_create_with_history(new_values, Value, default_change_reason=REASON, batch_size=500)
        counts["values"] = len(new_values)

    # targets: from 2025 to this year, where none is set
    stored = set(
        Target.objects.filter(cluster__in=list(clusters.values())).values_list(
            "cluster__code", "indicator__code", "year"
        )
    )
    new_targets = []
    for code in clusters:
        for year in range(2025, today.year + 1):
            for ind in FLOWS:
                if (code, ind, year) in stored:
                    continue
                t = series[(code, ind)].target(year)
                if t is not None:
                    new_targets.append(
                        Target(cluster=clusters[code], indicator=indicators[ind], year=year, value=t)
                    )
    if new_targets:
        bulk_create_with_history(new_targets, Target, default_change_reason=REASON)
        counts["targets"] = len(new_targets)
    if stdout is not None:
        stdout.write(
            _(
                "统计演示数据（至今）：已审核数据填至%(last)s，当前报送期%(now)s；本次新增报表 %(submissions)d 份、"
                "数据 %(values)d 项、年度目标 %(targets)d 项，转为已审核 %(approved)d 份。"
            )
            % {**counts, "last": last.label, "now": now.label}
        )
    return counts
