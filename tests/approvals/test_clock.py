"""The case clock, through the API the clients use (numbers from the issue): due dates in
Chinese working days across the National Day week and its 调休 Saturday, pauses extending
them by their working days, completion on and after the due date, parallel groups."""

import datetime as dt

from clusterzone.approvals.clock import case_clock
from clusterzone.approvals.models import ApprovalCase, CaseEvent
from clusterzone.core.workdays import Calendar

D = dt.date


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_due_across_national_day_week(appr, login):
    client = login(appr.liaison)
    r = _post(
        client,
        "/api/approval-cases/",
        {"project": appr.project.code, "matter": "M-101", "accepted_on": "2026-09-28"},
    )
    assert r.status_code == 201, r.content
    body = r.json()
    # 9-29, 9-30, (10-1…10-7 holiday), 10-8, 10-9, 10-10 (调休 Saturday), 10-12 … 10-16
    assert body["due"] == "2026-10-16"
    assert body["limit_days"] == 10
    assert body["paused_days"] == 0
    assert body["working_days_used"] is None
    assert body["on_time"] is None
    assert body["status"] == "running"


def _case(client, appr, accepted="2026-09-28", matter="M-101"):
    r = _post(
        client,
        "/api/approval-cases/",
        {"project": appr.project.code, "matter": matter, "accepted_on": accepted},
    )
    assert r.status_code == 201, r.content
    return r.json()["id"]


def test_correction_pause_extends_due_by_its_working_days(appr, login):
    client = login(appr.liaison)
    pk = _case(client, appr)
    r = _post(
        client,
        f"/api/approval-cases/{pk}/pause/",
        {"kind": "correction", "reason": "补正：缺少选址红线图", "on": "2026-10-12"},
    )
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "paused"
    r = _post(client, f"/api/approval-cases/{pk}/resume/", {"on": "2026-10-15"})
    assert r.status_code == 200, r.content
    body = r.json()
    # the pause covers 10-12, 10-13, 10-14 (up to the day before it resumes): 3 working days
    assert body["paused_days"] == 3
    assert body["due"] == "2026-10-21"  # 10-16 + 3 working days (10-19, 10-20, 10-21)
    assert body["pauses"][0]["kind"] == "correction"
    assert body["pauses"][0]["resumed_on"] == "2026-10-15"


def test_pause_over_a_weekend_counts_only_working_days(appr, login):
    client = login(appr.liaison)
    pk = _case(client, appr)
    _post(
        client,
        f"/api/approval-cases/{pk}/pause/",
        {"kind": "expert", "reason": "专家评审", "on": "2026-10-16"},
    )
    body = _post(client, f"/api/approval-cases/{pk}/resume/", {"on": "2026-10-19"}).json()
    assert body["paused_days"] == 1  # 10-16 (Fri); 10-17/18 weekend
    assert body["due"] == "2026-10-19"


