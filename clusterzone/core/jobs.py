"""Background imports: an upload larger than IMPORT_BACKGROUND_ROWS rows (default 2,000) is
recorded as an ImportJob and imported by a task worker (django-tasks, database backend,
`clusterzone db_worker`) with the same importer, checks and history as an upload imported
while the user waits; the job page polls its progress and then shows the same summary or
error report, and the errors can be downloaded as the file's rows with an error column.

    if jobs.runs_in_background(content, filename):
        job = jobs.job_start(actor=user, kind="enterprises", filename=name, content=content)
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from clusterzone.accounts import policy

from .exceptions import DomainError
from .exporting import write_only_cell
from .importing import get_importer
from .importing.readers import CSV_SUFFIXES, decode_text, read_sheet
from .models import ExportJob, ImportJob

log = logging.getLogger(__name__)
DEFAULT_BACKGROUND_ROWS = 2000
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+[0-9]+:[A-Z]+([0-9]+)"')


def background_rows() -> int:
    return int(getattr(settings, "IMPORT_BACKGROUND_ROWS", DEFAULT_BACKGROUND_ROWS))


def estimate_rows(content: bytes, filename: str) -> int:
    """The data rows of an upload, cheaply (no parse of the cells): lines of a CSV, the
    sheet dimension an .xlsx declares; otherwise the rows read."""
    suffix = Path(filename).suffix.lower()
    if suffix in CSV_SUFFIXES:
        return max(0, decode_text(content).strip("\r\n").count("\n"))
    if suffix == ".xlsx":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as zf:
                names = sorted(n for n in zf.namelist() if n.startswith("xl/worksheets/sheet"))
                if names:
                    with zf.open(names[0]) as fh:
                        found = _DIMENSION.search(fh.read(4096))
                    if found:
                        return max(0, int(found.group(1)) - 1)
        except zipfile.BadZipFile:
            return 0  # the importer reports the broken file
    try:
        return len(read_sheet(content, filename).rows)
    except DomainError:
        return 0


def runs_in_background(content: bytes, filename: str) -> bool:
    return estimate_rows(content, filename) > background_rows()


def page_options(importer, data) -> dict:
    """The importer's page options (check boxes such as approve / overwrite_drafts) chosen in
    `data` (the upload form's POST), as recorded on a job: {name: True}."""
    names = [name for name, _label in getattr(importer, "page_options", ())]
    return {name: True for name in names if data.get(name)}


def configured(importer, options: dict | None):
    """The importer a run uses: the page's options applied (importers with `with_options`)."""
    if hasattr(importer, "with_options"):
        return importer.with_options(options or {})
    return importer


def option_labels(job: ImportJob) -> list[str]:
    """The labels of the options a job was started with, as the upload page words them."""
    try:
        importer = get_importer(job.kind)
    except DomainError:
        return []
    return [str(label) for name, label in getattr(importer, "page_options", ()) if job.options.get(name)]


def job_start(
    *, actor, kind: str, filename: str, content: bytes, dry_run: bool = False, options: dict | None = None
) -> ImportJob:
    """Record the upload with its options and queue its import (after the surrounding
    transaction commits); the worker runs the importer with the same options."""
    importer = get_importer(kind)  # an unknown kind is refused now, not in the worker
    job = ImportJob.objects.create(
        options=page_options(importer, options or {}),
        kind=kind,
        user=actor if getattr(actor, "pk", None) else None,
        filename=filename[:255],
        content=content,
        dry_run=dry_run,
        total_rows=estimate_rows(content, filename),
    )
    from .tasks import run_import_job

    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


def _progress(job: ImportJob):
    last = {"at": 0.0}

    def report(phase: str, done: int, total: int) -> None:
        now = timezone.now().timestamp()
        if now - last["at"] < 0.5 and done < total:  # at most two writes a second
            return
        last["at"] = now
        fields = {"phase": phase, "total_rows": total}
        fields["validated_rows" if phase == ImportJob.Phase.VALIDATE else "written_rows"] = done
        if phase == ImportJob.Phase.WRITE:
            fields["validated_rows"] = total
        ImportJob.objects.filter(pk=job.pk).update(**fields)

    return report


def job_run(job_id: int) -> str:
    """The worker's side: import the job's file as its user, recording progress and outcome."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return job.status
    job.status, job.started_at = ImportJob.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    try:
        if job.user is None or not job.user.is_active:
            raise DomainError(_("提交导入的用户已不存在或已停用。"))
        importer = configured(get_importer(job.kind), job.options)
        importer.progress = _progress(job)
        result = importer.run(
            io.BytesIO(job.content), filename=job.filename, actor=job.user, dry_run=job.dry_run
        )
    except DomainError as exc:
        job.status, job.message = ImportJob.Status.FAILED, exc.message
    except Exception as exc:  # recorded for the user; the worker log has the traceback
        log.exception("import job %s failed", job.pk)
        job.status, job.message = (
            ImportJob.Status.FAILED,
            _("导入时发生系统错误（%(e)s），未写入任何数据。") % {"e": type(exc).__name__},
        )
    else:
        job.total_rows = result.total_rows
        job.created, job.updated, job.unchanged = result.created, result.updated, result.unchanged
        job.errors = [e.as_dict() for e in result.errors]
        job.error_count = len(result.errors)
        job.status = ImportJob.Status.DONE if result.ok else ImportJob.Status.REJECTED
        job.message = result.summary() if result.ok else ""
        job.validated_rows = result.total_rows
        job.written_rows = result.created + result.updated if result.ok and not job.dry_run else 0
    job.finished_at = timezone.now()
    job.save()
    return job.status


def jobs_for(user):
    """The jobs a user may see: their own; an administrator (global role) sees all."""
    qs = ImportJob.objects.select_related("user").defer("content")
    return qs if policy.is_global(user) else qs.filter(user=user)


def errors_xlsx(job: ImportJob) -> bytes:
    """The file's rows that have errors, as uploaded, with an error column (错误原因) at the
    end; errors of the file itself (row 0) come first with the error column only."""
    by_row: dict[int, list[str]] = {}
    for e in job.errors:
        column = f"[{e['column']}] " if e.get("column") else ""
        by_row.setdefault(int(e["row"]), []).append(f"{column}{e['reason']}")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("错误")[:31])
    try:
        sheet = read_sheet(job.content, job.filename)
        header, rows = list(sheet.header), sheet.rows
    except DomainError:
        header, rows = [], []
    head = [WriteOnlyCell(ws, value=_("行号"))] + [
        WriteOnlyCell(ws, value="" if h is None else str(h)) for h in header
    ]
    head.append(WriteOnlyCell(ws, value=_("错误原因")))
    for cell in head:
        cell.font = Font(bold=True)
    ws.append(head)
    for reason in by_row.get(0, []):
        ws.append([0, *([None] * len(header)), write_only_cell(ws, reason)])
    for number, cells in rows:
        reasons = by_row.get(number)
        if not reasons:
            continue
        cells = list(cells) + [None] * (len(header) - len(cells))
        ws.append(
            [
                number,
                *(write_only_cell(ws, v) for v in cells[: len(header)]),
                write_only_cell(ws, "；".join(reasons)),
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- background exports -----------------------------------------------------------------------

DEFAULT_EXPORT_BACKGROUND_ROWS = 5000


def export_background_rows() -> int:
    return int(getattr(settings, "EXPORT_BACKGROUND_ROWS", DEFAULT_EXPORT_BACKGROUND_ROWS))


def export_start(*, actor, title: str, filename: str, path: str, query: str, rows: int) -> ExportJob:
    """Record a list export (the page's path and query string) and queue it."""
    job = ExportJob.objects.create(
        user=actor, title=title[:200], filename=filename[:255], path=path[:500], query=query, total_rows=rows
    )
    from .tasks import run_export_job

    transaction.on_commit(lambda: run_export_job.enqueue(job.pk))
    return job


def export_run(job_id: int) -> str:
    """The worker's side: the list view's own filtered, sorted queryset for the job's user,
    written by the same write-only table export as a direct download."""
    from django.test import RequestFactory
    from django.urls import resolve

    from .exporting import export_queryset, table_xlsx

    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.status != ExportJob.Status.QUEUED:
        return job.status
    job.status, job.started_at = ExportJob.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    try:
        if job.user is None or not job.user.is_active:
            raise DomainError(_("提交导出的用户已不存在或已停用。"))
        request = RequestFactory().get(job.path + ("?" + job.query if job.query else ""))
        request.user = job.user
        view = resolve(job.path).func.view_class()
        view.setup(request)
        _fs, qs, _sort = view.filtered(request)
        counted = _Counting(export_queryset(view.table, qs).iterator(chunk_size=2000))
        job.content = table_xlsx(view.table, counted, title=view.title)
        job.total_rows = counted.n
        job.status = ExportJob.Status.DONE
    except DomainError as exc:
        job.status, job.message = ExportJob.Status.FAILED, exc.message
    except Exception as exc:  # recorded for the user; the worker log has the traceback
        log.exception("export job %s failed", job.pk)
        job.status, job.message = (
            ExportJob.Status.FAILED,
            _("导出时发生系统错误（%(e)s）。") % {"e": type(exc).__name__},
        )
    job.finished_at = timezone.now()
    job.save()
    return job.status


class _Counting:
    def __init__(self, it):
        self.it, self.n = it, 0

    def __iter__(self):
        for obj in self.it:
            self.n += 1
            yield obj


def export_jobs_for(user):
    qs = ExportJob.objects.select_related("user").defer("content")
    return qs if policy.is_global(user) else qs.filter(user=user)
