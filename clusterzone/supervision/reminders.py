"""Reminders of the problem ledger, run as a scheduled job: each open problem due within
the yellow window (default 3 working days) or overdue, as of a date, notifies its unit
once per deadline (the key holds the deadline, so a new deadline brings a new reminder)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from .choices import OPEN_STATUSES, Light
from .lights import attach_problem_lights
from .models import Problem
from .notify import problem_event


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
