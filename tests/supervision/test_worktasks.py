"""The division-of-work table (重点工作分工): seed 002's attachment imported in its own
layout, unmatched unit names, schedule lights on given dates, progress reports by the lead
unit, and the generated page tests."""

from datetime import date

import pytest
from django.urls import reverse

from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.exceptions import DomainError
from clusterzone.supervision import worktasks
from clusterzone.supervision.demo import DIVISION_FILE
from clusterzone.supervision.importers import WorkTaskImporter
from clusterzone.supervision.models import WorkTask

from .. import factories as f
from ..modelpages import ModelPagesTests


def _importer(world, year=2026):
    imp = WorkTaskImporter()
    imp.region, imp.year = world.zmd, year
    return imp


def test_seed_table_imports_21_tasks_under_six_headings(world, zmd_units):
    result = _importer(world).run(DIVISION_FILE)
    assert result.ok, [str(e) for e in result.errors]
    tasks = WorkTask.objects.filter(region=world.zmd, year=2026)
    assert tasks.filter(is_heading=False).count() == 21
    assert tasks.filter(is_heading=True).count() == 6
    first = tasks.get(number="一")  # a heading with a lead unit of its own
    assert first.lead_unit == zmd_units["office"]  # "市产业集聚区联席会议办公室", the other spelling
    assert first.participants.count() == 21
    t4 = tasks.get(number="4")
    assert t4.heading == "提升产业集群发展水平"
    assert t4.lead_unit.name == "驻马店市发展改革委"
    assert {u.name for u in t4.participants.all()} == {
        "驻马店市工业和信息化局", "驻马店市财政局", "驻马店市科技局", "驻马店市商务局",
    }  # fmt: skip
    t16 = tasks.get(number="16")
    assert t16.all_members and t16.participants.count() == 0
    assert "联席会议各成员单位" in t16.participants_label
    assert tasks.get(number="17").participants.count() == 0
    again = _importer(world).run(DIVISION_FILE)  # the same file twice changes nothing
    assert again.ok and again.created == 0 and again.updated == 0 and again.unchanged == 27


def test_unmatched_unit_names_are_listed_and_nothing_is_written(world, zmd_units):
    data = (
        "序号,专项工作,牵头单位,参加单位\n"
        "一,提升产业集群发展水平,,\n"
        "1,壮大传统产业集群,市发改委,市工信局、宣传部\n"
        "2,培育战略新兴产业集群,市文化局,市工业和信息化局\n"
        "3,突出主导产业带动,,市工业和信息化局\n"
    ).encode()
    result = _importer(world).run(data, filename="分工.csv")
    errors = [(e.row, e.column, e.value) for e in result.errors]
    assert (3, "参加单位", "宣传部") in errors
    assert (4, "牵头单位", "市文化局") in errors
    assert any(e.row == 5 and e.column == "牵头单位" for e in result.errors)
    assert "驻马店市没有名为“宣传部”的单位" in str(result.errors[0])
    assert not WorkTask.objects.exists()


def test_import_by_an_office_user_is_placed_in_its_region(world, zmd_units):
    data = "序号,专项工作,牵头单位,参加单位\n1,用工服务,市人力资源社会保障局,市教育局\n".encode()
    result = WorkTaskImporter().run(data, filename="a.csv", actor=world.users["office_admin"])
    assert result.ok, [str(e) for e in result.errors]
    assert WorkTask.objects.get().region == world.zmd
    denied = WorkTaskImporter().run(data, filename="a.csv", actor=world.users["readonly"])
    assert not denied.ok


def _task(world, zmd_units):
    task = worktasks.task_save(
        actor=SYSTEM,
        task=WorkTask(),
        data={"region": world.zmd, "year": 2026, "number": "8", "title": "融资服务",
              "lead_unit": world.dept, "participants": []},
    )  # fmt: skip
    worktasks.milestone_add(actor=SYSTEM, task=task, due=date(2026, 6, 30), planned_share=50)
    worktasks.milestone_add(actor=SYSTEM, task=task, due=date(2026, 10, 31), planned_share=85)
    return task


def _light(task, as_of):
    task = worktasks.task_list(user=SYSTEM).get(pk=task.pk)
    return worktasks.attach_task_lights([task], as_of)[0]


