"""Pages, the project's approval plan, the statistics on hand-made cases, and query counts
constant for 10 and 500 cases."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterzone.accounts.policy import SYSTEM
from clusterzone.approvals import selectors, services
from clusterzone.approvals.models import ApprovalCase, ApprovalPause, CaseEvent
from clusterzone.core.periods import Period

from .conftest import D

TODAY = dt.date.today()


def _hand_made(appr):
    """M-101 twice (one on time with a 补正 pause, one late), M-102 accepted today."""
    a = services.case_create(
        actor=SYSTEM, data={"project": appr.project, "matter": appr.filing, "accepted_on": D(2026, 9, 28)}
    )
    services.case_pause(actor=SYSTEM, case=a, kind="correction", reason="补正", on=D(2026, 10, 12))
    services.case_resume(actor=SYSTEM, case=a, on=D(2026, 10, 15))
    services.case_complete(actor=SYSTEM, case=a, on=D(2026, 10, 21), result="approved")
    b = services.case_create(
        actor=SYSTEM, data={"project": appr.project, "matter": appr.filing, "accepted_on": D(2026, 9, 28)}
    )
    services.case_complete(actor=SYSTEM, case=b, on=D(2026, 10, 19), result="approved")
    c = services.case_create(
        actor=SYSTEM, data={"project": appr.project, "matter": appr.siting, "accepted_on": TODAY}
    )
    return a, b, c


def test_statistics_per_matter_and_department(appr, world):
    _hand_made(appr)
    rows, total = selectors.case_statistics(user=world.users["office_admin"], by="matter")
    by = {r.label: r for r in rows}
    filing = by["M-101 企业投资项目备案"]
    assert (filing.cases, filing.completed, filing.longest, filing.on_time) == (2, 2, 11, 1)
    assert filing.average == 10.5
    assert filing.on_time_rate == 50
    assert (filing.pauses, filing.paused_days) == (1, 3)
    assert filing.pause_share == 12.5  # 3 paused of 24 elapsed working days (13 + 11)
    assert filing.late_share == 100  # all six entries typed after the act
    siting = by["M-102 用地预审与选址"]
    assert (siting.cases, siting.completed, siting.late_entries, siting.entries) == (1, 0, 0, 1)
    assert siting.on_time_rate is None
    assert total.cases == 3 and total.entries == 7 and total.late_entries == 6
    rows, _ = selectors.case_statistics(user=world.users["office_admin"], by="department")
    assert {r.label: r.cases for r in rows} == {"驻马店市发改委": 2, "驻马店市自然资源局": 1}
    rows, _ = selectors.case_statistics(
        user=world.users["office_admin"], by="month", period=Period.parse("2026Q3")
    )
    assert [(r.label, r.cases) for r in rows] == [("2026年9月", 2)]
    # the department sees the statistics of its own matters only
    rows, total = selectors.case_statistics(user=appr.liaison, by="matter")
    assert total.cases == 2


def test_statistics_page(appr, world, login):
    _hand_made(appr)
    r = login(world.users["office_admin"]).get(reverse("approvals:statistics"), {"by": "matter"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "企业投资项目备案" in html and "50.0%" in html and "12.5%" in html
    r = login(world.users["office_admin"]).get(reverse("approvals:statistics"), {"period": "2026X"})
    assert r.status_code == 200 and "is-invalid" in r.content.decode()


def test_project_plan_stages_and_projection(appr, world, login):
    a, b, c = _hand_made(appr)
    services.case_create(actor=SYSTEM, data={"project": appr.project, "matter": appr.permit})
    plan = selectors.approval_plan(appr.project, user=world.users["office_admin"], today=TODAY)
    st1, st2, st3, st4 = plan.stages
    assert (st1.done, st1.running, st1.paused, st1.not_started) == (2, 1, 0, 0)
    assert st3.not_started == 1 and not st2.cases and not st4.cases
    assert plan.start == D(2026, 9, 28)
    assert plan.promise_days == 120
    # stage 1 ends with M-102's due date (15 working days after today); the permit (5) follows it
    from clusterzone.core.workdays import add_workdays

    stage1_end = add_workdays(TODAY, 15)
    assert st1.end == stage1_end
    assert plan.projected_end == add_workdays(stage1_end, 5)
    assert plan.promise_date == add_workdays(D(2026, 9, 28), 120)
    assert plan.within_promise is (plan.projected_end <= plan.promise_date)
    r = login(world.users["office_admin"]).get(reverse("approvals:project_plan", args=[appr.project.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-testid="timeline-chart"' in html and 'data-cases="3"' in html
    chart = selectors.timeline_option(plan, today=TODAY)
    assert len(chart["bars"]) == 3 and len(chart["pauses"]) == 1
    assert chart["pauses"][0]["value"] == [0, "2026-10-12", "2026-10-15"]
    # another region's office: 404
    assert (
        login(world.users["other_admin"])
        .get(reverse("approvals:project_plan", args=[appr.project.pk]))
        .status_code
        == 404
    )


def test_case_pages_and_acts(appr, world, login):
    client = login(appr.liaison)
    r = client.post(
        reverse("approvals:case_add"),
        {"project": appr.project.pk, "matter": appr.filing.pk, "accepted_on": "2026-09-28"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    case = ApprovalCase.objects.get()
    r = client.get(reverse("approvals:case_detail", args=[case.pk]))
    html = r.content.decode()
    assert "2026年10月16日" in html and 'data-testid="act-pause"' in html and "补录" in html
    r = client.post(
        reverse("approvals:case_act", args=[case.pk, "pause"]),
        {"pause-kind": "correction", "pause-on": "2026-10-12", "pause-reason": "缺少红线图"},
    )
    assert r.status_code == 302
    r = client.post(reverse("approvals:case_act", args=[case.pk, "resume"]), {"resume-on": "2026-10-12"})
    assert r.status_code == 400 and "晚于暂停日期" in r.content.decode()
    client.post(reverse("approvals:case_act", args=[case.pk, "resume"]), {"resume-on": "2026-10-15"})
    client.post(
        reverse("approvals:case_act", args=[case.pk, "complete"]),
        {"complete-on": "2026-10-21", "complete-result": "approved"},
    )
    case.refresh_from_db()
    assert case.status == "completed"
    html = client.get(reverse("approvals:case_detail", args=[case.pk])).content.decode()
    assert "2026年10月21日" in html and 'data-testid="on-time"' in html
    # the committee reads but does not handle
    rep = login(world.users["cluster_reporter"])
    assert rep.get(reverse("approvals:case_detail", args=[case.pk])).status_code == 200
    assert rep.post(reverse("approvals:case_act", args=[case.pk, "pause"]), {}).status_code == 403
    # the list and its export carry the clock
    r = client.get(reverse("approvals:case_list"))
    assert r.status_code == 200 and "2026年10月21日" in r.content.decode()
    r = client.get(reverse("approvals:case_list"), {"export": "xlsx"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_matter_pages(appr, world, login):
    client = login(world.users["office_admin"])
    r = client.get(reverse("approvals:matter_list"))
    assert r.status_code == 200 and "用地预审与选址" in r.content.decode()
    data = {
        "code": "M-500",
        "name": "消防设计审查",
        "stage": 3,
        "department": appr.land.pk,
        "statutory_days": 15,
        "promised_days": 10,
        "parallel": "on",
        "active": "on",
    }
    r = client.post(reverse("approvals:matter_add"), data)
    assert r.status_code == 302, r.content.decode()[:3000]
    r = client.post(reverse("approvals:matter_add"), {**data, "code": "M-501", "promised_days": 20})
    assert r.status_code == 400 and "承诺时限不能长于法定时限" in r.content.decode()
    assert login(world.users["cluster_reporter"]).get(reverse("approvals:matter_add")).status_code == 403


def _bulk(appr, n):
    cases = ApprovalCase.objects.bulk_create(
        ApprovalCase(
            project=appr.project, matter=appr.filing if i % 2 else appr.siting, status="running",
            accepted_on=D(2026, 9, 1) + dt.timedelta(days=i % 60), agent=appr.agent,
        )
        for i in range(n)
    )  # fmt: skip
    ApprovalPause.objects.bulk_create(
        ApprovalPause(case=c, kind="correction", reason="补正", started_on=c.accepted_on + dt.timedelta(days=2),
                      resumed_on=c.accepted_on + dt.timedelta(days=5))
        for c in cases[::3]
    )  # fmt: skip
    CaseEvent.objects.bulk_create(
        CaseEvent(case=c, action="accept", act_date=c.accepted_on, recorded_on=TODAY, late=True)
        for c in cases
    )


def _count(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url, params)
    assert r.status_code == 200, r.content[:500]
    return len(ctx.captured_queries)


# Queries per request of office_admin (session login): session + user, the policy's unit +
# region, then count + page + pauses (prefetch) + group starts + holiday overrides (API and
# list page); the statistics: cases, pauses, group starts, holidays; the menu's and the page's
# policy questions need none.
QUERY_BUDGET = {
    ("/api/approval-cases/", ""): 8,
    ("/api/approval-matters/", ""): 6,
    ("/approvals/cases/", ""): 8,
    ("/approvals/statistics/", ""): 7,
    ("/approvals/statistics/", "window"): 7,
}


@pytest.mark.parametrize(
    "url,params",
    [
        ("/api/approval-cases/", {"page_size": 1000}),
        ("/api/approval-matters/", {}),
        ("/approvals/cases/", {}),
        ("/approvals/statistics/", {}),
        ("/approvals/statistics/", {"by": "window"}),
    ],
)
def test_query_counts_constant_for_10_and_500_cases(appr, world, login, url, params):
    client = login(world.users["office_admin"])
    _bulk(appr, 10)
    small = _count(client, url, **params)
    _bulk(appr, 490)
    assert ApprovalCase.objects.count() == 500
    assert _count(client, url, **params) == small
    assert small == QUERY_BUDGET[(url, params.get("by", ""))]


def test_plan_query_count_constant(appr, world, login):
    client = login(world.users["office_admin"])
    url = reverse("approvals:project_plan", args=[appr.project.pk])
    _bulk(appr, 10)
    small = _count(client, url)
    _bulk(appr, 490)
    assert _count(client, url) == small
