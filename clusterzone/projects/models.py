"""Projects (一项一码), their stage changes, milestones, monthly investment, and quotas."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts.models import OrgUnit, Region
from clusterzone.core import units
from clusterzone.core.models import TrackedModel
from clusterzone.registry.models import Cluster, Enterprise, Industry, IndustryCategory

from .choices import Band, KeyLevel, ProjectKind, Stage, band_of

NON_NEGATIVE = [MinValueValidator(Decimal("0"), _("不能为负数。"))]
DEFAULT_MIN_INTENSITY = Decimal(216)  # without a land policy (land.LandPolicy): county clusters


class Project(TrackedModel):
    code = models.CharField(_("项目代码"), max_length=32, unique=True)
    name = models.CharField(_("项目名称"), max_length=200)
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), on_delete=models.PROTECT, related_name="projects"
    )
    investor = models.ForeignKey(
        Enterprise,
        verbose_name=_("投资企业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    investor_name = models.CharField(_("投资方名称"), max_length=200, blank=True)
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("行业大类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    category = models.ForeignKey(
        IndustryCategory,
        verbose_name=_("主导产业类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    kind = models.CharField(
        _("项目类别"), max_length=20, choices=ProjectKind.choices, default=ProjectKind.INDUSTRIAL
    )
    total_investment = models.DecimalField(
        _("总投资（万元）"), max_digits=14, decimal_places=2, validators=NON_NEGATIVE
    )
    band = models.CharField(_("规模档次"), max_length=10, choices=Band.choices, db_index=True, editable=False)
    key_level = models.CharField(
        _("重点项目级别"), max_length=10, choices=KeyLevel.choices, blank=True, default=""
    )
    land_area = models.DecimalField(
        _("用地面积（亩）"), max_digits=12, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    stage = models.CharField(
        _("阶段"), max_length=20, choices=Stage.choices, default=Stage.PLANNING, db_index=True
    )
    stage_date = models.DateField(_("进入本阶段日期"), null=True, blank=True)
    planned_sign_date = models.DateField(_("计划签约日期"), null=True, blank=True)
    sign_date = models.DateField(_("签约日期"), null=True, blank=True)
    planned_start_date = models.DateField(_("计划开工日期"), null=True, blank=True)
    start_date = models.DateField(_("开工日期"), null=True, blank=True)
    planned_production_date = models.DateField(_("计划投产日期"), null=True, blank=True)
    production_date = models.DateField(_("投产日期"), null=True, blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("分包领导"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_projects",
    )
    team_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("服务团队成员"), blank=True, related_name="project_teams"
    )
    team_units = models.ManyToManyField(
        OrgUnit, verbose_name=_("服务单位"), blank=True, related_name="served_projects"
    )
    attracted_by = models.ForeignKey(
        OrgUnit,
        verbose_name=_("招商单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attracted_projects",
        help_text=_("引进该项目的乡镇、招商分局或工作领导小组，计入其招商指标。"),
    )
    terminated_reason = models.TextField(_("终止原因"), blank=True)
    description = models.TextField(_("建设内容"), blank=True)

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["cluster__code", "code"]
        indexes = [models.Index(fields=["cluster", "stage"]), models.Index(fields=["leader", "stage"])]
        constraints = [
            # the natural key of a project without a national code (imports are idempotent)
            models.UniqueConstraint(
                fields=["cluster", "name"],
                name="project_unique_name",
                violation_error_message=_("该集聚区已有同名项目。"),
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def size_band(self) -> str:
        return band_of(self.total_investment)

    @property
    def intensity(self) -> Decimal | None:
        """Investment intensity in 万元/亩 (None without land)."""
        if not self.land_area:
            return None
        return Decimal(self.total_investment) / Decimal(self.land_area)

    def clean(self):
        from .codes import normalize_code, validate_project_code

        if self.code:
            self.code = normalize_code(self.code)
            validate_project_code(self.code)
        if self.industry_id and self.industry.level != "division":
            raise ValidationError({"industry": _("行业应选择国民经济行业分类的大类（两位代码）。")})
        if self.investor_id and self.investor.cluster_id != self.cluster_id:
            raise ValidationError({"investor": _("投资企业应是本集聚区的企业。")})
        for early, late, msg in (
            ("sign_date", "start_date", _("开工日期不能早于签约日期。")),
            ("start_date", "production_date", _("投产日期不能早于开工日期。")),
        ):
            a, b = getattr(self, early), getattr(self, late)
            if a and b and b < a:
                raise ValidationError({late: msg})

    def save(self, *args, **kwargs):
        self.band = band_of(self.total_investment)
        if not self.investor_name and self.investor_id:
            self.investor_name = self.investor.name
        super().save(*args, **kwargs)


class ProjectStageChange(TrackedModel):
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(_("原阶段"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=20, choices=Stage.choices)
    date = models.DateField(_("日期"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("项目阶段变更")
        verbose_name_plural = _("项目阶段变更")
        ordering = ["project", "date", "id"]

    def __str__(self):
        return f"{self.project.code} {self.get_from_stage_display()}→{self.get_to_stage_display()}"


class ProjectMilestone(TrackedModel):
    """A dated node of the reverse schedule (倒排工期, 时间节点)."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="milestones"
    )
    name = models.CharField(_("节点名称"), max_length=200)
    planned_date = models.DateField(_("计划完成日期"))
    actual_date = models.DateField(_("实际完成日期"), null=True, blank=True)
    responsible_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_milestones",
    )
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("项目时间节点")
        verbose_name_plural = _("项目时间节点")
        ordering = ["project", "planned_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"],
                name="milestone_unique_name",
                violation_error_message=_("该项目已有同名时间节点。"),
            )
        ]

    def __str__(self):
        return f"{self.project.code} {self.name}"

    def is_overdue(self, today) -> bool:
        return self.actual_date is None and self.planned_date < today


