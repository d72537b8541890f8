"""Traffic lights (红黄绿灯) as of a date, counted in Chinese working days by core.workdays.

- Against a deadline: green in time; yellow from `SUPERVISION_YELLOW_WORKDAYS` (default 3)
  working days before the deadline up to the deadline itself; red when overdue.
- Against a schedule (action items, division-of-work tasks): yellow when the reported share
  is behind the planned share by more than `SUPERVISION_PROGRESS_YELLOW` (default 10)
  points, red beyond `SUPERVISION_PROGRESS_RED` (default 30) points (银川's supervision).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings

from clusterzone.core.workdays import Calendar

from .choices import OPEN_STATUSES, Light


def yellow_workdays() -> int:
    return int(getattr(settings, "SUPERVISION_YELLOW_WORKDAYS", 3))


def deadline_light(deadline: date, as_of: date, calendar: Calendar | None = None) -> str:
    if as_of > deadline:
        return Light.RED
    cal = calendar or Calendar(as_of, deadline)
    if cal.between(as_of, deadline) <= yellow_workdays():
        return Light.YELLOW
    return Light.GREEN


def progress_light(planned: Decimal | float, actual: Decimal | float) -> str:
    """Light of an item against its schedule: shares in percent (0–100)."""
    behind = Decimal(str(planned)) - Decimal(str(actual))
    red = Decimal(str(getattr(settings, "SUPERVISION_PROGRESS_RED", 30)))
    yellow = Decimal(str(getattr(settings, "SUPERVISION_PROGRESS_YELLOW", 10)))
    if behind > red:
        return Light.RED
    if behind > yellow:
        return Light.YELLOW
    return Light.GREEN


def calendar_for(deadlines, as_of: date) -> Calendar:
    """One calendar covering as_of and every deadline (one query for the override table)."""
    days = [d for d in deadlines if d is not None] + [as_of]
    return Calendar(min(days) - timedelta(days=1), max(days) + timedelta(days=1))


def attach_problem_lights(problems, as_of: date):
    """Set `light` (None when closed) and `should_escalate` (应上报: overdue at a level that
    is not the top of its ladder) on each problem; two queries whatever the number."""
    from django.db.models import Max

    from .models import LadderLevel

    problems = list(problems)
    if not problems:
        return problems
    cal = calendar_for([p.deadline for p in problems], as_of)
    region_ids = {p.level.region_id for p in problems}
    tops = dict(
        LadderLevel.objects.filter(region_id__in=region_ids)
        .values("region_id")
        .annotate(top=Max("order"))
        .values_list("region_id", "top")
    )
    for p in problems:
        if p.status in OPEN_STATUSES:
            p.light = deadline_light(p.deadline, as_of, cal)
            p.should_escalate = p.light == Light.RED and p.level.order < tops.get(p.level.region_id, 0)
        else:
            p.light = None
            p.should_escalate = False
        p.is_top_level = p.level.order >= tops.get(p.level.region_id, 0)
    return problems