def test_completion_on_the_due_date_is_on_time(appr, login):
    client = login(appr.liaison)
    pk = _case(client, appr)
    _post(
        client,
        f"/api/approval-cases/{pk}/pause/",
        {"kind": "correction", "reason": "补正", "on": "2026-10-12"},
    )
    _post(client, f"/api/approval-cases/{pk}/resume/", {"on": "2026-10-15"})
    r = _post(client, f"/api/approval-cases/{pk}/complete/", {"on": "2026-10-21", "result": "approved"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["on_time"] is True
    assert body["working_days_used"] == 10  # 13 working days after acceptance, 3 paused
    assert body["result"] == "approved" and body["status"] == "completed"


def test_completion_after_the_due_date_is_late(appr, login):
    client = login(appr.liaison)
    pk = _case(client, appr)
    body = _post(
        client, f"/api/approval-cases/{pk}/complete/", {"on": "2026-10-19", "result": "approved"}
    ).json()
    assert body["due"] == "2026-10-16"
    assert body["on_time"] is False
    assert body["working_days_used"] == 11


def test_refusal_needs_a_reason(appr, login):
    client = login(appr.liaison)
    pk = _case(client, appr)
    r = _post(client, f"/api/approval-cases/{pk}/complete/", {"on": "2026-10-12", "result": "refused"})
    assert r.status_code == 400
    assert "理由" in r.content.decode()
    r = _post(
        client,
        f"/api/approval-cases/{pk}/complete/",
        {"on": "2026-10-12", "result": "refused", "reason": "不符合产业政策"},
    )
    assert r.status_code == 200
    assert r.json()["result"] == "refused"


def test_completing_a_paused_case_ends_the_pause_that_day(appr, login):
    client = login(appr.liaison)
    pk = _case(client, appr)
    _post(
        client, f"/api/approval-cases/{pk}/pause/", {"kind": "hearing", "reason": "听证", "on": "2026-10-12"}
    )
    body = _post(
        client, f"/api/approval-cases/{pk}/complete/", {"on": "2026-10-14", "result": "approved"}
    ).json()
    assert body["paused_days"] == 2  # 10-12, 10-13
    assert body["pauses"][0]["resumed_on"] == "2026-10-14"
    # working days after acceptance through 10-14: 9-29, 9-30, 10-8, 10-9, 10-10, 10-12, 10-13, 10-14 = 8
    assert body["working_days_used"] == 8 - 2


def test_acts_in_wrong_order_or_in_the_future_are_refused(appr, login):
    client = login(appr.liaison)
    pk = _case(client, appr)
    assert _post(client, f"/api/approval-cases/{pk}/resume/", {"on": "2026-10-15"}).status_code == 400
    r = _post(
        client,
        f"/api/approval-cases/{pk}/pause/",
        {"kind": "correction", "reason": "补正", "on": "2026-09-27"},
    )
    assert r.status_code == 400 and "受理日期" in r.content.decode()
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    r = _post(client, f"/api/approval-cases/{pk}/complete/", {"on": future, "result": "approved"})
    assert r.status_code == 400 and "今天" in r.content.decode()
    r = _post(
        client, f"/api/approval-cases/{pk}/pause/", {"kind": "nonsense", "reason": "x", "on": "2026-10-09"}
    )
    assert r.status_code == 400
    _post(
        client,
        f"/api/approval-cases/{pk}/pause/",
        {"kind": "correction", "reason": "补正", "on": "2026-10-12"},
    )
    r = _post(client, f"/api/approval-cases/{pk}/resume/", {"on": "2026-10-12"})
    assert r.status_code == 400 and "晚于暂停日期" in r.content.decode()
    assert ApprovalCase.objects.get(pk=pk).status == "paused"


def test_parallel_group_shares_one_combined_deadline(appr, group, login):
    client = login(appr.admin)
    a = _case(client, appr, "2026-09-28", "M-101")  # promised 10
    b = _case(client, appr, "2026-10-09", "M-102")  # promised 15, accepted later
    rows = {
        r["id"]: r
        for r in client.get("/api/approval-cases/", {"project": appr.project.code}).json()["results"]
    }
    # the group's limit is its longest promised limit (15), from the group's first acceptance
    assert rows[a]["due"] == rows[b]["due"] == "2026-10-23"
    assert rows[a]["group"] == "G-1"
    group.promised_days = 5
    group.save()
    rows = {
        r["id"]: r
        for r in client.get("/api/approval-cases/", {"project": appr.project.code}).json()["results"]
    }
    assert (
        rows[a]["due"] == rows[b]["due"] == "2026-10-10"
    )  # the group's own limit: 9-29, 9-30, 10-8, 10-9, 10-10
    # a case's own pause extends only its own deadline
    _post(
        client,
        f"/api/approval-cases/{b}/pause/",
        {"kind": "testing", "reason": "检验检测", "on": "2026-10-12"},
    )
    _post(client, f"/api/approval-cases/{b}/resume/", {"on": "2026-10-14"})
    rows = {
        r["id"]: r
        for r in client.get("/api/approval-cases/", {"project": appr.project.code}).json()["results"]
    }
    assert rows[a]["due"] == "2026-10-10"
    assert rows[b]["paused_days"] == 2 and rows[b]["due"] == "2026-10-13"  # 10-10 + 10-12, 10-13


def test_late_entries_are_marked_with_both_dates(appr, login):
    client = login(appr.liaison)
    pk = _case(client, appr, "2026-09-28")
    today = dt.date.today()
    accept = CaseEvent.objects.get(case_id=pk, action="accept")
    assert accept.act_date == D(2026, 9, 28) and accept.recorded_on == today
    assert accept.late is (today > D(2026, 9, 28))
    r = _post(client, f"/api/approval-cases/{pk}/complete/", {"on": today.isoformat(), "result": "approved"})
    assert r.status_code == 200
    done = CaseEvent.objects.get(case_id=pk, action="complete")
    assert done.act_date == today and done.late is False


def test_clock_function_open_pause_runs_to_today(db):
    cal = Calendar(D(2026, 9, 1), D(2027, 3, 1))
    clock = case_clock(
        accepted_on=D(2026, 9, 28), completed_on=None, promised_days=10,
        pauses=[(D(2026, 10, 12), None)], calendar=cal, today=D(2026, 10, 14),
    )  # fmt: skip
    assert clock.paused_now and clock.paused_days == 3  # 10-12, 10-13, 10-14
    assert clock.due == D(2026, 10, 21) and not clock.overdue
    running = case_clock(
        accepted_on=D(2026, 9, 28), completed_on=None, promised_days=10, pauses=[], calendar=cal,
        today=D(2026, 10, 20),
    )  # fmt: skip
    assert running.overdue_days == 2  # 10-19, 10-20 after the due 10-16
    assert running.elapsed_days == 12
