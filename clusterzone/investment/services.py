"""Every write of the investment module: leads and their stage moves, follow-ups,
agreements, landing into a project; chains, links and placements; clock rules.

Stage rules (招商线索): forward only along 接洽 → 考察 → 洽谈 → 意向 → 签约 → 落地, skipping
forward allowed except that 落地 needs 签约 first; 流失 from any open stage with a reason;
落地 and 流失 are final. Signing records the Agreement (date and amount required); landing
creates the project through `projects.services.project_create_from_lead` and links it, in
the same transaction. Every move is written as a LeadStageChange.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError
from clusterzone.core.services import full_clean_or_raise, instance_delete, instance_save, stamp_history

from .choices import FINAL_STAGES, STAGE_PATH, LeadStage, rank
from .clocks import refresh_lead
from .models import (
    Agreement,
    Chain,
    ChainLink,
    ChainPlacement,
    ClockRule,
    FundsPayment,
    Lead,
    LeadFollowUp,
    LeadStageChange,
)

# fields a lead's edit form / API may not set: the workflow owns them
WORKFLOW_FIELDS = {"code", "stage", "stage_entered_at", "lost_reason", "lost_from", "project"}
CREATE_STAGES = {LeadStage.CONTACT, LeadStage.VISIT, LeadStage.NEGOTIATE, LeadStage.INTENT}


def _actor_user(actor):
    return actor if getattr(actor, "pk", None) else None


def _next_code(cluster) -> str:
    prefix = f"XS{cluster.code}"
    codes = Lead.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    numbers = [int(m.group(1)) for c in codes if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", c))]
    return f"{prefix}{(max(numbers) if numbers else 0) + 1:04d}"


def _defaults_from_link(lead: Lead) -> None:
    if lead.chain_link_id and not lead.category_id:
        lead.category_id = lead.chain_link.chain.category_id


# --------------------------------------------------------------------------- leads


@transaction.atomic
def lead_create(*, actor, data: dict[str, Any], reason: str | None = None) -> Lead:
    """A new lead; its stage (default 接洽) may be an open stage before 签约."""
    data = dict(data)
    stage = data.pop("stage", None) or LeadStage.CONTACT
    entered = data.get("stage_entered_at")
    if stage not in CREATE_STAGES:
        raise DomainError(
            _("新线索只能处于接洽、考察、洽谈或意向阶段；签约、落地、流失请在线索页上办理。"), field="stage"
        )
    for name in WORKFLOW_FIELDS - {"code"}:
        data.pop(name, None)
    lead = Lead(stage=stage)
    for name, value in data.items():
        if not lead._meta.get_field(name).many_to_many:
            setattr(lead, name, value)
    if not lead.first_contact:
        lead.first_contact = timezone.localdate()
    lead.stage_entered_at = entered or lead.first_contact
    _defaults_from_link(lead)
    if lead.cluster_id and not lead.code:
        lead.code = _next_code(lead.cluster)
    lead = instance_save(lead, actor=actor, data={}, reason=reason)
    LeadStageChange.objects.create(
        lead=lead, from_stage="", to_stage=stage, date=lead.stage_entered_at, actor=_actor_user(actor),
        reason=reason or "",
    )  # fmt: skip
    refresh_lead(lead)
    return lead


@transaction.atomic
def lead_update(*, actor, lead: Lead, data: dict[str, Any], reason: str | None = None) -> Lead:
    data = {k: v for k, v in data.items() if k not in WORKFLOW_FIELDS}
    lead = instance_save(lead, actor=actor, data=data, reason=reason)
    refresh_lead(lead)  # the cluster (so the region's rules) may have changed
    return lead


@transaction.atomic
def lead_delete(*, actor, lead: Lead) -> None:
    if lead.project_id:
        raise DomainError(_("该线索已落地为项目，不能删除。"))
    instance_delete(lead, actor=actor)


def allowed_moves(lead: Lead) -> list[str]:
    """The stages this lead may move to now (for buttons and the API's description)."""
    if lead.stage in FINAL_STAGES:
        return []
    current = rank(lead.stage)
    moves = [s for s in STAGE_PATH if rank(s) > current and s != LeadStage.LANDED]
    if lead.stage == LeadStage.SIGNED:
        moves.append(LeadStage.LANDED)
    return [*moves, LeadStage.LOST]


def check_move(lead: Lead, to_stage: str) -> None:
    """Raise DomainError (Chinese) unless the move is allowed by the stage rules."""
    labels = dict(LeadStage.choices)
    if to_stage not in labels:
        raise DomainError(_("未知的阶段“%(s)s”。") % {"s": to_stage}, field="stage")
    if lead.stage in FINAL_STAGES:
        raise DomainError(
            _("线索已%(s)s，不能再变更阶段。") % {"s": labels[lead.stage]}, code="final_stage", field="stage"
        )
    if to_stage == lead.stage:
        raise DomainError(_("线索已处于“%(s)s”阶段。") % {"s": labels[to_stage]}, field="stage")
    if to_stage == LeadStage.LOST:
        return
    if to_stage == LeadStage.LANDED and lead.stage != LeadStage.SIGNED:
        raise DomainError(_("线索须先签约，才能落地。"), code="needs_signing", field="stage")
    if rank(to_stage) < rank(lead.stage):
        raise DomainError(
            _("线索阶段只能向前推进（当前为“%(a)s”，不能退回“%(b)s”）。")
            % {"a": labels[lead.stage], "b": labels[to_stage]},
            code="backward",
            field="stage",
        )


def _check_date(lead: Lead, when: date) -> None:
    if when > timezone.localdate():
        raise DomainError(_("日期不能晚于今天。"), field="date")
    if lead.stage_entered_at and when < lead.stage_entered_at:
        raise DomainError(
            _("日期不能早于进入当前阶段的日期（%(d)s）。") % {"d": f"{lead.stage_entered_at:%Y-%m-%d}"},
            field="date",
        )


def _record_move(
    lead: Lead, *, actor, to_stage: str, when: date, reason: str, extra: dict | None = None
) -> Lead:
    from_stage = lead.stage
    data = {"stage": to_stage, "stage_entered_at": when, **(extra or {})}
    for name, value in data.items():
        setattr(lead, name, value)
    full_clean_or_raise(lead)
    stamp_history(lead, actor=actor, reason=reason or _("阶段变更：%(s)s") % {"s": LeadStage(to_stage).label})
    lead.save()
    LeadStageChange.objects.create(
        lead=lead,
        from_stage=from_stage,
        to_stage=to_stage,
        date=when,
        actor=_actor_user(actor),
        reason=reason or "",
    )
    refresh_lead(lead)
    return lead


@transaction.atomic
def lead_move(*, actor, lead: Lead, to_stage: str, when: date | None = None, reason: str = "") -> Lead:
    """Move forward to 考察/洽谈/意向 (签约, 落地, 流失 have their own services)."""
    policy.require(actor, "change", lead)
    if to_stage in (LeadStage.SIGNED, LeadStage.LANDED, LeadStage.LOST):
        check_move(lead, to_stage)
        raise DomainError(
            _("签约、落地、流失须分别办理（签约须填写日期和金额，流失须填写原因）。"), field="stage"
        )
    check_move(lead, to_stage)
    when = when or timezone.localdate()
    _check_date(lead, when)
    return _record_move(lead, actor=actor, to_stage=to_stage, when=when, reason=reason)


@transaction.atomic
def lead_sign(
    *,
    actor,
    lead: Lead,
    signed_date: date | None,
    amount: Decimal | None,
    document: str = "",
    reason: str = "",
) -> Agreement:
    """签约: record the agreement (date and amount required) and move the lead to 签约."""
    policy.require(actor, "change", lead)
    check_move(lead, LeadStage.SIGNED)
    errors = {}
    if signed_date is None:
        errors["signed_date"] = [_("签约须填写签约日期。")]
    if amount is None:
        errors["amount"] = [_("签约须填写签约金额（万元）。")]
    elif Decimal(amount) <= 0:
        errors["amount"] = [_("签约金额应大于0。")]
    if errors:
        first = next(iter(errors))
        raise DomainError(errors[first][0], field=first, errors=errors)
    _check_date(lead, signed_date)
    agreement = Agreement(lead=lead, signed_date=signed_date, amount=Decimal(amount), document=document or "")
    agreement = instance_save(agreement, actor=actor, data={}, reason=reason or None, check_permission=False)
    _record_move(lead, actor=actor, to_stage=LeadStage.SIGNED, when=signed_date, reason=reason)
    return agreement


def project_data_from_lead(lead: Lead) -> dict[str, Any]:
    """What a landed lead carries into its project."""
    agreement = getattr(lead, "agreement", None)
    amount = agreement.amount if agreement is not None else lead.intended_investment
    return {
        "name": lead.project_name or _("%(c)s投资项目") % {"c": lead.company},
        "cluster": lead.cluster,
        "investor_name": lead.company,
        "industry": lead.industry,
        "category": lead.category,
        "total_investment": amount,
        "sign_date": agreement.signed_date if agreement is not None else None,
        "attracted_by": lead.unit,
    }


@transaction.atomic
def lead_land(
    *, actor, lead: Lead, when: date | None = None, data: dict[str, Any] | None = None, reason: str = ""
):
    """落地: create the project from the lead's data (overridden by `data`), link it, move
    the lead to 落地. Returns the project."""
    from clusterzone.projects.services import project_create_from_lead

    policy.require(actor, "change", lead)
    check_move(lead, LeadStage.LANDED)
    when = when or timezone.localdate()
    _check_date(lead, when)
    project_data = {
        **project_data_from_lead(lead),
        **{k: v for k, v in (data or {}).items() if v not in (None, "")},
    }
    project = project_create_from_lead(actor=actor, lead=lead, data=project_data)
    _record_move(
        lead, actor=actor, to_stage=LeadStage.LANDED, when=when, reason=reason, extra={"project": project}
    )
    return project


@transaction.atomic
def lead_lose(*, actor, lead: Lead, reason: str, when: date | None = None) -> Lead:
    """流失: from any open stage, with a reason."""
    policy.require(actor, "change", lead)
    check_move(lead, LeadStage.LOST)
    if not (reason or "").strip():
        raise DomainError(_("流失须填写原因。"), field="lost_reason")
    when = when or timezone.localdate()
    _check_date(lead, when)
    return _record_move(
        lead, actor=actor, to_stage=LeadStage.LOST, when=when, reason=reason,
        extra={"lost_reason": reason.strip(), "lost_from": lead.stage},
    )  # fmt: skip


def lead_transition(*, actor, lead: Lead, to_stage: str, when: date | None = None, reason: str = "", **kw):
    """One entry for the API: dispatch to the service of the move. Returns the lead."""
    if to_stage == LeadStage.SIGNED:
        lead_sign(
            actor=actor, lead=lead, signed_date=kw.get("signed_date") or when, amount=kw.get("amount"),
            document=kw.get("document") or "", reason=reason,
        )  # fmt: skip
    elif to_stage == LeadStage.LANDED:
        lead_land(actor=actor, lead=lead, when=when, data=kw.get("project_data"), reason=reason)
    elif to_stage == LeadStage.LOST:
        lead_lose(actor=actor, lead=lead, reason=reason, when=when)
    else:
        lead_move(actor=actor, lead=lead, to_stage=to_stage, when=when, reason=reason)
    return lead


@transaction.atomic
def followup_add(*, actor, lead: Lead, data: dict[str, Any], reason: str | None = None) -> LeadFollowUp:
    policy.require(actor, "change", lead)
    if lead.stage in FINAL_STAGES:
        raise DomainError(_("线索已%(s)s，不再登记跟进。") % {"s": lead.get_stage_display()})
    if data.get("date") and data["date"] > timezone.localdate():
        raise DomainError(_("跟进日期不能晚于今天。"), field="date")
    entry = LeadFollowUp(lead=lead, actor=_actor_user(actor))
    entry = instance_save(entry, actor=actor, data=data, reason=reason)
    # the lead's stored clock deadline is refreshed by signals.py
    return entry


# --------------------------------------------------------------------------- chains


@transaction.atomic
def chain_save(*, actor, chain: Chain, data: dict[str, Any], reason: str | None = None) -> Chain:
    return instance_save(chain, actor=actor, data=data, reason=reason)


@transaction.atomic
def chain_delete(*, actor, chain: Chain) -> None:
    instance_delete(chain, actor=actor)


@transaction.atomic
def chain_link_save(*, actor, link: ChainLink, data: dict[str, Any], reason: str | None = None) -> ChainLink:
    return instance_save(link, actor=actor, data=data, reason=reason)


@transaction.atomic
def chain_link_delete(*, actor, link: ChainLink) -> None:
    instance_delete(link, actor=actor)


@transaction.atomic
def placement_add(*, actor, link: ChainLink, enterprise=None, project=None, note: str = "") -> ChainPlacement:
    placement = ChainPlacement(link=link, enterprise=enterprise, project=project, note=note)
    return instance_save(placement, actor=actor, data={})


@transaction.atomic
def placement_delete(*, actor, placement: ChainPlacement) -> None:
    instance_delete(placement, actor=actor)


@transaction.atomic
def clock_rule_save(*, actor, rule: ClockRule, data: dict[str, Any], reason: str | None = None) -> ClockRule:
    return instance_save(rule, actor=actor, data=data, reason=reason)  # deadlines: signals.py


@transaction.atomic
def clock_rule_delete(*, actor, rule: ClockRule) -> None:
    instance_delete(rule, actor=actor)


# --------------------------------------------------------------------------- 到资


@transaction.atomic
def payment_record(
    *, actor, agreement: Agreement, data: dict[str, Any], reason: str | None = None
) -> FundsPayment:
    """Record funds actually received (到资) against a signed agreement (its lead's "change"
    right); the cumulative amount is read against the agreed amount by the selectors."""
    payment = FundsPayment(agreement=agreement)
    return instance_save(payment, actor=actor, data=data, reason=reason)


def payment_update(
    *, actor, payment: FundsPayment, data: dict[str, Any], reason: str | None = None
) -> FundsPayment:
    return instance_save(payment, actor=actor, data=data, reason=reason)


def payment_delete(*, actor, payment: FundsPayment) -> None:
    instance_delete(payment, actor=actor)
