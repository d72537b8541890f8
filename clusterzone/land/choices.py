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
