"""Every write of the projects module: projects (一项一码), stage transitions, milestones,
monthly investment and quotas (the intensity minimum is the cluster's land policy: land.services).

Each service checks the policy first, then the state, raises DomainError with a Chinese
message, validates with full_clean(), saves (history records actor and reason).

Stage transitions (ALLOWED_TRANSITIONS):
- forward along 谋划 → 在谈 → 签约 → 开工 → 在建 → 竣工 → 投产, skipping forward allowed;
- a stage after 开工 (在建, 竣工, 投产) can only be reached from 开工 or later: a project
  cannot be 在建/竣工/投产 before it has started (e.g. 签约 → 投产 is refused);
- any stage but 投产 and 终止 → 终止, with a reason;
- 投产 and 终止 are final; no step goes backwards.
Each transition has a date: not in the future, not before the previous transition's date.
Reaching 签约/开工/投产 fills the project's sign/start/production date when empty.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError
from clusterzone.core.periods import MONTHLY, Period, PeriodError
from clusterzone.core.services import full_clean_or_raise, instance_delete, instance_save, stamp_history

from .choices import FINAL_STAGES, STAGE_PATH, Stage
from .codes import next_platform_code
from .models import (
    Project,
    ProjectInvestment,
    ProjectMilestone,
    ProjectStageChange,
    Quota,
    UnitQuota,
)

_INDEX = {s: i for i, s in enumerate(STAGE_PATH)}
_STARTED = _INDEX[Stage.STARTED]


def _allowed_from(stage: str) -> list[str]:
    if stage in FINAL_STAGES:
        return []
    i = _INDEX[stage]
    targets = [s for s in STAGE_PATH[i + 1 :] if _INDEX[s] <= _STARTED or i >= _STARTED]
    return [*targets, Stage.TERMINATED]


ALLOWED_TRANSITIONS: dict[str, list[str]] = {s: _allowed_from(s) for s in Stage.values}

# the project date a stage fills when reached
STAGE_DATE_FIELD = {
    Stage.SIGNED: "sign_date",
    Stage.STARTED: "start_date",
    Stage.PRODUCING: "production_date",
}


def _today() -> dt.date:
    return timezone.localdate()


def _initial_stage_date(data: dict) -> dt.date:
    """The date a new project entered its stage: given, or the date field of that stage
    (签约日期, 开工日期, 投产日期; 在建/竣工 use 开工日期), or today."""
    stage = data.get("stage")
    field = STAGE_DATE_FIELD.get(stage) or (
        "start_date" if stage in (Stage.BUILDING, Stage.COMPLETED) else None
    )
    return data.get("stage_date") or (data.get(field) if field else None) or _today()


# --- projects ------------------------------------------------------------------------------


@transaction.atomic
def project_create(*, actor, data: dict, reason: str | None = None) -> Project:
    """Create a project; without a code the platform's own code is given (codes.py). The
    initial stage (default 谋划) is recorded as the first stage change."""
    data = dict(data)
    project = Project()
    if not data.get("code"):
        data.pop("code", None)
        cluster = data.get("cluster")
        if cluster is None:
            raise DomainError(_("请选择集聚区。"), field="cluster")
        year = (data.get("sign_date") or data.get("stage_date") or _today()).year
        project.code = next_platform_code(cluster, year)
    data.setdefault("stage", Stage.PLANNING)
    if data["stage"] == Stage.TERMINATED and not (data.get("terminated_reason") or "").strip():
        raise DomainError(_("终止项目须填写终止原因。"), field="terminated_reason")
    data["stage_date"] = _initial_stage_date(data)
    instance_save(project, actor=actor, data=data, reason=reason)
    change = ProjectStageChange(
        project=project,
        from_stage="",
        to_stage=project.stage,
        date=project.stage_date,
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason or "",
    )
    stamp_history(change, actor=actor, reason=reason)
    change.save()
    return project


@transaction.atomic
def project_update(*, actor, project: Project, data: dict, reason: str | None = None) -> Project:
    """Change a project's facts. The stage changes only through project_transition."""
    data = dict(data)
    stage = data.pop("stage", None)
    data.pop("stage_date", None)
    if stage and stage != project.stage:
        raise DomainError(_("阶段须通过“阶段变更”办理。"), field="stage")
    if "code" in data and not data["code"]:
        data.pop("code")
    return instance_save(project, actor=actor, data=data, reason=reason)


