"""The API of meetings, the topic library, action items (督办事项) and the division-of-work
tasks: the 会前协调 steps, decision → action item → progress → closure by the office, lights
as of a date, If-Match, the schema, and constant query counts for 10 and 500 rows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterzone.accounts.policy import SYSTEM
from clusterzone.supervision import worktasks
from clusterzone.supervision.models import (
    ActionItem,
    ActionProgress,
    Meeting,
    Topic,
    WorkMilestone,
    WorkProgress,
    WorkTask,
)


def _post(client, url, data, **headers):
    return client.post(url, data, content_type="application/json", headers=headers)


def _meeting(world, held_on=date(2026, 3, 2)):
    return Meeting.objects.create(
        region=world.zmd, kind="weekly", title="重大项目周例会", held_on=held_on, convener=world.zmd_office
    )


def test_meeting_crud_with_etag_and_if_match(world, client):
    client.force_login(world.users["office_staff"])
    r = _post(client, "/api/meetings/", {
        "region": "411700", "kind": "joint", "title": "3月上旬联席会议", "held_on": "2026-03-02",
        "convener": world.zmd_office.pk, "attendees": [world.dept.pk, world.zmd_office.pk],
    })  # fmt: skip
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["kind_label"] == "联席会议" and sorted(body["attendees"]) == sorted(
        [world.dept.pk, world.zmd_office.pk]
    )
    mid = body["id"]
    got = client.get(f"/api/meetings/{mid}/")
    etag = got["ETag"]
    r = client.patch(f"/api/meetings/{mid}/", {"chair": "王副市长"}, content_type="application/json",
                     headers={"If-Match": etag})  # fmt: skip
    assert r.status_code == 200 and r.json()["chair"] == "王副市长"
    r = client.patch(f"/api/meetings/{mid}/", {"chair": "李"}, content_type="application/json",
                     headers={"If-Match": etag})  # fmt: skip
    assert r.status_code == 412
    client.force_login(world.users["department_liaison"])
    assert client.get("/api/meetings/").status_code == 200
    r = _post(
        client,
        "/api/meetings/",
        {"region": "411700", "kind": "weekly", "title": "x", "held_on": "2026-03-09"},
    )
    assert r.status_code == 403


def test_topic_coordination_to_agenda_through_the_api(world, client):
    meeting = _meeting(world)
    client.force_login(world.users["department_liaison"])
    r = _post(client, "/api/topics/", {
        "region": "411700", "title": "标准化厂房建设资金缺口", "proposer_unit": world.dept.pk,
        "proposed_on": "2026-02-25",
    })  # fmt: skip
    assert r.status_code == 201, r.content
    tid = r.json()["id"]
    assert r.json()["status"] == "pending"
    assert _post(client, f"/api/topics/{tid}/coordinate/", {"opinion": "x"}).status_code == 403
    client.force_login(world.users["office_staff"])
    r = _post(client, f"/api/topics/{tid}/schedule/", {"meeting": meeting.pk})
    assert r.status_code == 400  # not before coordination
    etag = client.get(f"/api/topics/{tid}/")["ETag"]
    r = _post(client, f"/api/topics/{tid}/coordinate/", {"opinion": "财政局同意先行垫付"}, If_Match=etag)
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "coordinated" and r.json()["coordinating_unit"] == world.zmd_office.pk
    r = _post(client, f"/api/topics/{tid}/schedule/", {"meeting": meeting.pk}, If_Match=etag)
    assert r.status_code == 412  # the topic moved on since that version
    r = _post(client, f"/api/topics/{tid}/schedule/", {"meeting": meeting.pk})
    assert r.json()["status"] == "on_agenda" and r.json()["meeting"] == meeting.pk
    other = _post(client, "/api/topics/", {"region": "411700", "title": "园区道路命名",
                                           "proposer_unit": world.dept.pk}).json()["id"]  # fmt: skip
    r = _post(client, f"/api/topics/{other}/decline/", {"reason": "会前已协调解决"})
    assert r.json()["status"] == "off_agenda" and "会前已协调解决" in r.json()["opinion"]
    listed = client.get(f"/api/topics/?status=on_agenda&meeting={meeting.pk}").json()["results"]
    assert [t["id"] for t in listed] == [tid]


def test_decision_to_action_item_to_closure_through_the_api(world, client):
    meeting = _meeting(world)  # Monday 2026-03-02
    office, liaison = world.users["office_staff"], world.users["department_liaison"]
    client.force_login(liaison)
    r = _post(client, f"/api/meetings/{meeting.pk}/decisions/", {
        "content": "x", "owner_unit": world.dept.pk, "deadline_days": 10})  # fmt: skip
    assert r.status_code == 403
    client.force_login(office)
    r = _post(client, f"/api/meetings/{meeting.pk}/decisions/?as_of=2026-03-03", {
        "content": "发改委牵头协调标准化厂房建设资金", "owner_unit": world.dept.pk,
        "participants": [world.zmd_office.pk], "deadline_days": 10,
    })  # fmt: skip
    assert r.status_code == 201, r.content
    item = r.json()
    assert item["deadline"] == "2026-03-16" and item["status"] == "open" and item["light"] == "green"
    aid = item["id"]
    assert _post(client, "/api/action-items/", {"content": "x"}).status_code == 405
    assert (
        client.get(f"/api/action-items/{aid}/?as_of=2026-03-16").json()["light"] == "red"
    )  # 100% planned, 0 done
    client.force_login(liaison)
    r = _post(client, f"/api/action-items/{aid}/report/", {
        "share": 60, "content": "资金方案已报市政府", "reported_on": "2026-03-09"})  # fmt: skip
    assert r.status_code == 200, r.content
    r = client.get(f"/api/action-items/{aid}/?as_of=2026-03-09")
    assert r.json()["actual"] == 60 and r.json()["planned"] == 50 and r.json()["light"] == "green"
    assert client.get(f"/api/action-items/{aid}/?as_of=2026-03-12").json()["light"] == "yellow"  # 70% planned
    assert _post(client, f"/api/action-items/{aid}/close/", {}).status_code == 403
    assert (
        _post(client, f"/api/action-items/{aid}/report/", {"share": 120, "content": "x"}).status_code == 400
    )
    client.force_login(office)
    r = _post(client, f"/api/action-items/{aid}/close/", {"comment": "资金已落实", "on": "2026-03-13"})
    assert r.status_code == 200 and r.json()["status"] == "closed" and r.json()["light"] is None
    reports = client.get(f"/api/action-items/{aid}/reports/").json()
    assert [(x["share"], x["reported_on"]) for x in reports] == [(60, "2026-03-09")]
    assert client.get(f"/api/action-items/{aid}/history/").status_code == 200
    client.force_login(liaison)
    assert (
        _post(client, f"/api/action-items/{aid}/report/", {"share": 100, "content": "x"}).status_code == 400
    )


def test_work_tasks_with_milestones_reports_and_lights(world, client):
    client.force_login(world.users["office_staff"])
    r = _post(client, "/api/work-tasks/", {
        "region": "411700", "year": 2026, "number": "1", "title": "加快标准化厂房建设",
        "lead_unit": world.dept.pk, "participants": [world.zmd_office.pk], "target": "新建厂房50万平方米",
    })  # fmt: skip
    assert r.status_code == 201, r.content
    tid = r.json()["id"]
    assert r.json()["light"] is None  # no milestones yet
    r = _post(client, f"/api/work-tasks/{tid}/milestones/", {"due": "2026-06-30", "planned_share": 50})
    assert r.status_code == 201 and r.json()["milestones"][0]["planned_share"] == 50
    assert client.get(f"/api/work-tasks/{tid}/?as_of=2026-06-29").json()["light"] == "green"
    assert client.get(f"/api/work-tasks/{tid}/?as_of=2026-06-30").json()["light"] == "red"  # 50 behind
    client.force_login(world.users["department_liaison"])
    r = _post(
        client,
        f"/api/work-tasks/{tid}/report/",
        {"share": 30, "content": "已开工8栋", "reported_on": "2026-06-20"},
    )
    assert r.status_code == 200, r.content
    body = client.get(f"/api/work-tasks/{tid}/?as_of=2026-06-30").json()
    assert (body["planned"], body["actual"], body["light"]) == (50, 30, "yellow")
    assert (
        _post(
            client, f"/api/work-tasks/{tid}/milestones/", {"due": "2026-12-31", "planned_share": 100}
        ).status_code
        == 403
    )
    assert (
        client.patch(f"/api/work-tasks/{tid}/", {"title": "x"}, content_type="application/json").status_code
        == 403
    )
    listed = client.get("/api/work-tasks/?as_of=2026-06-30&year=2026").json()["results"]
    assert [(t["id"], t["light"]) for t in listed] == [(tid, "yellow")]
    assert [x["share"] for x in client.get(f"/api/work-tasks/{tid}/reports/").json()] == [30]


def test_schema_names_the_endpoints(world, client):
    client.force_login(world.users["office_admin"])
    schema = client.get("/api/schema/?format=json").json()
    for p in ("/api/meetings/", "/api/meetings/{id}/decisions/", "/api/topics/{id}/coordinate/",
              "/api/topics/{id}/schedule/", "/api/topics/{id}/decline/", "/api/action-items/",
              "/api/action-items/{id}/report/", "/api/action-items/{id}/close/", "/api/work-tasks/",
              "/api/work-tasks/{id}/report/", "/api/work-tasks/{id}/milestones/"):  # fmt: skip
        assert p in schema["paths"], p
    params = {x["name"] for x in schema["paths"]["/api/action-items/"]["get"]["parameters"]}
    assert "as_of" in params
    assert "light" in schema["components"]["schemas"]["ActionItem"]["properties"]
    assert "light" in schema["components"]["schemas"]["WorkTask"]["properties"]


# ---------------------------------------------------------------- query counts at 10 and 500 rows


def _bulk_meetings(world, n):
    start = Meeting.objects.count()
    made = Meeting.objects.bulk_create(
        [
            Meeting(
                region=world.zmd,
                kind="weekly",
                title=f"周例会{start + i}",
                held_on=date(2026, 3, 2),
                convener=world.zmd_office,
            )
            for i in range(n)
        ]  # fmt: skip
    )
    through = Meeting.attendees.through
    through.objects.bulk_create([through(meeting_id=m.pk, orgunit_id=world.dept.pk) for m in made])
    return made


def _bulk_topics(world, n):
    meeting = _meeting(world)
    Topic.objects.bulk_create([
        Topic(region=world.zmd, title=f"议题{i}", proposer_unit=world.dept, proposed_on=date(2026, 2, 25),
              status="on_agenda", coordinating_unit=world.zmd_office, meeting=meeting)
        for i in range(n)
    ])  # fmt: skip


def _bulk_actions(world, n):
    meeting = _meeting(world)
    made = ActionItem.objects.bulk_create([
        ActionItem(meeting=meeting, content=f"事项{i}", owner_unit=world.dept, deadline=date(2026, 3, 31))
        for i in range(n)
    ])  # fmt: skip
    through = ActionItem.participants.through
    through.objects.bulk_create([through(actionitem_id=a.pk, orgunit_id=world.zmd_office.pk) for a in made])
    ActionProgress.objects.bulk_create(
        [ActionProgress(item=a, reported_on=date(2026, 3, 9), share=40, content="推进中") for a in made]
    )


def _bulk_tasks(world, n):
    start = WorkTask.objects.count()
    made = WorkTask.objects.bulk_create([
        WorkTask(region=world.zmd, year=2026, number=str(start + i), position=start + i, title=f"任务{i}",
                 lead_unit=world.dept)
        for i in range(n)
    ])  # fmt: skip
    through = WorkTask.participants.through
    through.objects.bulk_create([through(worktask_id=t.pk, orgunit_id=world.zmd_office.pk) for t in made])
    WorkMilestone.objects.bulk_create(
        [WorkMilestone(task=t, due=date(2026, 6, 30), planned_share=50) for t in made]
    )
    WorkProgress.objects.bulk_create(
        [WorkProgress(task=t, reported_on=date(2026, 6, 1), share=30, content="推进中") for t in made]
    )


LISTS = [
    ("/api/meetings/?page_size=1000", _bulk_meetings),
    ("/api/topics/?page_size=1000", _bulk_topics),
    ("/api/action-items/?as_of=2026-03-20&page_size=1000", _bulk_actions),
    ("/api/work-tasks/?as_of=2026-06-30&page_size=1000", _bulk_tasks),
    ("/supervision/meetings/", _bulk_meetings),
    ("/supervision/topics/", _bulk_topics),
    ("/supervision/actions/?as_of=2026-03-20", _bulk_actions),
    ("/supervision/worktasks/?as_of=2026-06-30", _bulk_tasks),
]


@pytest.mark.parametrize(("url", "bulk"), LISTS, ids=[u for u, _b in LISTS])
def test_list_query_counts_are_constant_at_10_and_500_rows(world, client, url, bulk):
    client.force_login(world.users["office_staff"])
    counts = []
    for n in (10, 490):
        bulk(world, n)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url)
        assert r.status_code == 200, url
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    if url.startswith("/api/"):
        assert len(r.json()["results"]) >= 500


def test_the_api_lists_only_what_the_policy_shows(world, client):
    item_meeting = _meeting(world)
    ActionItem.objects.create(
        meeting=item_meeting, content="驻马店事项", owner_unit=world.dept, deadline=date(2026, 3, 31)
    )
    worktasks.task_save(actor=SYSTEM, task=WorkTask(), data={
        "region": world.zmd, "year": 2026, "number": "1", "title": "任务", "lead_unit": world.dept})  # fmt: skip
    client.force_login(world.users["other_admin"])  # 平顶山: another region
    assert client.get("/api/action-items/").json()["results"] == []
    assert client.get("/api/work-tasks/").json()["results"] == []
    assert client.get("/api/meetings/").json()["results"] == []
