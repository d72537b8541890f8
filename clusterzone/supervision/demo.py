"""Demo data of supervision: 驻马店's division-of-work table (seed 002's attachment, 21 tasks
under six headings) imported as given for this year, with planned milestones at the half
and the end of the year and the lead units' progress reports of the autumn, so that the
lights of today show some tasks behind schedule; 驻马店's meetings with their supervised
decisions; and a small problem ledger whose overdue problem puts its unit on the list for 约谈."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone

from clusterzone.accounts.models import Region
from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.exceptions import DomainError

from . import worktasks
from .importers import WorkTaskImporter
from .models import Problem, WorkTask

DIVISION_FILE = Path(__file__).parent / "data" / "division_of_work_zmd.csv"
REGION = "411700"  # 驻马店市

# task number → (share reported at the end of October, what was done); the rest report 70%
PROGRESS = {
    "4": (80, "重点项目按月调度，开工率达到计划要求。"),
    "8": (45, "银企对接会已召开两次，部分企业融资需求尚未落实。"),
    "11": (30, "新增建设用地报批滞后，正协调省厅加快审批。"),
    "14": (55, "村庄迁并安置房主体完工，搬迁动员仍在进行。"),
}


def load_worktasks_demo(stdout=None) -> int:
    region = Region.objects.filter(code=REGION).first()
    if region is None:
        return 0
    year = timezone.localdate().year
    importer = WorkTaskImporter()
    importer.region, importer.year = region, year
    result = importer.run(DIVISION_FILE)
    if not result.ok:
        raise DomainError("；".join(str(e) for e in result.errors))
    tasks = WorkTask.objects.filter(region=region, year=year, is_heading=False)
    for task in tasks:
        if task.milestones.exists():
            continue
        worktasks.milestone_add(actor=SYSTEM, task=task, due=date(year, 6, 30), planned_share=50,
                                description="完成年度任务的一半")  # fmt: skip
        worktasks.milestone_add(actor=SYSTEM, task=task, due=date(year, 10, 31), planned_share=85,
                                description="主要工作基本完成")  # fmt: skip
        worktasks.milestone_add(actor=SYSTEM, task=task, due=date(year, 12, 31), planned_share=100,
                                description="全面完成年度任务")  # fmt: skip
        share, content = PROGRESS.get(task.number, (70, "按分工推进，已完成阶段性任务。"))
        worktasks.progress_report(actor=SYSTEM, task=task, share=share, content=content,
                                  reported_on=date(year, 10, 31))  # fmt: skip
    if stdout is not None:
        stdout.write(f"重点工作分工：{tasks.count()} 项（{result.summary()}）")
    return result.created


# 驻马店's meetings of this autumn: the joint meeting at the start of the month ("每月初和中旬")
# and the weekly meeting on major projects, with topics coordinated before the meeting and
# decisions supervised as action items (demonstration content in the seeds' terms).
MEETINGS = [
    {
        "kind": "weekly", "title": "全市重大项目周例会（第47周）", "held_on": date(2026, 11, 16),
        "chair": "市政府分管副市长",
        "topics": [("驻马店市发展改革委", "重点项目用地报批进度滞后", "市国土资源局协调省厅，加快报批。")],
        "decisions": [
            ("市国土资源局牵头，两周内完成第三批次建设用地报批材料上报。", "驻马店市国土资源局",
             ["驻马店市发展改革委"], 10, 60),
            ("市住建局督促标准化厂房项目加快主体施工，月底前完成封顶。", "驻马店市住房城乡建设局", [], 8, 40),
        ],
    },
    {
        "kind": "joint", "title": "全市产业集聚区发展联席会议（12月上旬）", "held_on": date(2026, 12, 1),
        "chair": "市政府常务副市长",
        "topics": [("驻马店市金融办", "产业集聚区企业融资需求对接", "市金融办会同财政局拟定银企对接方案，同意上会。")],
        "decisions": [
            ("市金融办牵头组织银企对接会，年底前落实融资需求清单。", "驻马店市金融办",
             ["驻马店市财政局", "驻马店市发展改革委"], 15, 10),
        ],
    },
]  # fmt: skip


def load_meetings_demo(stdout=None) -> int:
    from . import meetings
    from .models import Meeting, Topic

    region = Region.objects.filter(code=REGION).first()
    if region is None:
        return 0
    units = {u.name: u for u in region.units.all()}
    office = units.get("驻马店市产业集聚区发展联席会议办公室")
    created = 0
    for spec in MEETINGS:
        if Meeting.objects.filter(region=region, title=spec["title"]).exists():
            continue
        meeting = meetings.meeting_save(
            actor=SYSTEM, meeting=Meeting(),
            data={"region": region, "kind": spec["kind"], "title": spec["title"], "held_on": spec["held_on"],
                  "convener": office, "chair": spec["chair"], "attendees": list(units.values())[:12]},
        )  # fmt: skip
        for proposer, title, opinion in spec["topics"]:
            topic = meetings.topic_save(
                actor=SYSTEM, topic=Topic(),
                data={"region": region, "title": title, "proposer_unit": units[proposer],
                      "proposed_on": spec["held_on"] - timedelta(days=5)},
            )  # fmt: skip
            meetings.topic_coordinate(actor=SYSTEM, topic=topic, opinion=opinion, coordinating_unit=office)
            meetings.topic_schedule(actor=SYSTEM, topic=topic, meeting=meeting)
        for content, owner, helpers, days, share in spec["decisions"]:
            item = meetings.decision_record(
                actor=SYSTEM, meeting=meeting, content=content, owner_unit=units[owner],
                participants=[units[h] for h in helpers], deadline_days=days,
            )  # fmt: skip
            meetings.action_report(actor=SYSTEM, item=item, share=share, content="按会议要求推进中。",
                                   reported_on=spec["held_on"] + timedelta(days=2))  # fmt: skip
        created += 1
    if stdout is not None:
        stdout.write(f"会议与督办事项：新增会议 {created} 次")
    return created


# The problem ledger of 驻马店 (demonstration content): one problem in time and one left
# overdue since the month before last, so that its unit was red at the last two monthly checks
# and stands on the office's list for 约谈 (through the rule of supervision.interviews).
PROBLEMS = [
    {
        "key": "demo:problem:zmd-approval-overdue", "cluster": "41170201", "category": "approval",
        "unit": "驻马店市发展改革委", "person": "项目科负责人", "overdue": True,
        "title": "食品加工园区扩建项目核准手续办理滞后",
        "description": "扩建项目核准所需节能审查意见迟迟未出具，项目无法开工。",
    },
    {
        "key": "demo:problem:zmd-power", "cluster": "41170202", "category": "power",
        "unit": "驻马店市工业和信息化局", "person": "电力科负责人", "overdue": False,
        "title": "装备产业园双回路供电尚未接入",
        "description": "园区新建厂房投产在即，双回路供电线路尚未架设完成。",
    },
]  # fmt: skip


def load_problems_demo(*, today: date | None = None, stdout=None) -> dict[str, int]:
    """Raise and assign the demo problems (once each, by their source key), then run the monthly
    red-light checks of the two months completed before `today` and the 约谈 rule on them.

    The overdue problem is raised on the first day of the month before last with 10 working
    days, so it is red at the end of both months whatever day the demo is loaded; its unit is
    listed for 约谈 of the last month. The earlier month's check is recorded here from the demo's
    dated data (the scheduled job checks one month a time and does not back-fill)."""
    from clusterzone.registry.models import Cluster

    from . import interviews, services
    from .models import Interview

    today = today or timezone.localdate()
    region = Region.objects.filter(code=REGION).first()
    if region is None:
        return {"problems": 0, "listed": 0}
    units = {u.name: u for u in region.units.all()}
    clusters = {c.code: c for c in Cluster.objects.filter(code__in=[p["cluster"] for p in PROBLEMS])}
    last = interviews.last_completed_month(today)
    created = 0
    for spec in PROBLEMS:
        cluster, unit = clusters.get(spec["cluster"]), units.get(spec["unit"])
        if cluster is None or unit is None or Problem.objects.filter(source_key=spec["key"]).exists():
            continue
        raised_on = last.previous.start if spec["overdue"] else today - timedelta(days=3)
        problem = services.problem_raise(
            actor=SYSTEM, cluster=cluster, title=spec["title"], category=spec["category"],
            description=spec["description"], responsible_unit=unit, raised_on=raised_on,
            deadline_days=10 if spec["overdue"] else 20, source_key=spec["key"],
        )  # fmt: skip
        services.problem_assign(actor=SYSTEM, problem=problem, responsible_person=spec["person"],
                                comment="请限期办理并反馈。", on=raised_on)  # fmt: skip
        created += 1
    interviews.month_check(last.previous)
    result = interviews.interviews_run(as_of=today)
    if stdout is not None:
        pending = Interview.objects.filter(unit__region=region, status="pending").count()
        stdout.write(f"问题台账：新增问题 {created} 个；待约谈单位 {pending} 个")
    return {"problems": created, "listed": result["listed"]}