def test_schedule_lights_on_given_dates(world, zmd_units):
    task = _task(world, zmd_units)
    assert _light(task, date(2026, 6, 29)).light == "green"  # nothing planned yet
    t = _light(task, date(2026, 7, 1))  # 50 planned, 0 done: more than 30 points behind
    assert (t.planned, t.actual, t.light) == (50, 0, "red")
    worktasks.progress_report(actor=world.users["department_liaison"], task=task, share=35,
                              content="银企对接会召开一次", reported_on=date(2026, 7, 10))  # fmt: skip
    assert _light(task, date(2026, 7, 10)).light == "yellow"  # 15 behind
    assert _light(task, date(2026, 7, 9)).light == "red"  # the report did not exist yet
    assert _light(task, date(2026, 11, 2)).light == "red"  # 85 planned, 35 done
    worktasks.progress_report(
        actor=SYSTEM, task=task, share=80, content="基本完成", reported_on=date(2026, 11, 3)
    )
    assert _light(task, date(2026, 11, 3)).light == "green"  # 5 behind


def test_only_the_lead_units_liaison_or_the_office_reports_progress(world, zmd_units):
    task = _task(world, zmd_units)
    other_liaison = f.UserFactory(username="other_liaison", unit=zmd_units["驻马店市财政局"],
                                  roles=["department_liaison"])  # fmt: skip
    for user in (other_liaison, world.users["readonly"], world.users["cluster_reporter"]):
        with pytest.raises(DomainError):
            worktasks.progress_report(actor=user, task=task, share=10, content="x")
    worktasks.progress_report(actor=world.users["office_staff"], task=task, share=10, content="已部署")
    with pytest.raises(DomainError):
        worktasks.progress_report(actor=world.users["department_liaison"], task=task, share=120, content="x")
    assert task.reports.count() == 1


def test_progress_report_page(world, zmd_units, client):
    task = _task(world, zmd_units)
    client.force_login(world.users["department_liaison"])
    page = client.get(reverse("supervision:worktask_detail", args=[task.pk]))
    assert 'data-testid="report-form"' in page.content.decode()
    url = reverse("supervision:worktask_report", args=[task.pk])
    assert (
        client.post(url, {"share": "30", "content": "完成两次对接", "reported_on": "2026-07-01"}).status_code
        == 302
    )
    assert task.reports.get().share == 30
    client.force_login(world.users["readonly"])
    assert client.post(url, {"share": "50", "content": "x"}).status_code == 403
    listing = client.get(reverse("supervision:worktask_list"), {"as_of": "2026-07-02"}).content.decode()
    assert "融资服务" in listing and "黄灯" in listing


class TestWorkTaskPages(ModelPagesTests):
    pages = "supervision:worktask"
    edit_changes = {"title": "改名后的专项工作"}

    def make(self, world, scope, n):
        region = world.zmd if scope == "own" else world.pds
        lead = world.dept if scope == "own" else world.pds_office
        task = WorkTask.objects.create(region=region, year=2026, number=str(n), position=n,
                                       title=f"专项工作{n}", lead_unit=lead)  # fmt: skip
        task.participants.set([lead])
        task.milestones.create(due=date(2026, 6, 30), planned_share=50)
        task.reports.create(reported_on=date(2026, 7, 1), share=30, content="进展")
        return task

    def add_data(self, world):
        return {"region": str(world.zmd.pk), "year": "2026", "number": "99", "position": "99",
                "title": "新增专项工作", "lead_unit": str(world.dept.pk)}  # fmt: skip


def test_demo_ships_the_21_tasks_with_lights_today(world, zmd_units, settings):
    from clusterzone.supervision.demo import load_worktasks_demo

    load_worktasks_demo()
    load_worktasks_demo()  # again: nothing doubles
    tasks = worktasks.attach_task_lights(
        worktasks.task_list(user=SYSTEM).filter(year=date.today().year, is_heading=False), date(2026, 12, 4)
    )
    assert len(tasks) == 21
    assert all(t.reports.count() == 1 for t in tasks)
    lights = {t.number: t.light for t in tasks}
    assert lights["11"] == "red" and lights["4"] == "green" and lights["1"] == "yellow"


def test_demo_meetings_with_topics_and_supervised_decisions(world, zmd_units):
    from clusterzone.supervision import meetings
    from clusterzone.supervision.demo import load_meetings_demo
    from clusterzone.supervision.models import ActionItem, Meeting

    assert load_meetings_demo() == 2
    assert load_meetings_demo() == 0  # again: nothing doubles
    joint = Meeting.objects.get(kind="joint")
    assert [t.title for t in meetings.agenda(joint)] == ["产业集聚区企业融资需求对接"]
    items = meetings.attach_action_lights(meetings.action_list(user=SYSTEM), date(2026, 12, 4))
    assert len(items) == 3 and ActionItem.objects.filter(status="open").count() == 3
    assert {i.light for i in items} <= {"green", "yellow", "red"}
