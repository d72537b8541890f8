"""Reminders of the problem ledger, run as a scheduled job: each open problem due within
the yellow window (default 3 working days) or overdue, as of a date, notifies its unit
once per deadline (the key holds the deadline, so a new deadline brings a new reminder)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from .choices import OPEN_STATUSES, ActionStatus, Light
from .lights import attach_problem_lights, calendar_for, deadline_light
from .models import ActionItem, Problem
from .notify import action_event, problem_event


def problem_reminders_run(*, as_of: date | None = None) -> dict[str, int]:
    as_of = as_of or timezone.localdate()
    qs = Problem.objects.filter(status__in=OPEN_STATUSES).select_related(
        "cluster", "responsible_unit", "level", "raised_by"
    )
    counts = {"due_soon": 0, "overdue": 0}
    for p in attach_problem_lights(qs, as_of):
        event = {Light.YELLOW: "due_soon", Light.RED: "overdue"}.get(p.light)
        if event:
            problem_event(event, p, occurrence=f"{p.deadline:%Y%m%d}")
            counts[event] += 1
    return counts


def action_reminders_run(*, as_of: date | None = None) -> dict[str, int]:
    """Open action items (督办事项) due within the yellow window or overdue, by their
    deadline: one reminder per item, event and deadline."""
    as_of = as_of or timezone.localdate()
    counts = {"due_soon": 0, "overdue": 0}
    items = ActionItem.objects.filter(status=ActionStatus.OPEN).select_related("meeting", "owner_unit")
    items = list(items)
    cal = calendar_for([i.deadline for i in items], as_of) if items else None
    for item in items:
        event = {Light.YELLOW: "due_soon", Light.RED: "overdue"}.get(
            deadline_light(item.deadline, as_of, cal)
        )
        if event:
            action_event(event, item, occurrence=f"{item.deadline:%Y%m%d}")
            counts[event] += 1
    return counts
