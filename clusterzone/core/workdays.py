"""Chinese working days: statutory holidays and adjusted workdays (调休) from
chinese-calendar, overridden by the administrator-editable table `core.HolidayOverride`.

chinese-calendar covers the years of the published State Council schedules only; for a
date beyond both it and the override table, `is_workday` falls back to Monday–Friday and
`covered()` says so, so callers can warn.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar


def _overrides(start: date, end: date) -> dict[date, bool]:
    from .models import HolidayOverride

    return dict(HolidayOverride.objects.filter(day__range=(start, end)).values_list("day", "is_workday"))


def covered(d: date) -> bool:
    """Is the date within the years the holiday data covers?"""
    try:
        chinese_calendar.is_workday(d)
        return True
    except NotImplementedError:
        from .models import HolidayOverride

        return HolidayOverride.objects.filter(day__year=d.year).exists()


def _is_workday(d: date, overrides: dict[date, bool]) -> bool:
    if d in overrides:
        return overrides[d]
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:
        return d.weekday() < 5


def is_workday(d: date) -> bool:
    return _is_workday(d, _overrides(d, d))


def add_workdays(start: date, n: int) -> date:
    """The date n working days after `start` (start itself not counted): a deadline of
    "within 3 working days" from a Friday before a holiday lands after the holiday."""
    if n < 0:
        raise ValueError("n must be >= 0")
    overrides = _overrides(start, start + timedelta(days=n * 3 + 40))
    d = start
    left = n
    while left > 0:
        d += timedelta(days=1)
        if _is_workday(d, overrides):
            left -= 1
    return d


def workdays_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    overrides = _overrides(start, end)
    count, d = 0, start
    while d < end:
        d += timedelta(days=1)
        if _is_workday(d, overrides):
            count += 1
    return count


class Calendar:
    """Working days over a date range, loaded once (chinese-calendar + the override table),
    with O(log n) 'add n working days' and 'working days between'."""

    def __init__(self, start: date, end: date):
        self.start = start
        self.end = end
        overrides = self.overrides = _overrides(start, end)
        days = (end - start).days + 1
        self.cum = [0] * (days + 1)  # cum[i] = working days in [start, start+i)
        self.work_offsets = []
        for i in range(days):
            d = start + timedelta(days=i)
            w = _is_workday(d, overrides)
            self.cum[i + 1] = self.cum[i] + (1 if w else 0)
            if w:
                self.work_offsets.append(i)

    def _i(self, d: date) -> int:
        return (d - self.start).days

    def add(self, start: date, n: int) -> date:
        """The date n working days after `start` (start not counted)."""
        if n <= 0:
            return start
        if not (self.start <= start <= self.end):
            return add_workdays(start, n)
        k = self.cum[self._i(start) + 1]  # working days up to and including start
        idx = k + n - 1
        if idx >= len(self.work_offsets):
            return add_workdays(start, n)  # beyond the loaded range: the plain count
        return self.start + timedelta(days=self.work_offsets[idx])

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`."""
        if end <= start:
            return 0
        if start < self.start or end > self.end:  # outside the loaded range: day by day
            count, d = 0, start
            while d < end:
                d += timedelta(days=1)
                count += _is_workday(d, self.overrides)
            return count
        return self.cum[self._i(end) + 1] - self.cum[self._i(start) + 1]