def project_create_from_lead(*, actor, lead, data: dict | None = None) -> Project:
    """Create the project a landed lead (招商线索落地) becomes, its data carried over from the
    lead: name, cluster, industry division, leading-industry category, intended investment
    (as total investment), investor name, responsible unit (as 招商单位). `data` overrides or
    completes them (e.g. code, kind, sign_date). The investment app links the lead to the
    returned project (Lead.project)."""

    def first(*names):
        for name in names:
            value = getattr(lead, name, None)
            if value not in (None, ""):
                return value
        return None

    company = first("company", "target_company", "company_name")
    carried = {
        "name": first("project_name", "name", "title") or company,
        "cluster": first("cluster"),
        "industry": first("industry"),
        "category": first("category"),
        "total_investment": first("intended_investment", "investment", "amount"),
        "investor_name": company or "",
        "attracted_by": first("unit", "responsible_unit"),
        "stage": Stage.SIGNED,
    }
    agreement = first("agreement")
    if agreement is not None and getattr(agreement, "date", None):
        carried["sign_date"] = agreement.date
        if getattr(agreement, "amount", None):
            carried["total_investment"] = agreement.amount
    carried = {k: v for k, v in carried.items() if v is not None}
    carried.update(data or {})
    if carried.get("stage") == Stage.SIGNED and not carried.get("sign_date"):
        carried["sign_date"] = _today()
    carried.setdefault("stage_date", carried.get("sign_date"))
    return project_create(actor=actor, data=carried, reason=_("招商线索落地：%(lead)s") % {"lead": str(lead)})


def project_delete(*, actor, project: Project) -> None:
    instance_delete(project, actor=actor)


@transaction.atomic
def project_transition(
    *, actor, project: Project, to_stage: str, date: dt.date | None = None, reason: str = ""
) -> ProjectStageChange:
    """Move a project to `to_stage` on `date` (default today) and record the change."""
    policy.require(actor, "change", project)
    project = Project.objects.select_for_update().get(pk=project.pk)
    date = date or _today()
    if to_stage not in Stage.values:
        raise DomainError(_("未知的阶段。"), field="to_stage")
    if to_stage not in ALLOWED_TRANSITIONS[project.stage]:
        if project.stage in FINAL_STAGES:
            msg = _("项目已“%(s)s”，不能再变更阶段。") % {"s": project.get_stage_display()}
        elif to_stage in STAGE_PATH and _INDEX[to_stage] > _STARTED and _INDEX[project.stage] < _STARTED:
            msg = _("项目尚未开工，不能直接变更为“%(t)s”。") % {"t": Stage(to_stage).label}
        else:
            msg = _("不能从“%(f)s”变更为“%(t)s”。") % {
                "f": project.get_stage_display(),
                "t": Stage(to_stage).label,
            }
        raise DomainError(msg, field="to_stage", code="invalid_transition")
    if date > _today():
        raise DomainError(_("阶段变更日期不能晚于今天。"), field="date")
    if project.stage_date and date < project.stage_date:
        raise DomainError(
            _("阶段变更日期不能早于上一次变更的日期（%(d)s）。")
            % {"d": f"{project.stage_date.year}年{project.stage_date.month}月{project.stage_date.day}日"},
            field="date",
        )
    reason = (reason or "").strip()
    if to_stage == Stage.TERMINATED:
        if not reason:
            raise DomainError(_("终止项目须填写终止原因。"), field="reason")
        project.terminated_reason = reason
    change = ProjectStageChange(
        project=project,
        from_stage=project.stage,
        to_stage=to_stage,
        date=date,
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason,
    )
    project.stage = to_stage
    project.stage_date = date
    field = STAGE_DATE_FIELD.get(to_stage)
    if field and not getattr(project, field):
        setattr(project, field, date)
    if to_stage in (Stage.BUILDING, Stage.COMPLETED, Stage.PRODUCING) and not project.start_date:
        project.start_date = date
    full_clean_or_raise(project)
    label = _("阶段变更：%(f)s → %(t)s") % {"f": Stage(change.from_stage).label, "t": Stage(to_stage).label}
    stamp_history(project, actor=actor, reason=f"{label}{'；' + reason if reason else ''}")
    project.save()
    stamp_history(change, actor=actor, reason=label)
    change.save()
    return change


