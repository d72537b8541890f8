"""Stage clocks in Chinese working days (the National Day holiday 2025-10-01..08 with the
adjusted working days 2025-09-28 and 2025-10-11), configurable per region."""

from datetime import date

from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.models import HolidayOverride
from clusterzone.investment import clocks, selectors, services
from clusterzone.investment.models import ClockRule


def _clock(world, lead, today):
    lead = selectors.lead_list(user=world.users["province_admin"]).get(pk=lead.pk)
    clocks.attach_clocks([lead], today=today)
    return lead.clock


def test_calendar_matches_core_workdays(db):
    from clusterzone.core import workdays

    cal = clocks.Calendar(date(2025, 9, 1), date(2025, 12, 31))
    for start in (date(2025, 9, 26), date(2025, 9, 30), date(2025, 10, 1), date(2025, 10, 10)):
        for n in (1, 3, 7, 14):
            assert cal.add(start, n) == workdays.add_workdays(start, n)
    assert cal.between(date(2025, 9, 30), date(2025, 10, 13)) == workdays.workdays_between(
        date(2025, 9, 30), date(2025, 10, 13)
    )


def test_respond_within_one_working_day_across_national_day(world, make_lead):
    lead = make_lead(first_contact=date(2025, 9, 30))
    clock = _clock(world, lead, date(2025, 10, 9))
    assert clock.kind == "contact" and clock.deadline == date(2025, 10, 9) and not clock.overdue
    # 10-10 (Fri), 10-11 (Sat, adjusted working day), 10-13 (Mon)
    clock = _clock(world, lead, date(2025, 10, 13))
    assert clock.overdue_days == 3 and clock.label == "已超时3个工作日"
    # nothing is overdue during the holiday itself
    assert _clock(world, lead, date(2025, 10, 8)).overdue_days == 0


def test_assess_within_three_then_report_every_fourteen(world, make_lead):
    lead = make_lead(first_contact=date(2025, 9, 1))
    services.lead_move(actor=SYSTEM, lead=lead, to_stage="visit", when=date(2025, 9, 26))
    clock = _clock(world, lead, date(2025, 9, 26))
    # 9-28 (Sun, working), 9-29, 9-30 → due 9-30
    assert (clock.kind, clock.deadline) == ("visit", date(2025, 9, 30))
    services.followup_add(
        actor=SYSTEM,
        lead=lead,
        data={"date": date(2025, 9, 30), "content": "考察厂区，研判可行", "kind": "inspection"},
    )
    clock = _clock(world, lead, date(2025, 10, 20))
    assert clock.kind == "progress" and clock.started == date(2025, 9, 30)
    # 14 working days after 9-30: 10-9,10,11,13,14,15,16,17,20,21,22,23,24,27
    assert clock.deadline == date(2025, 10, 27) and not clock.overdue


def test_negotiate_and_intent_feed_back_within_seven(world, make_lead):
    lead = make_lead(first_contact=date(2025, 6, 2))
    services.lead_move(actor=SYSTEM, lead=lead, to_stage="intent", when=date(2025, 6, 2))
    clock = _clock(world, lead, date(2025, 6, 13))
    assert clock.kind == "intent" and clock.deadline == date(2025, 6, 11) and clock.overdue_days == 2


def test_signed_lead_reports_progress_and_final_leads_have_no_clock(world, make_lead):
    lead = make_lead(first_contact=date(2025, 6, 2))
    services.lead_sign(actor=SYSTEM, lead=lead, signed_date=date(2025, 6, 3), amount=5000)
    assert _clock(world, lead, date(2025, 6, 4)).kind == "progress"
    services.lead_lose(actor=SYSTEM, lead=lead, reason="资金链断裂", when=date(2025, 6, 5))
    assert _clock(world, lead, date(2025, 12, 1)) is None


def test_region_rules_override_defaults_nearest_region_wins(world, make_lead):
    lead = make_lead(first_contact=date(2025, 6, 2))  # 上蔡 (411722) in 驻马店 (411700)
    ClockRule.objects.create(region=world.zmd, stage="contact", workdays=5)
    assert _clock(world, lead, date(2025, 6, 2)).deadline == date(2025, 6, 9)
    ClockRule.objects.create(region=world.shangcai, stage="contact", workdays=2)
    assert _clock(world, lead, date(2025, 6, 2)).deadline == date(2025, 6, 4)
    other = make_lead(cluster=world.cluster_b, first_contact=date(2025, 6, 2))
    assert _clock(world, other, date(2025, 6, 2)).deadline == date(2025, 6, 3)


def test_holiday_override_table_is_used(world, make_lead):
    HolidayOverride.objects.create(day=date(2025, 6, 3), is_workday=False, name="本地停工")
    lead = make_lead(first_contact=date(2025, 6, 2))
    assert _clock(world, lead, date(2025, 6, 2)).deadline == date(2025, 6, 4)


def test_overdue_filter_ids(world, make_lead):
    late = make_lead(first_contact=date(2025, 6, 2))
    fresh = make_lead(first_contact=date(2025, 6, 12))
    rows = [(le.pk, le.stage, le.stage_entered_at, None, le.cluster.region.path) for le in (late, fresh)]
    assert clocks.overdue_ids(rows, today=date(2025, 6, 13)) == [late.pk]
