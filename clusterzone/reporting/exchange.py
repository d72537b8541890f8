"""Excel exchange of a data set's figures: the wide template (one row per cluster, one column
per reported indicator) and its import; plus the bulk-validation machinery the long-table
values importer (reporting/importers.py) shares.

    content = template_xlsx(user=user, dataset=ds, period="2025-04")
    result = import_wide(fileobj, filename="x.xlsx", actor=user, dataset=ds, period="2025-04")

The import follows the importer rules of core.importing: headers matched by name (with or
without the unit suffix, or by the indicator code), every row checked before anything is
written, errors naming row, column, value and reason, all or nothing in one transaction,
idempotent (a row equal to what is stored is counted unchanged and not written). Each changed
row is written through reporting.services (`submission_open`, `values_write_bulk`), so the
history keeps who, when, old and new value, and the submission gets an IMPORT event.

Checks per row: the cluster exists and is in the user's scope, reports the data set, may be
changed by the user; the submission is not approved (locked) or submitted (waiting for
review) when the row changes something; the values pass the validation rules (the same
`reporting.validation` the entry page uses), evaluated against stored values and the other
rows of the same file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError
from clusterzone.core.exporting import workbook_bytes
from clusterzone.core.importing import Column, Importer, ImportResult, RowError, RowPlan
from clusterzone.core.importing import columns as c
from clusterzone.core.periods import Period, PeriodError
from clusterzone.registry.models import Cluster

from . import validation
from .choices import SubmissionStatus
from .models import DataSet, DataSetIndicator, Indicator, Submission, ValidationRule, Value

CLUSTER_CODE = "集聚区代码"
CLUSTER_NAME = "集聚区名称"
CLUSTER_CODE_PATTERN = r"[0-9A-Za-z][0-9A-Za-z\-]{1,19}"
LOCKED = (SubmissionStatus.APPROVED, SubmissionStatus.SUBMITTED)


# --- reading helpers shared with the long-table importer --------------------------------------


def parse_period(value) -> Period:
    """A period cell: '2025-04', '2025Q1', '2025-04H1', '2025-04D1', 2025; a date cell that Excel made of a
    typed '2025-04' reads as that month."""
    if isinstance(value, dt.date):
        return Period.month(value.year, value.month)
    try:
        return Period.parse(c.cell_text(value))
    except PeriodError as exc:
        raise c.ParseError(str(exc))


def dataset_indicators(dataset: DataSet) -> list[Indicator]:
    """The data set's active indicators in order (derived ones included)."""
    items = DataSetIndicator.objects.filter(dataset=dataset, indicator__is_active=True).select_related(
        "indicator"
    )
    return [it.indicator for it in items]


def active_rules(dataset_ids: Iterable[int]) -> list[ValidationRule]:
    return list(
        ValidationRule.objects.filter(is_active=True).filter(
            Q(dataset__isnull=True) | Q(dataset_id__in=list(dataset_ids))
        )
    )


class StoredValues:
    """Stored values of many clusters for a set of periods, read in one query, overlaid with
    the values a file brings (so that e.g. a file's March counts when its April is checked)."""

    def __init__(self, cluster_ids: Iterable[int], periods: Iterable[str]):
        self.data: dict[tuple[int, str], dict[str, Decimal]] = {}
        self.overlay: dict[tuple[int, str], dict[str, Decimal | None]] = {}
        cluster_ids, periods = list(set(cluster_ids)), list(set(periods))
        if not cluster_ids or not periods:
            return
        qs = Value.objects.filter(cluster_id__in=cluster_ids, period__in=periods).values_list(
            "cluster_id", "period", "indicator__code", "value"
        )
        for cluster_id, period, code, value in qs:
            self.data.setdefault((cluster_id, period), {})[code] = value

    def stored(self, cluster_id: int, period: str) -> dict[str, Decimal]:
        return self.data.get((cluster_id, str(period)), {})

    def effective(self, cluster_id: int, period: str) -> dict[str, Decimal]:
        out = dict(self.stored(cluster_id, period))
        for code, value in self.overlay.get((cluster_id, str(period)), {}).items():
            if value is None:
                out.pop(code, None)
            else:
                out[code] = value
        return out

    def bring(self, cluster_id: int, period: str, values: dict[str, Decimal | None]) -> None:
        self.overlay.setdefault((cluster_id, str(period)), {}).update(values)


def neighbour_periods(period: Period) -> list[str]:
    return [str(period), str(period.previous), str(period.last_year)]


