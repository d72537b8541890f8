"""Enumerations of the assessment (考核评价)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("已被替代")


class InputKind(models.TextChoices):
    DEDUCTION = "deduction", _("扣分")
    VETO = "veto", _("一票否决")
    MANUAL = "manual", _("评议得分")


class Measure(models.TextChoices):
    VALUE = "value", _("年度值")
    YOY = "yoy", _("同比增长")
    TARGET_PCT = "target_pct", _("目标完成率")


class Method(models.TextChoices):
    TARGET = "target", _("目标完成")
    LINEAR = "linear", _("线性插值")
    BENCHMARK = "benchmark", _("对标值")
    RANK = "rank", _("排名")
    BANDS = "bands", _("分档")
    MANUAL = "manual", _("评议打分")


class SubjectKind(models.TextChoices):
    CLUSTER = "cluster", _("集聚区")
    ENTERPRISE = "enterprise", _("企业")
    UNIT = "unit", _("单位")
