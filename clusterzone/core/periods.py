"""THE Period type: every reporting period of the platform, in one value type.

Forms (the string is the identity used by imports, the API and the CLI):
  2025        annual
  2025Q1      quarterly
  2025-04     monthly
  2025-04H1   first half of April (1st–15th), 2025-04H2 second half (16th–end)
  2025-04D1   first ten days of April (上旬, 1st–10th), 2025-04D2 中旬 (11th–20th),
              2025-04D3 下旬 (21st to the month's end: 28, 29, 30 or 31)

A Period knows its kind, first and last day, its predecessor and successor, the same period
of the previous year, and how much of its year has elapsed at its end ("months elapsed",
used by 时间过半、任务过半). Periods of one kind are ordered.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import total_ordering

ANNUAL, QUARTERLY, MONTHLY, HALF_MONTHLY = "annual", "quarterly", "monthly", "half_monthly"
TEN_DAY = "ten_day"
KINDS = (ANNUAL, QUARTERLY, MONTHLY, HALF_MONTHLY, TEN_DAY)
KIND_LABELS = {ANNUAL: "年报", QUARTERLY: "季报", MONTHLY: "月报", HALF_MONTHLY: "半月报", TEN_DAY: "旬报"}
_KIND_ORDER = {ANNUAL: 0, QUARTERLY: 1, MONTHLY: 2, HALF_MONTHLY: 3, TEN_DAY: 4}
_PER_YEAR = {ANNUAL: 1, QUARTERLY: 4, MONTHLY: 12, HALF_MONTHLY: 24, TEN_DAY: 36}
_TEN_DAY_NAMES = {1: "上旬", 2: "中旬", 3: "下旬"}

_PATTERNS = [
    (re.compile(r"^(\d{4})$"), ANNUAL),
    (re.compile(r"^(\d{4})Q([1-4])$"), QUARTERLY),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), MONTHLY),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])H([12])$"), HALF_MONTHLY),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])D([123])$"), TEN_DAY),
]


class PeriodError(ValueError):
    pass


@total_ordering
@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    # quarter 1-4, month 1-12, half-month 1-24 (month*2-1 or month*2), ten days 1-36
    # (month*3-2, month*3-1, month*3); 1 for annual
    index: int = 1

    # ---- construction ---------------------------------------------------------------
    @classmethod
    def parse(cls, text) -> Period:
        if isinstance(text, Period):
            return text
        s = str(text).strip().upper().replace("／", "-").replace("/", "-")
        if re.fullmatch(r"\d{4}\.0", s):  # Excel float year
            s = s[:4]
        if re.fullmatch(r"\d{4}-\d", s):  # 2025-4 → 2025-04
            s = f"{s[:5]}0{s[5]}"
        if m := re.fullmatch(r"(\d{4})年(\d{1,2})月(上|中|下)旬", s):  # 2025年4月上旬
            s = f"{m.group(1)}-{int(m.group(2)):02d}D{'上中下'.index(m.group(3)) + 1}"
        for pattern, kind in _PATTERNS:
            m = pattern.match(s)
            if not m:
                continue
            year = int(m.group(1))
            if kind == ANNUAL:
                return cls(ANNUAL, year, 1)
            if kind == QUARTERLY:
                return cls(QUARTERLY, year, int(m.group(2)))
            if kind == MONTHLY:
                return cls(MONTHLY, year, int(m.group(2)))
            if kind == TEN_DAY:
                return cls(TEN_DAY, year, (int(m.group(2)) - 1) * 3 + int(m.group(3)))
            return cls(HALF_MONTHLY, year, (int(m.group(2)) - 1) * 2 + int(m.group(3)))
        raise PeriodError(f"期间“{text}”格式不正确，应为 2025、2025Q1、2025-04、2025-04H1 或 2025-04D1。")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(MONTHLY, year, month)

    @classmethod
    def containing(cls, kind: str, d: date) -> Period:
        if kind == ANNUAL:
            return cls(ANNUAL, d.year, 1)
        if kind == QUARTERLY:
            return cls(QUARTERLY, d.year, (d.month - 1) // 3 + 1)
        if kind == MONTHLY:
            return cls(MONTHLY, d.year, d.month)
        if kind == TEN_DAY:
            return cls(TEN_DAY, d.year, (d.month - 1) * 3 + min((d.day - 1) // 10, 2) + 1)
        return cls(HALF_MONTHLY, d.year, (d.month - 1) * 2 + (1 if d.day <= 15 else 2))

    def __post_init__(self):
        limit = _PER_YEAR.get(self.kind)
        if limit is None or not (1 <= self.index <= limit) or not (1900 <= self.year <= 2200):
            raise PeriodError(f"无效期间：{self.kind} {self.year} {self.index}")

    # ---- identity and order -------------------------------------------------------------
    def __str__(self) -> str:
        if self.kind == ANNUAL:
            return f"{self.year}"
        if self.kind == QUARTERLY:
            return f"{self.year}Q{self.index}"
        if self.kind == MONTHLY:
            return f"{self.year}-{self.index:02d}"
        if self.kind == TEN_DAY:
            return f"{self.year}-{self.month_of_year:02d}D{self.ten_day}"
        return f"{self.year}-{self.month_of_year:02d}H{2 - self.index % 2}"

    def __lt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return (self.end, _KIND_ORDER[self.kind]) < (other.end, _KIND_ORDER[other.kind])

    @property
    def code(self) -> str:
        return str(self)

    @property
    def label(self) -> str:
        """Chinese label as the documents write it: 2025年4月, 2025年第1季度, 2025年4月上半月,
        2025年4月上旬."""
        if self.kind == ANNUAL:
            return f"{self.year}年"
        if self.kind == QUARTERLY:
            return f"{self.year}年第{self.index}季度"
        if self.kind == MONTHLY:
            return f"{self.year}年{self.index}月"
        if self.kind == TEN_DAY:
            return f"{self.year}年{self.month_of_year}月{_TEN_DAY_NAMES[self.ten_day]}"
        return f"{self.year}年{self.month_of_year}月{'上' if self.index % 2 else '下'}半月"

    # ---- calendar ------------------------------------------------------------------------
    @property
    def month_of_year(self) -> int:
        """The (last) month the period falls in."""
        if self.kind == ANNUAL:
            return 12
        if self.kind == QUARTERLY:
            return self.index * 3
        if self.kind == MONTHLY:
            return self.index
        if self.kind == TEN_DAY:
            return (self.index + 2) // 3
        return (self.index + 1) // 2

    @property
    def ten_day(self) -> int:
        """1 (上旬), 2 (中旬) or 3 (下旬) for a ten-day period."""
        if self.kind != TEN_DAY:
            raise PeriodError(f"{self} 不是旬期间。")
        return (self.index - 1) % 3 + 1

    @property
    def start(self) -> date:
        if self.kind == ANNUAL:
            return date(self.year, 1, 1)
        if self.kind == QUARTERLY:
            return date(self.year, self.index * 3 - 2, 1)
        if self.kind == MONTHLY:
            return date(self.year, self.index, 1)
        if self.kind == TEN_DAY:
            return date(self.year, self.month_of_year, (self.ten_day - 1) * 10 + 1)
        return date(self.year, self.month_of_year, 1 if self.index % 2 else 16)

    @property
    def end(self) -> date:
        last = calendar.monthrange(self.year, self.month_of_year)[1]
        if self.kind == HALF_MONTHLY and self.index % 2:
            return date(self.year, self.month_of_year, 15)
        if self.kind == TEN_DAY and self.ten_day < 3:
            return date(self.year, self.month_of_year, self.ten_day * 10)
        return date(self.year, self.month_of_year, last)

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    @property
    def months_elapsed(self) -> Decimal:
        """Months of the year gone at the period's end: 2025-04 → 4, 2025Q1 → 3,
        2025-04H1 → 3.5, 2025-04D1 → 10/3, 2025 → 12."""
        if self.kind == HALF_MONTHLY:
            return Decimal(self.index) / 2
        if self.kind == TEN_DAY:
            return Decimal(self.index) / 3
        return Decimal(self.month_of_year)

    @property
    def year_share(self) -> Decimal:
        """Share of the year elapsed at the period's end, as a fraction (4 months → 1/3;
        a half-month is 1/24 of the year, a 旬 1/36)."""
        if self.kind == TEN_DAY:
            return Decimal(self.index) / 36
        return self.months_elapsed / 12

    # ---- navigation ----------------------------------------------------------------------
    @property
    def _per_year(self) -> int:
        return _PER_YEAR[self.kind]

    def shift(self, n: int) -> Period:
        ordinal = self.year * self._per_year + (self.index - 1) + n
        return Period(self.kind, ordinal // self._per_year, ordinal % self._per_year + 1)

    @property
    def previous(self) -> Period:
        return self.shift(-1)

    @property
    def next(self) -> Period:
        return self.shift(1)

    @property
    def last_year(self) -> Period:
        """The same period of the previous year (同比)."""
        return Period(self.kind, self.year - 1, self.index)

    def same_year_previous(self) -> Period | None:
        """The previous period in the same year, or None at the year's first period."""
        return None if self.index == 1 else self.shift(-1)

    def months(self) -> list[Period]:
        """Monthly periods from January to this period's (last) month: YTD months."""
        return [Period(MONTHLY, self.year, m) for m in range(1, self.month_of_year + 1)]

    def __iter__(self):  # not iterable: avoid accidental unpacking
        raise TypeError("Period is not iterable")