def validation_context(
    submission: Submission,
    period: Period,
    indicators: dict[str, Indicator],
    rules: list[ValidationRule],
    stored: StoredValues,
) -> validation.Context:
    """A reporting.validation Context built from bulk-loaded data (no query)."""
    cid = submission.cluster_id
    previous = stored.effective(cid, str(period.previous))
    return validation.Context(
        submission=submission,
        period=period,
        indicators=indicators,
        stored=stored.stored(cid, str(period)),
        previous=previous,
        previous_in_year=previous if period.same_year_previous() is not None else {},
        last_year=stored.effective(cid, str(period.last_year)),
        rules=[r for r in rules if r.dataset_id in (None, submission.dataset_id)],
    )


def changed_values(stored: dict[str, Decimal], values: dict[str, Decimal | None]) -> dict:
    out = {}
    for code, new in values.items():
        old = stored.get(code)
        if (old is None) != (new is None) or (old is not None and Decimal(old) != new):
            out[code] = new
    return out


def check_values(
    ctx: validation.Context, values: dict[str, Decimal | None], dataset_name: str
) -> validation.ValidationReport:
    """Parse checks (derived, size, decimals) and every validation rule on the values the
    submission would hold: stored values with `values` applied."""
    parsed, report = validation.parse_values(values, ctx.indicators, dataset_name)
    merged = dict(ctx.stored)
    for code, value in parsed.items():
        if value is None:
            merged.pop(code, None)
        else:
            merged[code] = value
    report.merge(validation.validate(ctx.submission, merged, context=ctx))
    return report


def state_reason(submission: Submission, n: int) -> str:
    if submission.status == SubmissionStatus.APPROVED:
        return _(
            "该集聚区本期报表已审核通过并锁定，不能修改（本行有%(n)s项与已审核数据不同）；如需更正，请联席办先重新打开。"
        ) % {"n": n}
    return _(
        "该集聚区本期报表已上报、正在等待审核，不能修改（本行有%(n)s项变动）；如需修改，请联席办先退回。"
    ) % {"n": n}


def is_system(actor) -> bool:
    return actor is None or getattr(actor, "pk", None) is None


# --- the wide template ------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")


def indicator_header(indicator: Indicator) -> str:
    return f"{indicator.name}（{indicator.unit}）"


def template_clusters(user, dataset: DataSet):
    """Clusters in the user's scope that report the data set, in code order."""
    from .scope import dataset_clusters

    qs = dataset_clusters(dataset).select_related("region", "committee").order_by("code")
    return policy.scope(user, qs) if not is_system(user) else qs


def template_xlsx(*, user, dataset: DataSet, period) -> bytes:
    """The data set's template for `period`: 集聚区代码, 集聚区名称, then one column per reported
    indicator ("主营业务收入（万元）"), one row per cluster, prefilled with stored values."""
    p = _period_of(dataset, period)
    reported = [i for i in dataset_indicators(dataset) if not i.is_derived]
    clusters = list(template_clusters(user, dataset))
    stored = StoredValues([cl.pk for cl in clusters], [str(p)])
    statuses = dict(
        Submission.objects.filter(dataset=dataset, period=str(p), cluster__in=clusters).values_list(
            "cluster_id", "status"
        )
    )
    labels = dict(SubmissionStatus.choices)

    wb = Workbook()
    ws = wb.active
    ws.title = f"{dataset.name}{p}"[:31].replace("/", "-")
    headers = [CLUSTER_CODE, CLUSTER_NAME, *(indicator_header(i) for i in reported)]
    ws.append(headers)
    for k, cell in enumerate(ws[1], start=1):
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(cell.value)) + 2
        ws.column_dimensions[get_column_letter(k)].width = max(12, min(30, width))
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 28
    for r, cluster in enumerate(clusters, start=2):
        values = stored.stored(cluster.pk, str(p))
        ws.cell(row=r, column=1, value=cluster.code).number_format = "@"
        ws.cell(row=r, column=2, value=cluster.name)
        locked = statuses.get(cluster.pk) == SubmissionStatus.APPROVED
        for k, ind in enumerate(reported, start=3):
            v = values.get(ind.code)
            cell = ws.cell(row=r, column=k, value=None if v is None else v.normalize())
            if locked:
                cell.fill = LOCKED_FILL
    ws.freeze_panes = "C2"

    notes = wb.create_sheet(_("填写说明"))
    lines = [
        _("报表：%(ds)s（%(code)s）") % {"ds": dataset.name, "code": dataset.code},
        _("期间：%(label)s（%(p)s），截止日期：%(due)s")
        % {"label": p.label, "p": p, "due": f"{dataset.due_date(p):%Y-%m-%d}"},
        _(
            "每行一个集聚区，请勿修改“集聚区代码”；数值按表头单位填写，流量指标填1–N月累计数，存量指标填期末数。"
        ),
        _("表中已填入系统中的现有数据；留空表示该项无数据（原有数据将被清除）。"),
        _("灰色底纹的行已审核锁定，其数据不能通过导入修改。"),
        _(
            "导入时先检查全部行：只要有一处错误，就不写入任何数据，并列出出错的行、列、值和原因；与系统相同的行不做改动。"
        ),
    ]
    for k, line in enumerate(lines, start=1):
        notes.cell(row=k, column=1, value=line)
    notes.cell(row=len(lines) + 2, column=1, value=_("指标")).font = Font(bold=True)
    notes.cell(row=len(lines) + 2, column=2, value=_("代码")).font = Font(bold=True)
    notes.cell(row=len(lines) + 2, column=3, value=_("类型")).font = Font(bold=True)
    notes.cell(row=len(lines) + 2, column=4, value=_("状态")).font = Font(bold=True)
    for k, ind in enumerate(reported, start=len(lines) + 3):
        notes.cell(row=k, column=1, value=indicator_header(ind))
        notes.cell(row=k, column=2, value=ind.code)
        notes.cell(row=k, column=3, value=ind.get_kind_display())
    base = len(lines) + len(reported) + 4
    notes.cell(row=base, column=1, value=_("集聚区")).font = Font(bold=True)
    notes.cell(row=base, column=2, value=_("填报状态")).font = Font(bold=True)
    for k, cluster in enumerate(clusters, start=base + 1):
        notes.cell(row=k, column=1, value=f"{cluster.code} {cluster.name}")
        notes.cell(row=k, column=2, value=str(labels.get(statuses.get(cluster.pk), _("未填报"))))
    notes.column_dimensions["A"].width = 60
    notes.column_dimensions["B"].width = 24
    return workbook_bytes(wb)


