from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterzone.core.periods import Period, PeriodError, periods_between


@pytest.mark.parametrize(
    "text,kind,start,end,label",
    [
        ("2025", "annual", date(2025, 1, 1), date(2025, 12, 31), "2025年"),
        ("2025Q1", "quarterly", date(2025, 1, 1), date(2025, 3, 31), "2025年第1季度"),
        ("2025-04", "monthly", date(2025, 4, 1), date(2025, 4, 30), "2025年4月"),
        ("2025-04H1", "half_monthly", date(2025, 4, 1), date(2025, 4, 15), "2025年4月上半月"),
        ("2024-02H2", "half_monthly", date(2024, 2, 16), date(2024, 2, 29), "2024年2月下半月"),
    ],
)
def test_parse_and_calendar(text, kind, start, end, label):
    p = Period.parse(text)
    assert (p.kind, p.start, p.end, p.label, str(p)) == (kind, start, end, label, text)


@pytest.mark.parametrize("bad", ["2025Q5", "2025-13", "2025-04H3", "25-04", "", "abc"])
def test_bad_periods_are_refused_in_chinese(bad):
    with pytest.raises(PeriodError, match="格式不正确"):
        Period.parse(bad)


def test_lenient_forms_from_excel():
    assert str(Period.parse("2025.0")) == "2025"
    assert str(Period.parse("2025-4")) == "2025-04"
    assert str(Period.parse("2025/04")) == "2025-04"


def test_months_elapsed_and_year_share():
    # 鲁山's report "止4月底": four months of twelve are gone
    assert Period.parse("2025-04").months_elapsed == 4
    assert Period.parse("2025-04").year_share == Decimal(1) / 3
    assert Period.parse("2025Q1").months_elapsed == 3
    assert Period.parse("2025-04H1").months_elapsed == Decimal("3.5")
    assert Period.parse("2025").months_elapsed == 12


def test_navigation():
    p = Period.parse("2025-01")
    assert str(p.previous) == "2024-12" and str(p.next) == "2025-02"
    assert str(p.last_year) == "2024-01"
    assert p.same_year_previous() is None
    assert str(Period.parse("2025-04").same_year_previous()) == "2025-03"
    assert str(Period.parse("2025-01H1").previous) == "2024-12H2"
    assert str(Period.parse("2025Q1").previous) == "2024Q4"
    assert [str(m) for m in Period.parse("2025Q1").months()] == ["2025-01", "2025-02", "2025-03"]
    assert [str(x) for x in periods_between(Period.parse("2025-03H2"), Period.parse("2025-04H2"))] == [
        "2025-03H2",
        "2025-04H1",
        "2025-04H2",
    ]


def test_ordering_and_containing():
    assert Period.parse("2024-12") < Period.parse("2025-01") < Period.parse("2025-02")
    assert str(Period.containing("half_monthly", date(2025, 4, 16))) == "2025-04H2"
    assert str(Period.containing("quarterly", date(2025, 5, 1))) == "2025Q2"


@given(
    st.sampled_from(["annual", "quarterly", "monthly", "half_monthly", "ten_day"]),
    st.integers(1990, 2100),
    st.integers(-60, 60),
)
def test_round_trip_and_shift(kind, year, n):
    p = Period.containing(kind, date(year, 6, 20))
    assert Period.parse(str(p)) == p
    assert p.shift(n).shift(-n) == p
    if n > 0:
        assert p.shift(n) > p


# --- ten-day periods (旬): 上旬 1–10, 中旬 11–20, 下旬 21 to the month's end ---------------------


@pytest.mark.parametrize(
    "text,start,end,label",
    [
        ("2025-04D1", date(2025, 4, 1), date(2025, 4, 10), "2025年4月上旬"),
        ("2025-04D2", date(2025, 4, 11), date(2025, 4, 20), "2025年4月中旬"),
        ("2025-04D3", date(2025, 4, 21), date(2025, 4, 30), "2025年4月下旬"),
        ("2025-05D3", date(2025, 5, 21), date(2025, 5, 31), "2025年5月下旬"),
        ("2024-02D3", date(2024, 2, 21), date(2024, 2, 29), "2024年2月下旬"),  # leap year
        ("2025-02D3", date(2025, 2, 21), date(2025, 2, 28), "2025年2月下旬"),
    ],
)
def test_ten_day_parse_and_calendar(text, start, end, label):
    p = Period.parse(text)
    assert (p.kind, p.start, p.end, p.label, str(p)) == ("ten_day", start, end, label, text)
    assert Period.parse(label) == p  # the Chinese label reads back
    assert Period.parse(text.lower()) == p


@pytest.mark.parametrize("bad", ["2025-04D0", "2025-04D4", "2025-13D1", "2025年4月末旬"])
def test_bad_ten_day_periods_are_refused(bad):
    with pytest.raises(PeriodError, match="格式不正确"):
        Period.parse(bad)


def test_ten_day_containing_and_ordering():
    assert str(Period.containing("ten_day", date(2025, 4, 10))) == "2025-04D1"
    assert str(Period.containing("ten_day", date(2025, 4, 11))) == "2025-04D2"
    assert str(Period.containing("ten_day", date(2025, 4, 20))) == "2025-04D2"
    assert str(Period.containing("ten_day", date(2025, 4, 21))) == "2025-04D3"
    assert str(Period.containing("ten_day", date(2025, 5, 31))) == "2025-05D3"
    assert str(Period.containing("ten_day", date(2024, 2, 29))) == "2024-02D3"
    ordered = ["2025-03D3", "2025-04D1", "2025-04D2", "2025-04D3", "2025-05D1"]
    assert [str(p) for p in sorted(Period.parse(t) for t in reversed(ordered))] == ordered
    # a 旬 ending with its month sorts after the month's half-month and before... by end, then kind
    assert Period.parse("2025-04D2") < Period.parse("2025-04H2") < Period.parse("2025-04D3")


def test_ten_day_navigation_last_year_and_year_share():
    p = Period.parse("2025-01D1")
    assert str(p.previous) == "2024-12D3" and str(p.next) == "2025-01D2"
    assert p.same_year_previous() is None
    assert str(Period.parse("2025-04D3").next) == "2025-05D1"
    assert str(Period.parse("2025-04D2").last_year) == "2024-04D2"
    assert str(Period.parse("2025-03D1").last_year) == "2024-03D1"
    assert Period.parse("2024-02D3").last_year.end == date(2023, 2, 28)  # leap day → 28th
    assert Period.parse("2025-04D3").year_share == Decimal(1) / 3  # end of April: 4 of 12 months
    assert Period.parse("2025-04D1").year_share == Decimal(10) / 36
    assert Period.parse("2025-12D3").year_share == 1
    assert Period.parse("2025-04D3").months_elapsed == 4
    assert [str(m) for m in Period.parse("2025-02D2").months()] == ["2025-01", "2025-02"]
    assert [str(x) for x in periods_between(Period.parse("2025-04D2"), Period.parse("2025-05D1"))] == [
        "2025-04D2",
        "2025-04D3",
        "2025-05D1",
    ]
    assert Period.parse("2025-04D2").ten_day == 2
    with pytest.raises(PeriodError):
        Period.parse("2025-04").ten_day  # noqa: B018