def periods_between(first: Period, last: Period) -> list[Period]:
    if first.kind != last.kind:
        raise PeriodError("起止期间的类型必须相同。")
    out, p = [], first
    while p <= last:
        out.append(p)
        p = p.next
    return out


def add_days(d: date, days: int) -> date:
    return d + timedelta(days=days)


def picker_choices(kinds=(MONTHLY,), *, selected=None, today: date | None = None, years: int = 4):
    """What a period picker offers, as optgroups newest year first: [(年份标签, [(code, label)])],
    each period labelled as pages write it (2025年4月, 2025年4月上半月, 2025年一季度, 2025年),
    never as a code. It runs from the period containing today (or the selected one, if later)
    back `years` years; a selected period outside that range is still offered, so a page
    never loses the period it shows."""
    today = today or date.today()
    if isinstance(kinds, str):
        kinds = tuple(k.strip() for k in kinds.split(",") if k.strip())
    chosen = None
    if selected not in (None, ""):
        try:
            chosen = Period.parse(selected)
        except PeriodError:
            chosen = None
    top_year = max(today.year, chosen.year if chosen else today.year)
    groups: dict[int, list[Period]] = {}
    for kind in sorted(kinds, key=lambda k: _KIND_ORDER[k]):
        last = Period.containing(kind, today)
        if chosen is not None and chosen.kind == kind and last < chosen:
            last = chosen
        p = last
        while p.year > top_year - years:
            groups.setdefault(p.year, []).append(p)
            p = p.previous
    if chosen is not None and chosen.kind in kinds and chosen not in groups.get(chosen.year, []):
        groups.setdefault(chosen.year, []).append(chosen)
    out = []
    for year in sorted(groups, reverse=True):
        # the year itself (annual) before its quarters and months, newest first inside a kind
        periods = sorted(groups[year], key=lambda p: (_KIND_ORDER[p.kind], -p.index))
        out.append((f"{year}年", [(str(p), p.label) for p in periods]))
    return out
