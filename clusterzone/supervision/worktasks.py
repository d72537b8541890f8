"""The division-of-work table (重点工作分工): tasks with lead and participating units, planned
milestones, the lead unit's progress reports and the schedule light of each task.

Units are named in the table as the attachment of seed 002 writes them: the first name of a
list with the region's prefix ("市发展改革委"), the rest without ("教育局"), sometimes the
local short name ("市发改委"), and "市产业集聚区发展联席会议各成员单位" for every member unit.
`UnitMatcher` finds the units of one region by those names."""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.accounts.models import OrgUnit
from clusterzone.core.exceptions import DomainError
from clusterzone.core.services import instance_delete, instance_save

from .lights import progress_light
from .models import WorkMilestone, WorkProgress, WorkTask

ALL_MEMBERS_SUFFIX = "各成员单位"
_LIST_SPLIT = re.compile(r"[、，,；;\n]+")
_SHORT_NAME = re.compile(r"简称[：:]\s*([^）)，,。；;\s]+)")


def _squash(text: str) -> str:
    return re.sub(r"\s", "", str(text or "")).replace("\u3000", "")


class UnitMatcher:
    """Units of one region found by full name, name without the region prefix, or short name
    (the 简称 in the unit's notes); "产业集聚区发展联席会议" and "产业集聚区联席会议" name the
    same office (the attachment uses both spellings)."""

    def __init__(self, region):
        self.region = region
        self.prefixes = sorted({_squash(region.name), "市", "县", "区"}, key=len, reverse=True)
        self.by_name: dict[str, list[OrgUnit]] = {}
        self.by_short: dict[str, list[OrgUnit]] = {}
        for unit in OrgUnit.objects.filter(region=region).order_by("name"):
            self.by_name.setdefault(self.key(unit.name), []).append(unit)
            for short in _SHORT_NAME.findall(unit.notes or ""):
                self.by_short.setdefault(self.key(short), []).append(unit)

    def key(self, name: str) -> str:
        text = _squash(name)
        for prefix in self.prefixes:
            if text.startswith(prefix) and len(text) > len(prefix):
                text = text[len(prefix) :]
                break
        return text.replace("产业集聚区发展联席会议", "产业集聚区联席会议")

    def find(self, name: str) -> OrgUnit | None:
        """The one unit so named (a full name before a short name); None if none or several."""
        key = self.key(name)
        found = self.by_name.get(key) or self.by_short.get(key) or []
        return found[0] if len(found) == 1 else None

    @staticmethod
    def split(text) -> list[str]:
        return [n for n in (s.strip() for s in _LIST_SPLIT.split(str(text or ""))) if n]


# ---------------------------------------------------------------- selectors


def task_list(*, user):
    return (
        policy.scope(user, WorkTask)
        .select_related("region", "lead_unit")
        .prefetch_related(
            Prefetch("participants", queryset=OrgUnit.objects.order_by("name")),
            Prefetch("milestones", queryset=WorkMilestone.objects.order_by("due", "id")),
            Prefetch("reports", queryset=WorkProgress.objects.order_by("reported_on", "id")),
        )
    )


def planned_share(task: WorkTask, as_of: date) -> int | None:
    """The share planned by `as_of` (the last milestone due by then; 0 before the first);
    None when the task has no milestones."""
    milestones = list(task.milestones.all())
    if not milestones:
        return None
    due = [m.planned_share for m in milestones if m.due <= as_of]
    return max(due) if due else 0


def reported_share(task: WorkTask, as_of: date) -> int:
    reports = [r for r in task.reports.all() if r.reported_on <= as_of]
    return reports[-1].share if reports else 0


def attach_task_lights(tasks, as_of: date):
    """Set `planned`, `actual` and `light` (None for headings and tasks without milestones)
    on each task; no query beyond the list's prefetches."""
    tasks = list(tasks)
    for t in tasks:
        t.planned = None if t.is_heading else planned_share(t, as_of)
        t.actual = reported_share(t, as_of)
        t.light = progress_light(t.planned, t.actual) if t.planned is not None else None
    return tasks


# ---------------------------------------------------------------- services


def _check_units(task: WorkTask, participants) -> None:
    units = ([task.lead_unit] if task.lead_unit_id else []) + list(participants or [])
    for unit in units:
        if unit.region_id != task.region_id:
            raise DomainError(
                _("单位“%(u)s”不属于%(r)s，不能承担该区划的重点工作。")
                % {"u": unit.name, "r": task.region.name},
                field="lead_unit",
            )


@transaction.atomic
def task_save(*, actor, task: WorkTask, data: dict, reason: str | None = None) -> WorkTask:
    """Create or update a task of the table (the office)."""
    participants = data.get("participants")
    for name, value in data.items():
        if name != "participants":
            setattr(task, name, value)
    if not task.is_heading and not task.lead_unit_id:
        raise DomainError(_("请填写牵头单位。"), field="lead_unit")
    if task.region_id:
        _check_units(task, participants)
    return instance_save(task, actor=actor, data=data, reason=reason)


@transaction.atomic
def task_delete(*, actor, task: WorkTask) -> None:
    instance_delete(task, actor=actor)


@transaction.atomic
def milestone_add(
    *, actor, task: WorkTask, due: date, planned_share: int, description: str = ""
) -> WorkMilestone:
    policy.require(actor, "change", task)
    if not 0 <= int(planned_share) <= 100:
        raise DomainError(_("计划进度应在0到100之间。"), field="planned_share")
    return WorkMilestone.objects.create(
        task=task, due=due, planned_share=planned_share, description=description
    )


@transaction.atomic
def progress_report(
    *, actor, task: WorkTask, share: int, content: str, reported_on: date | None = None
) -> WorkProgress:
    """The lead unit reports progress (完成进度 in percent and what was done)."""
    policy.require(actor, "report", task)
    if task.is_heading:
        raise DomainError(_("标题行不报送进展。"))
    if share is None or not 0 <= int(share) <= 100:
        raise DomainError(_("完成进度应在0到100之间。"), field="share")
    if not (content or "").strip():
        raise DomainError(_("请填写进展情况。"), field="content")
    return WorkProgress.objects.create(
        task=task,
        reported_on=reported_on or timezone.localdate(),
        share=int(share),
        content=content.strip(),
        reporter=actor if getattr(actor, "pk", None) else None,
    )
