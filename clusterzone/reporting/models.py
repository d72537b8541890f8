"""Statistical reporting: the indicator catalog, data sets, submissions and their values,
validation rules, annual targets and multi-year plan milestones."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusterzone.accounts.models import Region
from clusterzone.core.models import TrackedModel
from clusterzone.core.periods import Period, PeriodError
from clusterzone.registry.choices import ClusterStatus
from clusterzone.registry.models import Cluster

from . import formulas
from .choices import (
    IndicatorKind,
    Operator,
    PeriodKind,
    ReportItemKind,
    ScopeRule,
    Severity,
    SubmissionAction,
    SubmissionStatus,
    Unit,
)

code_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{1,39}$", _("代码只能由小写字母、数字和下划线组成，以字母开头。")
)


def validate_period(value):
    try:
        Period.parse(value)
    except PeriodError as exc:
        raise ValidationError(str(exc))


class Indicator(TrackedModel):
    """A reported indicator (flow or stock), or a derived one computed from a formula."""

    code = models.CharField(_("指标代码"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("指标名称"), max_length=60)
    unit = models.CharField(_("计量单位"), max_length=10, choices=Unit.choices)
    kind = models.CharField(
        _("类型"), max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.FLOW
    )
    decimals = models.PositiveSmallIntegerField(_("小数位数"), default=2)
    category = models.CharField(_("分类"), max_length=30, blank=True)
    formula = models.CharField(
        _("计算公式"),
        max_length=500,
        blank=True,
        help_text=_("派生指标填写，如 tax / land_area；报送指标留空。"),
    )
    non_negative = models.BooleanField(_("不得为负"), default=True)
    yoy_warning_pct = models.DecimalField(
        _("同比变动预警（%）"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        default=100,
        help_text=_("与上年同期相比变动超过该百分比时给出警告，需填写说明后才能上报。"),
    )
    order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.name}（{self.unit}）"

    @property
    def is_derived(self) -> bool:
        return bool(self.formula)

    def clean(self):
        if self.formula:
            try:
                f = formulas.parse(self.formula)
            except formulas.FormulaError as exc:
                raise ValidationError({"formula": str(exc)})
            used = f.names | {c for _, c in f.shifted}
            if self.code in used:
                raise ValidationError({"formula": _("公式不能引用指标自身。")})
            known = set(Indicator.objects.filter(code__in=used).values_list("code", flat=True))
            missing = sorted(used - known)
            if missing:
                raise ValidationError(
                    {"formula": _("公式引用了不存在的指标：%(codes)s") % {"codes": "、".join(missing)}}
                )
            # no cycles through other derived indicators
            derived = {
                i.code: formulas.parse(i.formula)
                for i in Indicator.objects.exclude(formula="").exclude(pk=self.pk)
            }
            derived[self.code] = f
            try:
                formulas.dependency_order(derived)
            except formulas.FormulaError as exc:
                raise ValidationError({"formula": str(exc)})


class DataSet(TrackedModel):
    """A reporting form: a named group of indicators with a period type, a due-day rule and
    the clusters that must report it."""

    code = models.CharField(_("报表代码"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("报表名称"), max_length=60)
    period_kind = models.CharField(_("报送周期"), max_length=20, choices=PeriodKind.choices)
    due_days = models.PositiveSmallIntegerField(
        _("截止天数"),
        default=5,
        help_text=_("期末后第几天截止：半月报为2（上半月17日、下半月次月2日），月报如5表示次月5日。"),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("发布区划"), on_delete=models.PROTECT, related_name="datasets"
    )
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("指标"), through="DataSetIndicator", related_name="datasets"
    )
    clusters = models.ManyToManyField(
        Cluster,
        verbose_name=_("增列集聚区"),
        blank=True,
        related_name="datasets",
        help_text=_("按规则之外另行指定须报送的集聚区。"),
    )
    scope_rule = models.CharField(
        _("报送范围"), max_length=10, choices=ScopeRule.choices, default=ScopeRule.SUBTREE
    )
    scope_status = models.CharField(
        _("限定集聚区类别"),
        max_length=20,
        choices=ClusterStatus.choices,
        blank=True,
        default="",
        help_text=_("留空表示不限类别。"),
    )
    excluded_clusters = models.ManyToManyField(
        Cluster,
        verbose_name=_("排除集聚区"),
        blank=True,
        related_name="excluded_datasets",
        help_text=_("不须报送本报表的集聚区。"),
    )
    first_period = models.CharField(
        _("起报期间"),
        max_length=12,
        blank=True,
        default="",
        validators=[validate_period],
        help_text=_("从该期间起报送，如 2025-01；留空表示不限。集聚区设立晚于该期间的，从设立当期起报送。"),
    )
    description = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    itemised = models.BooleanField(
        _("按明细填报"),
        default=False,
        help_text=_(
            "按项目、企业、资金逐条填报（基础设施建设、新入驻企业、新上项目、争取上级资金、工作进展、"
            "存在问题、下步打算），汇总数据由明细计算，如半月报。"
        ),
    )

    class Meta:
        verbose_name = _("报表")
        verbose_name_plural = _("报表")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.first_period:
            try:
                p = Period.parse(self.first_period)
            except PeriodError:
                return
            if self.period_kind and p.kind != self.period_kind:
                raise ValidationError({"first_period": _("起报期间与报表的报送周期不符。")})
            self.first_period = str(p)

    def due_date(self, period: Period):
        from datetime import timedelta

        return period.end + timedelta(days=self.due_days)


class DataSetIndicator(models.Model):
    dataset = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="dataset_items")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "indicator"], name="dataset_indicator_unique"),
        ]

    def __str__(self):
        return f"{self.dataset_id}:{self.indicator_id}"


class Submission(TrackedModel):
    """One cluster's report of one data set for one period."""

    dataset = models.ForeignKey(
        DataSet, verbose_name=_("报表"), on_delete=models.PROTECT, related_name="submissions"
    )
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), on_delete=models.PROTECT, related_name="submissions"
    )
    period = models.CharField(_("期间"), max_length=12, validators=[validate_period])
    period_end = models.DateField(_("期末日期"))
    due_date = models.DateField(_("截止日期"))
    status = models.CharField(
        _("状态"), max_length=12, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("上报时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回原因"), blank=True)
    comment = models.TextField(_("填报说明"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    # the submission keeps its own version counter (bumped by its services)
    lock_version = None
    version_field = "version"

    class Meta:
        verbose_name = _("报表填报")
        verbose_name_plural = _("报表填报")
        ordering = ["-period_end", "dataset", "cluster__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "cluster", "period"],
                name="submission_unique",
                violation_error_message=_("该集聚区本期报表已存在。"),
            )
        ]
        indexes = [
            models.Index(fields=["period", "status"]),
            # the list's default order walks this backwards: the first page without sorting
            # every submission of ten years
            models.Index(fields=["period_end"], name="submission_period_end_idx"),
        ]

    def __str__(self):
        return f"{self.cluster} {Period.parse(self.period).label}{self.dataset}"

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def is_locked(self) -> bool:
        return self.status == SubmissionStatus.APPROVED


class Value(models.Model):
    """One figure: cluster × indicator × period (YTD cumulative for flows, end-of-period for
    stocks). Every change is kept by the history (who, when, old and new value)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    period = models.CharField(_("期间"), max_length=12)
    year = models.PositiveSmallIntegerField(_("年度"))
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    # report once: the figure the platform offered from its records when the value was saved,
    # the source named, and the reporter's reason when the saved value differs from it
    prefill_value = models.DecimalField(
        _("平台预填值"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    prefill_source = models.CharField(_("预填来源"), max_length=200, blank=True, default="", db_default="")
    override_reason = models.TextField(_("改写原因"), blank=True, default="", db_default="")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标值")
        verbose_name_plural = _("指标值")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "indicator", "period"], name="value_unique"),
        ]
        indexes = [models.Index(fields=["period", "indicator"])]

    def __str__(self):
        return f"{self.cluster_id}/{self.indicator_id}/{self.period}={self.value}"

    @property
    def overwritten(self) -> bool:
        """The saved value differs from the figure the platform offered."""
        return self.prefill_value is not None and self.prefill_value != self.value


class SubmissionEvent(models.Model):
    """An explicit workflow record: who did what to a submission, when, and why."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=12, choices=SubmissionAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    reason = models.TextField(_("原因"), blank=True)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("报表操作记录")
        verbose_name_plural = _("报表操作记录")

    def __str__(self):
        from django.utils import timezone

        return f"{self.get_action_display()} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


class ValidationRule(TrackedModel):
    """A validation rule as data: left expression, operator, right expression, severity,
    message. Expressions use the formula language (indicator codes, prev(), last_year())."""

    code = models.CharField(_("规则代码"), max_length=40, unique=True, validators=[code_validator])
    dataset = models.ForeignKey(
        DataSet,
        verbose_name=_("适用报表"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rules",
    )
    left = models.CharField(_("左式"), max_length=500)
    operator = models.CharField(_("比较"), max_length=2, choices=Operator.choices)
    right = models.CharField(_("右式"), max_length=500)
    severity = models.CharField(_("级别"), max_length=10, choices=Severity.choices, default=Severity.ERROR)
    message = models.CharField(_("提示信息"), max_length=200)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("校验规则")
        verbose_name_plural = _("校验规则")
        ordering = ["code"]

    def __str__(self):
        return f"{self.left} {self.get_operator_display()} {self.right}"

    def clean(self):
        for name in ("left", "right"):
            try:
                f = formulas.parse(getattr(self, name))
            except formulas.FormulaError as exc:
                raise ValidationError({name: str(exc)})
            used = f.names | {c for _, c in f.shifted}
            known = set(Indicator.objects.filter(code__in=used).values_list("code", flat=True))
            if used - known:
                raise ValidationError(
                    {name: _("引用了不存在的指标：%(codes)s") % {"codes": "、".join(sorted(used - known))}}
                )


class IndicatorValueLabel:
    """`value_label`: the row's value with its indicator's unit as pages write it
    (money through the platform's one formatter, core.units.money)."""

    @property
    def value_label(self) -> str:
        from clusterzone.core import units

        return units.amount(self.value, self.indicator.unit)


class Target(IndicatorValueLabel, TrackedModel):
    """An annual target of a cluster (目标责任书)."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), on_delete=models.CASCADE, related_name="targets"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    value = models.DecimalField(_("目标值"), max_digits=20, decimal_places=4)
    document = models.CharField(_("目标责任书文号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["-year", "cluster__code", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "indicator", "year"],
                name="target_unique",
                violation_error_message=_("该集聚区该指标本年度目标已存在。"),
            )
        ]

    def __str__(self):
        return f"{self.cluster} {self.year}年 {self.indicator.name}"


class RegionTarget(IndicatorValueLabel, TrackedModel):
    """An annual target of a region (a city's or county's own target, e.g. 驻马店 2014:
    规上工业增加值430亿, 固定资产投资900亿, 主营业务收入1700亿, 税收43亿)."""

    policy_region = "region"

    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.CASCADE, related_name="targets"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="region_targets"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    value = models.DecimalField(_("目标值"), max_digits=20, decimal_places=4)
    document = models.CharField(_("目标文件文号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("区域年度目标")
        verbose_name_plural = _("区域年度目标")
        ordering = ["-year", "region__code", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "year"],
                name="region_target_unique",
                violation_error_message=_("该行政区划该指标本年度目标已存在。"),
            )
        ]

    def __str__(self):
        return f"{self.region} {self.year}年 {self.indicator.name}"


class PlanMilestone(IndicatorValueLabel, TrackedModel):
    """A milestone of a multi-year plan: by year N, indicator ≥ value."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), on_delete=models.CASCADE, related_name="plan_milestones"
    )
    plan = models.CharField(_("规划名称"), max_length=100)
    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("目标年度"))
    value = models.DecimalField(_("目标值"), max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = _("规划节点目标")
        verbose_name_plural = _("规划节点目标")
        ordering = ["cluster__code", "year", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "plan", "indicator", "year"], name="plan_milestone_unique"
            )
        ]

    def __str__(self):
        return f"{self.plan} {self.year}年 {self.indicator.name}"


