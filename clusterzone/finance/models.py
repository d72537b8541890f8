"""Money of the clusters: banks' loans to cluster enterprises (with the shares of a
syndicate and dated status changes), funds won from higher levels (争取上级资金) and the
financing platforms (投融资平台) with their yearly net assets and financing raised.

Amounts are Decimal 万元."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit, Region
from clusterzone.core import units
from clusterzone.core.models import TrackedModel
from clusterzone.registry.models import Cluster, Enterprise

from .choices import FundSource, LoanKind, LoanStatus, NeedStatus, ResponseKind

NON_NEGATIVE = [MinValueValidator(Decimal("0"), _("不能为负数。"))]
POSITIVE = [MinValueValidator(Decimal("0.01"), _("应大于0。"))]
BANKS = {"kind": UnitKind.BANK}


def money_field(label, **kw):
    kw.setdefault("validators", NON_NEGATIVE)
    return models.DecimalField(label, max_digits=14, decimal_places=2, **kw)


class Loan(TrackedModel):
    """A loan of a bank (the lender; the lead bank of a syndicate) to a cluster enterprise.
    A syndicated loan lists its participants (the lead bank included) whose shares add up to
    the amount exactly; each of them sees the loan."""

    policy_region = "borrower__cluster__region"
    policy_bank = "lender"
    policy_bank_parties = ("participants__lender",)

    lender = models.ForeignKey(
        OrgUnit, verbose_name=_("贷款银行"), on_delete=models.PROTECT, related_name="loans",
        limit_choices_to=BANKS,
    )  # fmt: skip
    borrower = models.ForeignKey(
        Enterprise, verbose_name=_("借款企业"), on_delete=models.PROTECT, related_name="loans"
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="loans",
    )  # fmt: skip
    amount = money_field(_("贷款金额（万元）"), validators=POSITIVE)
    balance = money_field(_("贷款余额（万元）"), help_text=_("留空时等于贷款金额"))
    kind = models.CharField(_("贷款种类"), max_length=16, choices=LoanKind.choices)
    issued_on = models.DateField(_("发放日期"))
    maturity = models.DateField(_("到期日"), null=True, blank=True)
    rate = models.DecimalField(
        _("年利率（%）"), max_digits=6, decimal_places=3, null=True, blank=True, validators=NON_NEGATIVE
    )
    collateral = models.CharField(_("担保方式"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=LoanStatus.choices, default=LoanStatus.NORMAL, db_index=True
    )
    status_since = models.DateField(_("状态日期"))
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("贷款")
        verbose_name_plural = _("贷款")
        ordering = ["-issued_on", "id"]
        indexes = [models.Index(fields=["lender", "issued_on"])]

    def __str__(self):
        return f"{self.borrower} {self.get_kind_display()}贷款 {units.money(self.amount)}"

    def clean(self):
        if self.lender_id and self.lender.kind != UnitKind.BANK:
            raise ValidationError({"lender": _("贷款银行须是“金融机构”类型的单位。")})
        if self.maturity and self.issued_on and self.maturity < self.issued_on:
            raise ValidationError({"maturity": _("到期日不能早于发放日期。")})
        if self.amount is not None and self.balance is not None and self.balance > self.amount:
            raise ValidationError({"balance": _("贷款余额不能大于贷款金额。")})
        if self.project_id and self.borrower_id and self.project.cluster_id != self.borrower.cluster_id:
            raise ValidationError({"project": _("项目应与借款企业属于同一集聚区。")})


class LoanParticipant(models.Model):
    """A bank's share of a syndicated loan (万元)."""

    policy_region = "loan__borrower__cluster__region"

    loan = models.ForeignKey(
        Loan, verbose_name=_("贷款"), on_delete=models.CASCADE, related_name="participants"
    )
    lender = models.ForeignKey(
        OrgUnit, verbose_name=_("参贷银行"), on_delete=models.PROTECT, related_name="loan_shares",
        limit_choices_to=BANKS,
    )  # fmt: skip
    share = money_field(_("份额（万元）"), validators=POSITIVE)

    class Meta:
        verbose_name = _("银团参贷份额")
        verbose_name_plural = _("银团参贷份额")
        ordering = ["loan", "-share", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["loan", "lender"], name="loanparticipant_unique",
                violation_error_message=_("同一银行在一笔银团贷款中只能有一个份额。"),
            )
        ]  # fmt: skip

    def __str__(self):
        return f"{self.lender} {units.money(self.share)}"


