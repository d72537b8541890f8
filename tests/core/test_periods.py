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
    st.sampled_from(["annual", "quarterly", "monthly", "half_monthly"]),
    st.integers(1990, 2100),
    st.integers(-60, 60),
)
def test_round_trip_and_shift(kind, year, n):
    p = Period.containing(kind, date(year, 6, 20))
    assert Period.parse(str(p)) == p
    assert p.shift(n).shift(-n) == p
    if n > 0:
        assert p.shift(n) > p