def template_filename(dataset: DataSet, period) -> str:
    p = _period_of(dataset, period)
    return f"{dataset.name}_{p}_导入模板.xlsx"


def _period_of(dataset: DataSet, period) -> Period:
    try:
        p = Period.parse(period)
    except PeriodError as exc:
        raise DomainError(str(exc), field="period")
    if p.kind != dataset.period_kind:
        raise DomainError(
            _("期间“%(p)s”与报表“%(ds)s”的报送周期（%(kind)s）不符。")
            % {"p": p, "ds": dataset.name, "kind": dataset.get_period_kind_display()},
            field="period",
        )
    return p


# --- the wide import ------------------------------------------------------------------------


@dataclass
class WideRow:
    plan: RowPlan
    cluster: Cluster | None = None
    submission: Submission | None = None
    values: dict[str, Decimal | None] = field(default_factory=dict)
    changes: dict[str, Decimal | None] = field(default_factory=dict)


class DataSetImporter(Importer):
    """The import of one data set's wide template for one period. Not in the importer
    registry (it needs a data set and a period): pages and code build it directly."""

    kind = "dataset_values"
    model = Submission

    def __init__(self, dataset: DataSet, period):
        self.dataset = dataset
        self.period = _period_of(dataset, period)
        self.title = _("%(ds)s %(p)s") % {"ds": dataset.name, "p": self.period.label}
        self.all_indicators = {i.code: i for i in dataset_indicators(dataset)}
        self.reported = [i for i in self.all_indicators.values() if not i.is_derived]
        self.by_header: dict[str, Indicator] = {}
        cols: list[Column] = [
            c.code(
                CLUSTER_CODE,
                required=True,
                pattern=CLUSTER_CODE_PATTERN,
                message=_("集聚区代码格式不正确。"),
            ),
            c.text(CLUSTER_NAME, aliases=("名称",)),
        ]
        for ind in self.reported:
            cols.append(c.decimal(ind.name, aliases=(ind.code,), unit=ind.unit))
            self.by_header[ind.name] = ind
        self.columns = cols

    def run(self, source, *, filename: str | None = None, actor=None, dry_run: bool = False) -> ImportResult:
        result, plans, present = self.read(source, filename=filename, dry_run=dry_run)
        if plans is None:
            return result
        filename = result.filename
        rows = self._validate(plans, present, actor)
        for row in rows:
            result.errors.extend(row.plan.errors)
        if result.errors:
            return result
        reason = _("Excel导入：%(f)s") % {"f": filename}
        from . import services

        changing = [row for row in rows if row.changes]
        result.unchanged = len(rows) - len(changing)
        with transaction.atomic():
            try:
                counts = services.values_import_many(
                    actor=actor,
                    dataset=self.dataset,
                    period=self.period,
                    indicators=self.all_indicators,
                    rows=[
                        services.ImportRow(
                            cluster=row.cluster,
                            submission=row.submission,
                            changes=row.changes,
                            key=row.plan.row,
                        )
                        for row in changing
                    ],
                    reason=reason,
                )
            except DomainError as exc:
                result.errors.append(RowError(getattr(exc, "key", None) or 0, "", "", exc.message))
            else:
                result.created, result.updated = counts["created"], counts["updated"]
            if result.errors or dry_run:
                transaction.set_rollback(True)
        if result.errors:
            result.created = result.updated = result.unchanged = 0
        return result

    # -- validation --

    def _validate(self, plans: list[RowPlan], present: dict[str, Column], actor) -> list[WideRow]:
        codes = {p.values.get(CLUSTER_CODE) for p in plans} - {None}
        clusters = {
            cl.code: cl
            for cl in Cluster.objects.filter(code__in=list(codes)).select_related("region", "committee")
        }
        from .scope import dataset_clusters, out_of_scope_message, owes

        reporting_ids = set(
            dataset_clusters(self.dataset, Cluster.objects.filter(code__in=list(codes))).values_list(
                "pk", flat=True
            )
        )
        submissions = {
            s.cluster_id: s
            for s in Submission.objects.filter(
                dataset=self.dataset, period=str(self.period), cluster__code__in=list(codes)
            )
        }
        stored = StoredValues([cl.pk for cl in clusters.values()], neighbour_periods(self.period))
        rules = active_rules([self.dataset.pk])
        indicator_columns = {h: ind for h, ind in self.by_header.items() if h in present}
        seen: dict[str, int] = {}
        rows: list[WideRow] = []
        for plan in plans:
            row = WideRow(plan=plan)
            rows.append(row)
            if plan.errors:
                continue
            code = plan.values[CLUSTER_CODE]
            if code in seen:
                self.error(
                    plan, CLUSTER_CODE, _("与第%(row)d行重复（同一集聚区只能占一行）。") % {"row": seen[code]}
                )
                continue
            seen[code] = plan.row
            cluster = clusters.get(code)
            if cluster is None or (not is_system(actor) and not policy.can(actor, "view", cluster)):
                self.error(plan, CLUSTER_CODE, _unknown_cluster(actor))
                continue
            if cluster.pk not in reporting_ids:
                self.error(
                    plan,
                    CLUSTER_CODE,
                    _("该集聚区不在报表“%(ds)s”的报送范围内。") % {"ds": self.dataset.name},
                )
                continue
            if not owes(self.dataset, cluster, self.period):
                self.error(plan, CLUSTER_CODE, out_of_scope_message(self.dataset, cluster, self.period))
                continue
            row.cluster = cluster
            row.values = {ind.code: plan.values.get(h) for h, ind in indicator_columns.items()}
            submission = submissions.get(cluster.pk)
            if submission is not None:
                submission.cluster = cluster
                submission.dataset = self.dataset
            row.submission = submission
            current = stored.stored(cluster.pk, str(self.period))
            row.changes = changed_values(current, row.values)
            if not row.changes:
                continue
            probe = submission or Submission(
                dataset=self.dataset, cluster=cluster, period=str(self.period), period_end=self.period.end
            )
            if not is_system(actor) and not policy.can(actor, "change" if submission else "add", probe):
                self.error(plan, CLUSTER_CODE, _("您无权填报该集聚区的报表（不在您可编辑的范围内）。"))
                continue
            if submission is not None and submission.status in LOCKED:
                first = next(iter(row.changes))
                header = self.all_indicators[first].name
                self.error(plan, header, state_reason(submission, len(row.changes)))
                continue
            ctx = validation_context(probe, self.period, self.all_indicators, rules, stored)
            report = check_values(ctx, row.changes, self.dataset.name)
            for key, messages in report.errors.items():
                ind = self.all_indicators.get(key)
                header = ind.name if ind is not None and ind.name in self.by_header else ""
                for message in messages:
                    if header:
                        self.error(plan, header, message)
                    else:
                        plan.errors.append(RowError(plan.row, "", "", message))
        return rows


def _unknown_cluster(actor) -> str:
    if not is_system(actor) and not policy.is_global(actor):
        return _("系统中没有这个集聚区代码，或它不在您的权限范围内。")
    return _("系统中没有这个集聚区代码。")


def import_wide(
    source, *, dataset: DataSet, period, actor=None, filename: str | None = None, dry_run: bool = False
) -> ImportResult:
    """Import a data set's wide template for `period` (see the module docstring)."""
    return DataSetImporter(dataset, period).run(source, filename=filename, actor=actor, dry_run=dry_run)
