"""Display of money, areas and percentages, one place for the whole platform.

Money is stored as Decimal 万元. Below 1亿 (10000 万元) it is shown in 万元, from 1亿 up in
亿元, as the documents write it ("15亿元", "6000万元").
"""

from decimal import ROUND_HALF_UP, Decimal

MU_PER_HECTARE = Decimal(15)
SQM_PER_MU = Decimal("666.67")


def _q(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _trim(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _grouped(value: Decimal) -> str:
    """The trimmed number with thousands separators in its integer part: 6000 → '6,000'."""
    text = _trim(value)
    sign = "-" if text.startswith("-") else ""
    whole, dot, fraction = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}{dot}{fraction}"


def money(value, *, unit: str | None = None, places: int = 2) -> str:
    """Format a 万元 amount, the platform's one money formatter (pages, exports' text,
    documents): 150000 → '15亿元', 6000 → '6,000万元', 1500.5 → '1,500.5万元', 125000000 →
    '12,500亿元' — 亿元 from 1亿 up, thousands separators in both."""
    if value is None or value == "":
        return "—"
    v = Decimal(str(value))
    if unit == "亿元" or (unit is None and abs(v) >= 10000):
        return f"{_grouped(_q(v / 10000, places))}亿元"
    return f"{_grouped(_q(v, places))}万元"


def yi_number(value, places: int = 2) -> float | None:
    """A 万元 amount as a number of 亿元 for a chart axis (two decimals); None stays None."""
    if value is None:
        return None
    return float(_q(Decimal(str(value)) / 10000, places))


def amount(value, unit: str) -> str:
    """A value with its unit as the documents write it: money (万元) through money(), any
    other unit after the trimmed number (1200 人 → '1200人', 35.50 % → '35.5%')."""
    if value is None or value == "":
        return "—"
    if unit == "万元":
        return money(value)
    return f"{_trim(_q(Decimal(str(value)), 2))}{unit}"


def area_km2(value) -> str:
    if value is None:
        return "—"
    return f"{_trim(_q(Decimal(str(value)), 2))}平方公里"


def mu(value) -> str:
    if value is None:
        return "—"
    return f"{_trim(_q(Decimal(str(value)), 2))}亩"


def percent(value, places: int = 1) -> str:
    """Exact ratio already in % → one decimal for display: Decimal('28.333') → '28.3%'."""
    if value is None:
        return "—"
    return f"{_q(Decimal(str(value)), places)}%"


def round_pct(value, places: int = 1):
    """Rounded percentage for serialisation (None stays None)."""
    if value is None:
        return None
    return float(_q(Decimal(str(value)), places))


def month_label(d) -> str:
    """2025-04-xx → '2025年4月'."""
    return f"{d.year}年{d.month}月"


def date_label(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "—"


def local_datetime(value):
    """An aware datetime in the platform's time zone (Asia/Shanghai); naive values as given."""
    from django.utils import timezone

    if value is None or timezone.is_naive(value):
        return value
    return timezone.localtime(value)


def datetime_label(value) -> str:
    """A time as pages show it, in Asia/Shanghai: 2025年4月1日 09:30."""
    if not value:
        return "—"
    v = local_datetime(value)
    return f"{v.year}年{v.month}月{v.day}日 {v:%H:%M}"


def datetime_iso(value) -> str | None:
    """A time as the API and JSON give it: ISO 8601 with the +08:00 offset."""
    return None if value is None else local_datetime(value).isoformat()
