"""Investment attraction (招商引资): leads (招商线索) with their follow-up log, stage changes
and signed agreements; industry-chain maps (产业链招商图谱) with links and hand placements;
the stage clocks (service commitments in working days) configurable per region."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts.models import OrgUnit, Region
from clusterzone.core import units
from clusterzone.core.models import TrackedModel
from clusterzone.registry.models import Cluster, Enterprise, Industry, IndustryCategory

from .choices import ClockKind, CompanyType, FollowUpKind, LeadStage, Segment, SourceRegion

NON_NEGATIVE = [MinValueValidator(Decimal("0"), _("不能为负数。"))]


class Chain(TrackedModel):
    """The industrial chain of one leading industry of a cluster."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), on_delete=models.CASCADE, related_name="chains"
    )
    category = models.ForeignKey(
        IndustryCategory, verbose_name=_("主导产业"), on_delete=models.PROTECT, related_name="chains"
    )
    name = models.CharField(_("产业链名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("产业链")
        verbose_name_plural = _("产业链")
        ordering = ["cluster__code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "name"],
                name="chain_unique_name",
                violation_error_message=_("该集聚区已有同名产业链。"),
            )
        ]

    def __str__(self):
        return f"{self.cluster}·{self.name}"


class ChainLink(TrackedModel):
    """A link (环节) of a chain: upstream, midstream or downstream, with the GB/T 4754
    divisions whose enterprises sit on it."""

    chain = models.ForeignKey(Chain, verbose_name=_("产业链"), on_delete=models.CASCADE, related_name="links")
    segment = models.CharField(_("环节位置"), max_length=12, choices=Segment.choices)
    name = models.CharField(_("环节名称"), max_length=100)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    divisions = models.ManyToManyField(
        Industry, verbose_name=_("对应行业大类"), blank=True, related_name="chain_links"
    )
    key_products = models.TextField(_("关键产品"), blank=True)

    class Meta:
        verbose_name = _("产业链环节")
        verbose_name_plural = _("产业链环节")
        ordering = ["chain", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "name"],
                name="chainlink_unique_name",
                violation_error_message=_("该产业链已有同名环节。"),
            )
        ]

    def __str__(self):
        return f"{self.chain.name}·{self.name}"


class ChainPlacement(TrackedModel):
    """An enterprise or project placed on a link by hand (placement by industry division is
    computed, not stored)."""

    link = models.ForeignKey(
        ChainLink, verbose_name=_("环节"), on_delete=models.CASCADE, related_name="placements"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="chain_placements",
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="chain_placements",
    )  # fmt: skip
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("产业链落位")
        verbose_name_plural = _("产业链落位")
        ordering = ["link", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(enterprise__isnull=False) & models.Q(project__isnull=True))
                | (models.Q(enterprise__isnull=True) & models.Q(project__isnull=False)),
                name="chainplacement_one_target",
                violation_error_message=_("请选择一个企业或一个项目（二选一）。"),
            ),
            models.UniqueConstraint(
                fields=["link", "enterprise"], name="chainplacement_unique_enterprise",
                violation_error_message=_("该企业已落位在此环节。"),
            ),
            models.UniqueConstraint(
                fields=["link", "project"], name="chainplacement_unique_project",
                violation_error_message=_("该项目已落位在此环节。"),
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.link}：{self.enterprise or self.project}"

    def clean(self):
        cluster_id = self.link.chain.cluster_id if self.link_id else None
        target = self.enterprise if self.enterprise_id else (self.project if self.project_id else None)
        if target is not None and cluster_id and target.cluster_id != cluster_id:
            raise ValidationError(_("只能落位本集聚区的企业或项目。"))


