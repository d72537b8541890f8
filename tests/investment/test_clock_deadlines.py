"""The stored clock deadline (Lead.clock_deadline) equals the clock computed from scratch
(investment.clocks.attach_clocks) after every kind of change: creation, stage moves, signing,
loss, edits moving the lead to another region, follow-ups added and deleted, region clock
rules and holiday overrides added, changed and deleted, the Excel import and the synthetic
build; the workbench and the list's 'overdue' filter read it with a fixed number of queries."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.models import HolidayOverride
from clusterzone.investment import clocks, selectors, services
from clusterzone.investment.models import ClockRule, Lead, LeadFollowUp
from clusterzone.workbench import sections


def _computed(world, lead):
    lead = selectors.lead_list(user=world.users["province_admin"]).get(pk=lead.pk)
    clocks.attach_clocks([lead], today=date(2025, 12, 31))
    return lead.clock.deadline if lead.clock else None


def _stored(lead):
    return Lead.objects.values_list("clock_deadline", flat=True).get(pk=lead.pk)


def _check(world, *leads):
    for lead in leads:
        assert _stored(lead) == _computed(world, lead), lead.company


def test_stored_deadline_follows_every_change(world, make_lead):
    lead = make_lead(first_contact=date(2025, 9, 30))
    other = make_lead(cluster=world.cluster_b, first_contact=date(2025, 9, 30))
    assert _stored(lead) == date(2025, 10, 9)  # 1 working day across National Day
    _check(world, lead, other)

    services.lead_move(actor=SYSTEM, lead=lead, to_stage="visit", when=date(2025, 10, 10))
    assert lead.clock_deadline == _stored(lead) == date(2025, 10, 14)
    _check(world, lead)

    entry = services.followup_add(
        actor=SYSTEM,
        lead=lead,
        data={"date": date(2025, 10, 13), "content": "考察厂区", "kind": "inspection"},
    )
    assert lead.clock_deadline == _stored(lead)
    _check(world, lead)
    entry.delete()  # back on the stage's own clock
    assert _stored(lead) == date(2025, 10, 14)
    _check(world, lead)

    rule = ClockRule.objects.create(region=world.zmd, stage="visit", workdays=5)
    _check(world, lead, other)
    assert _stored(lead) == date(2025, 10, 16)  # 10-11 is an adjusted working day
    ClockRule.objects.create(region=world.shangcai, stage="visit", workdays=2)
    _check(world, lead, other)
    services.clock_rule_save(actor=SYSTEM, rule=rule, data={"workdays": 6})
    _check(world, lead, other)
    ClockRule.objects.filter(region=world.shangcai).delete()  # a queryset delete sends post_delete too
    _check(world, lead, other)
    rule.delete()
    assert _stored(lead) == date(2025, 10, 14)

    HolidayOverride.objects.create(day=date(2025, 10, 13), is_workday=False, name="地方调休")
    assert _stored(lead) == date(2025, 10, 15)
    _check(world, lead, other)
    HolidayOverride.objects.all().delete()
    _check(world, lead, other)

    services.lead_update(actor=SYSTEM, lead=lead, data={"cluster": world.cluster_b})
    _check(world, lead)

    services.lead_sign(actor=SYSTEM, lead=lead, signed_date=date(2025, 10, 20), amount=Decimal("5000"))
    assert _stored(lead) is not None
    _check(world, lead)
    services.lead_lose(actor=SYSTEM, lead=lead, reason="资金链断裂", when=date(2025, 10, 21))
    assert lead.clock_deadline is None and _stored(lead) is None


def test_followups_written_outside_the_service_are_followed(world, make_lead):
    lead = make_lead(first_contact=date(2025, 6, 2))
    services.lead_move(actor=SYSTEM, lead=lead, to_stage="negotiate", when=date(2025, 6, 3))
    LeadFollowUp.objects.create(lead_id=lead.pk, date=date(2025, 6, 5), content="电话沟通", kind="call")
    assert _stored(lead) == _computed(world, lead)
    LeadFollowUp.objects.filter(lead_id=lead.pk).delete()
    assert _stored(lead) == _computed(world, lead) == date(2025, 6, 12)


def test_refresh_fills_rows_written_in_bulk_and_matches_the_live_overdue_rule(world, make_lead):
    base = make_lead(first_contact=date(2025, 3, 3))
    leads = [
        Lead(
            code=f"BULK{i:03d}",
            company=f"批量客商{i}",
            source_region="prd",
            company_type="private",
            intended_investment=Decimal("1000"),
            cluster=world.cluster_a,
            first_contact=date(2025, 3, 3),
            stage=["contact", "visit", "negotiate", "intent", "signed", "lost"][i % 6],
            stage_entered_at=date(2025, 9, 20) + timedelta(days=i),
        )  # fmt: skip
        for i in range(30)
    ]
    Lead.objects.bulk_create(leads)
    assert Lead.objects.filter(code__startswith="BULK", clock_deadline__isnull=False).count() == 0
    changed = clocks.refresh_deadlines()
    assert len(changed) == 25  # the five lost leads have no clock
    assert clocks.refresh_deadlines() == {}  # nothing left to change
    for lead in [base, *leads]:
        assert _stored(lead) == _computed(world, lead)
    for today in (
        date(2025, 10, 1),
        date(2025, 10, 9),
        date(2025, 10, 11),
        date(2025, 10, 12),
        date(2025, 11, 3),
    ):
        rows = selectors.lead_list(user=world.users["province_admin"]).values_list(
            "id", "stage", "stage_entered_at", "last_followup", "cluster__region__path"
        )
        live = set(clocks.overdue_ids(list(rows), today=today))
        stored = set(Lead.objects.filter(clocks.overdue_q(today)).values_list("id", flat=True))
        assert stored == live, today


def test_synth_stores_deadlines(world):
    import random

    from clusterzone.investment.synth import synth_leads

    synth_leads(
        [world.cluster_a, world.cluster_b], random.Random(7), today=date(2025, 12, 31), leads_per_cluster=8
    )
    leads = list(Lead.objects.all())
    assert leads
    for lead in leads:
        assert _stored(lead) == _computed(world, lead)


def _bulk_leads(world, n):
    have = Lead.objects.filter(code__startswith="WBQ").count()
    Lead.objects.bulk_create(
        Lead(
            code=f"WBQ{i:04d}",
            company=f"工作台客商{i}",
            source_region="prd",
            company_type="private",
            intended_investment=Decimal("1000"),
            cluster=[world.cluster_a, world.cluster_b][i % 2],
            first_contact=date(2025, 1, 2),
            stage=["contact", "visit", "intent"][i % 3],
            stage_entered_at=date(2025, 1, 2) + timedelta(days=i % 200),
        )  # fmt: skip
        for i in range(have, n)
    )
    clocks.refresh_deadlines()


@pytest.mark.parametrize("role", ["office_admin", "province_admin"])
def test_workbench_overdue_leads_query_count_constant_for_10_and_500_leads(world, client, role):
    user = world.users[role]
    client.force_login(user)
    counts = []
    for n in (10, 500):
        _bulk_leads(world, n)
        data = sections.overdue_leads(user, date(2025, 12, 31))
        rows = selectors.lead_list(user=user).values_list(
            "id", "stage", "stage_entered_at", "last_followup", "cluster__region__path"
        )
        assert data["count"] == len(clocks.overdue_ids(list(rows), today=date(2025, 12, 31))) > 0
        client.get(reverse("home"))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("home")).status_code == 200
        counts.append(len(ctx.captured_queries))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("investment:lead_list") + "?overdue=true").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[:2] == counts[2:], counts
