"""Importers of the finance module, every record users exchange: loans (贷款台账, with the
shares of a syndicate), funds won from higher levels (争取上级资金), financing needs (融资需求),
bank–enterprise matching events (银企对接活动), financing-service officers' pairings (金融服务员
结对), loan guarantees (贷款担保), tax-sharing rules (税收分成规则) and attracted projects' tax.

Enterprises are named by their credit or organisation code, banks by their name, a loan (which
has no code) by its bank, borrower's code, issue date and, when needed, its kind."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy
from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit, Region
from clusterzone.core.exceptions import DomainError
from clusterzone.core.importing import Importer, ParseError, Ref, register
from clusterzone.core.importing import columns as c
from clusterzone.core.validators import normalize_credit_code, normalize_org_code
from clusterzone.core.workdays import add_workdays
from clusterzone.projects.models import Project
from clusterzone.registry.models import Cluster, Enterprise

from . import services
from .choices import FundSource, LoanKind, LoanStatus
from .models import (
    AttractedTax,
    FinancingNeed,
    Guarantee,
    Loan,
    MatchingEvent,
    ServicePairing,
    SuperiorFund,
    TaxSharingRule,
)


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


def _enterprises(ctx) -> dict[str, Enterprise]:
    """Every enterprise in the actor's scope by its credit code and its organisation code."""
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


def _find_enterprise(ctx, code) -> Enterprise | None:
    ents = _enterprises(ctx)
    code = str(code or "")
    return ents.get(normalize_credit_code(code)) or ents.get(normalize_org_code(code))


ENTERPRISE_MISSING = _("系统中没有这个企业代码，或它不在您的权限范围内。")


def _bank_named(importer, plan, ctx, header, name) -> OrgUnit | None:
    found = _banks(ctx).get(name, [])
    if len(found) != 1:
        importer.error(
            plan,
            header,
            _("有多家同名金融机构。") if found else _("系统中没有这个金融机构。"),
            value=name,
        )
        return None
    return found[0]


def _banks_listed(importer, plan, ctx, header) -> list[OrgUnit]:
    banks = []
    for name in plan.values.get(header) or []:
        bank = _bank_named(importer, plan, ctx, header, name)
        if bank is not None:
            banks.append(bank)
    return banks


def _pks(objs) -> list:
    return sorted(o.pk for o in objs)


class ResolvingImporter(Importer):
    """An importer whose key is made of rows found by name or code (banks, enterprises, a
    loan): `resolve` finds them first, then the framework's row validation runs."""

    def resolve(self, plan, ctx) -> None:
        raise NotImplementedError

    def _validate_row(self, plan, ctx, seen):
        if not plan.errors:
            self.resolve(plan, ctx)
        if not plan.errors:
            super()._validate_row(plan, ctx, seen)


@register
class LoanImporter(ResolvingImporter):
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

    def _bank(self, plan, ctx, header, name):
        return _bank_named(self, plan, ctx, header, name)

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

    def resolve(self, plan, ctx):
        # the lender and the borrower are found first: with the date and kind they are the key
        plan.extra["lender"] = self._bank(plan, ctx, "贷款银行", plan.values.get("贷款银行"))
        borrower = _find_enterprise(ctx, plan.values.get("借款企业代码"))
        if borrower is None:
            self.error(plan, "借款企业代码", ENTERPRISE_MISSING)
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


ENTERPRISE_CODE = {
    "required": True,
    "aliases": ("统一社会信用代码", "组织机构代码"),
    "help": _("统一社会信用代码或组织机构代码"),
    "text_format": True,
    "example": "91411722MA40000001",
}