class Lead(TrackedModel):
    """An investment-attraction lead (招商线索, 客商) worked by a unit for a cluster."""

    code = models.CharField(_("线索编号"), max_length=32, unique=True, blank=True)
    company = models.CharField(_("目标企业"), max_length=200)
    project_name = models.CharField(_("拟建项目名称"), max_length=200, blank=True)
    source_region = models.CharField(_("客商来源地"), max_length=12, choices=SourceRegion.choices)
    company_type = models.CharField(_("企业类型"), max_length=16, choices=CompanyType.choices)
    industry = models.ForeignKey(
        Industry, verbose_name=_("行业大类"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="leads", limit_choices_to={"level": "division"},
    )  # fmt: skip
    category = models.ForeignKey(
        IndustryCategory,
        verbose_name=_("主导产业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    chain_link = models.ForeignKey(
        ChainLink,
        verbose_name=_("产业链环节"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
    )
    intended_investment = models.DecimalField(
        _("意向投资额（万元）"), max_digits=14, decimal_places=2, validators=NON_NEGATIVE
    )
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), on_delete=models.PROTECT, related_name="leads"
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leads",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("责任人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="leads",
    )  # fmt: skip
    contact = models.CharField(_("客商联系人"), max_length=100, blank=True)
    first_contact = models.DateField(_("接洽日期"), default=timezone.localdate)
    stage = models.CharField(
        _("阶段"), max_length=12, choices=LeadStage.choices, default=LeadStage.CONTACT, db_index=True
    )
    stage_entered_at = models.DateField(_("进入本阶段日期"), default=timezone.localdate)
    lost_reason = models.TextField(_("流失原因"), blank=True)
    lost_from = models.CharField(_("流失前阶段"), max_length=12, choices=LeadStage.choices, blank=True)
    project = models.OneToOneField(
        "projects.Project", verbose_name=_("落地项目"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="lead",
    )  # fmt: skip
    notes = models.TextField(_("备注"), blank=True)
    # the deadline of the lead's service clock (investment.clocks), stored so "overdue" is
    # one indexed comparison; kept in step by clocks.refresh_deadlines (services, importers,
    # synth, and signals on follow-ups, clock rules and holiday overrides). Null: no clock.
    clock_deadline = models.DateField(
        _("服务时限截止日"), null=True, blank=True, editable=False, db_index=True
    )

    class Meta:
        verbose_name = _("招商线索")
        verbose_name_plural = _("招商线索")
        ordering = ["cluster__code", "-first_contact", "id"]
        indexes = [models.Index(fields=["cluster", "stage"]), models.Index(fields=["unit", "stage"])]
        constraints = [
            # the natural key of a lead without a code (imports are idempotent)
            models.UniqueConstraint(
                fields=["cluster", "company", "first_contact"],
                name="lead_unique_contact",
                violation_error_message=_("该集聚区已有同一企业同一接洽日期的线索。"),
            )
        ]

    def __str__(self):
        return self.company

    def clean(self):
        if self.industry_id and self.industry.level != "division":
            raise ValidationError({"industry": _("行业应选择国民经济行业分类的大类（两位代码）。")})
        if self.chain_link_id and self.cluster_id and self.chain_link.chain.cluster_id != self.cluster_id:
            raise ValidationError({"chain_link": _("产业链环节应属于本集聚区的产业链。")})
        if self.stage == LeadStage.LOST and not self.lost_reason.strip():
            raise ValidationError({"lost_reason": _("流失须填写原因。")})
        if self.stage_entered_at and self.first_contact and self.stage_entered_at < self.first_contact:
            raise ValidationError({"stage_entered_at": _("进入本阶段日期不能早于接洽日期。")})


class LeadStageChange(models.Model):
    """One stage move of a lead, dated, with who made it and why (the workflow record)."""

    policy_region = "lead__cluster__region"

    lead = models.ForeignKey(
        Lead, verbose_name=_("招商线索"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(_("原阶段"), max_length=12, choices=LeadStage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=12, choices=LeadStage.choices)
    date = models.DateField(_("日期"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    reason = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("线索阶段变更")
        verbose_name_plural = _("线索阶段变更")
        ordering = ["lead", "date", "id"]

    def __str__(self):
        return f"{self.lead}：{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class LeadFollowUp(TrackedModel):
    """A dated entry of a lead's follow-up log (拜访、洽谈、考察 …) with the next step."""

    lead = models.ForeignKey(
        Lead, verbose_name=_("招商线索"), on_delete=models.CASCADE, related_name="followups"
    )
    date = models.DateField(_("日期"))
    kind = models.CharField(
        _("方式"), max_length=12, choices=FollowUpKind.choices, default=FollowUpKind.VISIT
    )
    content = models.TextField(_("内容"))
    next_step = models.CharField(_("下一步"), max_length=200, blank=True)
    next_date = models.DateField(_("下一步日期"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("跟进记录")
        verbose_name_plural = _("跟进记录")
        ordering = ["lead", "-date", "-id"]
        indexes = [models.Index(fields=["lead", "date"])]

    def __str__(self):
        return f"{self.lead} {self.date:%Y-%m-%d} {self.get_kind_display()}"

    def clean(self):
        if self.next_date and self.date and self.next_date < self.date:
            raise ValidationError({"next_date": _("下一步日期不能早于本次跟进日期。")})


class Agreement(TrackedModel):
    """The signed agreement of a lead (签约): date and amount."""

    lead = models.OneToOneField(
        Lead, verbose_name=_("招商线索"), on_delete=models.CASCADE, related_name="agreement"
    )
    signed_date = models.DateField(_("签约日期"))
    amount = models.DecimalField(
        _("签约金额（万元）"), max_digits=14, decimal_places=2, validators=NON_NEGATIVE
    )
    document = models.CharField(_("协议名称或文号"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("签约协议")
        verbose_name_plural = _("签约协议")

    def __str__(self):
        return f"{self.lead} {self.signed_date:%Y-%m-%d}"


class ClockRule(TrackedModel):
    """A region's service commitment for one clock, in working days (a county's rule wins
    over its city's, the city's over the province's; none → DEFAULT_CLOCKS)."""

    policy_region = "region"

    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.CASCADE, related_name="lead_clocks"
    )
    stage = models.CharField(_("时限类型"), max_length=12, choices=ClockKind.choices)
    workdays = models.PositiveSmallIntegerField(
        _("时限（工作日）"), validators=[MinValueValidator(1, _("至少1个工作日。"))]
    )

    class Meta:
        verbose_name = _("招商服务时限")
        verbose_name_plural = _("招商服务时限")
        ordering = ["region__code", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "stage"],
                name="clockrule_unique",
                violation_error_message=_("该区划已设置此时限。"),
            )
        ]

    def __str__(self):
        return f"{self.region}：{self.get_stage_display()} {self.workdays}个工作日"


class FundsPayment(TrackedModel):
    """Funds actually in place (到资) against a signed agreement: one payment received, its
    date, amount, the region it came from and the evidence (bank slip, capital verification)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("签约协议"), on_delete=models.CASCADE, related_name="payments"
    )
    date = models.DateField(_("到资日期"))
    amount = models.DecimalField(
        _("到资金额（万元）"), max_digits=14, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), _("应大于0。"))],
    )  # fmt: skip
    source_region = models.CharField(_("资金来源地"), max_length=100, blank=True)
    evidence = models.CharField(_("到资凭证"), max_length=200)

    class Meta:
        verbose_name = _("到资记录")
        verbose_name_plural = _("到资记录")
        ordering = ["agreement", "date", "id"]
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.agreement.lead} {self.date:%Y-%m-%d} {units.money(self.amount)}"

    def clean(self):
        if self.agreement_id and self.date and self.date < self.agreement.signed_date:
            raise ValidationError({"date": _("到资日期不能早于签约日期。")})
        if not (self.evidence or "").strip():
            raise ValidationError({"evidence": _("请填写到资凭证。")})
