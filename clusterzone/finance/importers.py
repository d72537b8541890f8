"""Importers of the finance module: loans (贷款台账, with the shares of a syndicate) and funds
won from higher levels (争取上级资金)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy
from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit
from clusterzone.core.exceptions import DomainError
from clusterzone.core.importing import Importer, ParseError, Ref, register
from clusterzone.core.importing import columns as c
from clusterzone.core.validators import normalize_credit_code, normalize_org_code
from clusterzone.projects.models import Project
from clusterzone.registry.models import Cluster, Enterprise

from . import services
from .choices import FundSource, LoanKind, LoanStatus
from .models import AttractedTax, Loan, SuperiorFund


def parse_shares(value) -> list[tuple[str, Decimal]]:
    """'浉河区农联社:7000；平桥区农联社:1000' → [(name, share), …]."""
    result = []
    for item in c.parse_name_list(value):
        name, sep, amount = item.replace("：", ":").rpartition(":")
        if not sep or not name.strip():
            raise ParseError(_("参贷份额应写作“银行名称:份额”，多家用“；”分隔。"))
        result.append((name.strip(), c.parse_decimal(amount)))
    return result


def _banks(ctx) -> dict[str, list[OrgUnit]]:
    if not hasattr(ctx, "banks_by_name"):
        ctx.banks_by_name = {}
        for unit in OrgUnit.objects.filter(kind=UnitKind.BANK):
            ctx.banks_by_name.setdefault(unit.name, []).append(unit)
    return ctx.banks_by_name


@register
class LoanImporter(Importer):
    """贷款台账: one row per loan; a row with the same bank, borrower, date and kind updates it."""

    kind = "loans"
    title = _("贷款")
    model = Loan
    key_fields = ()
    scope_column = "借款企业代码"
    columns = [
        c.text("贷款银行", None, required=True, aliases=("银行", "贷款机构"), example="上蔡县农村信用合作联社"),
        c.text("借款企业代码", None, required=True, aliases=("统一社会信用代码", "组织机构代码", "企业代码"),
               example="77943225-2", help=_("统一社会信用代码或组织机构代码"), text_format=True),
        c.decimal("贷款金额", "amount", unit="万元", required=True, example="1500"),
        c.decimal("贷款余额", "balance", unit="万元", help=_("留空时等于贷款金额")),
        c.choice("贷款种类", "kind", choices=LoanKind.choices, required=True, example="流动资金",
                 aliases={"流动资金贷款": "working_capital", "项目贷款": "project", "按揭贷款": "mortgage",
                          "银团贷款": "syndicated"}),
        c.date("发放日期", "issued_on", required=True, example="2011-10-20"),
        c.date("到期日", "maturity"),
        c.decimal("年利率", "rate", unit="%", example="6.5"),
        c.text("担保方式", "collateral", aliases=("担保",)),
        c.choice("状态", "status", choices=LoanStatus.choices, example="正常", help=_("留空视为“正常”")),
        c.code("项目代码", "project", ref=Ref(Project, "code", _("项目"))),
        c.Column("参贷份额", None, parse_shares, fmt=_("银团贷款：银行名称:份额（万元），多家用“；”分隔"),
                 example="浉河区农村信用合作联社:7000；平桥区农村信用合作联社:1000"),
    ]  # fmt: skip

    def _enterprises(self, ctx):
        if not hasattr(ctx, "enterprises"):
            qs = Enterprise.objects.select_related("cluster", "cluster__region", "cluster__committee")
            if ctx.checks_policy:
                qs = policy.scope(ctx.actor, qs)
            ctx.enterprises = {}
            for e in qs:
                for code in (e.credit_code, e.org_code):
                    if code:
                        ctx.enterprises[code] = e
        return ctx.enterprises

    def _bank(self, plan, ctx, header, name):
        found = _banks(ctx).get(name, [])
        if len(found) != 1:
            self.error(
                plan,
                header,
                _("有多家同名金融机构。") if found else _("系统中没有这个金融机构。"),
                value=name,
            )
            return None
        return found[0]

    def find_existing(self, plan, ctx):
        if not hasattr(ctx, "loans"):
            ctx.loans = {
                (loan.lender_id, loan.borrower_id, loan.issued_on, loan.kind): loan
                for loan in Loan.objects.select_related(
                    "borrower__cluster__region", "borrower__cluster__committee"
                )
            }
        lender, borrower = plan.extra.get("lender"), plan.extra.get("borrower")
        if lender is None or borrower is None:
            return None
        return ctx.loans.get(
            (lender.pk, borrower.pk, plan.values.get("发放日期"), plan.values.get("贷款种类"))
        )

    def _resolve(self, plan, ctx):
        plan.extra["lender"] = self._bank(plan, ctx, "贷款银行", plan.values.get("贷款银行"))
        code = plan.values.get("借款企业代码") or ""
        ents = self._enterprises(ctx)
        borrower = ents.get(normalize_credit_code(code)) or ents.get(normalize_org_code(code))
        if borrower is None:
            self.error(plan, "借款企业代码", _("系统中没有这个企业代码，或它不在您的权限范围内。"))
        plan.extra["borrower"] = borrower

    def prepare(self, plan, ctx):
        lender, borrower = plan.extra.get("lender"), plan.extra.get("borrower")
        if lender is None or borrower is None:
            return
        plan.data["lender"], plan.data["borrower"] = lender, borrower
        if not plan.data.get("status"):
            plan.data["status"] = plan.instance.status if not plan.creating else LoanStatus.NORMAL
        if plan.data.get("balance") is None:
            settled = plan.data["status"] in (LoanStatus.SETTLED, LoanStatus.PENDING)
            plan.data["balance"] = Decimal(0) if settled else plan.data["amount"]
        if plan.creating:
            plan.instance.status_since = plan.data["issued_on"]
        participants = []
        for name, share in plan.values.get("参贷份额") or []:
            bank = self._bank(plan, ctx, "参贷份额", name)
            if bank is not None:
                participants.append({"lender": bank, "share": share})
        if plan.errors:
            return
        try:
            services._check_participants(
                kind=plan.data["kind"], amount=plan.data["amount"], participants=participants
            )
        except DomainError as exc:
            self.error(plan, "参贷份额" if "参贷份额" in ctx.present else "贷款种类", exc.message)
        plan.extra["participants"] = participants

    def _validate_row(self, plan, ctx, seen):
        # the lender and the borrower are found first: with the date and kind they are the key
        if not plan.errors:
            self._resolve(plan, ctx)
        if not plan.errors:
            super()._validate_row(plan, ctx, seen)

    def extra_changed(self, plan):
        if plan.creating:
            return True
        current = sorted((p.lender_id, p.share) for p in plan.instance.participants.all())
        return current != sorted((p["lender"].pk, p["share"]) for p in plan.extra.get("participants", []))

    def save(self, plan, *, actor, reason):
        data = {**plan.data, "participants": plan.extra.get("participants", [])}
        if plan.creating:
            return services.loan_create(actor=actor, data=data, reason=reason)
        return services.loan_update(actor=actor, loan=plan.instance, data=data, reason=reason)


@register
class SuperiorFundImporter(Importer):
    """争取上级资金: a row with the same cluster, programme and application date updates it."""

    kind = "superior-funds"
    title = _("争取上级资金")
    model = SuperiorFund
    key_fields = ()
    scope_column = "集聚区代码"
    columns = [
        c.code("集聚区代码", "cluster", required=True, ref=Ref(Cluster, "code", _("集聚区")),
               pattern=r"[0-9A-Za-z][0-9A-Za-z\-]{1,19}", message=_("集聚区代码格式不正确。"), example="41172201"),
        c.choice("资金来源", "source", choices=FundSource.choices, required=True, example="省",
                 aliases={"中央级": "central", "国家": "central", "省级": "province", "市级": "city"}),
        c.text("资金项目", "programme", required=True, aliases=("专项名称", "资金项目（专项）"), example="省产业集聚区发展专项"),
        c.code("项目代码", "project", ref=Ref(Project, "code", _("项目"))),
        c.decimal("申请金额", "amount_applied", unit="万元", required=True, example="800"),
        c.decimal("批复金额", "amount_approved", unit="万元"),
        c.decimal("到位金额", "amount_received", unit="万元"),
        c.date("申请日期", "applied_on", required=True),
        c.date("批复日期", "approved_on"),
        c.date("到位日期", "received_on"),
        c.text("批复文号", "document"),
    ]  # fmt: skip

    def find_existing(self, plan, ctx):
        if not hasattr(ctx, "funds"):
            ctx.funds = {
                (f.cluster.code, f.programme, f.applied_on): f
                for f in SuperiorFund.objects.select_related(
                    "cluster", "cluster__region", "cluster__committee"
                )
            }
        key = (plan.values.get("集聚区代码"), plan.values.get("资金项目"), plan.values.get("申请日期"))
        return ctx.funds.get(key)

    def save(self, plan, *, actor, reason):
        return services.superior_fund_save(actor=actor, fund=plan.instance, data=plan.data, reason=reason)


def _lead_model():
    from django.apps import apps

    return apps.get_model("investment", "Lead")


@register
class AttractedTaxImporter(Importer):
    """招商项目税收: a row with the same lead code and year updates it."""

    kind = "attracted-taxes"
    title = _("招商项目税收")
    model = AttractedTax
    key_fields = ()
    columns = [
        c.code("线索编号", "lead", required=True, ref=Ref(_lead_model, "code", _("招商线索")), example="ZC-2025-001"),
        c.integer("年度", "year", required=True, example="2025"),
        c.decimal("税收", "tax", unit="万元", required=True, example="350"),
    ]  # fmt: skip

    def find_existing(self, plan, ctx):
        if not hasattr(ctx, "taxes"):
            ctx.taxes = {(t.lead.code, t.year): t for t in AttractedTax.objects.select_related("lead")}
        return ctx.taxes.get((plan.values.get("线索编号"), plan.values.get("年度")))

    def save(self, plan, *, actor, reason):
        return services.attracted_tax_save(actor=actor, tax=plan.instance, data=plan.data, reason=reason)
