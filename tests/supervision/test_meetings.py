"""Meetings, the topic library and supervised decisions: coordination to agenda, escalated
problems on the agenda, decision → action item → progress → closure, lights on given
dates, the 会议纪要 in Word, and the generated page tests."""

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.exceptions import DomainError
from clusterzone.notifications.models import Notification
from clusterzone.supervision import meetings, services
from clusterzone.supervision.models import ActionItem, Meeting, Topic

from ..modelpages import ModelPagesTests


def _meeting(world, region=None, held_on=date(2026, 3, 2), **kw):
    return Meeting.objects.create(
        region=region or world.zmd, kind=kw.pop("kind", "weekly"), title=kw.pop("title", "重大项目周例会"),
        held_on=held_on, convener=world.zmd_office, **kw,
    )  # fmt: skip


def _topic(world, actor=None, **kw):
    return meetings.topic_save(
        actor=actor or world.users["department_liaison"],
        topic=Topic(),
        data={"region": world.zmd, "title": kw.pop("title", "标准化厂房建设资金缺口"),
              "proposer_unit": world.dept, "proposed_on": date(2026, 2, 25), **kw},
    )  # fmt: skip


def test_topic_coordination_to_agenda(world):
    meeting = _meeting(world)
    topic = _topic(world)
    assert topic.status == "pending"
    liaison, office = world.users["department_liaison"], world.users["office_staff"]
    with pytest.raises(DomainError):
        meetings.topic_coordinate(actor=liaison, topic=topic, opinion="x")
    with pytest.raises(DomainError):  # not before coordination
        meetings.topic_schedule(actor=office, topic=topic, meeting=meeting)
    meetings.topic_coordinate(actor=office, topic=topic, opinion="财政局同意先行垫付，提交周例会研究")
    assert topic.status == "coordinated" and topic.coordinating_unit == world.zmd_office
    meetings.topic_schedule(actor=office, topic=topic, meeting=meeting)
    assert list(meetings.agenda(meeting)) == [topic]
    other = _topic(world, title="园区道路命名")
    meetings.topic_decline(actor=office, topic=other, reason="会前已协调解决")
    assert other.status == "off_agenda" and other not in meetings.agenda(meeting)
    with pytest.raises(DomainError):  # a coordinated topic is no longer edited
        meetings.topic_save(actor=liaison, topic=topic, data={"title": "改"})


def test_a_unit_proposes_only_for_itself(world):
    with pytest.raises(DomainError):
        meetings.topic_save(
            actor=world.users["department_liaison"], topic=Topic(),
            data={"region": world.zmd, "title": "x", "proposer_unit": world.zmd_office, "proposed_on": date(2026, 3, 1)},
        )  # fmt: skip
    with pytest.raises(DomainError):
        _topic(world, actor=world.users["readonly"])


def test_an_escalated_problem_enters_the_agenda(world, raise_problem):
    problem = raise_problem()
    office = world.users["office_admin"]
    services.problem_assign(actor=office, problem=problem, on=date(2026, 2, 13))
    region = problem.level.region
    upcoming = _meeting(world, region=region, held_on=date(2099, 1, 5), kind="joint", title="联席会议")
    services.problem_escalate(
        actor=office, problem=problem, reason="用地指标县级无法解决", on=date(2026, 2, 27)
    )
    topic = Topic.objects.get(problem=problem)
    assert topic.status == "on_agenda" and topic.meeting == upcoming
    assert topic in meetings.agenda(upcoming)
    assert "用地指标县级无法解决" in topic.description


def test_decision_to_action_item_to_closure(world, mailoutbox):
    meeting = _meeting(world)
    liaison, office = world.users["department_liaison"], world.users["office_admin"]
    liaison.email = "liaison@example.cn"
    liaison.save()
    with pytest.raises(DomainError):
        meetings.decision_record(
            actor=liaison, meeting=meeting, content="x", owner_unit=world.dept, deadline_days=5
        )
    item = meetings.decision_record(
        actor=office, meeting=meeting, content="发改委牵头协调标准化厂房建设资金", owner_unit=world.dept,
        participants=[world.zmd_office], deadline_days=10,
    )  # fmt: skip
    assert item.deadline == date(2026, 3, 16)  # 10 working days after Monday 2026-03-02
    assert Notification.objects.filter(recipient=liaison, key=f"action:{item.pk}:assigned").count() == 1
    meetings.action_report(
        actor=liaison, item=item, share=60, content="资金方案已报市政府", reported_on=date(2026, 3, 9)
    )
    with pytest.raises(DomainError):
        meetings.action_close(actor=liaison, item=item)
    meetings.action_close(actor=office, item=item, comment="资金已落实", on=date(2026, 3, 13))
    item.refresh_from_db()
    assert item.status == "closed" and item.closed_on == date(2026, 3, 13)
    with pytest.raises(DomainError):
        meetings.action_report(actor=liaison, item=item, share=100, content="x")


def _lit(item, as_of):
    item = meetings.action_list(user=SYSTEM).get(pk=item.pk)
    return meetings.attach_action_lights([item], as_of)[0]


