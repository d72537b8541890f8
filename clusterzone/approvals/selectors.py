"""Reads of the approval service, always from the policy's scope, with constant query
counts: matters, cases with their clocks, a project's approval plan, the statistics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max, Min, Prefetch
from django.utils import timezone

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
