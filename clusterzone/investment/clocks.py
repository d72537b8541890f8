"""Stage clocks of leads: service commitments counted in Chinese working days.

A lead in an open stage is on one clock at a time:
- the stage's own clock (接洽 → respond within 1 working day, 考察 → assess within 3,
  洽谈/意向 → feed back within 7) runs from the day the lead entered the stage until the
  first follow-up recorded on or after that day;
- after that, the progress clock (report every 14 working days) runs from the latest
  follow-up (a signed lead not yet landed is on this clock from its signing).

The numbers are a region's ClockRule rows (the nearest region up the tree wins) or
DEFAULT_CLOCKS. `attach_clocks` computes the clocks of many leads with a fixed number of
queries (the rules, the holiday overrides) so list pages stay constant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.core.workdays import Calendar

from .choices import DEFAULT_CLOCKS, ClockKind, LeadStage

STAGE_CLOCK = {
    LeadStage.CONTACT: ClockKind.CONTACT,
    LeadStage.VISIT: ClockKind.VISIT,
    LeadStage.NEGOTIATE: ClockKind.NEGOTIATE,
    LeadStage.INTENT: ClockKind.INTENT,
}
CLOCKED_STAGES = {*STAGE_CLOCK, LeadStage.SIGNED}


@dataclass
class Clock:
    kind: str
    workdays: int
    started: date
    deadline: date
    overdue_days: int  # working days past the deadline (0 = within)

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0

    @property
    def label(self) -> str:
        if self.overdue:
            return _("已超时%(n)d个工作日") % {"n": self.overdue_days}
        return _("%(m)d月%(d)d日前") % {"m": self.deadline.month, "d": self.deadline.day}

    @property
    def kind_label(self) -> str:
        return str(ClockKind(self.kind).label)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "kind_label": self.kind_label,
            "workdays": self.workdays,
            "started": self.started.isoformat(),
            "deadline": self.deadline.isoformat(),
            "overdue": self.overdue,
            "overdue_days": self.overdue_days,
            "label": self.label,
        }


class Rules:
    """ClockRule rows by region path; `for_path` resolves the nearest region's numbers."""

    def __init__(self):
        from .models import ClockRule

        self.by_path: dict[str, dict[str, int]] = {}
        for path, stage, n in ClockRule.objects.values_list("region__path", "stage", "workdays"):
            self.by_path.setdefault(path, {})[stage] = n
        self._cache: dict[str, dict[str, int]] = {}
        self.longest = max(
            [*DEFAULT_CLOCKS.values(), *(n for r in self.by_path.values() for n in r.values())]
        )

    def for_path(self, path: str | None) -> dict[str, int]:
        path = path or ""
        if path in self._cache:
            return self._cache[path]
        result = dict(DEFAULT_CLOCKS)
        # apply from the top of the tree down, so the nearest region wins
        for prefix in sorted((p for p in self.by_path if path.startswith(p)), key=len):
            result.update(self.by_path[prefix])
        self._cache[path] = result
        return result


def clock_of(*, stage, stage_entered_at, last_followup, numbers, calendar, today) -> Clock | None:
    if stage not in CLOCKED_STAGES or stage_entered_at is None:
        return None
    kind = STAGE_CLOCK.get(stage)
    if kind and (last_followup is None or last_followup < stage_entered_at):
        started = stage_entered_at
    else:
        kind = ClockKind.PROGRESS
        started = max(d for d in (last_followup, stage_entered_at) if d is not None)
    n = numbers[kind]
    deadline = calendar.add(started, n)
    return Clock(kind, n, started, deadline, calendar.between(deadline, today) if today > deadline else 0)


def calendar_for(dates, today: date, longest: int = 14) -> Calendar:
    known = [d for d in dates if d is not None] + [today]
    return Calendar(min(known) - timedelta(days=1), max(known) + timedelta(days=longest * 3 + 60))


def attach_clocks(leads, *, today: date | None = None) -> list:
    """Set `lead.clock` (a Clock or None) on each lead. Each lead needs `last_followup`
    (annotated by the selector) and `cluster.region` loaded. Two queries in all."""
    leads = list(leads)
    today = today or timezone.localdate()
    if not leads:
        return leads
    rules = Rules()
    starts = [
        max([d for d in (getattr(le, "last_followup", None), le.stage_entered_at) if d] or [today])
        for le in leads
    ]
    calendar = calendar_for(starts, today, rules.longest)
    for lead in leads:
        lead.clock = clock_of(
            stage=lead.stage,
            stage_entered_at=lead.stage_entered_at,
            last_followup=getattr(lead, "last_followup", None),
            numbers=rules.for_path(lead.cluster.region.path),
            calendar=calendar,
            today=today,
        )
    return leads


def overdue_ids(rows, *, today: date | None = None) -> list[int]:
    """Ids of overdue leads among rows of (id, stage, stage_entered_at, last_followup,
    region path) — used by the 'overdue' filter without loading whole objects."""
    today = today or timezone.localdate()
    rows = [r for r in rows if r[1] in CLOCKED_STAGES]
    if not rows:
        return []
    rules = Rules()
    starts = [max(d for d in (r[2], r[3]) if d) for r in rows if r[2] or r[3]]
    calendar = calendar_for(starts, today, rules.longest)
    result = []
    for pk, stage, entered, last, path in rows:
        clock = clock_of(
            stage=stage, stage_entered_at=entered, last_followup=last,
            numbers=rules.for_path(path), calendar=calendar, today=today,
        )  # fmt: skip
        if clock and clock.overdue:
            result.append(pk)
    return result
