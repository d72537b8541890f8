"""Abstract bases shared by every domain model."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TrackedModel(models.Model):
    """Timestamps plus a full change history (who, when, before, after)."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class HolidayOverride(TrackedModel):
    """An administrator's correction of the holiday calendar: a day declared a working day
    (调休上班) or a holiday, for years chinese-calendar does not cover yet or local changes."""

    day = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    name = models.CharField(_("说明"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {'上班' if self.is_workday else '休息'} {self.name}".strip()
