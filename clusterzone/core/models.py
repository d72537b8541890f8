"""Abstract bases shared by every domain model."""

from django.conf import settings
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


class DocumentOffice(TrackedModel):
    """An issuing office's numbering settings: the 发文字号 prefix (鲁集聚办 → 鲁集聚办〔2025〕7号),
    whether its 版头 is red, and its default 主送, 抄送 and 印发 lines."""

    unit = models.OneToOneField(
        "accounts.OrgUnit",
        verbose_name=_("发文单位"),
        on_delete=models.PROTECT,
        related_name="document_office",
    )
    prefix = models.CharField(_("发文字号前缀"), max_length=30, help_text=_("如“鲁集聚办”"))
    red_header = models.BooleanField(_("红头"), default=True)
    addressees = models.CharField(
        _("主送"), max_length=200, blank=True, default="各产业集聚区管委会、联席会议各成员单位："
    )
    cc = models.CharField(_("抄送"), max_length=300, blank=True)
    printer = models.CharField(_("印发机关"), max_length=100, blank=True)

    policy_region = "unit__region"

    class Meta:
        verbose_name = _("发文单位设置")
        verbose_name_plural = _("发文单位设置")

    def __str__(self):
        return f"{self.unit} {self.prefix}"


class DocumentCounter(models.Model):
    """The last sequence number given to an office's documents of a year: the row locked
    (SELECT … FOR UPDATE) while a document is issued, so numbers have no gaps and no reuse."""

    unit = models.ForeignKey("accounts.OrgUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="document_counter_unique")]

    def __str__(self):
        return f"{self.unit_id} {self.year}: {self.last}"


class DocumentKind(models.TextChoices):
    BULLETIN = "bulletin", _("通报")
    MINUTES = "minutes", _("会议纪要")
    SUPERVISION = "supervision", _("督查通报")
    REPORT = "report", _("工作报告")
    OTHER = "other", _("其他")


class IssuedDocumentQuerySet(models.QuerySet):
    """Bulk writes would pass around save(): an issued document is never updated or deleted."""

    def update(self, **kwargs):
        from .exceptions import DomainError

        raise DomainError(_("已印发的文件不能修改；如需更正，请印发更正文件。"), code="immutable")

    def delete(self):
        from .exceptions import DomainError

        raise DomainError(_("已印发的文件不能删除。"), code="immutable")


class IssuedDocument(models.Model):
    """The register of issued documents (发文登记): one row per issued document, immutable
    once written (save() on an existing row and delete() refuse). A correction is a new
    document whose `corrects` names the earlier one."""

    unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("发文单位"),
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    year = models.PositiveIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("发文字号"), max_length=60)
    kind = models.CharField(_("文种"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("标题"), max_length=300)
    subject = models.CharField(_("对象"), max_length=100, blank=True, help_text=_("如区划与期间"))
    docx = models.BinaryField(_("Word 文件"))
    xlsx = models.BinaryField(_("Excel 文件"), null=True, blank=True)
    figures = models.JSONField(_("所用数据"), default=dict, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("签发时间"))
    signed_on = models.DateField(_("成文日期"))
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("更正的文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )

    objects = IssuedDocumentQuerySet.as_manager()

    policy_region = "unit__region"

    class Meta:
        verbose_name = _("已发文件")
        verbose_name_plural = _("已发文件")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "sequence"],
                name="issued_document_unique_number",
                violation_error_message=_("该发文字号已被使用。"),
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            from .exceptions import DomainError

            raise DomainError(_("已印发的文件不能修改；如需更正，请印发更正文件。"), code="immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        from .exceptions import DomainError

        raise DomainError(_("已印发的文件不能删除。"), code="immutable")


class ImportJob(models.Model):
    """A large upload imported in the background (core.jobs): who, which file, how far the
    run got (rows validated / written), the outcome with its counts or its row errors, and
    how long it took. The file is kept with the job so that its error report can be
    downloaded as the same rows with an error column."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        REJECTED = "rejected", _("有错误，未写入")
        FAILED = "failed", _("运行出错")

    class Phase(models.TextChoices):
        VALIDATE = "validate", _("校验")
        WRITE = "write", _("写入")

    kind = models.CharField(_("导入类型"), max_length=50)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField(_("文件名"), max_length=255)
    content = models.BinaryField(_("文件内容"), editable=False)
    dry_run = models.BooleanField(_("只校验"), default=False)
    options = models.JSONField(_("导入选项"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(_("阶段"), max_length=10, choices=Phase.choices, default=Phase.VALIDATE)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    validated_rows = models.PositiveIntegerField(_("已校验行数"), default=0)
    written_rows = models.PositiveIntegerField(_("已写入行数"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("未变"), default=0)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    message = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台导入")
        verbose_name_plural = _("后台导入")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="importjob_user_created")]

    def __str__(self):
        return f"{self.filename}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REJECTED, self.Status.FAILED)

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    @property
    def percent(self) -> int:
        """The progress bar: validation is the first half, writing the second."""
        if self.finished:
            return 100
        total = max(self.total_rows, 1)
        if self.phase == self.Phase.VALIDATE:
            return min(50, self.validated_rows * 50 // total)
        return min(99, 50 + self.written_rows * 50 // total)


class ExportJob(models.Model):
    """A list export larger than EXPORT_BACKGROUND_ROWS rows, written by a task worker
    (core.jobs): the list page's address with its filters and sorting, who asked, the rows
    written, the finished workbook and how long it took."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("运行出错")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("名称"), max_length=200)
    filename = models.CharField(_("文件名"), max_length=255)
    path = models.CharField(_("列表地址"), max_length=500)
    query = models.TextField(_("筛选条件"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(_("行数"), default=0)
    content = models.BinaryField(_("文件内容"), null=True, editable=False)
    message = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台导出")
        verbose_name_plural = _("后台导出")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.filename}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None
