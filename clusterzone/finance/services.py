"""Every write of the finance module: policy check first (through core.services), state
checks raising DomainError with a Chinese message, history and dated status records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.accounts.choices import UnitKind
from clusterzone.core.exceptions import DomainError
from clusterzone.core.services import full_clean_or_raise, instance_delete, instance_save
from clusterzone.core.units import money
from clusterzone.core.workdays import add_workdays

from .choices import DEFAULT_RESPOND_WORKDAYS, LoanKind, LoanStatus, NeedStatus, ResponseKind
from .models import (
    AttractedTax,
    FinancingNeed,
    FinancingPlatform,
    Guarantee,
    IncentiveRule,
    Loan,
    LoanParticipant,
    LoanStatusChange,
    MatchingEvent,
    NeedClockRule,
    NeedResponse,
    PlatformYear,
    ServicePairing,
    SuperiorFund,
    TaxSharingRule,
)


def _check_participants(*, kind: str, amount: Decimal, participants: list[dict]) -> None:
    if kind != LoanKind.SYNDICATED:
        if participants:
            raise DomainError(_("只有银团贷款可以填写参贷银行。"), field="participants")
        return
    if len(participants) < 2:
        raise DomainError(_("银团贷款须列出至少两家参贷银行及其份额。"), field="participants")
    seen = set()
    for p in participants:
        lender = p["lender"]
        if lender.kind != UnitKind.BANK:
            raise DomainError(
                _("参贷银行“%(b)s”不是“金融机构”类型的单位。") % {"b": lender}, field="participants"
            )
        if lender.pk in seen:
            raise DomainError(_("参贷银行“%(b)s”重复列出。") % {"b": lender}, field="participants")
        seen.add(lender.pk)
        if p["share"] is None or p["share"] <= 0:
            raise DomainError(_("参贷份额应大于0。"), field="participants")
    total = sum((Decimal(p["share"]) for p in participants), Decimal(0))
    if total != Decimal(amount):
        diff = Decimal(amount) - total
        raise DomainError(
            _("各参贷银行份额合计%(total)s，与贷款金额%(amount)s%(dir)s%(diff)s，份额之和须与贷款金额相等。")
            % {
                "total": money(total, unit="万元"),
                "amount": money(amount, unit="万元"),
                "dir": _("少") if diff > 0 else _("多"),
                "diff": money(abs(diff), unit="万元"),
            },
            field="participants",
        )


def _record_status(*, loan: Loan, from_status: str, actor, when: date, reason: str | None) -> None:
    LoanStatusChange.objects.create(
        loan=loan,
        from_status=from_status,
        to_status=loan.status,
        date=when,
        balance=loan.balance,
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason or "",
    )


@transaction.atomic
def loan_create(*, actor, data: dict, reason: str | None = None) -> Loan:
    """A loan with, for a syndicated one, its participants' shares (which must add up to the
    amount exactly: refused otherwise, naming the difference, and nothing is written)."""
    data = dict(data)
    participants = data.pop("participants", None) or []
    loan = Loan(**{k: v for k, v in data.items()})
    if loan.balance is None:
        loan.balance = Decimal(0) if loan.status in (LoanStatus.SETTLED, LoanStatus.PENDING) else loan.amount
    loan.status = loan.status or LoanStatus.NORMAL
    if loan.issued_on and not loan.status_since:
        loan.status_since = loan.issued_on
    policy.require(actor, "add", loan)
    if loan.amount is not None and loan.kind:
        _check_participants(kind=loan.kind, amount=loan.amount, participants=participants)
    loan = instance_save(loan, actor=actor, reason=reason)
    for p in participants:
        LoanParticipant.objects.create(loan=loan, lender=p["lender"], share=p["share"])
    _record_status(loan=loan, from_status="", actor=actor, when=loan.issued_on, reason=reason)
    return loan


@transaction.atomic
def loan_update(*, actor, loan: Loan, data: dict, reason: str | None = None) -> Loan:
    """Change a loan's terms (a status given here is a status change dated today unless
    `status_since` is given); participants, when given, replace the syndicate."""
    policy.require(actor, "change", loan)
    data = dict(data)
    participants = data.pop("participants", None)
    new_status = data.pop("status", None)
    when = data.pop("status_since", None)
    loan = instance_save(loan, actor=actor, data=data, reason=reason)
    if participants is not None or "amount" in data or "kind" in data:
        current = participants
        if current is None:
            current = [
                {"lender": p.lender, "share": p.share} for p in loan.participants.select_related("lender")
            ]
        _check_participants(kind=loan.kind, amount=loan.amount, participants=current)
        if participants is not None:
            loan.participants.all().delete()
            for p in participants:
                LoanParticipant.objects.create(loan=loan, lender=p["lender"], share=p["share"])
    if new_status and new_status != loan.status:
        loan = loan_status_change(actor=actor, loan=loan, status=new_status, when=when, reason=reason)
    return loan


@transaction.atomic
def loan_status_change(
    *, actor, loan: Loan, status: str | None = None, when: date | None = None,
    balance: Decimal | None = None, reason: str | None = None,
) -> Loan:  # fmt: skip
    """A dated status change (正常 → 关注 → 不良, 待解付 → 正常 when disbursed, → 已结清) or a
    new balance after a repayment; recorded as a LoanStatusChange and in the history."""
    policy.require(actor, "change", loan)
    when = when or timezone.localdate()
    status = status or loan.status
    if status not in LoanStatus.values:
        raise DomainError(_("未知的贷款状态。"), field="status")
    if when < loan.issued_on:
        raise DomainError(_("状态日期不能早于发放日期。"), field="date")
    last = loan.status_changes.order_by("-date", "-id").first()
    if last is not None and when < last.date:
        raise DomainError(
            _("状态日期不能早于上一次变更（%(d)s）。") % {"d": last.date.isoformat()}, field="date"
        )
    if status == loan.status and balance is None:
        raise DomainError(_("状态未变化。"), field="status")
    from_status = loan.status
    loan.status = status
    loan.status_since = when
    if status == LoanStatus.SETTLED:
        if balance not in (None, Decimal(0)):
            raise DomainError(_("已结清的贷款余额应为0。"), field="balance")
        loan.balance = Decimal(0)
    elif balance is not None:
        loan.balance = balance
    elif from_status == LoanStatus.PENDING and status in (LoanStatus.NORMAL, LoanStatus.WATCH):
        loan.balance = loan.amount  # disbursed
    full_clean_or_raise(loan)
    loan = instance_save(loan, actor=actor, reason=reason)
    _record_status(loan=loan, from_status=from_status, actor=actor, when=when, reason=reason)
    return loan


def loan_delete(*, actor, loan: Loan) -> None:
    instance_delete(loan, actor=actor)


def superior_fund_save(*, actor, fund: SuperiorFund, data: dict, reason: str | None = None) -> SuperiorFund:
    return instance_save(fund, actor=actor, data=data, reason=reason)


def superior_fund_delete(*, actor, fund: SuperiorFund) -> None:
    instance_delete(fund, actor=actor)


def platform_save(
    *, actor, platform: FinancingPlatform, data: dict, reason: str | None = None
) -> FinancingPlatform:
    return instance_save(platform, actor=actor, data=data, reason=reason)


def platform_delete(*, actor, platform: FinancingPlatform) -> None:
    instance_delete(platform, actor=actor)


@transaction.atomic
def platform_year_set(
    *, actor, platform: FinancingPlatform, year: int, net_assets: Decimal,
    financing_raised: Decimal = Decimal(0), reason: str | None = None,
) -> PlatformYear:  # fmt: skip
    """Record (or correct) a platform's net assets and financing raised of one year."""
    row = PlatformYear.objects.filter(platform=platform, year=year).first() or PlatformYear(
        platform=platform, year=year
    )
    return instance_save(
        row, actor=actor, data={"net_assets": net_assets, "financing_raised": financing_raised}, reason=reason
    )


