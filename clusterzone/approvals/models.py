"""The one-stop approval service (一站式审批服务): the catalog of matters (审批事项清单) with
their windows (窗口), parallel groups (联审联批) and the region's promise for the whole
approval; cases (审批办件) per project with their pauses and the record of every act
(受理、暂停、恢复、办结), each with the day of the act and the day it was entered (补录)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts.models import OrgUnit, Region
from clusterzone.core.models import TrackedModel

from .choices import DEFAULT_PROMISE_DAYS, ApprovalStage, CaseAction, CaseResult, CaseStatus, PauseKind

AT_LEAST_ONE = [MinValueValidator(1, _("至少1个工作日。"))]


class ApprovalWindow(TrackedModel):
    """A window (窗口) of a region's administrative service centre (行政服务中心)."""

    policy_region = "region"

    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="approval_windows"
    )
    number = models.PositiveSmallIntegerField(_("窗口号"))
    name = models.CharField(_("窗口名称"), max_length=50)
    centre = models.CharField(_("服务中心"), max_length=100, blank=True)
    notes = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("办事窗口")
        verbose_name_plural = _("办事窗口")
        ordering = ["region__code", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "number"],
                name="approvalwindow_unique_number",
                violation_error_message=_("该区划已有此窗口号。"),
            )
        ]

    def __str__(self):
        return f"{self.number}号窗口 {self.name}"


class ApprovalPromise(TrackedModel):
    """A region's promise for the whole approval of a project, in working days (the
    reform's limit is 120; many places promise 50, 80 or 100). The nearest region wins."""

    policy_region = "region"

    region = models.OneToOneField(
        Region, verbose_name=_("行政区划"), on_delete=models.CASCADE, related_name="approval_promise"
    )
    days = models.PositiveSmallIntegerField(
        _("全流程承诺时限（工作日）"), default=DEFAULT_PROMISE_DAYS, validators=AT_LEAST_ONE
    )

    class Meta:
        verbose_name = _("审批总时限承诺")
        verbose_name_plural = _("审批总时限承诺")
        ordering = ["region__code"]

    def __str__(self):
        return f"{self.region}：{self.days}个工作日"