class ReportReminder(models.Model):
    """催报: the office reminded a cluster's reporters of a form not yet reported."""

    dataset = models.ForeignKey(
        DataSet, verbose_name=_("报表"), on_delete=models.CASCADE, related_name="reminders"
    )
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), on_delete=models.CASCADE, related_name="reminders"
    )
    period = models.CharField(_("期间"), max_length=12, validators=[validate_period])
    sent_at = models.DateTimeField(_("催报时间"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("催报人"), on_delete=models.SET_NULL, null=True, blank=True
    )
    recipients = models.PositiveIntegerField(_("提醒人数"), default=0)

    class Meta:
        verbose_name = _("催报记录")
        verbose_name_plural = _("催报记录")
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["cluster", "period"])]

    def __str__(self):
        return f"{self.cluster} {self.period} {self.dataset}"


class ReportItem(models.Model):
    """One line of an itemised (half-monthly) report: an infrastructure project under way with
    the investment completed in the half-month and a line of progress; an enterprise that
    settled (chosen from the registry, or entered and created in the registry on approval); a
    new project (chosen from the project library, or entered and created there on approval);
    a superior fund won (source, programme, amount); or a paragraph of the narrative (工作进展,
    存在问题 — each problem may be raised into the problem ledger —, 下步打算)."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("报表填报"), on_delete=models.CASCADE, related_name="report_items"
    )
    kind = models.CharField(_("栏目"), max_length=20, choices=ReportItemKind.choices)
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="report_items",
    )  # fmt: skip
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name=_("企业"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="report_items",
    )  # fmt: skip
    name = models.CharField(_("名称"), max_length=200, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    investment = models.DecimalField(
        _("投资（万元）"), max_digits=16, decimal_places=2, null=True, blank=True,
        help_text=_("基础设施：本半月完成投资；新上项目：总投资。"),
    )  # fmt: skip
    started = models.BooleanField(_("本期开工"), default=False)
    fund_source = models.CharField(_("资金来源"), max_length=50, blank=True)
    programme = models.CharField(_("资金项目（专项）"), max_length=200, blank=True)
    amount = models.DecimalField(_("金额（万元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    text = models.TextField(_("内容"), blank=True, help_text=_("进展情况、问题或打算。"))
    problem = models.ForeignKey(
        "supervision.Problem", verbose_name=_("问题台账"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="report_items",
    )  # fmt: skip
    order = models.PositiveIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("报表明细")
        verbose_name_plural = _("报表明细")
        ordering = ["submission", "kind", "order", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}"

    @property
    def title(self) -> str:
        if self.project_id and not self.name:
            return self.project.name
        if self.enterprise_id and not self.name:
            return self.enterprise.name
        return self.name or self.programme or (self.text[:30] if self.text else "")
