"""Importers of supervision: the division-of-work table (重点工作分工) in the attachment's own
layout.

    clusterzone import work-tasks FILE
        序号, 专项工作, 牵头单位, 参加单位 (年度, 工作目标 optional)

A 序号 in Chinese numerals (一、二 …) starts a heading; numbered rows are the tasks under it.
Units are matched by name or short name among the units of the importing office's region
(`region` set on the importer for the command-line path); every name not found is listed as
an error and nothing is written. Upsert key: region, year and 序号.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError
from clusterzone.core.importing import Importer, RowError, register
from clusterzone.core.importing import columns as c

from . import worktasks
from .models import WorkTask

_HEADING_NUMBER = re.compile(r"^[一二三四五六七八九十]+$")


@register
class WorkTaskImporter(Importer):
    kind = "work-tasks"
    title = _("重点工作分工")
    model = WorkTask
    key_fields = ()
    scope_column = "牵头单位"
    columns = [
        c.code("序号", None, required=True, example="1"),
        c.text("专项工作", None, required=True, example="壮大传统产业集群"),
        c.text("牵头单位", None, example="市发展改革委"),
        c.text("参加单位", None, example="市工业和信息化局、财政局"),
        c.integer("年度", None, example="2026"),
        c.text("工作目标", None, aliases=("目标",), example=""),
    ]  # fmt: skip
    notes = (
        _("按分工表原样填写：序号为“一、二……”的行是类别标题，其下为编号的专项工作。"),
        _(
            "单位按全称或简称匹配本区划的单位；多个参加单位用顿号分隔，“……各成员单位”表示联席会议全体成员单位。"
        ),
        _("年度留空为今年。"),
    )

    region = None  # the region of the table on the command-line path (default: the user's)
    year = None

    def _region(self, actor):
        if self.region is not None:
            return self.region
        unit = getattr(actor, "unit", None) if actor is not None else None
        return unit.region if unit is not None else None

    def run(self, source, *, filename=None, actor=None, dry_run=False):
        result, plans, _present = self.read(source, filename=filename, dry_run=dry_run)
        if plans is None:
            return result
        region = self._region(actor)
        if region is None:
            result.errors.append(RowError(0, "", result.filename, _gettext("请指定分工表所属的区划。")))
            return result
        if actor is not None and not policy.can(actor, "change", WorkTask(region=region)):
            result.errors.append(
                RowError(
                    0, "", result.filename, _gettext("您无权维护%(r)s的重点工作分工。") % {"r": region.name}
                )
            )
            return result
        matcher = worktasks.UnitMatcher(region)
        default_year = self.year or timezone.localdate().year
        rows = []  # (plan, values for task_save, is new)
        heading = ""
        seen: dict[tuple, int] = {}
        for position, plan in enumerate(plans, start=1):
            if plan.errors:
                continue
            number = plan.values["序号"]
            title = plan.values["专项工作"]
            is_heading = bool(_HEADING_NUMBER.match(number))
            if is_heading:
                heading = title
            elif not number.isdigit():
                self.error(plan, "序号", _gettext("序号应为数字，类别标题用“一、二……”。"))
                continue
            year = plan.values.get("年度") or default_year
            if (year, number) in seen:
                self.error(
                    plan,
                    "序号",
                    _gettext("与第%(row)d行重复（同一年度序号只能出现一次）。")
                    % {"row": seen[(year, number)]},
                )
                continue
            seen[(year, number)] = plan.row
            lead = None
            lead_name = plan.values.get("牵头单位")
            if lead_name:
                lead = matcher.find(lead_name)
                if lead is None:
                    self._unknown(plan, "牵头单位", lead_name, region)
            elif not is_heading:
                self.error(plan, "牵头单位", _gettext("必填，不能为空。"))
            participants, all_members = [], False
            for name in matcher.split(plan.values.get("参加单位")):
                if name.endswith(worktasks.ALL_MEMBERS_SUFFIX):
                    all_members = True
                    continue
                unit = matcher.find(name)
                if unit is None:
                    self._unknown(plan, "参加单位", name, region)
                elif unit not in participants:
                    participants.append(unit)
            if plan.errors:
                continue
            data = {
                "region": region, "year": year, "number": number, "position": position,
                "is_heading": is_heading, "heading": heading, "title": title, "lead_unit": lead,
                "participants": participants, "all_members": all_members,
                "target": plan.values.get("工作目标") or "",
            }  # fmt: skip
            rows.append((plan, data))
        for plan in plans:
            result.errors.extend(plan.errors)
        if result.errors:
            result.errors.sort(key=lambda e: e.row)
            return result
        self._write(rows, result, actor=actor, region=region)
        return result

    def _unknown(self, plan, header, name, region):
        self.error(
            plan,
            header,
            _gettext("%(region)s没有名为“%(name)s”的单位（按单位全称或简称匹配）。")
            % {"region": region.name, "name": name},
            value=name,
        )

    def _write(self, rows, result, *, actor, region):
        reason = _gettext("Excel导入：%(f)s") % {"f": result.filename}
        service_actor = policy.SYSTEM if actor is None else actor
        with transaction.atomic():
            existing = {
                (t.year, t.number): t
                for t in WorkTask.objects.select_for_update()
                .filter(region=region, year__in={d["year"] for _p, d in rows})
                .prefetch_related("participants")
            }
            for plan, data in rows:
                task = existing.get((data["year"], data["number"]))
                if task is not None and _same(task, data):
                    result.unchanged += 1
                    continue
                try:
                    with transaction.atomic():
                        worktasks.task_save(
                            actor=service_actor, task=task or WorkTask(), data=data, reason=reason
                        )
                except DomainError as exc:
                    result.errors.append(RowError(plan.row, "", "", exc.message))
                    break
                if task is None:
                    result.created += 1
                else:
                    result.updated += 1
            if result.errors or result.dry_run:
                transaction.set_rollback(True)
        if result.errors:
            result.created = result.updated = result.unchanged = 0


def _same(task: WorkTask, data: dict) -> bool:
    for name, value in data.items():
        if name == "participants":
            if {u.pk for u in task.participants.all()} != {u.pk for u in value}:
                return False
        elif name in ("region", "lead_unit"):
            if getattr(task, f"{name}_id") != (value.pk if value is not None else None):
                return False
        elif getattr(task, name) != value:
            return False
    return True
