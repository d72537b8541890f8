from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts.models import OrgUnit, Region
from clusterzone.core.models import TrackedModel
from clusterzone.core.validators import (
    normalize_credit_code,
    normalize_org_code,
    validate_credit_code,
    validate_org_code,
)

from .choices import STAR_CHOICES, ClusterStatus, IndustryLevel, IndustryRole

NON_NEGATIVE = [MinValueValidator(Decimal("0"), _("不能为负数。"))]
cluster_code_validator = RegexValidator(
    r"^[0-9A-Za-z][0-9A-Za-z\-]{1,19}$", _("集聚区代码只能由字母、数字和连字符组成，2-20位。")
)


class Industry(TrackedModel):
    """GB/T 4754-2017: sections (门类, A–T) and divisions (大类, 01–97)."""

    code = models.CharField(_("行业代码"), max_length=4, unique=True)
    name = models.CharField(_("行业名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=10, choices=IndustryLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("门类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("国民经济行业")
        verbose_name_plural = _("国民经济行业")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class IndustryCategory(TrackedModel):
    """A named leading-industry category (装备制造, 食品加工 …) spanning divisions."""

    name = models.CharField(_("产业名称"), max_length=50, unique=True)
    divisions = models.ManyToManyField(
        Industry, verbose_name=_("对应行业大类"), blank=True, related_name="categories"
    )

    class Meta:
        verbose_name = _("主导产业类别")
        verbose_name_plural = _("主导产业类别")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Cluster(TrackedModel):
    code = models.CharField(_("集聚区代码"), max_length=20, unique=True, validators=[cluster_code_validator])
    name = models.CharField(_("集聚区名称"), max_length=100, unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="clusters"
    )
    status = models.CharField(
        _("类别"), max_length=20, choices=ClusterStatus.choices, default=ClusterStatus.PROVINCIAL
    )
    planned_area = models.DecimalField(
        _("规划面积（平方公里）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    built_area = models.DecimalField(
        _("建成区面积（平方公里）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    land_reserve = models.DecimalField(
        _("土地储备（亩）"), max_digits=12, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    star = models.PositiveSmallIntegerField(
        _("星级"), choices=STAR_CHOICES, default=0, validators=[MaxValueValidator(6)]
    )
    founded = models.DateField(_("设立日期"), null=True, blank=True)
    committee = models.OneToOneField(
        OrgUnit,
        verbose_name=_("管委会"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cluster",
    )
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("产业集聚区")
        verbose_name_plural = _("产业集聚区")
        ordering = ["region__code", "code"]

    def __str__(self):
        return self.name

    def clean(self):
        if (
            self.planned_area is not None
            and self.built_area is not None
            and self.built_area > self.planned_area
        ):
            raise ValidationError({"built_area": _("建成区面积不能大于规划面积。")})
        if self.committee_id and self.committee.kind != "committee":
            raise ValidationError({"committee": _("管委会必须是“集聚区管委会”类型的单位。")})


class SubZone(TrackedModel):
    """A park (园区) inside a cluster, with its area."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), on_delete=models.CASCADE, related_name="subzones"
    )
    name = models.CharField(_("园区名称"), max_length=100)
    area = models.DecimalField(
        _("面积（平方公里）"), max_digits=10, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    focus = models.CharField(_("主要产业"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("园区")
        verbose_name_plural = _("园区")
        ordering = ["cluster", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "name"],
                name="subzone_unique_name",
                violation_error_message=_("该集聚区已有同名园区。"),
            )
        ]

    def __str__(self):
        return self.name


class ClusterIndustry(TrackedModel):
    """A cluster's leading industry ("一主二辅": one main, auxiliary others)."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), on_delete=models.CASCADE, related_name="leading_industries"
    )
    category = models.ForeignKey(
        IndustryCategory, verbose_name=_("主导产业"), on_delete=models.PROTECT, related_name="cluster_links"
    )
    role = models.CharField(
        _("地位"), max_length=10, choices=IndustryRole.choices, default=IndustryRole.AUXILIARY
    )

    class Meta:
        verbose_name = _("集聚区主导产业")
        verbose_name_plural = _("集聚区主导产业")
        ordering = ["cluster", "-role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "category"],
                name="cluster_industry_unique",
                violation_error_message=_("该主导产业已登记。"),
            ),
            models.UniqueConstraint(
                fields=["cluster"],
                condition=models.Q(role="main"),
                name="cluster_one_main_industry",
                violation_error_message=_("一个集聚区只能有一个主导产业标为“主导”。"),
            ),
        ]

    def __str__(self):
        return f"{self.category}（{self.get_role_display()}）"


class Enterprise(TrackedModel):
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_credit_code],
    )
    org_code = models.CharField(
        _("组织机构代码"), max_length=10, null=True, blank=True, unique=True, validators=[validate_org_code]
    )
    name = models.CharField(_("企业名称"), max_length=200)
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), on_delete=models.PROTECT, related_name="enterprises"
    )
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("行业大类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
        limit_choices_to={"level": IndustryLevel.DIVISION},
    )
    above_size = models.BooleanField(_("规上企业"), default=False)
    high_tech = models.BooleanField(_("高新技术企业"), default=False)
    leading = models.BooleanField(_("龙头企业"), default=False)
    listing_reserve = models.BooleanField(_("上市后备企业"), default=False)
    employees = models.PositiveIntegerField(_("从业人员（人）"), null=True, blank=True)
    registered_capital = models.DecimalField(
        _("注册资本（万元）"), max_digits=14, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    founded = models.DateField(_("成立日期"), null=True, blank=True)

    # the leaders who follow the enterprise (领导联系企业) reach it through the policy
    policy_followers = "contacts__leader"

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["cluster__code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(credit_code__isnull=False) | models.Q(org_code__isnull=False),
                name="enterprise_has_code",
                violation_error_message=_("统一社会信用代码和组织机构代码至少填写一个。"),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def code(self) -> str:
        return self.credit_code or self.org_code or ""

    def clean(self):
        self.credit_code = normalize_credit_code(self.credit_code) or None
        self.org_code = normalize_org_code(self.org_code) or None
        if not self.credit_code and not self.org_code:
            raise ValidationError({"credit_code": _("统一社会信用代码和组织机构代码至少填写一个。")})
        if self.industry_id and self.industry.level != IndustryLevel.DIVISION:
            raise ValidationError({"industry": _("行业应选择国民经济行业分类的大类（两位代码）。")})


class EnterpriseContact(TrackedModel):
    """A leader who follows a key enterprise (领导联系企业: 分包领导 or any official), from a
    date, with the enterprise's 挂牌保护 status (protected, the period, the rules as text)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="contacts"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("联系领导"), on_delete=models.PROTECT,
        related_name="followed_enterprises",
    )  # fmt: skip
    since = models.DateField(_("联系日期"))
    protected = models.BooleanField(_("挂牌保护"), default=False)
    protected_from = models.DateField(_("保护开始日期"), null=True, blank=True)
    protected_until = models.DateField(_("保护截止日期"), null=True, blank=True)
    protection_rules = models.TextField(
        _("保护规定"), blank=True, help_text=_("如：未经批准不得入企检查，涉企收费一律公示。")
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    policy_region = "enterprise__cluster__region"

    class Meta:
        verbose_name = _("领导联系企业")
        verbose_name_plural = _("领导联系企业")
        ordering = ["enterprise__cluster__code", "enterprise__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "leader"],
                name="enterprise_contact_unique",
                violation_error_message=_("该领导已联系该企业。"),
            )
        ]

    def __str__(self):
        return f"{self.enterprise}·{self.leader}"

    @property
    def protection_active(self) -> bool:
        from django.utils import timezone

        today = timezone.localdate()
        return self.protected and (self.protected_from or today) <= today <= (self.protected_until or today)

    def clean(self):
        errors = {}
        if self.protected and not self.protected_from:
            errors["protected_from"] = _("挂牌保护须填写保护开始日期。")
        if self.protected_from and self.protected_until and self.protected_until < self.protected_from:
            errors["protected_until"] = _("保护截止日期不能早于开始日期。")
        if errors:
            raise ValidationError(errors)
