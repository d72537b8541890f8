from django.db import models
from django.utils.translation import gettext_lazy as _


class Scale(models.TextChoices):
    SCORE = "score", _("百分制（1–100分）")
    LEVEL = "level", _("满意度（满意/基本满意/不满意）")


class Level(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Source(models.TextChoices):
    """Where a criterion's figure comes from: the raters, or the problem ledger (客观指标)."""

    RATING = "rating", _("评议打分")
    ON_TIME_RATE = "on_time_rate", _("问题按时办结率")
    SATISFACTION_RATE = "satisfaction_rate", _("问题办理满意率")