# --------------------------------------------------------------------------- 银企对接


def need_respond_workdays(region) -> int:
    """The working days banks have to respond to a need of `region`: the nearest
    NeedClockRule up the region tree, else DEFAULT_RESPOND_WORKDAYS."""
    parts = region.path.strip("/").split("/")
    paths = ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    rules = {
        r.region.path: r.workdays
        for r in NeedClockRule.objects.filter(region__path__in=paths).select_related("region")
    }
    for p in sorted(rules, key=len, reverse=True):
        return rules[p]
    return DEFAULT_RESPOND_WORKDAYS


@transaction.atomic
def need_publish(*, actor, data: dict, reason: str | None = None) -> FinancingNeed:
    """Publish an enterprise's financing need to the chosen banks (or to every bank of its
    region); the response deadline is counted in working days from the publication day."""
    data = dict(data)
    banks = list(data.pop("banks", None) or [])
    need = FinancingNeed(**data)
    need.published_on = need.published_on or timezone.localdate()
    if not banks and not need.open_to_all:
        raise DomainError(_("请选择发布的银行，或向所有银行发布。"), field="banks")
    for bank in banks:
        if bank.kind != UnitKind.BANK:
            raise DomainError(_("“%(b)s”不是“金融机构”类型的单位。") % {"b": bank}, field="banks")
    if need.enterprise_id:
        need.respond_by = add_workdays(
            need.published_on, need_respond_workdays(need.enterprise.cluster.region)
        )
    need = instance_save(need, actor=actor, reason=reason)
    need.banks.set(banks)
    return need


