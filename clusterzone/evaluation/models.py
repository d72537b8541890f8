"""Service-unit evaluation (行风评议 / 服务单位月评议): the criteria of a region, configured as
data, and the monthly ratings given by cluster committees and enterprises to member
departments. Results are not stored: they are computed by the one assessment engine
(selectors.results)."""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterzone.core.models import TrackedModel

from .choices import Level, Scale, Source

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def validate_month(value: str) -> None:
    if not MONTH.match(str(value or "")):
        raise ValidationError(_("月份应写作 YYYY-MM，如 2026-04。"))


class Criterion(TrackedModel):
    """One criterion of a region's evaluation (服务态度, 办事效率 …, or an objective figure from
    the problem ledger), its weight in the score of 100 and its scale. A 满意度 scale maps
    each answer to points (configurable per criterion)."""

    region = models.ForeignKey(
        "accounts.Region",
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        related_name="evaluation_criteria",
    )
    code = models.SlugField(_("代码"), max_length=40, help_text=_("字母、数字、下划线，如 attitude。"))
    name = models.CharField(_("评议项目"), max_length=50)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.RATING)
    scale = models.CharField(_("评分方式"), max_length=10, choices=Scale.choices, default=Scale.SCORE)
    weight = models.DecimalField(
        _("权重（分）"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
        help_text=_("该项在百分制总分中的分值；各项合计一般为100。"),
    )
    satisfied_points = models.DecimalField(_("“满意”折合分"), max_digits=5, decimal_places=2, default=100)
    basic_points = models.DecimalField(_("“基本满意”折合分"), max_digits=5, decimal_places=2, default=60)
    unsatisfied_points = models.DecimalField(_("“不满意”折合分"), max_digits=5, decimal_places=2, default=0)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    policy_region = "region"

    class Meta:
        verbose_name = _("评议项目")
        verbose_name_plural = _("评议项目")
        ordering = ["region__code", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "code"],
                name="evaluation_criterion_unique_code",
                violation_error_message=_("同一区划的评议项目代码不能重复。"),
            ),
            models.UniqueConstraint(
                fields=["region", "name"],
                name="evaluation_criterion_unique_name",
                violation_error_message=_("同一区划的评议项目名称不能重复。"),
            ),
        ]

    def __str__(self):
        return str(self.name)

    def clean(self):
        for name in ("satisfied_points", "basic_points", "unsatisfied_points"):
            value = getattr(self, name)
            if value is not None and not Decimal(0) <= Decimal(value) <= Decimal(100):
                raise ValidationError({name: _("折合分应在0到100之间。")})

    @property
    def rated(self) -> bool:
        return self.source == Source.RATING

    def level_points(self, level: str) -> Decimal:
        return {
            Level.SATISFIED: self.satisfied_points,
            Level.BASICALLY: self.basic_points,
            Level.UNSATISFIED: self.unsatisfied_points,
        }[level]


class Rating(TrackedModel):
    """One rater's rating of one unit in one month on one criterion (natural key: rater ×
    unit × month × criterion). The rater is a cluster committee (or the office), or an
    enterprise whose rating a committee or the office entered on its behalf (`rater_unit`
    is then the unit that entered it). Who rated is never shown to the rated unit."""

    month = models.CharField(_("月份"), max_length=7, validators=[validate_month])
    unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("被评单位"),
        on_delete=models.PROTECT,
        related_name="ratings_received",
    )
    rater_unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("评议单位"), on_delete=models.PROTECT, related_name="ratings_given"
    )
    rater_enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("评议企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unit_ratings",
        help_text=_("企业评议时填写（由管委会或联席办代为录入）。"),
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("评议项目"), on_delete=models.PROTECT, related_name="ratings"
    )
    score = models.DecimalField(
        _("得分"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(100))],
    )
    level = models.CharField(_("满意度"), max_length=12, choices=Level.choices, blank=True)
    comment = models.TextField(_("意见"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    policy_region = "rater_unit__region"
    policy_department = "rater_unit"  # the committee sees and keeps the ratings it gave

    class Meta:
        verbose_name = _("评议打分")
        verbose_name_plural = _("评议打分")
        ordering = ["-month", "unit__name", "criterion__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rater_unit", "unit", "month", "criterion"],
                condition=Q(rater_enterprise__isnull=True),
                name="rating_unique_unit_rater",
                violation_error_message=_("该评议单位本月已对该单位的这一项目打分。"),
            ),
            models.UniqueConstraint(
                fields=["rater_enterprise", "unit", "month", "criterion"],
                condition=Q(rater_enterprise__isnull=False),
                name="rating_unique_enterprise_rater",
                violation_error_message=_("该企业本月已对该单位的这一项目打分。"),
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=False) | ~Q(level=""),
                name="rating_has_value",
                violation_error_message=_("请填写得分或满意度。"),
            ),
        ]
        indexes = [models.Index(fields=["month", "unit"])]

    def __str__(self):
        return f"{self.month} {self.unit} {self.criterion}"

    @property
    def rater_label(self) -> str:
        return str(self.rater_enterprise or self.rater_unit)

    @property
    def value_label(self) -> str:
        if self.level:
            return str(self.get_level_display())
        return "" if self.score is None else f"{self.score.normalize():f}"

    def clean(self):
        criterion = self.criterion if self.criterion_id else None
        if criterion is None:
            return
        if not criterion.rated:
            raise ValidationError({"criterion": _("“%(c)s”取自问题台账，不需打分。") % {"c": criterion.name}})
        if criterion.scale == Scale.SCORE:
            if self.score is None:
                raise ValidationError(
                    {"score": _("“%(c)s”按百分制评分，请填写1–100分。") % {"c": criterion.name}}
                )
            self.level = ""
        else:
            if not self.level:
                raise ValidationError(
                    {
                        "level": _("“%(c)s”按满意度评议，请选择满意、基本满意或不满意。")
                        % {"c": criterion.name}
                    }
                )
            self.score = None

    @property
    def points(self) -> Decimal:
        return self.criterion.level_points(self.level) if self.level else self.score
