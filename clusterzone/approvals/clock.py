"""The clock of an approval case, counted only with core.workdays (Chinese working days,
statutory holidays and 调休 included):

- due = the promised limit counted in working days from the day after acceptance, extended
  by the working days of every pause; a pause covers the working days from its first day up
  to the day before it resumes (an open pause: up to today);
- working days used = the working days from the day after acceptance through the day of
  completion, less the paused ones;
- on time = completed on or before the due date.

A case of a parallel group (联审联批) runs on the group's combined deadline: the group's
limit counted from the day after the group's first acceptance on the project, extended by
the case's own pauses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from clusterzone.core.workdays import Calendar


@dataclass
class CaseClock:
    limit: int | None  # promised working days the due date is counted with
    start: date | None  # counting starts the day after this date
    paused_days: int  # working days of the pauses
    due: date | None
    working_days_used: int | None  # completed cases
    elapsed_days: int | None  # running cases: working days so far, less paused ones
    on_time: bool | None  # completed cases
    overdue_days: int  # running cases past the due date: working days after it through today
    remaining_days: int | None  # running cases before the due date
    paused_now: bool

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0

    def as_dict(self) -> dict:
        return {
            "limit_days": self.limit,
            "due": self.due.isoformat() if self.due else None,
            "paused_days": self.paused_days,
            "working_days_used": self.working_days_used,
            "elapsed_days": self.elapsed_days,
            "on_time": self.on_time,
            "overdue": self.overdue,
            "overdue_days": self.overdue_days,
            "remaining_days": self.remaining_days,
        }


def pause_days(
    calendar: Calendar, *, accepted_on: date, started_on: date, resumed_on: date | None, until: date
) -> int:
    """Working days a pause covers: from its first day (not before the day after
    acceptance) up to the day before it resumes; an open pause up to `until`."""
    first = max(started_on, accepted_on + timedelta(days=1))
    last = (resumed_on - timedelta(days=1)) if resumed_on else until
    if last < first:
        return 0
    return calendar.between(first - timedelta(days=1), last)


def case_clock(
    *,
    accepted_on: date | None,
    completed_on: date | None,
    promised_days: int,
    pauses,  # iterable of (started_on, resumed_on or None)
    calendar: Calendar,
    today: date,
    group_start: date | None = None,
    group_days: int | None = None,
) -> CaseClock:
    if accepted_on is None:
        return CaseClock(promised_days, None, 0, None, None, None, None, 0, None, False)
    until = completed_on or today
    paused, paused_now = 0, False
    for started_on, resumed_on in pauses:
        if started_on > until:
            continue
        if resumed_on is None:
            paused_now = completed_on is None
        paused += pause_days(
            calendar, accepted_on=accepted_on, started_on=started_on, resumed_on=resumed_on, until=until
        )
    start, limit = accepted_on, promised_days
    if group_start is not None and group_days:
        start, limit = group_start, group_days
    due = calendar.add(start, limit + paused)
    if completed_on is not None:
        used = calendar.between(accepted_on, completed_on) - paused
        return CaseClock(limit, start, paused, due, used, None, completed_on <= due, 0, None, False)
    elapsed = calendar.between(accepted_on, today) - paused
    if paused_now:
        return CaseClock(limit, start, paused, due, None, elapsed, None, 0, None, True)
    overdue = calendar.between(due, today) if today > due else 0
    remaining = calendar.between(today, due) if today <= due else None
    return CaseClock(limit, start, paused, due, None, elapsed, None, overdue, remaining, False)


def calendar_around(dates, today: date, longest: int) -> Calendar:
    """One Calendar covering every date given and the longest limit after them (one query)."""
    known = [d for d in dates if d is not None] + [today]
    return Calendar(min(known) - timedelta(days=1), max(known) + timedelta(days=longest * 2 + 120))