@register
class FinancingNeedImporter(ResolvingImporter):
    """融资需求: a row with the same enterprise, publication date and purpose updates it; the
    response deadline is counted in working days from the publication day, as on the page."""

    kind = "financing-needs"
    title = _("融资需求")
    model = FinancingNeed
    key_fields = ()
    scope_column = "企业代码"
    columns = [
        c.text("企业代码", None, **ENTERPRISE_CODE),
        c.decimal("融资金额", "amount", unit="万元", required=True, example="2000"),
        c.text("资金用途", "purpose", required=True, example="购买原材料"),
        c.integer("期限", "term_months", unit="月", aliases=("贷款期限",), example="12"),
        c.text("可提供担保", "collateral", aliases=("可提供担保/抵押", "担保/抵押"), example="厂房抵押"),
        c.date("需求截止日期", "deadline", aliases=("截止日期",)),
        c.date("发布日期", "published_on", required=True, example="2025-04-01"),
        c.Column("发布银行", None, c.parse_name_list, fmt=_("银行名称，多家用“；”分隔；留空须填“向所有银行发布”为“是”"),
                 example="上蔡县农村信用合作联社"),
        c.boolean("向所有银行发布", "open_to_all"),
        c.text("备注", "notes"),
    ]  # fmt: skip

    def resolve(self, plan, ctx):
        plan.extra["enterprise"] = _find_enterprise(ctx, plan.values.get("企业代码"))
        if plan.extra["enterprise"] is None:
            self.error(plan, "企业代码", ENTERPRISE_MISSING)
        plan.extra["banks"] = _banks_listed(self, plan, ctx, "发布银行")

    def find_existing(self, plan, ctx):
        if not hasattr(ctx, "needs"):
            ctx.needs = {
                (n.enterprise_id, n.published_on, n.purpose): n
                for n in FinancingNeed.objects.select_related(
                    "enterprise__cluster__region", "enterprise__cluster__committee"
                ).prefetch_related("banks")
            }
        key = (plan.extra["enterprise"].pk, plan.values.get("发布日期"), plan.values.get("资金用途"))
        return ctx.needs.get(key)

    def prepare(self, plan, ctx):
        enterprise = plan.extra["enterprise"]
        plan.data["enterprise"] = enterprise
        if not plan.extra["banks"] and not plan.data.get("open_to_all"):
            self.error(plan, "发布银行", _("请填写发布的银行，或将“向所有银行发布”填为“是”。"), value="")
            return
        if plan.creating:
            region = enterprise.cluster.region
            days = getattr(ctx, "respond_days", None)
            if days is None:
                days = ctx.respond_days = {}
            if region.pk not in days:
                days[region.pk] = services.need_respond_workdays(region)
            plan.data["respond_by"] = add_workdays(plan.data["published_on"], days[region.pk])

    def extra_changed(self, plan):
        return plan.creating or _pks(plan.instance.banks.all()) != _pks(plan.extra["banks"])

    def save(self, plan, *, actor, reason):
        data = {**plan.data, "banks": plan.extra["banks"]}
        if plan.creating:
            data.pop("respond_by", None)
            return services.need_publish(actor=actor, data=data, reason=reason)
        return services.need_update(actor=actor, need=plan.instance, data=data, reason=reason)


