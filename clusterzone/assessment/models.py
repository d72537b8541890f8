"""Assessment tables: schemes (versioned definitions), runs (frozen snapshots), results and
the office's per-cluster inputs (deductions, vetoes, manual points).

Policy kinds: Scheme → "scheme", Run → "run", AssessmentInput → "assessmentinput";
Result is read through its run (CHILD_OF "result": ("run", "run") in accounts.policy).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusterzone.accounts.models import Region
from clusterzone.core.models import TrackedModel
from clusterzone.registry.models import Cluster

from .choices import InputKind, RunStatus, SubjectKind


class Scheme(TrackedModel):
    """One version of an assessment scheme. Each change saves a new row with version + 1
    (same `key`); older versions are kept and marked inactive."""

    policy_region = "region"

    key = models.CharField(_("方案标识"), max_length=40, db_index=True)
    name = models.CharField(_("方案名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("考核年度"))
    region = models.ForeignKey(
        Region, verbose_name=_("考核区域"), on_delete=models.PROTECT, related_name="assessment_schemes"
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    subject = models.CharField(_("考核对象"), max_length=12, choices=SubjectKind.choices, default="cluster")
    definition = models.JSONField(_("方案内容"), default=dict)
    is_active = models.BooleanField(_("当前版本"), default=True)
    reason = models.CharField(_("修改原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-year", "name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"],
                name="assessment_scheme_key_version",
                violation_error_message=_("方案版本重复。"),
            )
        ]

    def __str__(self):
        return f"{self.name}（第{self.version}版）"


class Run(models.Model):
    """A computed assessment, frozen: the scheme version, every input and the results."""

    policy_region = "region"

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("考核方案"), on_delete=models.PROTECT, related_name="runs"
    )
    scheme_version = models.PositiveIntegerField(_("方案版本"))
    definition = models.JSONField(_("方案内容（快照）"), default=dict)
    year = models.PositiveSmallIntegerField(_("考核年度"))
    region = models.ForeignKey(Region, verbose_name=_("考核区域"), on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("考核对象"), max_length=12, choices=SubjectKind.choices, default="cluster")
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("评价范围（集聚区）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("只评价该集聚区内的对象；空 = 整个考核区域"),
    )
    status = models.CharField(_("状态"), max_length=10, choices=RunStatus.choices, default=RunStatus.DRAFT)
    input_hash = models.CharField(_("输入摘要"), max_length=64)
    inputs = models.JSONField(_("输入快照"), default=dict)
    recomputed_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("重算自")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("计算时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    publish_reason = models.TextField(_("发布理由"), blank=True, default="")
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
        verbose_name=_("被替代为"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考核结果批次")
        verbose_name_plural = _("考核结果批次")
        ordering = ["-year", "-created_at", "-id"]

    def __str__(self):
        return f"{self.scheme.name} #{self.pk}"

    @property
    def period(self) -> str:
        """The month the run ranks on (its scheme's `period`, 月评比), "" for a year-end run."""
        return str((self.definition or {}).get("period") or "")

    @property
    def period_label(self) -> str:
        """2026年1-10月 for a cluster ranking on a month's cumulative figures, 2026年 for the
        year; a unit evaluation's month as 2026年4月."""
        from clusterzone.core.periods import MONTHLY, Period

        if not self.period:
            return _("%(y)s年") % {"y": self.year}
        period = Period.parse(self.period)
        if self.subject == "cluster" and period.kind == MONTHLY:
            if period.month_of_year == 1:
                return _("%(y)s年1月") % {"y": period.year}
            return _("%(y)s年1-%(m)s月") % {"y": period.year, "m": period.month_of_year}
        return str(period.label)

    @property
    def title(self) -> str:
        """What a bulletin cites: the scheme's name, with the months of a monthly ranking."""
        if not self.period:
            return self.scheme.name
        return _("%(scheme)s（%(period)s）") % {"scheme": self.scheme.name, "period": self.period_label}


class Result(models.Model):
    """One subject's result in a run: a cluster's (then `cluster` is set), an enterprise's or
    an organisation unit's (subject_kind, subject_id, subject_code, subject_name)."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="results")
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_kind = models.CharField(
        _("考核对象"), max_length=12, choices=SubjectKind.choices, default="cluster"
    )
    subject_id = models.PositiveIntegerField(_("对象编号"), null=True, blank=True, db_index=True)
    subject_code = models.CharField(_("对象代码"), max_length=40, blank=True)
    subject_name = models.CharField(_("对象名称"), max_length=200, blank=True)
    klass = models.CharField(_("类别"), max_length=4, blank=True)
    excluded = models.BooleanField(_("不参评"), default=False)
    exclude_reasons = models.JSONField(_("不参评原因"), default=list)
    score = models.DecimalField(_("综合得分"), max_digits=10, decimal_places=2)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    star = models.PositiveSmallIntegerField(_("星级"), default=0)
    previous_rank = models.PositiveIntegerField(_("上次名次"), null=True, blank=True)
    previous_star = models.PositiveSmallIntegerField(_("上次星级"), null=True, blank=True)
    below_threshold = models.BooleanField(_("低于门槛"), default=False)
    below_threshold_years = models.PositiveSmallIntegerField(_("连续低于门槛年数"), default=0)
    outcome = models.CharField(_("结果运用"), max_length=100, blank=True)
    vetoed = models.BooleanField(_("一票否决"), default=False)
    veto_reasons = models.JSONField(_("否决原因"), default=list)
    flags = models.JSONField(_("提示"), default=list)
    points = models.JSONField(_("分项得分"), default=dict)
    dimension_points = models.JSONField(_("维度得分"), default=dict)
    deductions = models.JSONField(_("扣分项"), default=list)

    class Meta:
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")
        ordering = ["run", "vetoed", "rank", "cluster__code"]
        constraints = [
            models.UniqueConstraint(fields=["run", "cluster"], name="assessment_result_run_cluster"),
            models.UniqueConstraint(
                fields=["run", "subject_kind", "subject_code"],
                condition=~models.Q(subject_code=""),
                name="assessment_result_run_subject",
            ),
        ]

    def __str__(self):
        return f"{self.cluster or self.subject_name} {self.score}"


class AssessmentInput(TrackedModel):
    """The office's per-cluster, per-year input: a deduction (points × count), a veto, or the
    manual points of a `manual` scheme indicator (name = "<indicator>.<measure>")."""

    kind = models.CharField(_("类型"), max_length=10, choices=InputKind.choices)
    cluster = models.ForeignKey(Cluster, verbose_name=_("集聚区"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("名称"), max_length=100)
    points = models.DecimalField(_("分值"), max_digits=8, decimal_places=2, null=True, blank=True)
    count = models.PositiveIntegerField(_("次数"), default=1)
    evidence = models.TextField(_("依据"), blank=True)
    reason = models.TextField(_("理由"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("考核录入项")
        verbose_name_plural = _("考核录入项")
        ordering = ["year", "cluster__code", "kind", "name"]

    def __str__(self):
        return f"{self.cluster} {self.year} {self.get_kind_display()} {self.name}"


from .models_benchmarks import *  # noqa: E402,F403
