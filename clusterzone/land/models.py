"""Land and the per-亩 evaluation (亩均效益评价).

Policy kinds: LandPolicy → "landpolicy" (placed by its cluster), EnterpriseFigures →
"enterprisefigures" (by its enterprise's cluster), DifferentiatedPolicy →
"differentiatedpolicy" (by its region), EvaluationNotice and Objection → governed by their
run ("run" rules: the office drafts, records and decides).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts.models import Region
from clusterzone.core.models import TrackedModel
from clusterzone.registry.models import Cluster, Enterprise

from .choices import EmploymentKind, EvaluationClass, HousingKind, ObjectionStatus, ParcelStatus, PlannedUse

POSITIVE = [MinValueValidator(Decimal(0))]


class LandPolicy(TrackedModel):
    """The cluster's land policy (供地政策), editable by the office. Seeds: investment
    intensity not below 230 万元/亩 (central-city clusters) or 216 (county clusters), 280 from
    4200 万元/公顷; plot ratio above 1.0; ≥ 70% of industrial land for leading industries;
    projects under a land size fit into 三层及以上 standard factories and get no separate
    land; supplied land not started within the idle period (1 year) is idle."""

    policy_region = "cluster__region"

    cluster = models.OneToOneField(
        Cluster, verbose_name=_("集聚区"), on_delete=models.CASCADE, related_name="land_policy"
    )
    min_intensity = models.DecimalField(
        _("最低投资强度（万元/亩）"),
        max_digits=10,
        decimal_places=2,
        default=Decimal(216),
        validators=POSITIVE,
    )
    min_plot_ratio = models.DecimalField(
        _("最低容积率"), max_digits=5, decimal_places=2, default=Decimal("1.0"), validators=POSITIVE
    )
    min_leading_share = models.DecimalField(
        _("主导产业用地最低占比（%）"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(70),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    min_tax_per_mu = models.DecimalField(
        _("最低亩均税收（万元/亩）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=POSITIVE,
    )
    standard_factory_below = models.DecimalField(
        _("标准厂房规则：用地少于（亩）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=POSITIVE,
        help_text=_("用地少于该面积、可入驻三层及以上标准厂房的项目不单独供地；空 = 不适用"),
    )
    idle_months = models.PositiveSmallIntegerField(
        _("闲置认定期限（月）"), default=12, help_text=_("供地后超过该期限未开工即为闲置土地")
    )
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("供地政策")
        verbose_name_plural = _("供地政策")
        ordering = ["cluster__code"]

    def __str__(self):
        return f"{self.cluster} {_('供地政策')}"


class EnterpriseFigures(TrackedModel):
    """One enterprise's annual figures for the per-亩 evaluation."""

    policy_region = "enterprise__cluster__region"

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="annual_figures"
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    land_area = models.DecimalField(_("用地面积（亩）"), max_digits=12, decimal_places=2, validators=POSITIVE)
    tax = models.DecimalField(_("税收（万元）"), max_digits=14, decimal_places=2, validators=POSITIVE)
    value_added = models.DecimalField(_("工业增加值（万元）"), max_digits=14, decimal_places=2)
    revenue = models.DecimalField(
        _("主营业务收入（万元）"), max_digits=14, decimal_places=2, validators=POSITIVE
    )
    energy = models.DecimalField(
        _("综合能耗（吨标准煤）"), max_digits=14, decimal_places=2, validators=POSITIVE
    )
    employees = models.PositiveIntegerField(_("从业人员"))
    rnd = models.DecimalField(_("研发经费（万元）"), max_digits=14, decimal_places=2, validators=POSITIVE)

    class Meta:
        verbose_name = _("企业年度亩均数据")
        verbose_name_plural = _("企业年度亩均数据")
        ordering = ["-year", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                name="land_figures_enterprise_year",
                violation_error_message=_("该企业该年度的数据已存在。"),
            )
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}"