@register
class MatchingEventImporter(Importer):
    """银企对接活动: a row with the same region, name and date updates it."""

    kind = "matching-events"
    title = _("银企对接活动")
    model = MatchingEvent
    key_fields = ()
    scope_column = "区划代码"
    columns = [
        c.text("活动名称", "name", required=True, example="上蔡县2025年银企对接会"),
        c.code("区划代码", "region", required=True, digits=6, ref=Ref(Region, "code", _("行政区划")), example="411722"),
        c.date("日期", "date", required=True, aliases=("活动日期",)),
        c.Column("参加银行", None, c.parse_name_list, fmt=_("银行名称，多家用“；”分隔"), example="上蔡县农村信用合作联社"),
        c.Column("参加企业代码", None, c.parse_name_list, aliases=("参加企业",),
                 fmt=_("统一社会信用代码或组织机构代码，多家用“；”分隔"), text_format=True),
        c.decimal("签约金额", "amount_signed", unit="万元", example="12000"),
        c.text("备注", "notes"),
    ]  # fmt: skip

    def find_existing(self, plan, ctx):
        if not hasattr(ctx, "events"):
            ctx.events = {
                (e.region.code, e.name, e.date): e
                for e in MatchingEvent.objects.select_related("region").prefetch_related(
                    "banks", "enterprises"
                )
            }
        return ctx.events.get(
            (plan.values.get("区划代码"), plan.values.get("活动名称"), plan.values.get("日期"))
        )

    def prepare(self, plan, ctx):
        plan.extra["banks"] = _banks_listed(self, plan, ctx, "参加银行")
        enterprises = []
        for code in plan.values.get("参加企业代码") or []:
            ent = _find_enterprise(ctx, code)
            if ent is None:
                self.error(plan, "参加企业代码", ENTERPRISE_MISSING, value=code)
            else:
                enterprises.append(ent)
        plan.extra["enterprises"] = enterprises
        if plan.data.get("amount_signed") is None:
            plan.data["amount_signed"] = Decimal(0)

    def extra_changed(self, plan):
        if plan.creating:
            return True
        return _pks(plan.instance.banks.all()) != _pks(plan.extra["banks"]) or _pks(
            plan.instance.enterprises.all()
        ) != _pks(plan.extra["enterprises"])

    def save(self, plan, *, actor, reason):
        data = {**plan.data, "banks": plan.extra["banks"], "enterprises": plan.extra["enterprises"]}
        return services.matching_event_save(actor=actor, event=plan.instance, data=data, reason=reason)


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


@register
class ServicePairingImporter(ResolvingImporter):
    """金融服务员结对: a bank's user (by user name) paired with an enterprise; a row with the
    same officer, enterprise and pairing date updates it. The bank is the officer's unit."""

    kind = "service-pairings"
    title = _("金融服务员结对")
    model = ServicePairing
    key_fields = ()
    scope_column = "企业代码"
    columns = [
        c.text("金融服务员", "officer", required=True, aliases=("金融服务员用户名", "用户名"),
               ref=Ref(_user_model, "username", _("用户")), help=_("金融服务员在平台上的用户名"), example="bank_sc"),
        c.text("企业代码", None, **ENTERPRISE_CODE),
        c.date("结对日期", "since", required=True),
        c.date("结束日期", "until"),
    ]  # fmt: skip

    def resolve(self, plan, ctx):
        plan.extra["enterprise"] = _find_enterprise(ctx, plan.values.get("企业代码"))
        if plan.extra["enterprise"] is None:
            self.error(plan, "企业代码", ENTERPRISE_MISSING)

    def find_existing(self, plan, ctx):
        if not hasattr(ctx, "pairings"):
            ctx.pairings = {
                (p.officer.username, p.enterprise_id, p.since): p
                for p in ServicePairing.objects.select_related(
                    "officer", "bank", "enterprise__cluster__region", "enterprise__cluster__committee"
                )
            }
        key = (plan.values.get("金融服务员"), plan.extra["enterprise"].pk, plan.values.get("结对日期"))
        return ctx.pairings.get(key)

    def prepare(self, plan, ctx):
        officer = plan.data["officer"]
        plan.data["enterprise"] = plan.extra["enterprise"]
        if officer.unit_id is None or officer.unit.kind != UnitKind.BANK:
            self.error(plan, "金融服务员", _("金融服务员须是“金融机构”类型单位的用户。"))
            return
        plan.data["bank"] = officer.unit

    def save(self, plan, *, actor, reason):
        return services.pairing_save(actor=actor, pairing=plan.instance, data=plan.data, reason=reason)


