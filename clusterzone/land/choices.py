"""Enumerations of land and the per-亩 evaluation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EvaluationClass(models.TextChoices):
    A = "A", _("A类（优先发展）")
    B = "B", _("B类（提升发展）")
    C = "C", _("C类（帮扶转型）")
    D = "D", _("D类（整治提升）")
    T = "T", _("不参评")


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("待处理")
    UPHELD = "upheld", _("异议成立")
    REJECTED = "rejected", _("异议不成立")


class PlannedUse(models.TextChoices):
    INDUSTRIAL = "industrial", _("工业")
    STORAGE = "storage", _("仓储")
    COMMERCIAL = "commercial", _("商服")
    RESIDENTIAL = "residential", _("住宅")
    PUBLIC = "public", _("公共")
    INFRASTRUCTURE = "infrastructure", _("基础设施")


class ParcelStatus(models.TextChoices):
    RESERVE = "reserve", _("储备")
    ACQUIRED = "acquired", _("已征收")
    SUPPLIED = "supplied", _("已供应")
    STARTED = "started", _("已开工")
    COMPLETED = "completed", _("已竣工")
    RECOVERED = "recovered", _("收回")


SUPPLIED_STATUSES = (ParcelStatus.SUPPLIED, ParcelStatus.STARTED, ParcelStatus.COMPLETED)


class HousingKind(models.TextChoices):
    RESETTLEMENT = "resettlement", _("安置社区")
    PUBLIC_RENTAL = "public_rental", _("公共租赁住房")


class EmploymentKind(models.TextChoices):
    EMPLOYMENT = "employment", _("失地农民就业")
    TRAINING = "training", _("委托用工培训")