class DifferentiatedPolicy(TrackedModel):
    """A region's differentiated terms (差别化政策) for one evaluation class."""

    policy_region = "region"

    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="differentiated_policies"
    )
    klass = models.CharField(_("类别"), max_length=1, choices=EvaluationClass.choices)
    land = models.TextField(_("用地"), blank=True)
    power = models.TextField(_("用电"), blank=True)
    water = models.TextField(_("用水"), blank=True)
    discharge = models.TextField(_("排污"), blank=True)
    credit = models.TextField(_("信贷"), blank=True)

    TERMS = ("land", "power", "water", "discharge", "credit")

    class Meta:
        verbose_name = _("差别化政策")
        verbose_name_plural = _("差别化政策")
        ordering = ["region__code", "klass"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "klass"],
                name="land_diffpolicy_region_class",
                violation_error_message=_("该区划该类别的差别化政策已存在。"),
            )
        ]

    def __str__(self):
        return f"{self.region} {self.klass}"

    def terms(self) -> list[tuple[str, str]]:
        return [
            (str(self._meta.get_field(f).verbose_name), getattr(self, f))
            for f in self.TERMS
            if getattr(self, f)
        ]


class EvaluationNotice(TrackedModel):
    """The 公示 of a per-亩 evaluation run: objections are taken until `ends_on` (N working
    days from `starts_on`, counted by core.workdays); then the classes are made final by
    publishing the run."""

    policy_region = "run__region"

    run = models.OneToOneField(
        "assessment.Run", verbose_name=_("评价结果"), on_delete=models.CASCADE, related_name="land_notice"
    )
    starts_on = models.DateField(_("公示开始日期"))
    workdays = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=5)
    ends_on = models.DateField(_("公示截止日期"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("亩均评价公示")
        verbose_name_plural = _("亩均评价公示")
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return f"{self.run} {_('公示')} {self.starts_on}–{self.ends_on}"


class Objection(TrackedModel):
    """An enterprise's objection (异议) to its result during the 公示, and its decision."""

    policy_region = "result__run__region"

    result = models.ForeignKey(
        "assessment.Result",
        verbose_name=_("评价结果"),
        on_delete=models.CASCADE,
        related_name="land_objections",
    )
    received_on = models.DateField(_("提出日期"))
    reason = models.TextField(_("异议理由"))
    status = models.CharField(
        _("处理状态"), max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.PENDING
    )
    original_class = models.CharField(_("原类别"), max_length=1, blank=True)
    new_class = models.CharField(_("调整后类别"), max_length=1, choices=EvaluationClass.choices, blank=True)
    decision = models.TextField(_("处理意见"), blank=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("评价异议")
        verbose_name_plural = _("评价异议")
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return f"{self.result.subject_name} {self.get_status_display()}"


M2_PER_MU = Decimal(10000) / 15  # 1 亩 = 666.67 m² exactly 1/15 公顷 (1 km² = 1500 亩)


class Parcel(TrackedModel):
    """A parcel (地块) of a cluster: 储备 → 已征收 → 已供应 → 已开工 → 已竣工, or 收回."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), on_delete=models.PROTECT, related_name="parcels"
    )
    code = models.CharField(_("地块编号"), max_length=40)
    area = models.DecimalField(_("面积（亩）"), max_digits=12, decimal_places=2, validators=POSITIVE)
    planned_use = models.CharField(_("规划用途"), max_length=16, choices=PlannedUse.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=ParcelStatus.choices, default=ParcelStatus.RESERVE
    )
    supply_date = models.DateField(_("供地日期"), null=True, blank=True)
    price = models.DecimalField(_("出让价款（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parcels",
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("用地企业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parcels",
    )
    leading_industry = models.BooleanField(_("主导产业用地"), default=False)
    planned_start = models.DateField(_("计划开工日期"), null=True, blank=True)
    actual_start = models.DateField(_("实际开工日期"), null=True, blank=True)
    building_area = models.DecimalField(
        _("建筑面积（平方米）"), max_digits=14, decimal_places=2, null=True, blank=True, validators=POSITIVE
    )
    recovered_on = models.DateField(_("收回日期"), null=True, blank=True)
    recovery_ref = models.CharField(_("收回决定文号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("地块")
        verbose_name_plural = _("地块")
        ordering = ["cluster__code", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "code"],
                name="land_parcel_cluster_code",
                violation_error_message=_("地块编号重复。"),
            )
        ]

    def __str__(self):
        return f"{self.cluster} {self.code}"

    @property
    def hectares(self) -> Decimal:
        return Decimal(self.area) / 15

    @property
    def km2(self) -> Decimal:
        return Decimal(self.area) * M2_PER_MU / 1_000_000

    @property
    def plot_ratio(self) -> Decimal | None:
        """容积率 = building area / land area (m²)."""
        if self.building_area is None or not self.area:
            return None
        return Decimal(self.building_area) / (Decimal(self.area) * M2_PER_MU)

    @property
    def intensity(self) -> Decimal | None:
        """投资强度 = the project's total investment / the parcel's area (万元/亩)."""
        if self.project_id is None or not self.area or self.project.total_investment is None:
            return None
        return Decimal(self.project.total_investment) / Decimal(self.area)


class AcquisitionPlan(TrackedModel):
    """A cluster's land acquisition (征收) plan and what is done, per year."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), on_delete=models.CASCADE, related_name="acquisition_plans"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    planned = models.DecimalField(_("计划征收（亩）"), max_digits=12, decimal_places=2, validators=POSITIVE)
    acquired = models.DecimalField(
        _("已征收（亩）"), max_digits=12, decimal_places=2, default=Decimal(0), validators=POSITIVE
    )

    class Meta:
        verbose_name = _("征收计划")
        verbose_name_plural = _("征收计划")
        ordering = ["cluster__code", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year"],
                name="land_acq_cluster_year",
                violation_error_message=_("该年度计划已存在。"),
            )
        ]

    def __str__(self):
        return f"{self.cluster} {self.year}"


class LandQuota(TrackedModel):
    """A region's construction-land quota (建设用地指标) and how much is allocated (亩)."""

    policy_region = "region"

    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="land_quotas"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    quota = models.DecimalField(_("指标（亩）"), max_digits=12, decimal_places=2, validators=POSITIVE)
    allocated = models.DecimalField(
        _("已分配（亩）"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=POSITIVE,
        editable=False,
        help_text=_("各项分配之和，由分配记录计算"),
    )

    class Meta:
        verbose_name = _("建设用地指标")
        verbose_name_plural = _("建设用地指标")
        ordering = ["region__code", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"],
                name="land_quota_region_year",
                violation_error_message=_("该年度指标已存在。"),
            )
        ]

    def __str__(self):
        return f"{self.region} {self.year}"

    def clean(self):
        if self.quota is not None and self.allocated is not None and self.allocated > self.quota:
            raise ValidationError(
                {"quota": _("指标不能少于已分配的%(a)s亩。") % {"a": self.allocated.normalize()}}
            )

    @property
    def remaining(self) -> Decimal:
        return Decimal(self.quota) - Decimal(self.allocated)


class QuotaAllocation(TrackedModel):
    """One allocation of a construction-land quota to a cluster (or one of its parks), in 亩
    (seed 004: 长垣 7.5 km², 4.8 allocated — 起重 1.5, 蒲西 0.7, 蒲东 0.6, 参木 0.7, 木岗 0.5,
    电厂 0.8). The quota's `allocated` is the sum of its allocations."""

    policy_region = "quota__region"

    quota = models.ForeignKey(
        LandQuota, verbose_name=_("建设用地指标"), on_delete=models.CASCADE, related_name="allocations"
    )
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), on_delete=models.PROTECT, related_name="quota_allocations"
    )
    recipient = models.CharField(_("使用园区/项目"), max_length=100, blank=True)
    area = models.DecimalField(_("分配面积（亩）"), max_digits=12, decimal_places=2, validators=POSITIVE)
    allocated_on = models.DateField(_("分配日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("指标分配")
        verbose_name_plural = _("指标分配")
        ordering = ["quota__region__code", "quota__year", "id"]

    def __str__(self):
        return f"{self.quota} {self.recipient or self.cluster}"


# --- industry–city integration (产城互动): the villages and people the land moves ---------


class VillageRelocation(TrackedModel):
    """A village relocation (村庄迁并) phase of a cluster: the villages, households and people
    it moves, the land it frees (亩) and how far it has come."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), on_delete=models.PROTECT, related_name="village_relocations"
    )
    phase = models.CharField(_("期次"), max_length=40)
    villages = models.TextField(_("迁并村庄"), help_text=_("村名以顿号或逗号分隔"))
    village_count = models.PositiveSmallIntegerField(_("村庄数"))
    households = models.PositiveIntegerField(_("户数"))
    people = models.PositiveIntegerField(_("人数"))
    land_freed = models.DecimalField(
        _("腾出土地（亩）"), max_digits=12, decimal_places=2, default=Decimal(0), validators=POSITIVE
    )
    moved_households = models.PositiveIntegerField(_("已搬迁户数"), default=0)
    planned_finish = models.DateField(_("计划完成日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("村庄迁并")
        verbose_name_plural = _("村庄迁并")
        ordering = ["cluster__code", "phase", "id"]

    def __str__(self):
        return f"{self.cluster} {self.phase}"

    def clean(self):
        if self.households is not None and self.moved_households and self.moved_households > self.households:
            raise ValidationError({"moved_households": _("已搬迁户数不能超过户数。")})

    @property
    def progress(self) -> Decimal | None:
        """进度 = moved households / households × 100 (%)."""
        if not self.households:
            return None
        return Decimal(self.moved_households) / Decimal(self.households) * 100


class Housing(TrackedModel):
    """A resettlement community (安置社区) or public rental housing (公租房) of a cluster."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), on_delete=models.PROTECT, related_name="housing"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=HousingKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    floor_area = models.DecimalField(
        _("建筑面积（万平方米）"), max_digits=10, decimal_places=2, null=True, blank=True, validators=POSITIVE
    )
    flats = models.PositiveIntegerField(_("套数"))
    completed_flats = models.PositiveIntegerField(_("已建成套数"), default=0)
    capacity = models.PositiveIntegerField(_("可安置人数"), null=True, blank=True)
    completion = models.DateField(_("竣工（计划）日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("安置社区与公租房")
        verbose_name_plural = _("安置社区与公租房")
        ordering = ["cluster__code", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "name"],
                name="land_housing_cluster_name",
                violation_error_message=_("该集聚区已有同名社区。"),
            )
        ]

    def __str__(self):
        return f"{self.cluster} {self.name}"

    def clean(self):
        if self.flats is not None and self.completed_flats and self.completed_flats > self.flats:
            raise ValidationError({"completed_flats": _("已建成套数不能超过套数。")})


class LandlessEmployment(TrackedModel):
    """Employment of landless farmers (人次) and commissioned training (委托用工培训, 人次, with
    the training unit and the enterprises served), per cluster and year."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), on_delete=models.PROTECT, related_name="landless_employment"
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("类型"), max_length=12, choices=EmploymentKind.choices)
    person_times = models.PositiveIntegerField(_("人次"))
    training_unit = models.CharField(_("培训单位"), max_length=100, blank=True)
    enterprises = models.ManyToManyField(
        Enterprise, verbose_name=_("服务企业"), blank=True, related_name="landless_employment"
    )
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("失地农民就业培训")
        verbose_name_plural = _("失地农民就业培训")
        ordering = ["cluster__code", "-year", "kind", "id"]

    def __str__(self):
        return f"{self.cluster} {self.year} {self.get_kind_display()}"

    def clean(self):
        if self.kind == EmploymentKind.TRAINING and not self.training_unit:
            raise ValidationError({"training_unit": _("委托用工培训须填写培训单位。")})
