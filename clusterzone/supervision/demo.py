"""Demo data of supervision: 驻马店's division-of-work table (seed 002's attachment, 21 tasks
under six headings) imported as given for this year, with planned milestones at the half
and the end of the year and the lead units' progress reports of the autumn, so that the
lights of today show some tasks behind schedule."""

from __future__ import annotations

from datetime import date
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
