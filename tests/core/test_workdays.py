from datetime import date

from clusterzone.core.models import HolidayOverride
from clusterzone.core.workdays import add_workdays, covered, is_workday, workdays_between


def test_national_day_2025(db):
    # 2025: 10月1日至8日放假，9月28日（周日）、10月11日（周六）上班
    assert not is_workday(date(2025, 10, 1))
    assert not is_workday(date(2025, 10, 8))
    assert is_workday(date(2025, 9, 28))
    assert is_workday(date(2025, 10, 11))
    # one working day after Tuesday 30 September is Thursday 9 October
    assert add_workdays(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert workdays_between(date(2025, 9, 30), date(2025, 10, 9)) == 1


def test_ordinary_week(db):
    assert add_workdays(date(2025, 4, 18), 3) == date(2025, 4, 23)  # Fri + 3 → Wed
    assert workdays_between(date(2025, 4, 18), date(2025, 4, 25)) == 5


def test_override_table_wins_and_covers_later_years(db):
    far = date(2031, 10, 1)  # a Wednesday, beyond the published schedules
    assert not covered(far)
    assert is_workday(far)  # weekday fallback
    HolidayOverride.objects.create(day=far, is_workday=False, name="国庆节")
    assert not is_workday(far)
    assert covered(far)
    HolidayOverride.objects.create(day=date(2025, 10, 1), is_workday=True, name="测试调整")
    assert is_workday(date(2025, 10, 1))


def test_calendar_over_a_range_matches_the_plain_count(db):
    from clusterzone.core.workdays import Calendar

    cal = Calendar(date(2025, 9, 1), date(2025, 10, 31))
    assert cal.add(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert cal.between(date(2025, 9, 30), date(2025, 10, 9)) == 1
    # dates outside the loaded range fall back to the day-by-day count
    assert cal.between(date(2025, 8, 29), date(2025, 9, 2)) == workdays_between(
        date(2025, 8, 29), date(2025, 9, 2)
    )
    assert cal.add(date(2025, 10, 30), 5) == add_workdays(date(2025, 10, 30), 5)