@transaction.atomic
def project_team_set(*, actor, project: Project, users=None, units=None) -> Project:
    """Replace the service team (users and/or units). The change is kept in the project's
    history with the new team spelt out in the reason."""
    policy.require(actor, "change", project)
    data = {}
    if users is not None:
        data["team_users"] = list(users)
    if units is not None:
        data["team_units"] = list(units)
    new_users = data.get("team_users", list(project.team_users.all()))
    new_units = data.get("team_units", list(project.team_units.all()))
    members = [str(u) for u in new_users] + [str(u) for u in new_units]
    reason = _("服务团队调整为：%(team)s") % {"team": "、".join(members) or _("（无）")}
    # instance_save adds who joined and who left to the history record
    return instance_save(project, actor=actor, data=data, reason=reason)


# --- milestones ----------------------------------------------------------------------------


def milestone_save(
    *, actor, milestone: ProjectMilestone, data: dict | None = None, reason: str | None = None
) -> ProjectMilestone:
    """Create or change a milestone (governed by the project's change right)."""
    return instance_save(milestone, actor=actor, data=data or {}, reason=reason)


def milestone_complete(
    *, actor, milestone: ProjectMilestone, date: dt.date | None = None, reason: str | None = None
) -> ProjectMilestone:
    date = date or _today()
    if date > _today():
        raise DomainError(_("完成日期不能晚于今天。"), field="actual_date")
    if milestone.actual_date:
        raise DomainError(_("该时间节点已完成。"), field="actual_date")
    return instance_save(milestone, actor=actor, data={"actual_date": date}, reason=reason)


def milestone_delete(*, actor, milestone: ProjectMilestone) -> None:
    instance_delete(milestone, actor=actor)


# --- monthly investment --------------------------------------------------------------------


def _month(period) -> Period:
    try:
        p = Period.parse(period)
    except PeriodError as exc:
        raise DomainError(str(exc), field="period")
    if p.kind != MONTHLY:
        raise DomainError(_("月度投资的期间应为月份，如 2025-04。"), field="period")
    return p


@transaction.atomic
def investment_record(
    *, actor, project: Project, period, amount, reason: str | None = None
) -> ProjectInvestment:
    """Record (or correct) the investment completed in one month, in 万元."""
    p = _month(period)
    today = _today()
    if (p.year, p.index) > (today.year, today.month):
        raise DomainError(_("不能填报未来月份的投资。"), field="period")
    amount = Decimal(str(amount))
    row = ProjectInvestment.objects.filter(project=project, year=p.year, month=p.index).first()
    if row is None:
        row = ProjectInvestment(project=project, year=p.year, month=p.index, period=str(p))
    return instance_save(row, actor=actor, data={"amount": amount}, reason=reason)


def investment_delete(*, actor, investment: ProjectInvestment) -> None:
    instance_delete(investment, actor=actor)


# --- quotas and policy ---------------------------------------------------------------------


def quota_save(*, actor, quota: Quota, data: dict | None = None, reason: str | None = None) -> Quota:
    return instance_save(quota, actor=actor, data=data or {}, reason=reason)


def unit_quota_save(
    *, actor, quota: UnitQuota, data: dict | None = None, reason: str | None = None
) -> UnitQuota:
    return instance_save(quota, actor=actor, data=data or {}, reason=reason)


@transaction.atomic
def quota_delete(*, actor, quota: Quota | UnitQuota) -> None:
    """Delete a region's or a unit's quota (its history keeps the deletion)."""
    instance_delete(quota, actor=actor)
