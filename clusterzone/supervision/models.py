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

from .choices import (
    OPEN_STATUSES,
    ActionStatus,
    InterviewStatus,
    MeetingKind,
    ProblemActKind,
    ProblemCategory,
    ProblemStatus,
    Satisfaction,
    TopicStatus,
)


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


# ---------------------------------------------------------------- division of work (重点工作分工)


class WorkTask(TrackedModel):
    """One row of a region's yearly division-of-work table (重点工作分工): a numbered task
    (专项工作) under a heading, with its lead unit (牵头单位), participating units (参加单位),
    a target and planned milestones; the lead unit reports progress. A heading row (一、二 …)
    is kept as a row with `is_heading` (some headings carry a lead unit of their own)."""

    region = models.ForeignKey(
        "accounts.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="work_tasks"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.CharField(_("序号"), max_length=10)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_heading = models.BooleanField(_("标题行"), default=False)
    heading = models.CharField(_("所属类别"), max_length=100, blank=True)
    title = models.CharField(_("专项工作"), max_length=200)
    lead_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("牵头单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_work_tasks",
    )
    participants = models.ManyToManyField(
        "accounts.OrgUnit", verbose_name=_("参加单位"), blank=True, related_name="joined_work_tasks"
    )
    all_members = models.BooleanField(
        _("联席会议各成员单位参加"), default=False, help_text=_("参加单位为联席会议各成员单位。")
    )
    target = models.TextField(_("工作目标"), blank=True)

    policy_region = "region"
    policy_department = "lead_unit"  # its liaison reports progress

    class Meta:
        verbose_name = _("重点工作")
        verbose_name_plural = _("重点工作分工")
        ordering = ["-year", "region__code", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "number"],
                name="worktask_unique_number",
                violation_error_message=_("同一区划同一年度的重点工作序号不能重复。"),
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def participants_label(self) -> str:
        """参加单位 as one line (from the prefetched participants)."""
        names = [u.name for u in self.participants.all()]
        if self.all_members:
            names.append(str(_("联席会议各成员单位")))
        return "、".join(names)


class WorkMilestone(models.Model):
    """A planned step of a task: by `due` the task should be `planned_share` percent done."""

    task = models.ForeignKey(WorkTask, on_delete=models.CASCADE, related_name="milestones")
    due = models.DateField(_("计划完成日期"))
    planned_share = models.PositiveSmallIntegerField(_("计划进度（%）"))
    description = models.CharField(_("节点内容"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("计划节点")
        verbose_name_plural = _("计划节点")
        ordering = ["due", "id"]

    def __str__(self):
        return f"{self.due:%Y-%m-%d} {self.planned_share}%"


class ProgressReport(models.Model):
    """A progress report (进展报告) on a supervised item: the reported day, the share done in
    percent and what was done, by whom. Concrete reports add the item they report on (as
    `related_name="reports"`); the schedule lights read the latest report by `reported_on`."""

    reported_on = models.DateField(_("报送日期"))
    share = models.PositiveSmallIntegerField(_("完成进度（%）"))
    content = models.TextField(_("进展情况"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["reported_on", "id"]

    def __str__(self):
        return f"{self.reported_on:%Y-%m-%d} {self.share}%"


class WorkProgress(ProgressReport):
    """A progress report of the lead unit on a division-of-work task."""

    task = models.ForeignKey(WorkTask, on_delete=models.CASCADE, related_name="reports")

    class Meta(ProgressReport.Meta):
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")


# ---------------------------------------------------------------- meetings (联席会议、周例会、专题会)


class Meeting(TrackedModel):
    """A joint meeting (联席会议, "每月初和中旬"), a weekly meeting on major projects (周例会)
    or a special meeting (专题会): its agenda is the topics put on it, its decisions become
    supervised action items; the minutes export as a 会议纪要."""

    region = models.ForeignKey(
        "accounts.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("会议类型"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("会议名称"), max_length=200)
    held_on = models.DateField(_("会议日期"))
    convener = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("召集单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="convened_meetings",
    )
    chair = models.CharField(_("主持人"), max_length=50, blank=True)
    attendees = models.ManyToManyField(
        "accounts.OrgUnit", verbose_name=_("参会单位"), blank=True, related_name="attended_meetings"
    )
    minutes = models.TextField(_("会议纪要"), blank=True)

    policy_region = "region"

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return self.title


class Topic(TrackedModel):
    """A topic of the topic library (议题库): proposed by a unit with its materials, coordinated
    before the meeting (会前协调: 待协调 → 已协调 → 上会 / 不上会) with the coordinating unit's
    opinion; an escalated problem enters as a topic on the agenda by itself."""

    region = models.ForeignKey(
        "accounts.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="topics"
    )
    title = models.CharField(_("议题"), max_length=200)
    description = models.TextField(_("议题说明"), blank=True)
    proposer_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("提出单位"),
        on_delete=models.PROTECT,
        related_name="proposed_topics",
    )
    proposed_on = models.DateField(_("提出日期"))
    materials = models.FileField(
        _("汇报材料"), upload_to="topics/%Y/%m/", blank=True, validators=[validate_attachment]
    )
    status = models.CharField(
        _("协调状态"), max_length=20, choices=TopicStatus.choices, default=TopicStatus.PENDING
    )
    coordinating_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("协调单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinated_topics",
    )
    opinion = models.TextField(_("协调意见"), blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("上会会议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topics",
    )
    problem = models.ForeignKey(
        Problem,
        verbose_name=_("上报问题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topics",
    )

    policy_region = "region"
    policy_department = "proposer_unit"

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题库")
        ordering = ["-proposed_on", "-id"]

    def __str__(self):
        return self.title


class ActionItem(TrackedModel):
    """A decision of a meeting as a supervised action item (督办事项): owner unit,
    participating units, deadline, periodic progress reports until the office closes it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="action_items"
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("议题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    content = models.TextField(_("议定事项"))
    owner_unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="action_items"
    )
    participants = models.ManyToManyField(
        "accounts.OrgUnit", verbose_name=_("配合单位"), blank=True, related_name="joined_action_items"
    )
    deadline = models.DateField(_("完成时限"))
    deadline_warning = models.CharField(_("期限提示"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    closing_comment = models.TextField(_("办结意见"), blank=True)

    policy_region = "meeting__region"
    policy_department = "owner_unit"

    class Meta:
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        ordering = ["deadline", "id"]

    def __str__(self):
        return self.content[:60]


class ActionProgress(ProgressReport):
    """A progress report of the owner unit on an action item (督办事项)."""

    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="reports")

    class Meta(ProgressReport.Meta):
        verbose_name = _("督办进展")
        verbose_name_plural = _("督办进展")


# ---------------------------------------------------------------- 约谈 (two red months in a row)


class RedCheck(models.Model):
    """The monthly red-light check of a unit (月评比): the unit's red items (open problems and
    action items red on the last day of the month, as the monthly 督查通报 reads them),
    recorded once per unit and month by the scheduled job. Only units with red items get a
    row; two rows of consecutive months put the unit on the list for 约谈."""

    unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="red_checks"
    )
    period = models.CharField(_("月份"), max_length=7)
    checked_on = models.DateField(_("检查日期"))
    items = models.JSONField(_("红灯事项"), default=list)
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    policy_region = "unit__region"
    policy_department = "unit"

    class Meta:
        verbose_name = _("月度红灯检查")
        verbose_name_plural = _("月度红灯检查")
        ordering = ["-period", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="redcheck_once_per_month")]

    def __str__(self):
        return f"{self.unit} {self.period}"


class Interview(TrackedModel):
    """A unit on the office's list for 约谈: it had red items at two consecutive monthly checks
    (the month `period` and the one before). The red items of both months are kept; the
    office records the talk (已约谈) with its date and notes."""

    unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("约谈单位"), on_delete=models.PROTECT, related_name="interviews"
    )
    period = models.CharField(_("月份"), max_length=7, help_text=_("第二个连续红灯月份，如 2026-03"))
    red_items = models.JSONField(_("红灯事项"), default=list)
    status = models.CharField(
        _("状态"), max_length=10, choices=InterviewStatus.choices, default=InterviewStatus.PENDING
    )
    held_on = models.DateField(_("约谈日期"), null=True, blank=True)
    notes = models.TextField(_("约谈情况"), blank=True)

    policy_region = "unit__region"
    policy_department = "unit"  # the unit's liaison sees its own

    class Meta:
        verbose_name = _("约谈")
        verbose_name_plural = _("约谈名单")
        ordering = ["-period", "unit__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period"],
                name="interview_once_per_unit_month",
                violation_error_message=_("该单位本月已列入约谈名单。"),
            )
        ]

    def __str__(self):
        return f"{self.unit}（{self.period}）"

    @property
    def red_count(self) -> int:
        return len(self.red_items or [])