def need_update(*, actor, need: FinancingNeed, data: dict, reason: str | None = None) -> FinancingNeed:
    data = dict(data)
    banks = data.pop("banks", None)
    need = instance_save(need, actor=actor, data=data, reason=reason)
    if banks is not None:
        need.banks.set(banks)
    return need


def need_delete(*, actor, need: FinancingNeed) -> None:
    instance_delete(need, actor=actor)


def bank_may_answer(need: FinancingNeed, bank) -> bool:
    if need.banks.filter(pk=bank.pk).exists():
        return True
    return (
        need.open_to_all
        and bool(bank.region_id)
        and need.enterprise.cluster.region.path.startswith(bank.region.path)
    )


@transaction.atomic
def need_respond(
    *, actor, need: FinancingNeed, bank, kind: str, reason: str = "", amount: Decimal | None = None,
    responded_on: date | None = None,
) -> NeedResponse:  # fmt: skip
    """A bank's response to a need (interested, declined with a reason, credit granted with
    an amount); a second response of the same bank updates its first (the response date of
    the clock stays the first one)."""
    if need.status in (NeedStatus.LOANED, NeedStatus.CLOSED):
        raise DomainError(
            _("该融资需求已%(s)s，不能再响应。") % {"s": need.get_status_display()}, field="kind"
        )
    if not bank_may_answer(need, bank):
        raise DomainError(_("该融资需求未向“%(b)s”发布。") % {"b": bank}, field="bank")
    response = NeedResponse.objects.filter(need=need, bank=bank).first()
    data = {"kind": kind, "reason": reason or "", "amount": amount}
    if response is None:
        response = NeedResponse(need=need, bank=bank, responded_on=responded_on or timezone.localdate())
    if getattr(actor, "pk", None):
        data["officer"] = actor
    response = instance_save(response, actor=actor, data=data, reason=reason)
    if kind == ResponseKind.GRANTED and need.status == NeedStatus.PUBLISHED:
        need.status = NeedStatus.GRANTED
        instance_save(need, actor=actor, check_permission=False, reason=_("银行授信"))
    return response


