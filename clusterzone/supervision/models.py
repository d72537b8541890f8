"""The problem ledger (问题台账): problems raised against a cluster, their ladder levels
(管委会 → 联席会议 → 县政府常务会 → 县委常委会, data per region), every step as a recorded act,
and attachments."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterzone.core.models import TrackedModel

from .choices import OPEN_STATUSES, ProblemActKind, ProblemCategory, ProblemStatus, Satisfaction


class LadderLevel(TrackedModel):
    """One rung of a region's escalation ladder: its order (1 = lowest), its name and the
    unit or meeting that handles what reaches it."""

    region = models.ForeignKey(
        "accounts.Region", verbose_name=_("区划"), on_delete=models.CASCADE, related_name="ladder_levels"
    )
    order = models.PositiveSmallIntegerField(_("层级"))
    name = models.CharField(_("名称"), max_length=50)
    handler = models.CharField(_("办理单位或会议"), max_length=100, blank=True)
    handler_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("办理单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    policy_region = "region"

    class Meta:
        verbose_name = _("问题上报层级")
        verbose_name_plural = _("问题上报层级")
        ordering = ["region__code", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "order"],
                name="ladder_unique_order",
                violation_error_message=_("同一区划的上报层级序号不能重复。"),
            )
        ]

    def __str__(self):
        return str(self.name)


ATTACHMENT_TYPES = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".zip", ".txt"}


def validate_attachment(file) -> None:
    limit = getattr(settings, "SUPERVISION_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
    ext = os.path.splitext(file.name)[1].lower()
    if ext not in ATTACHMENT_TYPES:
        raise ValidationError(
            _("不支持的附件类型“%(ext)s”；可上传：%(types)s。"),
            params={"ext": ext or "?", "types": "、".join(sorted(ATTACHMENT_TYPES))},
        )
    if file.size > limit:
        raise ValidationError(_("附件不能超过 %(mb)s MB。"), params={"mb": limit // (1024 * 1024)})


class Problem(TrackedModel):
    cluster = models.ForeignKey(
        "registry.Cluster", verbose_name=_("集聚区"), on_delete=models.PROTECT, related_name="problems"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    title = models.CharField(_("问题"), max_length=200)
    category = models.CharField(_("类别"), max_length=20, choices=ProblemCategory.choices)
    description = models.TextField(_("问题描述"), blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="raised_problems",
    )
    raised_on = models.DateField(_("提出日期"))
    responsible_unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="problems"
    )
    responsible_person = models.CharField(_("责任人"), max_length=50, blank=True)
    deadline = models.DateField(_("办理期限"))
    deadline_days = models.PositiveSmallIntegerField(_("期限（工作日）"), null=True, blank=True)
    deadline_warning = models.CharField(_("期限提示"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.PENDING
    )
    level = models.ForeignKey(
        LadderLevel, verbose_name=_("所在层级"), on_delete=models.PROTECT, related_name="problems"
    )
    satisfaction = models.CharField(_("满意度"), max_length=20, choices=Satisfaction.choices, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    source_key = models.CharField(
        _("来源标识"),
        max_length=120,
        null=True,
        blank=True,
        unique=True,
        help_text=_("外部来源（如超时审批事项）的唯一标识：同一标识只登记一次。"),
    )

    policy_department = "responsible_unit"  # its liaison answers it
    policy_owner = "raised_by"  # the raiser checks and closes it

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题台账")
        ordering = ["-raised_on", "-id"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def clean(self):
        if self.deadline and self.raised_on and self.deadline < self.raised_on:
            raise ValidationError({"deadline": _("办理期限不能早于提出日期。")})
        if self.project_id and self.cluster_id and self.project.cluster_id != self.cluster_id:
            raise ValidationError({"project": _("项目不属于该集聚区。")})
        if self.enterprise_id and self.cluster_id and self.enterprise.cluster_id != self.cluster_id:
            raise ValidationError({"enterprise": _("企业不属于该集聚区。")})


class ProblemAct(models.Model):
    """One recorded step of a problem: who, when, what, with a comment."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="acts")
    kind = models.CharField(_("办理环节"), max_length=20, choices=ProblemActKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("办理人"), null=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    on = models.DateField(_("日期"))
    comment = models.TextField(_("意见"), blank=True)
    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20)
    level = models.ForeignKey(LadderLevel, verbose_name=_("层级"), on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(_("办理期限"), null=True, blank=True)
    satisfaction = models.CharField(_("满意度"), max_length=20, choices=Satisfaction.choices, blank=True)
    unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("责任单位"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.on:%Y-%m-%d}"


class ProblemAttachment(models.Model):
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("附件"), upload_to="problems/%Y/%m/", validators=[validate_attachment])
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    content_type = models.CharField(_("类型"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("问题附件")
        verbose_name_plural = _("问题附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.name