@register
class GuaranteeImporter(ResolvingImporter):
    """贷款担保: the loan is named by its bank, the borrower's code and the issue date (and its
    kind when the borrower had two loans of that bank that day); a row with the same loan,
    guarantor and start date updates it."""

    kind = "guarantees"
    title = _("贷款担保")
    model = Guarantee
    key_fields = ()
    scope_column = "借款企业代码"
    columns = [
        c.text("贷款银行", None, required=True, aliases=("银行",), example="上蔡县农村信用合作联社"),
        c.text("借款企业代码", None, **{**ENTERPRISE_CODE, "aliases": ("企业代码", "统一社会信用代码")}),
        c.date("发放日期", None, required=True, aliases=("贷款发放日期",), example="2011-10-20"),
        c.choice("贷款种类", None, choices=LoanKind.choices, help=_("同一天同一银行向该企业发放多笔贷款时填写"),
                 aliases={"流动资金贷款": "working_capital", "项目贷款": "project", "按揭贷款": "mortgage",
                          "银团贷款": "syndicated"}),
        c.text("担保人", "guarantor", required=True, aliases=("担保机构", "担保人/担保机构"), example="驻马店市中小企业融资担保公司"),
        c.decimal("担保金额", "amount", unit="万元", required=True, example="1000"),
        c.date("担保起始日", "start", required=True),
        c.date("担保到期日", "end"),
    ]  # fmt: skip

    def _loans(self, ctx):
        if not hasattr(ctx, "loans"):
            ctx.loans = {}
            qs = Loan.objects.select_related(
                "lender", "borrower__cluster__region", "borrower__cluster__committee"
            )
            for loan in qs:
                ctx.loans.setdefault((loan.lender_id, loan.borrower_id, loan.issued_on), []).append(loan)
        return ctx.loans

    def resolve(self, plan, ctx):
        bank = _bank_named(self, plan, ctx, "贷款银行", plan.values.get("贷款银行"))
        borrower = _find_enterprise(ctx, plan.values.get("借款企业代码"))
        if borrower is None:
            self.error(plan, "借款企业代码", ENTERPRISE_MISSING)
        if bank is None or borrower is None:
            return
        loans = self._loans(ctx).get((bank.pk, borrower.pk, plan.values.get("发放日期")), [])
        kind = plan.values.get("贷款种类")
        if kind:
            loans = [loan for loan in loans if loan.kind == kind]
        if not loans:
            self.error(plan, "发放日期", _("系统中没有这笔贷款（按贷款银行、借款企业代码和发放日期查找）。"))
        elif len(loans) > 1:
            self.error(plan, "贷款种类", _("该企业当天在该银行有多笔贷款，请填写贷款种类。"), value="")
        else:
            plan.extra["loan"] = loans[0]

    def find_existing(self, plan, ctx):
        if not hasattr(ctx, "guarantees"):
            ctx.guarantees = {
                (g.loan_id, g.guarantor, g.start): g
                for g in Guarantee.objects.select_related("loan__borrower__cluster__region")
            }
        return ctx.guarantees.get(
            (plan.extra["loan"].pk, plan.values.get("担保人"), plan.values.get("担保起始日"))
        )

    def prepare(self, plan, ctx):
        plan.data["loan"] = plan.extra["loan"]

    def save(self, plan, *, actor, reason):
        return services.guarantee_save(actor=actor, guarantee=plan.instance, data=plan.data, reason=reason)


@register
class TaxSharingRuleImporter(Importer):
    """招商项目税收分成规则: one row per region (the county's, the attracting unit's and the
    cluster's shares in percent, adding up to 100); a region's row updates its rule."""

    kind = "tax-sharing-rules"
    title = _("税收分成规则")
    model = TaxSharingRule
    key_fields = ()
    scope_column = "区划代码"
    columns = [
        c.code("区划代码", "region", required=True, digits=6, ref=Ref(Region, "code", _("行政区划")), example="411424"),
        c.decimal("县区分成", "county_share", unit="%", required=True, example="60"),
        c.decimal("引进单位分成", "unit_share", unit="%", required=True, example="20"),
        c.decimal("集聚区分成", "cluster_share", unit="%", required=True, example="20"),
        c.text("依据文件", "document", aliases=("文件",)),
    ]  # fmt: skip

    def find_existing(self, plan, ctx):
        if not hasattr(ctx, "rules"):
            ctx.rules = {r.region.code: r for r in TaxSharingRule.objects.select_related("region")}
        return ctx.rules.get(plan.values.get("区划代码"))

    def save(self, plan, *, actor, reason):
        return services.tax_rule_save(actor=actor, rule=plan.instance, data=plan.data, reason=reason)