def test_action_item_lights_on_given_dates(world):
    meeting = _meeting(world)  # Monday 2026-03-02
    item = meetings.decision_record(
        actor=SYSTEM,
        meeting=meeting,
        content="完成污水管网接入",
        owner_unit=world.dept,
        deadline=date(2026, 3, 31),
    )
    assert _lit(item, date(2026, 3, 3)).light == "green"  # 1 of 21 working days: 5% planned
    late = _lit(item, date(2026, 3, 16))  # 10 of 21 elapsed: 48% planned, nothing reported
    assert late.planned == 48 and late.light == "red"
    meetings.action_report(actor=SYSTEM, item=item, share=30, content="开工", reported_on=date(2026, 3, 16))
    assert _lit(item, date(2026, 3, 16)).light == "yellow"
    meetings.action_report(
        actor=SYSTEM, item=item, share=95, content="基本完成", reported_on=date(2026, 3, 27)
    )
    assert _lit(item, date(2026, 3, 27)).light == "yellow"  # 2 working days left before the deadline
    assert _lit(item, date(2026, 4, 1)).light == "red"  # overdue


def test_minutes_export_as_word(world, login):
    meeting = _meeting(world, minutes="听取各单位重点项目推进情况汇报。")
    meeting.attendees.set([world.dept, world.zmd_office])
    topic = _topic(world)
    meetings.topic_coordinate(actor=SYSTEM, topic=topic, opinion="同意上会")
    meetings.topic_schedule(actor=SYSTEM, topic=topic, meeting=meeting)
    meetings.decision_record(actor=SYSTEM, meeting=meeting, content="发改委牵头筹措资金", owner_unit=world.dept,
                             deadline=date(2026, 3, 31), topic=topic)  # fmt: skip
    c = login(world.users["readonly"])
    response = c.get(reverse("supervision:meeting_minutes", args=[meeting.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "重大项目周例会会议纪要" in text
    assert "标准化厂房建设资金缺口" in text
    assert "发改委牵头筹措资金（责任单位：驻马店市发改委；完成时限：2026年3月31日）" in text
    page = c.get(reverse("supervision:meeting_detail", args=[meeting.pk])).content.decode()
    assert "发改委牵头筹措资金" in page and 'data-testid="decision-form"' not in page


def test_decision_and_progress_pages(world, login):
    meeting = _meeting(world)
    c = login(world.users["office_staff"])
    r = c.post(reverse("supervision:meeting_decide", args=[meeting.pk]),
               {"content": "限期完成土地报批", "owner_unit": world.dept.pk, "deadline_days": "5"})  # fmt: skip
    assert r.status_code == 302
    item = ActionItem.objects.get()
    c = login(world.users["department_liaison"])
    url = reverse("supervision:action_report", args=[item.pk])
    assert c.post(url, {"share": "50", "content": "已上报省厅"}).status_code == 302
    assert c.post(reverse("supervision:action_close", args=[item.pk]), {}).status_code == 403
    assert item.reports.count() == 1


def _own_region(world, scope):
    return world.zmd if scope == "own" else world.pds


class TestMeetingPages(ModelPagesTests):
    pages = "supervision:meeting"
    edit_changes = {"title": "改名后的会议"}

    def make(self, world, scope, n):
        m = _meeting(world, region=_own_region(world, scope), title=f"会议{n}")
        m.attendees.set([world.dept])
        return m

    def add_data(self, world):
        return {
            "region": str(world.zmd.pk),
            "kind": "joint",
            "title": "联席会议（月初）",
            "held_on": "2026-12-01",
        }


class TestTopicPages(ModelPagesTests):
    pages = "supervision:topic"
    edit_changes = {"title": "改名后的议题"}

    def make(self, world, scope, n):
        unit = world.dept if scope == "own" else world.pds_office
        return Topic.objects.create(region=_own_region(world, scope), title=f"议题{n}", proposer_unit=unit,
                                    proposed_on=date(2026, 11, 1))  # fmt: skip

    def add_data(self, world):
        return {"region": str(world.zmd.pk), "title": "新议题", "proposer_unit": str(world.dept.pk)}


class TestActionPages(ModelPagesTests):
    pages = "supervision:action"

    def make(self, world, scope, n):
        m = _meeting(world, region=_own_region(world, scope), title=f"会议{n}")
        item = ActionItem.objects.create(meeting=m, content=f"议定事项{n}", owner_unit=world.dept,
                                         deadline=date(2026, 12, 31))  # fmt: skip
        item.participants.set([world.zmd_office])
        item.reports.create(reported_on=date(2026, 11, 1), share=20, content="进展")
        return item


def test_action_item_reminders_exactly_once(world):
    from clusterzone.supervision.reminders import action_reminders_run

    meeting = _meeting(world)
    item = meetings.decision_record(
        actor=SYSTEM,
        meeting=meeting,
        content="完成供电线路改造",
        owner_unit=world.dept,
        deadline=date(2026, 3, 31),
    )
    liaison_notes = Notification.objects.filter(recipient=world.users["department_liaison"])
    assert action_reminders_run(as_of=date(2026, 3, 20)) == {"due_soon": 0, "overdue": 0}
    assert action_reminders_run(as_of=date(2026, 3, 27)) == {"due_soon": 1, "overdue": 0}
    action_reminders_run(as_of=date(2026, 3, 30))
    assert liaison_notes.filter(event="action.due_soon").count() == 1
    action_reminders_run(as_of=date(2026, 4, 1))
    action_reminders_run(as_of=date(2026, 4, 2))
    assert liaison_notes.filter(event="action.overdue").count() == 1
    meetings.action_close(actor=SYSTEM, item=item)
    assert action_reminders_run(as_of=date(2026, 4, 3)) == {"due_soon": 0, "overdue": 0}
