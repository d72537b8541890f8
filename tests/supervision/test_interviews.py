"""约谈: a unit red at two consecutive monthly checks is listed once, by the scheduled job,
with dates; a broken run is not listed; the office records the talk; pages and API."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit
from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.exceptions import DomainError
from clusterzone.supervision import interviews, meetings, services
from clusterzone.supervision.interviews import interviews_run, last_completed_month
from clusterzone.supervision.models import Interview, Meeting, RedCheck

from ..modelpages import ModelPagesTests


def _raise(world, unit, deadline, title="标准化厂房用地指标不足", raised_on=date(2026, 2, 2)):
    return services.problem_raise(
        actor=SYSTEM, cluster=world.cluster_a, title=title, category="land", responsible_unit=unit,
        raised_on=raised_on, deadline=deadline,
    )  # fmt: skip


def test_the_month_checked_is_the_last_completed_one():
    assert last_completed_month(date(2026, 4, 1)).code == "2026-03"
    assert last_completed_month(date(2026, 4, 30)).code == "2026-03"
    assert last_completed_month(date(2026, 1, 5)).code == "2025-12"


def test_a_unit_red_at_two_monthly_checks_in_a_row_is_listed_once(world):
    problem = _raise(world, world.dept, date(2026, 2, 26))  # overdue from 2026-02-27
    assert interviews_run(as_of=date(2026, 2, 15)) == {
        "checked_units": 0,
        "listed": 0,
    }  # January: nothing red
    assert interviews_run(as_of=date(2026, 3, 1)) == {"checked_units": 1, "listed": 0}  # February red: once
    check = RedCheck.objects.get(unit=world.dept, period="2026-02")
    assert check.checked_on == date(2026, 2, 28) and check.items[0]["id"] == problem.pk
    assert not Interview.objects.exists()
    interviews_run(as_of=date(2026, 3, 20))  # February again: nothing new
    assert RedCheck.objects.count() == 1
    result = interviews_run(as_of=date(2026, 4, 1))  # March red too: listed for March
    assert result == {"checked_units": 1, "listed": 1}
    interview = Interview.objects.get()
    assert (interview.unit, interview.period, interview.status) == (world.dept, "2026-03", "pending")
    assert [(i["period"], i["id"]) for i in interview.red_items] == [
        ("2026-02", problem.pk),
        ("2026-03", problem.pk),
    ]
    assert "连续两个月" in interview.history.get().history_change_reason
    for day in (date(2026, 4, 1), date(2026, 4, 2), date(2026, 4, 30)):
        assert interviews_run(as_of=day)["listed"] == 0
    assert Interview.objects.count() == 1
    assert interviews_run(as_of=date(2026, 5, 2))["listed"] == 1  # April is the third month in a row
    assert list(Interview.objects.order_by("period").values_list("period", flat=True)) == [
        "2026-03",
        "2026-04",
    ]


def test_a_broken_run_or_another_units_red_is_not_listed(world):
    other = OrgUnit.objects.create(name="驻马店市自然资源局", kind=UnitKind.DEPARTMENT, region=world.zmd)
    fixed = _raise(world, world.dept, date(2026, 2, 26), title="供电线路改造")
    _raise(world, other, date(2026, 3, 20), title="土地报批", raised_on=date(2026, 3, 2))
    interviews_run(as_of=date(2026, 3, 2))  # February: 发改委 red
    # 发改委 answers and the office closes before the end of March
    services.problem_assign(actor=SYSTEM, problem=fixed, on=date(2026, 3, 3))
    services.problem_feedback(actor=SYSTEM, problem=fixed, comment="已完成", on=date(2026, 3, 5))
    services.problem_close(actor=SYSTEM, problem=fixed, satisfaction="satisfied", on=date(2026, 3, 6))
    assert interviews_run(as_of=date(2026, 4, 1)) == {
        "checked_units": 1,
        "listed": 0,
    }  # only 自然资源局, first time
    assert set(RedCheck.objects.values_list("unit__name", "period")) == {
        ("驻马店市发改委", "2026-02"), ("驻马店市自然资源局", "2026-03"),
    }  # fmt: skip
    assert not Interview.objects.exists()


def test_a_red_action_item_counts_with_the_units_problems(world):
    meeting = Meeting.objects.create(
        region=world.zmd, kind="joint", title="联席会议", held_on=date(2026, 1, 5)
    )
    item = meetings.decision_record(actor=SYSTEM, meeting=meeting, content="完成污水管网接入",
                                    owner_unit=world.dept, deadline=date(2026, 2, 20))  # fmt: skip
    interviews_run(as_of=date(2026, 3, 1))
    problem = _raise(world, world.dept, date(2026, 3, 10), raised_on=date(2026, 3, 2))
    meetings.action_close(actor=SYSTEM, item=item, on=date(2026, 3, 9))
    interviews_run(as_of=date(2026, 4, 1))
    interview = Interview.objects.get()
    assert [(i["period"], i["kind"], i["id"]) for i in interview.red_items] == [
        ("2026-02", "action", item.pk), ("2026-03", "problem", problem.pk),
    ]  # fmt: skip


def test_the_office_records_the_talk(world):
    _raise(world, world.dept, date(2026, 2, 26))
    interviews_run(as_of=date(2026, 3, 1))
    interviews_run(as_of=date(2026, 4, 1))
    interview = Interview.objects.get()
    with pytest.raises(DomainError):
        interviews.interview_hold(actor=world.users["department_liaison"], interview=interview,
                                  held_on=date(2026, 4, 8), notes="x")  # fmt: skip
    with pytest.raises(DomainError):
        interviews.interview_hold(actor=world.users["office_staff"], interview=interview,
                                  held_on=date(2026, 4, 8), notes=" ")  # fmt: skip
    interviews.interview_hold(actor=world.users["office_staff"], interview=interview, held_on=date(2026, 4, 8),
                              notes="约谈发改委主要负责同志，限4月底前办结")  # fmt: skip
    interview.refresh_from_db()
    assert interview.status == "held" and interview.held_on == date(2026, 4, 8)
    assert interview.history.count() == 2
    with pytest.raises(DomainError):
        interviews.interview_hold(actor=world.users["office_staff"], interview=interview,
                                  held_on=date(2026, 4, 9), notes="再谈")  # fmt: skip


def test_the_scheduled_job_runs_the_rule(world):
    from clusterzone.core.scheduling import jobs
    from clusterzone.supervision.tasks import interview_list

    assert interview_list in jobs()
    _raise(world, world.dept, date(2026, 2, 26))
    interview_list.call("2026-03-01")
    assert interview_list.call("2026-04-01") == {"checked_units": 1, "listed": 1}


def test_api_lists_and_records(world, client):
    _raise(world, world.dept, date(2026, 2, 26))
    interviews_run(as_of=date(2026, 3, 1))
    interviews_run(as_of=date(2026, 4, 1))
    pk = Interview.objects.get().pk
    client.force_login(world.users["department_liaison"])
    rows = client.get("/api/interviews/").json()["results"]
    assert [(r["unit_name"], r["period"], r["status"], r["red_count"]) for r in rows] == [
        ("驻马店市发改委", "2026-03", "pending", 2)
    ]
    r = client.post(f"/api/interviews/{pk}/hold/", {"held_on": "2026-04-08", "notes": "x"},
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 403
    client.force_login(world.users["office_staff"])
    etag = client.get(f"/api/interviews/{pk}/")["ETag"]
    r = client.post(f"/api/interviews/{pk}/hold/", {"held_on": "2026-04-08", "notes": "已约谈"},
                    content_type="application/json", headers={"If-Match": etag})  # fmt: skip
    assert r.status_code == 200 and r.json()["status"] == "held"
    client.force_login(world.users["other_admin"])
    assert client.get("/api/interviews/").json()["results"] == []
    client.force_login(world.users["cluster_reporter"])
    assert client.get("/api/interviews/").status_code == 403


def test_hold_page_and_workbench(world, client):
    _raise(world, world.dept, date(2026, 2, 26))
    interviews_run(as_of=date(2026, 3, 1))
    interviews_run(as_of=date(2026, 4, 1))
    interview = Interview.objects.get()
    client.force_login(world.users["office_staff"])
    page = client.get(f"/supervision/interviews/{interview.pk}/").content.decode()
    assert "驻马店市发改委" in page and "标准化厂房用地指标不足" in page and "2026-02" in page
    home = client.get("/").content.decode()
    assert "待约谈" in home and f"/supervision/interviews/{interview.pk}/" in home
    board = client.get("/supervision/").content.decode()
    assert (
        'data-testid="workbench-interviews"' in board and f"/supervision/interviews/{interview.pk}/" in board
    )
    client.force_login(world.users["department_liaison"])  # its own unit's entry
    assert f"/supervision/interviews/{interview.pk}/" in client.get("/supervision/").content.decode()
    client.force_login(world.users["office_staff"])
    r = client.post(
        f"/supervision/interviews/{interview.pk}/hold/", {"held_on": "2026-04-08", "notes": "已约谈"}
    )
    assert r.status_code == 302
    interview.refresh_from_db()
    assert interview.status == "held"


def _bulk(world, n):
    start = Interview.objects.count()
    units = OrgUnit.objects.bulk_create([
        OrgUnit(name=f"单位{start + i}", kind=UnitKind.DEPARTMENT, region=world.zmd) for i in range(n)
    ])  # fmt: skip
    Interview.objects.bulk_create([
        Interview(unit=u, period="2026-03", red_items=[{"kind": "problem", "id": 1, "title": "t", "deadline":
                  "2026-02-26", "period": "2026-02"}]) for u in units
    ])  # fmt: skip


@pytest.mark.parametrize("url", ["/api/interviews/?page_size=1000", "/supervision/interviews/"])
def test_list_query_counts_are_constant_at_10_and_500_rows(world, client, url):
    client.force_login(world.users["office_staff"])
    counts = []
    for n in (10, 490):
        _bulk(world, n)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url)
        assert r.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


class TestInterviewPages(ModelPagesTests):
    pages = "supervision:interview"

    def make(self, world, scope, n):
        region = world.zmd if scope == "own" else world.pds
        unit = OrgUnit.objects.create(name=f"约谈单位{n}", kind=UnitKind.DEPARTMENT, region=region)
        return Interview.objects.create(unit=unit, period="2026-03", red_items=[])


def test_the_demo_lists_a_unit_for_interview_once(world, zmd_units):
    """The demo's overdue problem makes its unit red at the last two monthly checks, so the
    real rule lists it (待约谈); loading again, the same day or later that month, adds nothing."""
    from clusterzone.supervision.demo import load_problems_demo
    from clusterzone.supervision.models import Problem

    from .. import factories as f

    f.ClusterFactory(code="41170202", name="驻马店装备产业集聚区", region=world.zmd)
    today = date(2026, 12, 4)
    assert load_problems_demo(today=today) == {"problems": 2, "listed": 1}
    interview = Interview.objects.get()
    fgw = zmd_units["驻马店市发展改革委"]
    assert (interview.unit, interview.period, interview.status) == (fgw, "2026-11", "pending")
    overdue = Problem.objects.get(source_key="demo:problem:zmd-approval-overdue")
    assert (overdue.raised_on, overdue.status) == (date(2026, 10, 1), "in_progress")
    assert [(i["period"], i["id"]) for i in interview.red_items if i["kind"] == "problem"] == [
        ("2026-10", overdue.pk),
        ("2026-11", overdue.pk),
    ]
    assert list(interviews.pending_interviews(user=SYSTEM)) == [interview]
    counts = (Problem.objects.count(), RedCheck.objects.count(), Interview.objects.count())
    assert load_problems_demo(today=today) == {"problems": 0, "listed": 0}
    assert load_problems_demo(today=date(2026, 12, 28)) == {"problems": 0, "listed": 0}
    assert (Problem.objects.count(), RedCheck.objects.count(), Interview.objects.count()) == counts