class ProjectInvestment(TrackedModel):
    """Investment completed in one month (万元)."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="investments"
    )
    period = models.CharField(_("月份"), max_length=7)  # Period code 'YYYY-MM'
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月"))
    amount = models.DecimalField(
        _("完成投资（万元）"), max_digits=14, decimal_places=2, validators=NON_NEGATIVE
    )

    class Meta:
        verbose_name = _("项目月度投资")
        verbose_name_plural = _("项目月度投资")
        ordering = ["project", "year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period"],
                name="project_investment_unique_month",
                violation_error_message=_("该项目本月投资已填报。"),
            )
        ]
        indexes = [models.Index(fields=["year", "month"])]

    def __str__(self):
        return f"{self.project.code} {self.period}"

    def save(self, *args, **kwargs):
        self.period = f"{self.year:04d}-{self.month:02d}"
        super().save(*args, **kwargs)


class Quota(TrackedModel):
    """A region's yearly quota of projects in an investment range ("1233工程")."""

    policy_region = "region"

    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.CASCADE, related_name="project_quotas"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    min_amount = models.DecimalField(
        _("下限（万元）"), max_digits=14, decimal_places=2, validators=NON_NEGATIVE
    )
    max_amount = models.DecimalField(
        _("上限（万元）"), max_digits=14, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    count = models.PositiveSmallIntegerField(_("数量"))

    class Meta:
        verbose_name = _("项目指标")
        verbose_name_plural = _("项目指标")
        ordering = ["region__code", "year", "-min_amount"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "min_amount"],
                name="quota_unique_band",
                violation_error_message=_("该地区该年度此档次的指标已存在。"),
            )
        ]

    def __str__(self):
        return f"{self.region} {self.year} ≥{units.money(self.min_amount)} ×{self.count}"

    def band_label(self) -> str:
        """The investment band, e.g. "5亿元–10亿元" or "10亿元以上"."""
        if self.max_amount is None:
            return f"{units.money(self.min_amount)}{_('以上')}"
        return f"{units.money(self.min_amount)}–{units.money(self.max_amount)}"

    def clean(self):
        if self.max_amount is not None and self.min_amount is not None and self.max_amount <= self.min_amount:
            raise ValidationError({"max_amount": _("上限应大于下限。")})


class UnitQuota(TrackedModel):
    """A unit's yearly quota: e.g. each township one project ≥5000万, each leading group ≥1亿."""

    policy_region = "unit__region"

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="project_quotas"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    min_amount = models.DecimalField(
        _("下限（万元）"), max_digits=14, decimal_places=2, validators=NON_NEGATIVE
    )
    count = models.PositiveSmallIntegerField(_("数量"), default=1)
    basis = models.CharField(
        _("计算口径"), max_length=12, default="signed",
        choices=[("signed", _("按签约（总投资）")), ("in_place", _("按到资（实际到位资金）"))],
        help_text=_("按到资计算时，项目累计到资达到下限方可计入"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("单位招商指标")
        verbose_name_plural = _("单位招商指标")
        ordering = ["unit__name", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "min_amount"],
                name="unitquota_unique",
                violation_error_message=_("该单位该年度此档次的指标已存在。"),
            )
        ]

    def __str__(self):
        return f"{self.unit} {self.year} ≥{units.money(self.min_amount)} ×{self.count}"

    def band_label(self) -> str:
        return f"{units.money(self.min_amount)}{_('以上')}"
