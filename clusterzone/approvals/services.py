"""Every write of the approval service: the catalog (matters, windows, groups, promises)
and the acts of a case — create, accept (受理), pause (暂停计时), resume, complete (办结).

Every act is dated by the day it happened; the day it is entered is recorded beside it, and
an entry typed later than the act is marked 补录 (CaseEvent.late). No act may be dated in
the future. Catalog rows are saved through core.services.instance_save (policy, validation,
history); the acts check the policy's "handle" right on the case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError
from clusterzone.core.services import full_clean_or_raise, instance_delete, instance_save, stamp_history

from .choices import CaseAction, CaseResult, CaseStatus, PauseKind
from .models import (
    ApprovalCase,
    ApprovalMatter,
    ApprovalPause,
    ApprovalPromise,
    ApprovalWindow,
    CaseEvent,
    ParallelGroup,
)

EDITABLE_CASE_FIELDS = {"applied_on", "agent", "handler", "notes", "group"}


def _actor_user(actor):
    return actor if getattr(actor, "pk", None) else None


def _today() -> dt.date:
    return timezone.localdate()


# --------------------------------------------------------------------------- catalog


def matter_save(*, actor, matter: ApprovalMatter, data: dict[str, Any], reason: str | None = None):
    return instance_save(matter, actor=actor, data=data, reason=reason)


def matter_delete(*, actor, matter: ApprovalMatter) -> None:
    instance_delete(matter, actor=actor)


def window_save(*, actor, window: ApprovalWindow, data: dict[str, Any], reason: str | None = None):
    return instance_save(window, actor=actor, data=data, reason=reason)


def group_save(*, actor, group: ParallelGroup, data: dict[str, Any], reason: str | None = None):
    return instance_save(group, actor=actor, data=data, reason=reason)


def promise_save(*, actor, promise: ApprovalPromise, data: dict[str, Any], reason: str | None = None):
    return instance_save(promise, actor=actor, data=data, reason=reason)


# --------------------------------------------------------------------------- cases


def _check_date(on, field: str, label: str) -> dt.date:
    if on is None:
        raise DomainError(_("请填写%(label)s。") % {"label": label}, field=field)
    if on > _today():
        raise DomainError(_("%(label)s不能晚于今天。") % {"label": label}, field=field)
    return on


def _record(case, action, on, *, actor, note: str = "") -> CaseEvent:
    recorded = _today()
    return CaseEvent.objects.create(
        case=case, action=action, act_date=on, recorded_on=recorded, late=on < recorded,
        actor=_actor_user(actor), note=note,
    )  # fmt: skip


def _save(case, *, actor, reason=None):
    full_clean_or_raise(case)
    stamp_history(case, actor=actor, reason=reason)
    case.save()
    return case


@transaction.atomic
def case_create(*, actor, data: dict[str, Any], reason: str | None = None) -> ApprovalCase:
    """A case of a matter for a project: planned (未受理), or accepted when `accepted_on`
    is given (recording the acceptance needs the department's "handle" right)."""
    data = dict(data)
    accepted_on = data.pop("accepted_on", None)
    for name in ("status", "completed_on", "result", "result_reason"):
        data.pop(name, None)
    case = ApprovalCase()
    for name, value in data.items():
        setattr(case, name, value)
    if case.matter_id and "group" not in data:
        case.group_id = case.matter.group_id
    if case.matter_id and not case.matter.active:
        raise DomainError(_("该审批事项已停用。"), field="matter")
    policy.require(actor, "add", case)
    if case.applied_on:
        _check_date(case.applied_on, "applied_on", _("申请日期"))
    if accepted_on is not None:
        policy.require(actor, "handle", case)
        case.accepted_on = _check_date(accepted_on, "accepted_on", _("受理日期"))
        case.status = CaseStatus.RUNNING
    _save(case, actor=actor, reason=reason)
    if case.applied_on:
        _record(case, CaseAction.APPLY, case.applied_on, actor=actor)
    if case.accepted_on:
        _record(case, CaseAction.ACCEPT, case.accepted_on, actor=actor)
    return case


@transaction.atomic
def case_update(
    *, actor, case: ApprovalCase, data: dict[str, Any], reason: str | None = None
) -> ApprovalCase:
    """Details of a case (applied date, agent, handler, notes); the acts have their own services."""
    policy.require(actor, "change", case)
    data = {k: v for k, v in data.items() if k in EDITABLE_CASE_FIELDS}
    applied_before = case.applied_on
    for name, value in data.items():
        setattr(case, name, value)
    if case.applied_on and case.applied_on != applied_before:
        _check_date(case.applied_on, "applied_on", _("申请日期"))
    _save(case, actor=actor, reason=reason)
    if case.applied_on and case.applied_on != applied_before:
        _record(case, CaseAction.APPLY, case.applied_on, actor=actor)
    return case


@transaction.atomic
def case_delete(*, actor, case: ApprovalCase) -> None:
    instance_delete(case, actor=actor)


def _lock(case) -> ApprovalCase:
    return (
        ApprovalCase.objects.select_for_update()
        .select_related("matter", "project__cluster__region")
        .get(pk=case.pk)
    )


@transaction.atomic
def case_accept(*, actor, case: ApprovalCase, on: dt.date, applied_on: dt.date | None = None) -> ApprovalCase:
    case = _lock(case)
    policy.require(actor, "handle", case)
    if case.status != CaseStatus.PLANNED:
        raise DomainError(_("该办件已受理。"))
    case.accepted_on = _check_date(on, "on", _("受理日期"))
    if applied_on:
        case.applied_on = _check_date(applied_on, "applied_on", _("申请日期"))
        _record(case, CaseAction.APPLY, applied_on, actor=actor)
    case.status = CaseStatus.RUNNING
    _save(case, actor=actor, reason=_("受理"))
    _record(case, CaseAction.ACCEPT, on, actor=actor)
    return case


@transaction.atomic
def case_pause(*, actor, case: ApprovalCase, kind: str, reason: str, on: dt.date) -> ApprovalPause:
    """Stop the clock from `on` (its first paused day) for a §45 procedure or a 补正."""
    case = _lock(case)
    policy.require(actor, "handle", case)
    if case.status != CaseStatus.RUNNING:
        raise DomainError(
            _("只有办理中的办件可以暂停计时（当前：%(s)s）。") % {"s": case.get_status_display()}
        )
    if kind not in PauseKind.values:
        raise DomainError(_("未知的暂停类型“%(k)s”。") % {"k": kind}, field="kind")
    if not (reason or "").strip():
        raise DomainError(_("暂停计时须写明原因。"), field="reason")
    _check_date(on, "on", _("暂停日期"))
    if on < case.accepted_on:
        raise DomainError(_("暂停日期不能早于受理日期。"), field="on")
    last = case.pauses.order_by("-resumed_on").values_list("resumed_on", flat=True).first()
    if last and on < last:
        raise DomainError(_("暂停日期不能早于上次恢复计时的日期。"), field="on")
    pause = ApprovalPause(case=case, kind=kind, reason=reason.strip(), started_on=on)
    full_clean_or_raise(pause)
    stamp_history(pause, actor=actor)
    pause.save()
    case.status = CaseStatus.PAUSED
    _save(case, actor=actor, reason=_("暂停计时：%(k)s") % {"k": pause.get_kind_display()})
    _record(case, CaseAction.PAUSE, on, actor=actor, note=f"{pause.get_kind_display()}：{pause.reason}")
    return pause


def _close_pause(case, on, *, actor) -> ApprovalPause:
    pause = case.pauses.filter(resumed_on__isnull=True).order_by("-started_on").first()
    if pause is None:
        raise DomainError(_("该办件没有进行中的暂停。"))
    if on <= pause.started_on:
        raise DomainError(
            _("恢复日期应晚于暂停日期（%(d)s）。") % {"d": pause.started_on.isoformat()}, field="on"
        )
    pause.resumed_on = on
    full_clean_or_raise(pause)
    stamp_history(pause, actor=actor)
    pause.save()
    return pause


@transaction.atomic
def case_resume(*, actor, case: ApprovalCase, on: dt.date) -> ApprovalCase:
    """Restart the clock on `on` (the pause covered up to the day before)."""
    case = _lock(case)
    policy.require(actor, "handle", case)
    if case.status != CaseStatus.PAUSED:
        raise DomainError(_("该办件未暂停计时。"))
    _check_date(on, "on", _("恢复日期"))
    _close_pause(case, on, actor=actor)
    case.status = CaseStatus.RUNNING
    _save(case, actor=actor, reason=_("恢复计时"))
    _record(case, CaseAction.RESUME, on, actor=actor)
    return case


@transaction.atomic
def case_complete(*, actor, case: ApprovalCase, on: dt.date, result: str, reason: str = "") -> ApprovalCase:
    """办结: approved, or refused with its reason. A pause still open ends on that day."""
    case = _lock(case)
    policy.require(actor, "handle", case)
    if case.status not in (CaseStatus.RUNNING, CaseStatus.PAUSED):
        raise DomainError(
            _("只有已受理且未办结的办件可以办结（当前：%(s)s）。") % {"s": case.get_status_display()}
        )
    if result not in CaseResult.values:
        raise DomainError(_("办理结果应为 approved（准予）或 refused（不予）。"), field="result")
    _check_date(on, "on", _("办结日期"))
    if on < case.accepted_on:
        raise DomainError(_("办结日期不能早于受理日期。"), field="on")
    if case.status == CaseStatus.PAUSED:
        _close_pause(case, on, actor=actor)
    elif (
        last := case.pauses.order_by("-resumed_on").values_list("resumed_on", flat=True).first()
    ) and on < last:
        raise DomainError(_("办结日期不能早于恢复计时的日期。"), field="on")
    case.completed_on = on
    case.result = result
    case.result_reason = (reason or "").strip()
    if result == CaseResult.REFUSED and not case.result_reason:
        raise DomainError(_("不予许可须写明理由。"), field="reason")
    case.status = CaseStatus.COMPLETED
    _save(case, actor=actor, reason=_("办结：%(r)s") % {"r": case.get_result_display()})
    _record(case, CaseAction.COMPLETE, on, actor=actor, note=case.result_reason)
    return case
