"""Reads of the approval service, always from the policy's scope, with constant query
counts: matters, cases with their clocks, a project's approval plan, the statistics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Min, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy

from .choices import DEFAULT_PROMISE_DAYS, ApprovalStage, CaseStatus
from .clock import calendar_around, case_clock
from .models import (
    ApprovalCase,
    ApprovalMatter,
    ApprovalPause,
    ApprovalPromise,
    ApprovalWindow,
    ParallelGroup,
)


def _today() -> dt.date:
    return timezone.localdate()


def matter_list(*, user):
    return policy.scope(user, ApprovalMatter).select_related(
        "department", "department__region", "window", "group"
    )


def window_list(*, user):
    return policy.scope(user, ApprovalWindow).select_related("region")


def group_list(*, user):
    return policy.scope(user, ParallelGroup).select_related("lead_department", "lead_department__region")


def case_list(*, user):
    """Cases the user may see, with what their pages, API and clock need (pauses prefetched)."""
    return (
        policy.scope(user, ApprovalCase)
        .select_related(
            "project", "project__cluster", "project__cluster__region", "matter", "matter__department",
            "matter__window", "group", "agent", "handler",
        )
        .prefetch_related(Prefetch("pauses", queryset=ApprovalPause.objects.order_by("started_on", "id")))
    )  # fmt: skip


def _group_windows(cases) -> dict[tuple[int, int], tuple[dt.date | None, int]]:
    """(project, group) → (first acceptance, longest promised limit) over the project's
    cases of the group (all of them, also those outside the current page): one query."""
    keys = {(c.project_id, c.group_id) for c in cases if c.group_id}
    if not keys:
        return {}
    rows = (
        ApprovalCase.objects.filter(project_id__in={k[0] for k in keys}, group_id__in={k[1] for k in keys})
        .values("project_id", "group_id")
        .annotate(start=Min("accepted_on"), longest=Max("matter__promised_days"))
        .order_by()
    )
    return {(r["project_id"], r["group_id"]): (r["start"], r["longest"]) for r in rows}


def attach_clocks(cases, *, today: dt.date | None = None) -> list:
    """Set `case.clock` on each case (pauses prefetched, matter and group loaded): two
    queries in all (the groups' starts, the holiday overrides)."""
    cases = list(cases)
    today = today or _today()
    if not cases:
        return cases
    groups = _group_windows(cases)
    dates = [c.accepted_on for c in cases] + [c.completed_on for c in cases]
    longest = max(
        [c.matter.promised_days for c in cases] + [c.group.promised_days or 0 for c in cases if c.group_id]
    )
    paused_total = sum(((p.resumed_on or today) - p.started_on).days for c in cases for p in c.pauses.all())
    calendar = calendar_around(dates, today, longest + paused_total)
    for case in cases:
        group_start = group_days = None
        if case.group_id:
            start, longest_in_group = groups.get((case.project_id, case.group_id), (None, None))
            group_start, group_days = start, case.group.promised_days or longest_in_group
        case.clock = case_clock(
            accepted_on=case.accepted_on,
            completed_on=case.completed_on,
            promised_days=case.matter.promised_days,
            pauses=[(p.started_on, p.resumed_on) for p in case.pauses.all()],
            calendar=calendar,
            today=today,
            group_start=group_start,
            group_days=group_days,
        )
    return cases


def case_with_clock(case: ApprovalCase, *, today: dt.date | None = None) -> ApprovalCase:
    return attach_clocks([case], today=today)[0]


def case_problem(case: ApprovalCase, *, user):
    """The problem the case raised in the ledger when it ran overdue, if the user may see it."""
    from clusterzone.supervision.models import Problem

    from .reminders import case_problem_key

    return policy.scope(user, Problem).filter(source_key=case_problem_key(case.pk)).first()


def promise_days(region) -> int:
    """The promise of the nearest region up the tree (the reform's 120 without one)."""
    paths = [p for p in _ancestor_paths(region.path)]
    rows = dict(ApprovalPromise.objects.filter(region__path__in=paths).values_list("region__path", "days"))
    for path in sorted(rows, key=len, reverse=True):
        return rows[path]
    return DEFAULT_PROMISE_DAYS


def _ancestor_paths(path: str) -> list[str]:
    segs = [s for s in path.split("/") if s]
    return ["/".join(segs[:n]) + "/" for n in range(1, len(segs) + 1)]


# --- a project's approval plan ----------------------------------------------------------


@dataclass
class PlanStage:
    stage: int
    label: str
    cases: list = field(default_factory=list)
    done: int = 0
    running: int = 0
    paused: int = 0
    not_started: int = 0
    start: dt.date | None = None
    end: dt.date | None = None  # actual (all done) or projected
    projected: bool = False


@dataclass
class ApprovalPlan:
    project: object
    stages: list[PlanStage]
    start: dt.date | None  # the first acceptance
    projected_end: dt.date | None
    promise_days: int
    promise_date: dt.date | None
    projected_days: int | None  # working days from the first acceptance to the projected end
    within_promise: bool | None
    cases: list


def approval_plan(project, *, user, today: dt.date | None = None) -> ApprovalPlan:
    """The four stages of the project's approvals: what is done, running, paused or not
    started, and the projected end against the region's promise. Stages follow one another;
    inside a stage cases run in parallel. A case not yet accepted is projected to start when
    the stage before it ends (or today) and to take its promised limit; a running case ends
    at its due date (today when already overdue)."""
    today = today or _today()
    cases = attach_clocks(case_list(user=user).filter(project=project), today=today)
    promise = promise_days(project.cluster.region)
    accepted = [c.accepted_on for c in cases if c.accepted_on]
    start = min(accepted) if accepted else None
    calendar = calendar_around([start, *(c.clock.due for c in cases)], today, promise + 200)
    stages, previous_end = [], None
    for value, label in ApprovalStage.choices:
        st = PlanStage(value, str(label), [c for c in cases if c.matter.stage == value])
        ends = []
        for c in st.cases:
            if c.status == CaseStatus.COMPLETED:
                st.done += 1
                c.plan_end, c.plan_projected = c.completed_on, False
            elif c.accepted_on is None:
                st.not_started += 1
                begin = max(d for d in (previous_end, today) if d)
                c.plan_end, c.plan_projected = calendar.add(begin, c.matter.promised_days), True
            else:
                if c.clock.paused_now:
                    st.paused += 1
                else:
                    st.running += 1
                c.plan_end, c.plan_projected = max(c.clock.due, today), True
            ends.append(c.plan_end)
            c.plan_start = c.accepted_on
        begins = [c.accepted_on for c in st.cases if c.accepted_on]
        st.start = min(begins) if begins else None
        st.end = max(ends) if ends else None
        st.projected = any(c.plan_projected for c in st.cases)
        if st.end:
            previous_end = max(d for d in (previous_end, st.end) if d)
        stages.append(st)
    projected_end = previous_end
    promise_date = calendar.add(start, promise) if start else None
    projected_days = calendar.between(start, projected_end) if start and projected_end else None
    within = (projected_end <= promise_date) if promise_date and projected_end else None
    return ApprovalPlan(
        project, stages, start, projected_end, promise, promise_date, projected_days, within, cases
    )


# --- statistics -------------------------------------------------------------------------


@dataclass
class StatRow:
    key: object
    label: str
    cases: int = 0  # accepted cases
    completed: int = 0
    on_time: int = 0
    total_used: int = 0
    longest: int | None = None
    pauses: int = 0
    paused_days: int = 0
    elapsed_days: int = 0  # working days from acceptance to completion (or today), pauses included
    entries: int = 0
    late_entries: int = 0

    @property
    def average(self) -> Decimal | None:
        return Decimal(self.total_used) / self.completed if self.completed else None

    @property
    def on_time_rate(self) -> Decimal | None:
        return Decimal(self.on_time) * 100 / self.completed if self.completed else None

    @property
    def pause_share(self) -> Decimal | None:
        return Decimal(self.paused_days) * 100 / self.elapsed_days if self.elapsed_days else None

    @property
    def late_share(self) -> Decimal | None:
        return Decimal(self.late_entries) * 100 / self.entries if self.entries else None

    def add(self, case) -> None:
        clock = case.clock
        self.cases += 1
        self.pauses += len(case.pauses.all())
        self.paused_days += clock.paused_days
        self.entries += case.entry_count
        self.late_entries += case.late_count
        if clock.working_days_used is not None:
            self.completed += 1
            self.total_used += clock.working_days_used
            self.longest = max(self.longest or 0, clock.working_days_used)
            self.on_time += 1 if clock.on_time else 0
            self.elapsed_days += clock.working_days_used + clock.paused_days
        else:
            self.elapsed_days += (clock.elapsed_days or 0) + clock.paused_days

    def as_dict(self) -> dict:
        from clusterzone.core.units import round_pct

        return {
            "key": self.key, "label": self.label, "cases": self.cases, "completed": self.completed,
            "average_days": round_pct(self.average), "longest_days": self.longest,
            "on_time": self.on_time, "on_time_rate": round_pct(self.on_time_rate), "pauses": self.pauses,
            "paused_days": self.paused_days, "pause_share": round_pct(self.pause_share),
            "entries": self.entries, "late_entries": self.late_entries, "late_share": round_pct(self.late_share),
        }  # fmt: skip


STAT_GROUPINGS = {
    "matter": _("审批事项"),
    "department": _("审批部门"),
    "window": _("办理窗口"),
    "month": _("受理月份"),
}


def _stat_key(case, by):
    if by == "matter":
        return case.matter_id, str(case.matter)
    if by == "department":
        return case.matter.department_id, case.matter.department.name
    if by == "window":
        window = case.matter.window
        return (window.pk, str(window)) if window else (None, _("未设窗口"))
    return f"{case.accepted_on:%Y-%m}", f"{case.accepted_on.year}年{case.accepted_on.month}月"


def case_statistics(*, user, by: str = "matter", period=None, cases=None, today: dt.date | None = None):
    """Accepted cases (of `period` by acceptance date, when given) per matter, department,
    window or month: cases, average and longest working days used, on-time rate, pauses and
    their share of the elapsed working days, entries recorded late (补录). Returns (rows,
    total). Constant queries: cases, pauses, entry counts, groups, holidays."""
    if by not in STAT_GROUPINGS:
        by = "matter"
    qs = cases if cases is not None else case_list(user=user)
    qs = qs.filter(accepted_on__isnull=False)
    if period is not None:
        qs = qs.filter(accepted_on__range=(period.start, period.end))
    qs = qs.annotate(
        entry_count=Count("events", distinct=True),
        late_count=Count("events", filter=Q(events__late=True), distinct=True),
    )
    rows: dict = {}
    total = StatRow("total", _("合计"))
    for case in attach_clocks(qs, today=today):
        key, label = _stat_key(case, by)
        row = rows.get(key)
        if row is None:
            row = rows[key] = StatRow(key, str(label))
        row.add(case)
        total.add(case)
    return sorted(rows.values(), key=lambda r: str(r.key)), total


# --- the project's approval timeline (ECharts) -------------------------------------------

STAGE_COLOURS = {1: "#2f6fb2", 2: "#2e9e6a", 3: "#d08a1f", 4: "#8a55b5"}


def timeline_option(plan: ApprovalPlan, *, today: dt.date | None = None) -> dict:
    """ECharts option: one bar per case from acceptance to completion (or today), coloured
    by stage, with its pauses drawn over it in grey and the due date marked."""
    today = today or _today()
    cases = [c for c in plan.cases if c.accepted_on]
    labels = [f"{c.matter.name}" for c in cases]
    bars, pauses, dues = [], [], []
    for i, c in enumerate(cases):
        end = c.completed_on or today
        bars.append({
            "value": [i, c.accepted_on.isoformat(), end.isoformat(), c.matter.stage],
            "itemStyle": {"color": STAGE_COLOURS[c.matter.stage]},
            "name": f"{c.get_status_display()}",
        })  # fmt: skip
        for p in c.pauses.all():
            pauses.append({"value": [i, p.started_on.isoformat(), (p.resumed_on or end).isoformat()],
                           "name": p.get_kind_display()})  # fmt: skip
        if c.clock.due:
            dues.append([c.clock.due.isoformat(), i])
    return {
        "stages": {
            str(v): {"label": str(label), "colour": STAGE_COLOURS[v]} for v, label in ApprovalStage.choices
        },
        "categories": labels,
        "bars": bars,
        "pauses": pauses,
        "dues": dues,
        "today": today.isoformat(),
        "height": max(220, 80 + 30 * len(labels)),
        "promise_date": plan.promise_date.isoformat() if plan.promise_date else None,
    }