class LoanStatusChange(models.Model):
    """A dated change of a loan's status (the workflow record)."""

    policy_region = "loan__borrower__cluster__region"

    loan = models.ForeignKey(
        Loan, verbose_name=_("贷款"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("原状态"), max_length=12, choices=LoanStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, choices=LoanStatus.choices)
    date = models.DateField(_("日期"))
    balance = money_field(_("变更后余额（万元）"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    reason = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("贷款状态变更")
        verbose_name_plural = _("贷款状态变更")
        ordering = ["loan", "date", "id"]

    def __str__(self):
        return f"{self.loan}：{self.get_from_status_display()} → {self.get_to_status_display()}"


class SuperiorFund(TrackedModel):
    """Funds won from higher levels (争取上级资金) for a cluster, optionally for one project:
    the programme, the source level, the amounts applied for, approved and received."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), on_delete=models.PROTECT, related_name="superior_funds"
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="superior_funds",
    )  # fmt: skip
    source = models.CharField(_("资金来源"), max_length=10, choices=FundSource.choices)
    programme = models.CharField(_("资金项目（专项）"), max_length=200)
    amount_applied = money_field(_("申请金额（万元）"))
    amount_approved = money_field(_("批复金额（万元）"), null=True, blank=True)
    amount_received = money_field(_("到位金额（万元）"), null=True, blank=True)
    applied_on = models.DateField(_("申请日期"))
    approved_on = models.DateField(_("批复日期"), null=True, blank=True)
    received_on = models.DateField(_("到位日期"), null=True, blank=True)
    document = models.CharField(_("批复文号"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("争取上级资金")
        verbose_name_plural = _("争取上级资金")
        ordering = ["cluster__code", "-applied_on", "id"]
        indexes = [models.Index(fields=["cluster", "received_on"])]

    def __str__(self):
        return f"{self.cluster}·{self.programme}"

    def clean(self):
        errors = {}
        if self.amount_approved is not None and self.amount_applied is not None:
            if self.amount_approved > self.amount_applied:
                errors["amount_approved"] = _("批复金额不能大于申请金额。")
        if self.amount_received is not None:
            if self.amount_approved is None:
                errors["amount_received"] = _("尚未批复的资金不能登记到位金额。")
            elif self.amount_received > self.amount_approved:
                errors["amount_received"] = _("到位金额不能大于批复金额。")
            if not self.received_on:
                errors["received_on"] = _("登记到位金额须填写到位日期。")
        if self.approved_on and self.applied_on and self.approved_on < self.applied_on:
            errors["approved_on"] = _("批复日期不能早于申请日期。")
        if self.received_on and self.approved_on and self.received_on < self.approved_on:
            errors["received_on"] = _("到位日期不能早于批复日期。")
        if self.project_id and self.cluster_id and self.project.cluster_id != self.cluster_id:
            errors["project"] = _("项目应属于本集聚区。")
        if errors:
            raise ValidationError(errors)


class FinancingPlatform(TrackedModel):
    """A financing platform (投融资平台) of a region or a cluster, with its goals; the policy
    minimum of net assets is checked against its latest year."""

    policy_region = "region"

    name = models.CharField(_("平台名称"), max_length=200)
    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="financing_platforms"
    )
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="financing_platforms",
    )  # fmt: skip
    registered_capital = money_field(_("注册资本（万元）"), null=True, blank=True)
    net_assets_minimum = money_field(
        _("净资产最低要求（万元）"), default=Decimal("100000"), help_text=_("政策要求的净资产下限，如10亿元")
    )
    financing_goal = money_field(_("融资目标（万元）"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("投融资平台")
        verbose_name_plural = _("投融资平台")
        ordering = ["region__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"], name="platform_unique_name",
                violation_error_message=_("该区划已有同名投融资平台。"),
            )
        ]  # fmt: skip

    def __str__(self):
        return self.name

    def clean(self):
        if self.cluster_id and self.region_id and not self.cluster.region.path.startswith(self.region.path):
            raise ValidationError({"cluster": _("集聚区应位于平台所属区划内。")})


class PlatformYear(TrackedModel):
    """A platform's figures of one year: net assets at year end and financing raised."""

    policy_region = "platform__region"

    platform = models.ForeignKey(
        FinancingPlatform, verbose_name=_("投融资平台"), on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    net_assets = money_field(_("净资产（万元）"))
    financing_raised = money_field(_("当年融资额（万元）"), default=Decimal("0"))

    class Meta:
        verbose_name = _("平台年度数据")
        verbose_name_plural = _("平台年度数据")
        ordering = ["platform", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "year"], name="platformyear_unique",
                violation_error_message=_("该平台已有本年度数据。"),
            )
        ]  # fmt: skip

    def __str__(self):
        return f"{self.platform} {self.year}年"


class NeedClockRule(TrackedModel):
    """A region's service commitment for financing needs: banks respond within N working
    days of publication (a county's rule wins over its city's, the city's over the
    province's; none → DEFAULT_RESPOND_WORKDAYS)."""

    policy_region = "region"

    region = models.OneToOneField(
        Region, verbose_name=_("行政区划"), on_delete=models.CASCADE, related_name="need_clock"
    )
    workdays = models.PositiveSmallIntegerField(
        _("响应时限（工作日）"), validators=[MinValueValidator(1, _("至少1个工作日。"))]
    )

    class Meta:
        verbose_name = _("融资需求响应时限")
        verbose_name_plural = _("融资需求响应时限")
        ordering = ["region__code"]

    def __str__(self):
        return f"{self.region}：{self.workdays}个工作日"


class FinancingNeed(TrackedModel):
    """An enterprise's financing need (融资需求), published to chosen banks or to every bank
    of its region; the banks respond within the service clock."""

    policy_region = "enterprise__cluster__region"
    policy_bank_parties = ("banks",)
    policy_bank_open = "open_to_all"

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="financing_needs"
    )
    amount = money_field(_("融资金额（万元）"), validators=POSITIVE)
    purpose = models.CharField(_("资金用途"), max_length=200)
    term_months = models.PositiveSmallIntegerField(_("期限（月）"), null=True, blank=True)
    collateral = models.CharField(_("可提供担保/抵押"), max_length=200, blank=True)
    deadline = models.DateField(_("需求截止日期"), null=True, blank=True)
    open_to_all = models.BooleanField(_("向所有银行发布"), default=False)
    banks = models.ManyToManyField(
        OrgUnit, verbose_name=_("发布银行"), blank=True, related_name="financing_needs",
        limit_choices_to=BANKS,
    )  # fmt: skip
    published_on = models.DateField(_("发布日期"))
    respond_by = models.DateField(_("响应期限"))
    status = models.CharField(
        _("状态"), max_length=12, choices=NeedStatus.choices, default=NeedStatus.PUBLISHED, db_index=True
    )
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("融资需求")
        verbose_name_plural = _("融资需求")
        ordering = ["-published_on", "id"]

    def __str__(self):
        return f"{self.enterprise} {self.purpose} {units.money(self.amount)}"

    def clean(self):
        if self.deadline and self.published_on and self.deadline < self.published_on:
            raise ValidationError({"deadline": _("需求截止日期不能早于发布日期。")})


class NeedResponse(TrackedModel):
    """A bank's response to a financing need: interested, declined (with the reason) or
    credit granted (with the amount); a granted credit becomes a loan."""

    policy_region = "need__enterprise__cluster__region"
    policy_bank = "bank"

    need = models.ForeignKey(
        FinancingNeed, verbose_name=_("融资需求"), on_delete=models.CASCADE, related_name="responses"
    )
    bank = models.ForeignKey(
        OrgUnit, verbose_name=_("银行"), on_delete=models.PROTECT, related_name="need_responses",
        limit_choices_to=BANKS,
    )  # fmt: skip
    kind = models.CharField(_("响应"), max_length=12, choices=ResponseKind.choices)
    reason = models.TextField(_("说明/婉拒原因"), blank=True)
    amount = money_field(_("授信金额（万元）"), null=True, blank=True)
    responded_on = models.DateField(_("响应日期"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="need_responses",
    )  # fmt: skip
    loan = models.OneToOneField(
        Loan, verbose_name=_("贷款"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="need_response",
    )  # fmt: skip

    class Meta:
        verbose_name = _("银行响应")
        verbose_name_plural = _("银行响应")
        ordering = ["need", "responded_on", "id"]

    def __str__(self):
        return f"{self.bank}：{self.get_kind_display()}"

    def clean(self):
        if self.kind == ResponseKind.DECLINED and not self.reason.strip():
            raise ValidationError({"reason": _("婉拒须填写原因。")})
        if self.kind == ResponseKind.GRANTED and not self.amount:
            raise ValidationError({"amount": _("授信须填写授信金额。")})
        if self.need_id and self.responded_on and self.responded_on < self.need.published_on:
            raise ValidationError({"responded_on": _("响应日期不能早于需求发布日期。")})


class MatchingEvent(TrackedModel):
    """A bank–enterprise matching event (银企对接会): the banks and enterprises that took part,
    the needs put forward and the amount signed."""

    policy_region = "region"
    policy_bank_parties = ("banks",)

    name = models.CharField(_("活动名称"), max_length=200)
    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="matching_events"
    )
    date = models.DateField(_("日期"))
    banks = models.ManyToManyField(
        OrgUnit,
        verbose_name=_("参加银行"),
        blank=True,
        related_name="matching_events",
        limit_choices_to=BANKS,
    )
    enterprises = models.ManyToManyField(
        Enterprise, verbose_name=_("参加企业"), blank=True, related_name="matching_events"
    )
    needs = models.ManyToManyField(
        FinancingNeed, verbose_name=_("对接需求"), blank=True, related_name="matching_events"
    )
    amount_signed = money_field(_("签约金额（万元）"), default=Decimal("0"))
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("银企对接活动")
        verbose_name_plural = _("银企对接活动")
        ordering = ["-date", "id"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class ServicePairing(TrackedModel):
    """A financing-service officer (金融服务员, a bank's user) paired with an enterprise."""

    policy_region = "enterprise__cluster__region"
    policy_bank = "bank"

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("金融服务员"), on_delete=models.PROTECT,
        related_name="service_pairings",
    )  # fmt: skip
    bank = models.ForeignKey(
        OrgUnit, verbose_name=_("所属银行"), on_delete=models.PROTECT, related_name="service_pairings",
        limit_choices_to=BANKS,
    )  # fmt: skip
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("服务企业"), on_delete=models.PROTECT, related_name="service_pairings"
    )
    since = models.DateField(_("结对日期"))
    until = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("金融服务员结对")
        verbose_name_plural = _("金融服务员结对")
        ordering = ["bank", "officer", "enterprise"]
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "enterprise", "since"], name="servicepairing_unique",
                violation_error_message=_("该金融服务员已与该企业结对。"),
            )
        ]  # fmt: skip

    def __str__(self):
        return f"{self.officer} ↔ {self.enterprise}"

    def clean(self):
        if self.officer_id and self.bank_id and self.officer.unit_id != self.bank_id:
            raise ValidationError({"officer": _("金融服务员须是所属银行的用户。")})
        if self.bank_id and self.bank.kind != UnitKind.BANK:
            raise ValidationError({"bank": _("所属银行须是“金融机构”类型的单位。")})
        if self.until and self.since and self.until < self.since:
            raise ValidationError({"until": _("结束日期不能早于结对日期。")})


