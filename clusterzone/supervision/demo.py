"""Demo data of supervision: 驻马店's division-of-work table (seed 002's attachment, 21 tasks
under six headings) imported as given for this year, with planned milestones at the half
and the end of the year and the lead units' progress reports of the autumn, so that the
lights of today show some tasks behind schedule."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone

from clusterzone.accounts.models import Region
from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.exceptions import DomainError

from . import worktasks
from .importers import WorkTaskImporter
from .models import WorkTask

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
