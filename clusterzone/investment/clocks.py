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

from django.db.models import OuterRef, Q, Subquery
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

    def __init__(self, ClockRule=None):
        if ClockRule is None:  # a migration passes its historical model
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


def _deadline(*, stage, stage_entered_at, last_followup, numbers, calendar):
    """(kind, working days, started, deadline) of a lead's clock, or None."""
    if stage not in CLOCKED_STAGES or stage_entered_at is None:
        return None
    kind = STAGE_CLOCK.get(stage)
    if kind and (last_followup is None or last_followup < stage_entered_at):
        started = stage_entered_at
    else:
        kind = ClockKind.PROGRESS
        started = max(d for d in (last_followup, stage_entered_at) if d is not None)
    n = numbers[kind]
    return kind, n, started, calendar.add(started, n)


def clock_of(*, stage, stage_entered_at, last_followup, numbers, calendar, today) -> Clock | None:
    found = _deadline(
        stage=stage, stage_entered_at=stage_entered_at, last_followup=last_followup,
        numbers=numbers, calendar=calendar,
    )  # fmt: skip
    if found is None:
        return None
    kind, n, started, deadline = found
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


# --------------------------------------------------------------------------- stored deadlines


def refresh_deadlines(where: Q | None = None, *, apps=None) -> dict[int, date | None]:
    """Recompute the stored `Lead.clock_deadline` of the leads matching `where` (all leads
    when None) and write the ones that changed. A fixed number of queries for any number of
    leads (the rows, the rules, the holiday overrides, the updates in batches of 1,000);
    returns {lead id: new deadline} of the leads updated. Writes no history and leaves lock_version alone:
    the deadline is derived data, not an edit. `apps`: a migration's historical apps."""
    if apps is None:
        from .models import ClockRule, Lead, LeadFollowUp
    else:
        Lead, LeadFollowUp, ClockRule = (
            apps.get_model("investment", name) for name in ("Lead", "LeadFollowUp", "ClockRule")
        )

    qs = Lead.objects.all() if where is None else Lead.objects.filter(where)
    rows = list(
        qs.annotate(
            last_followup=Subquery(
                LeadFollowUp.objects.filter(lead=OuterRef("pk")).order_by("-date").values("date")[:1]
            )
        ).values_list(
            "id", "stage", "stage_entered_at", "last_followup", "cluster__region__path", "clock_deadline"
        )
    )
    if not rows:
        return {}
    clocked = [r for r in rows if r[1] in CLOCKED_STAGES and r[2]]
    rules = Rules(ClockRule) if clocked else None
    calendar = None
    if clocked:
        starts = [max(d for d in (r[2], r[3]) if d) for r in clocked]
        calendar = calendar_for(starts, max(starts), rules.longest)
    changed = []
    for pk, stage, entered, last, path, stored in rows:
        found = None
        if calendar is not None:
            found = _deadline(
                stage=stage, stage_entered_at=entered, last_followup=last,
                numbers=rules.for_path(path), calendar=calendar,
            )  # fmt: skip
        deadline = found[3] if found else None
        if deadline != stored:
            changed.append(Lead(pk=pk, clock_deadline=deadline))
    if changed:
        Lead.objects.bulk_update(changed, ["clock_deadline"], batch_size=1000)
    return {le.pk: le.clock_deadline for le in changed}


def refresh_lead(lead) -> None:
    """Recompute one lead's stored deadline (after a service wrote it) and set it on the instance."""
    changed = refresh_deadlines(Q(pk=lead.pk))
    if lead.pk in changed:
        lead.clock_deadline = changed[lead.pk]


def overdue_cutoff(today: date | None = None) -> date:
    """The latest working day on or before `today`. A lead is overdue (its clock has at least
    one working day past the deadline, as `Clock.overdue`) exactly when its stored deadline
    is before this day."""
    today = today or timezone.localdate()
    calendar = Calendar(today - timedelta(days=60), today)
    if not calendar.work_offsets:
        return today
    return calendar.start + timedelta(days=calendar.work_offsets[-1])


def overdue_q(today: date | None = None) -> Q:
    """Filter for the overdue leads by their stored deadline: one indexed comparison."""
    return Q(clock_deadline__lt=overdue_cutoff(today))


def refresh_region_deadlines(*paths: str | None) -> None:
    """Recompute the stored deadlines of the leads of clusters in these regions (and below);
    all leads when a path is unknown (None)."""
    if any(p is None for p in paths) or not paths:
        refresh_deadlines(Q(stage__in=CLOCKED_STAGES) | Q(clock_deadline__isnull=False))
        return
    where = Q()
    for path in set(paths):
        where |= Q(cluster__region__path__startswith=path)
    refresh_deadlines(where & (Q(stage__in=CLOCKED_STAGES) | Q(clock_deadline__isnull=False)))