@transaction.atomic
def response_to_loan(*, actor, response: NeedResponse, data: dict, reason: str | None = None) -> Loan:
    """A granted credit becomes a loan of the responding bank to the enterprise of the need
    (the amount is the credit's unless given)."""
    if response.kind != ResponseKind.GRANTED:
        raise DomainError(_("只有已授信的响应可以转为贷款。"), field="kind")
    if response.loan_id:
        raise DomainError(_("该授信已转为贷款。"), field="loan")
    policy.require(actor, "change", response)
    data = {
        "lender": response.bank,
        "borrower": response.need.enterprise,
        "amount": response.amount,
        "kind": LoanKind.WORKING_CAPITAL,
        "issued_on": timezone.localdate(),
        **{k: v for k, v in data.items() if v is not None},
    }
    loan = loan_create(actor=actor, data=data, reason=reason or _("授信转贷款"))
    response.loan = loan
    instance_save(response, actor=actor, check_permission=False, reason=_("授信转贷款"))
    need = response.need
    need.status = NeedStatus.LOANED
    instance_save(need, actor=actor, check_permission=False, reason=_("授信转贷款"))
    return loan


@transaction.atomic
def matching_event_save(
    *, actor, event: MatchingEvent, data: dict, reason: str | None = None
) -> MatchingEvent:
    data = dict(data)
    m2m = {k: data.pop(k) for k in ("banks", "enterprises", "needs") if k in data}
    event = instance_save(event, actor=actor, data=data, reason=reason)
    for k, v in m2m.items():
        getattr(event, k).set(v)
    return event


def matching_event_delete(*, actor, event: MatchingEvent) -> None:
    instance_delete(event, actor=actor)


def pairing_save(*, actor, pairing: ServicePairing, data: dict, reason: str | None = None) -> ServicePairing:
    data = dict(data)
    officer = data.get("officer") or (pairing.officer if pairing.officer_id else None)
    if officer is not None and "bank" not in data and not pairing.bank_id and officer.unit_id:
        data["bank"] = officer.unit
    return instance_save(pairing, actor=actor, data=data, reason=reason)


def pairing_delete(*, actor, pairing: ServicePairing) -> None:
    instance_delete(pairing, actor=actor)


def guarantee_save(*, actor, guarantee: Guarantee, data: dict, reason: str | None = None) -> Guarantee:
    return instance_save(guarantee, actor=actor, data=data, reason=reason)


def guarantee_delete(*, actor, guarantee: Guarantee) -> None:
    instance_delete(guarantee, actor=actor)


def need_clock_rule_save(
    *, actor, rule: NeedClockRule, data: dict, reason: str | None = None
) -> NeedClockRule:
    return instance_save(rule, actor=actor, data=data, reason=reason)


# --------------------------------------------------------------------------- 税收分成


def tax_rule_save(*, actor, rule: TaxSharingRule, data: dict, reason: str | None = None) -> TaxSharingRule:
    return instance_save(rule, actor=actor, data=data, reason=reason)


def tax_rule_delete(*, actor, rule: TaxSharingRule) -> None:
    instance_delete(rule, actor=actor)


def attracted_tax_save(*, actor, tax: AttractedTax, data: dict, reason: str | None = None) -> AttractedTax:
    data = dict(data)
    lead = data.get("lead") or (tax.lead if tax.lead_id else None)
    if lead is not None and not hasattr(lead, "agreement"):
        raise DomainError(_("“%(l)s”尚未签约，不是招商引进项目。") % {"l": lead}, field="lead")
    return instance_save(tax, actor=actor, data=data, reason=reason)


def attracted_tax_delete(*, actor, tax: AttractedTax) -> None:
    instance_delete(tax, actor=actor)


def incentive_rule_save(
    *, actor, rule: IncentiveRule, data: dict, reason: str | None = None
) -> IncentiveRule:
    return instance_save(rule, actor=actor, data=data, reason=reason)


def incentive_rule_delete(*, actor, rule: IncentiveRule) -> None:
    instance_delete(rule, actor=actor)
