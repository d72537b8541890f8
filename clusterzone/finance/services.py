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

from .choices import LoanKind, LoanStatus
from .models import FinancingPlatform, Loan, LoanParticipant, LoanStatusChange, PlatformYear, SuperiorFund


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
