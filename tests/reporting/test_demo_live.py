"""The demo in the present: seed figures at their true dates, approved figures filled up to
the month before the one being reported, this year's targets, the current period's reports
in each state; a later run extends it without duplicating anything."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count
from django.urls import reverse

from clusterzone.reporting.demo import load_reporting_demo
from clusterzone.reporting.demo_live import load_live_demo
from clusterzone.reporting.models import Submission, Target, Value

LUSHAN, SHANGCAI, ZMD = "41042301", "41172201", "41170201"


def _value(code, ind, period):
    return Value.objects.get(cluster__code=code, indicator__code=ind, period=period).value


def _status(code, period):
    return Submission.objects.get(cluster__code=code, dataset__code="monthly_stats", period=period).status


def test_live_demo_fills_to_the_present_and_extends_idempotently(world):
    load_reporting_demo()
    counts = load_live_demo(today=dt.date(2026, 12, 4))
    assert counts["values"] > 0 and counts["targets"] > 0
    # the seed's own figures stay at their true dates (鲁山, end of April 2025: 15亿, 17亿)
    assert _value(LUSHAN, "fai", "2025-04") == Decimal(150000)
    assert _value(LUSHAN, "revenue", "2025-04") == Decimal(170000)
    assert _value(LUSHAN, "fai", "2025-12") == Decimal(612000)
    # filled between them: year-to-date grows month by month up to October 2026
    may, nov = _value(LUSHAN, "fai", "2025-05"), _value(LUSHAN, "fai", "2025-11")
    assert Decimal(150000) < may < nov < Decimal(612000)
    assert _status(LUSHAN, "2026-10") == "approved"
    assert _value(SHANGCAI, "revenue", "2026-10") > _value(SHANGCAI, "revenue", "2026-09")
    # this year's targets: last year's total grown
    t = Target.objects.get(cluster__code=LUSHAN, indicator__code="fai", year=2026).value
    assert Decimal(612000) < t < Decimal(612000) * Decimal("1.2")
    # the month being reported (2026-11): a few reports in each state, nothing approved
    assert _status(LUSHAN, "2026-11") == "returned"
    assert _status(ZMD, "2026-11") == "submitted"
    assert not Submission.objects.filter(period="2026-11", status="approved").exists()
    assert Submission.objects.get(cluster__code=LUSHAN, period="2026-11").return_reason

    # the same day again: nothing written
    assert load_live_demo(today=dt.date(2026, 12, 4)) == {
        "submissions": 0,
        "values": 0,
        "targets": 0,
        "approved": 0,
    }
    before = _value(LUSHAN, "fai", "2026-10")

    # a later day extends: November closes (approved), December is being reported
    counts = load_live_demo(today=dt.date(2027, 1, 5))
    assert counts["approved"] >= 2 and counts["values"] > 0
    assert _status(LUSHAN, "2026-11") == "approved" and _status(ZMD, "2026-11") == "approved"
    assert _status(LUSHAN, "2026-12") == "returned"
    assert _value(LUSHAN, "fai", "2026-10") == before
    assert Target.objects.filter(year=2027, cluster__code=LUSHAN).exists()
    dupes = Value.objects.values("cluster", "indicator", "period").annotate(n=Count("id")).filter(n__gt=1)
    assert not dupes.exists()
    assert load_live_demo(today=dt.date(2027, 1, 5))["values"] == 0


def test_progress_pages_default_to_the_latest_period_with_data(world, client):
    client.force_login(world.users["office_admin"])
    text = client.get(reverse("reporting:overview")).content.decode()
    assert "暂无已审核的数据" in text
    load_reporting_demo()
    load_live_demo(today=dt.date(2026, 12, 4))
    text = client.get(reverse("reporting:overview")).content.decode()
    assert "显示最近有数据的期间：2026年10月" in text
    assert '<option value="2026-10" selected>2026年10月</option>' in text
    # the region picker names regions, the period picker labels months
    assert "驻马店市</option>" in text and "2025年4月</option>" in text
    text = client.get(reverse("reporting:cluster_progress", args=[SHANGCAI])).content.decode()
    assert "显示最近有数据的期间：2026年10月" in text
    # a period asked for explicitly: no note
    text = client.get(reverse("reporting:overview") + "?period=2026-09").content.decode()
    assert "显示最近有数据的期间" not in text