class Guarantee(TrackedModel):
    """A guarantee of a loan: the guarantor, the amount guaranteed and the period."""

    policy_region = "loan__borrower__cluster__region"

    loan = models.ForeignKey(
        Loan, verbose_name=_("贷款"), on_delete=models.CASCADE, related_name="guarantees"
    )
    guarantor = models.CharField(_("担保人/担保机构"), max_length=200)
    amount = money_field(_("担保金额（万元）"), validators=POSITIVE)
    start = models.DateField(_("担保起始日"))
    end = models.DateField(_("担保到期日"), null=True, blank=True)

    class Meta:
        verbose_name = _("贷款担保")
        verbose_name_plural = _("贷款担保")
        ordering = ["loan", "id"]

    def __str__(self):
        return f"{self.guarantor} {units.money(self.amount)}"

    def clean(self):
        if self.loan_id and self.amount and self.amount > self.loan.amount:
            raise ValidationError({"amount": _("担保金额不能大于贷款金额。")})
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("担保到期日不能早于起始日。")})


PERCENT = [MinValueValidator(Decimal("0"), _("不能为负数。"))]


class TaxSharingRule(TrackedModel):
    """A region's sharing of the tax paid by attracted projects (seed 000: 6:2:2) between the
    county, the attracting unit and the cluster, in percent adding up to 100."""

    policy_region = "region"

    region = models.OneToOneField(
        Region, verbose_name=_("行政区划"), on_delete=models.CASCADE, related_name="tax_sharing_rule"
    )
    county_share = models.DecimalField(_("县区分成（%）"), max_digits=5, decimal_places=2, validators=PERCENT)
    unit_share = models.DecimalField(
        _("引进单位分成（%）"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    cluster_share = models.DecimalField(
        _("集聚区分成（%）"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    document = models.CharField(_("依据文件"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("招商项目税收分成规则")
        verbose_name_plural = _("招商项目税收分成规则")
        ordering = ["region__code"]

    def __str__(self):
        return f"{self.region} {self.county_share}:{self.unit_share}:{self.cluster_share}"

    def clean(self):
        shares = (self.county_share, self.unit_share, self.cluster_share)
        if all(s is not None for s in shares) and sum(shares) != 100:
            raise ValidationError(
                {
                    "cluster_share": _("三方分成比例合计应为100%%，现为%(t)s%%。")
                    % {"t": format(sum(shares).normalize(), "f")}
                }
            )


class AttractedTax(TrackedModel):
    """The tax paid in one year by the enterprise of an attracted project (a signed lead):
    entered here, or left empty to be read from the enterprise's annual figures."""

    policy_region = "lead__cluster__region"

    lead = models.ForeignKey(
        "investment.Lead", verbose_name=_("招商项目"), on_delete=models.CASCADE, related_name="taxes"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("落地企业"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="attracted_taxes",
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("年度"))
    tax = money_field(_("税收（万元）"), null=True, blank=True, help_text=_("留空时取企业年度数据中的税收"))

    class Meta:
        verbose_name = _("招商项目税收")
        verbose_name_plural = _("招商项目税收")
        ordering = ["year", "lead"]
        constraints = [
            models.UniqueConstraint(
                fields=["lead", "year"], name="attractedtax_unique",
                violation_error_message=_("该招商项目已有本年度税收。"),
            )
        ]  # fmt: skip

    def __str__(self):
        return f"{self.lead} {self.year}年"

    def clean(self):
        if self.tax is None and not self.enterprise_id:
            raise ValidationError({"tax": _("请填写税收，或指定落地企业以取其年度数据。")})


class IncentiveRule(TrackedModel):
    """An attraction incentive of a region: a percentage of a unit's yearly 到资, signed
    amount or shared tax, optionally capped, paid to the attracting unit."""

    policy_region = "region"

    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.CASCADE, related_name="incentive_rules"
    )
    name = models.CharField(_("奖励名称"), max_length=100)
    basis = models.CharField(
        _("计算依据"), max_length=12,
        choices=[("in_place", _("到资额")), ("signed", _("签约额")), ("tax", _("引进单位税收分成"))],
    )  # fmt: skip
    rate = models.DecimalField(_("奖励比例（%）"), max_digits=6, decimal_places=3, validators=PERCENT)
    cap = money_field(_("单位奖励上限（万元）"), null=True, blank=True)

    class Meta:
        verbose_name = _("招商奖励规则")
        verbose_name_plural = _("招商奖励规则")
        ordering = ["region__code", "name"]

    def __str__(self):
        return f"{self.region} {self.name}"
