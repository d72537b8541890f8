"""Abstract bases shared by every domain model."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class VersionedModel(models.Model):
    """A row version for optimistic locking (no lost update).

    `lock_version` starts at 1 and goes up by one on every `save()` of an existing row.
    Edit forms carry it (core.views.ServiceFormView), the API sends it as the ETag and
    honours If-Match (core.api.ScopedModelViewSet); `core.versioning.check_version` locks
    the row and refuses a stale write with `StaleVersion` (the page shows what changed,
    the API answers 412). A model with its own version counter (reporting.Submission)
    removes the field (`lock_version = None`) and names its own in `version_field`.
    """

    lock_version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    version_field = "lock_version"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.version_field == "lock_version" and not self._state.adding and self.pk is not None:
            self.lock_version = (self.lock_version or 0) + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "lock_version" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "lock_version"]
        super().save(*args, **kwargs)


class TrackedModel(VersionedModel):
    """Timestamps, a row version and a full change history (who, when, before, after)."""

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