class ParallelGroup(TrackedModel):
    """Matters handled together (联审联批) under one lead department, with one combined
    deadline: the group's own limit, or else the longest promised limit of its matters."""

    policy_region = "lead_department__region"

    code = models.CharField(_("联审编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    lead_department = models.ForeignKey(
        OrgUnit, verbose_name=_("牵头部门"), on_delete=models.PROTECT, related_name="led_approval_groups"
    )
    stage = models.PositiveSmallIntegerField(_("审批阶段"), choices=ApprovalStage.choices)
    promised_days = models.PositiveSmallIntegerField(
        _("联审时限（工作日）"), null=True, blank=True, validators=AT_LEAST_ONE,
        help_text=_("留空则取组内事项承诺时限的最长者。"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("联审联批组")
        verbose_name_plural = _("联审联批组")
        ordering = ["stage", "code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class ApprovalMatter(TrackedModel):
    """A matter of the approval catalog (审批事项) with its limits in working days."""

    policy_region = "department__region"

    code = models.CharField(_("事项编码"), max_length=32, unique=True)
    name = models.CharField(_("事项名称"), max_length=100)
    stage = models.PositiveSmallIntegerField(_("审批阶段"), choices=ApprovalStage.choices)
    department = models.ForeignKey(
        OrgUnit, verbose_name=_("审批部门"), on_delete=models.PROTECT, related_name="approval_matters"
    )
    window = models.ForeignKey(
        ApprovalWindow, verbose_name=_("办理窗口"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="matters",
    )  # fmt: skip
    legal_basis = models.TextField(_("设定依据"), blank=True)
    statutory_days = models.PositiveSmallIntegerField(_("法定时限（工作日）"), validators=AT_LEAST_ONE)
    promised_days = models.PositiveSmallIntegerField(_("承诺时限（工作日）"), validators=AT_LEAST_ONE)
    materials = models.TextField(_("申请材料"), blank=True, help_text=_("每行一项。"))
    prerequisites = models.ManyToManyField(
        "self", verbose_name=_("前置事项"), symmetrical=False, blank=True, related_name="followers"
    )
    parallel = models.BooleanField(_("可并联办理"), default=True)
    group = models.ForeignKey(
        ParallelGroup, verbose_name=_("联审联批组"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="matters",
    )  # fmt: skip
    regional_assessment = models.BooleanField(
        _("区域评估可替代"), default=False, help_text=_("集聚区已整体完成区域评估的，项目不再单独办理。")
    )
    commitment = models.BooleanField(_("可实行承诺制"), default=False)
    active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("审批事项")
        verbose_name_plural = _("审批事项")
        ordering = ["stage", "code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        if self.promised_days and self.statutory_days and self.promised_days > self.statutory_days:
            raise ValidationError({"promised_days": _("承诺时限不能长于法定时限。")})
        if self.group_id and self.department_id and self.group.stage != self.stage:
            raise ValidationError({"group": _("联审联批组须与事项属于同一审批阶段。")})


class ApprovalCase(TrackedModel):
    """One approval of a matter for a project (审批办件), with the project's code on it."""

    policy_region = "project__cluster__region"
    policy_department = "matter__department"
    policy_agent = "agent"
    policy_leader = "project__leader"

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="approval_cases"
    )
    matter = models.ForeignKey(
        ApprovalMatter, verbose_name=_("审批事项"), on_delete=models.PROTECT, related_name="cases"
    )
    group = models.ForeignKey(
        ParallelGroup, verbose_name=_("联审联批组"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="cases",
    )  # fmt: skip
    status = models.CharField(
        _("状态"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.PLANNED, db_index=True
    )
    applied_on = models.DateField(_("申请日期"), null=True, blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    completed_on = models.DateField(_("办结日期"), null=True, blank=True)
    result = models.CharField(_("办理结果"), max_length=10, choices=CaseResult.choices, blank=True)
    result_reason = models.TextField(_("不予许可理由"), blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("代办员"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="agent_cases",
    )  # fmt: skip
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="handled_cases",
    )  # fmt: skip
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("审批办件")
        verbose_name_plural = _("审批办件")
        ordering = ["project__code", "matter__stage", "matter__code", "id"]
        indexes = [models.Index(fields=["project", "status"]), models.Index(fields=["matter", "status"])]

    def __str__(self):
        return f"{self.project.code} {self.matter.name}"

    def clean(self):
        if self.accepted_on and self.applied_on and self.accepted_on < self.applied_on:
            raise ValidationError({"accepted_on": _("受理日期不能早于申请日期。")})
        if self.completed_on and self.accepted_on and self.completed_on < self.accepted_on:
            raise ValidationError({"completed_on": _("办结日期不能早于受理日期。")})
        if self.result == CaseResult.REFUSED and not self.result_reason.strip():
            raise ValidationError({"result_reason": _("不予许可须写明理由。")})


class ApprovalPause(TrackedModel):
    """A stop of a case's clock: from its first day up to the day before it resumes."""

    case = models.ForeignKey(
        ApprovalCase, verbose_name=_("审批办件"), on_delete=models.CASCADE, related_name="pauses"
    )
    kind = models.CharField(_("暂停类型"), max_length=12, choices=PauseKind.choices)
    reason = models.TextField(_("暂停原因"))
    started_on = models.DateField(_("暂停日期"))
    resumed_on = models.DateField(_("恢复日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("暂停计时")
        verbose_name_plural = _("暂停计时")
        ordering = ["case", "started_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.started_on:%Y-%m-%d}"

    def clean(self):
        if self.resumed_on and self.started_on and self.resumed_on <= self.started_on:
            raise ValidationError({"resumed_on": _("恢复日期应晚于暂停日期。")})


class CaseEvent(models.Model):
    """One act of a case as recorded: the day of the act and the day it was entered; an
    entry made later than the act it records is marked 补录 (late)."""

    policy_region = "case__project__cluster__region"

    case = models.ForeignKey(
        ApprovalCase, verbose_name=_("审批办件"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("环节"), max_length=10, choices=CaseAction.choices)
    act_date = models.DateField(_("办理日期"))
    recorded_on = models.DateField(_("录入日期"))
    late = models.BooleanField(_("补录"), default=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("办件环节记录")
        verbose_name_plural = _("办件环节记录")
        ordering = ["case", "act_date", "id"]

    def __str__(self):
        return f"{self.case}：{self.get_action_display()} {self.act_date:%Y-%m-%d}"
