"""The importer base class: read, validate every row, then write everything or nothing.

An importer is a declaration (see accounts/importers.py, registry/importers.py):

    @register
    class EnterpriseImporter(Importer):
        kind, title, model = "enterprises", "企业", Enterprise
        columns = [code("统一社会信用代码", "credit_code", aliases=("信用代码",)), ...]
        key_fields = ("credit_code", "org_code")     # upsert key, in priority order
        scope_column = "集聚区代码"                    # the column that places a row

and overrides hooks only where its table needs more (`prepare`, `extra_changed`, `save`).

`run()` goes through the file in three passes — parse every cell; load the referenced and
existing rows in bulk; validate row by row in file order (duplicates, references, model
validation with `full_clean()`, the policy) — and writes only when no row has an error, in
one transaction, through the app's services so history records the actor and the reason
"Excel导入：<filename>". Rows equal to what is stored are counted `unchanged` and not saved,
so importing the same file twice changes nothing.

The actor: a user (pages, API, `clusterzone import --user`): every row is checked against
`accounts.policy`; `None`: the administrator's command-line path — the system acts, no
permission check, history without a user.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError
from clusterzone.core.services import instance_changed, integrity_message
from clusterzone.core.versioning import version_field

from .columns import Column, ParseError, cell_text, is_empty, normalize_unit, split_header
from .readers import read_sheet

CHUNK = 500


@dataclass(frozen=True)
class RowError:
    """One problem: the Excel row (header = 1, first data row = 2; 0 = the file itself),
    the column header, the cell as the user typed it, and the reason in Chinese."""

    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        if self.row <= 0:
            return f"{self.value or _('文件')}：{self.reason}"
        column = f" [{self.column}]" if self.column else ""
        value = f" 值「{self.value}」" if self.value != "" else ""
        return f"第{self.row}行{column}{value}：{self.reason}"

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass
class ImportResult:
    kind: str
    filename: str = ""
    dry_run: bool = False
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        text = _("新增 %(c)d 条，更新 %(u)d 条，未变 %(n)d 条") % {
            "c": self.created,
            "u": self.updated,
            "n": self.unchanged,
        }
        if self.skipped:
            text += _("，跳过 %(s)d 条（填报人手中的草稿或退回报表未覆盖）") % {"s": self.skipped}
        return _("（试运行，未写入）") + text if self.dry_run else text

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "filename": self.filename,
            "ok": self.ok,
            "dry_run": self.dry_run,
            "total_rows": self.total_rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "errors": [e.as_dict() for e in self.errors],
            "ignored_columns": self.ignored_columns,
        }


SYSTEM = policy.SYSTEM


@dataclass
class RowPlan:
    """One data row on its way in: its cells, parsed values and would-be instance."""

    row: int
    raw: dict[str, Any]  # column header → raw cell
    values: dict[str, Any]  # column header → parsed value (None when empty)
    instance: models.Model | None = None
    data: dict[str, Any] = field(default_factory=dict)
    creating: bool = True
    changed: bool = True
    extra: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    def text(self, header: str) -> str:
        return cell_text(self.raw.get(header))


class Context:
    """What a run knows besides the current row: the actor, the present columns, the rows
    accepted so far (by model and key) and the bulk-loaded objects."""

    def __init__(self, importer: Importer, actor, present: dict[str, Column]):
        self.importer = importer
        self.actor = actor  # None = system
        self.present = present  # header → Column, columns found in the file
        self.pending: dict[tuple[type, str, Any], models.Model] = {}
        self.loaded: dict[tuple[type, str], dict[Any, models.Model]] = {}

    @property
    def checks_policy(self) -> bool:
        return self.actor is not None

    def lookup(self, model, to_field: str, value):
        """A row of `model` whose `to_field` is `value`: accepted earlier in this file, or
        stored. None if neither."""
        pending = self.pending.get((model, to_field, value))
        if pending is not None:
            return pending
        return self.loaded.get((model, to_field), {}).get(value)


class Importer:
    kind: str = ""
    title: str = ""
    model: type[models.Model] | None = None
    columns: list[Column] = []
    key_fields: tuple[str, ...] = ("code",)
    scope_column: str = ""
    # header groups of which at least one must be present ((header, header), …)
    header_groups: tuple[tuple[str, ...], ...] = ()
    select_related: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # extra lines for the 填写说明 sheet
    # New rows written in bulk (one INSERT/COPY for the rows, one for their history) instead
    # of one save each. Only for a model whose unique fields are all key fields (the bulk
    # lookup and the in-file duplicate check have then settled uniqueness) and whose clean()
    # enforces its check constraints, and whose `save` hook adds nothing to a plain create.
    bulk_create: bool = False
    # called as progress(phase, done, total) while a run goes: "validate" per row checked,
    # "write" per row written (background jobs show it as a progress bar)
    progress = None

    # --- declarations ---------------------------------------------------------------------

    @property
    def headers(self) -> list[str]:
        return [c.display_header for c in self.columns]

    def column(self, header: str) -> Column:
        for c in self.columns:
            if c.header == header:
                return c
        raise KeyError(header)

    def column_for_field(self, field_name: str) -> Column | None:
        for c in self.columns:
            if c.field == field_name:
                return c
        return None

    def template_xlsx(self) -> bytes:
        from .templates import build_template

        return build_template(self)

    def queryset(self):
        return self.model._default_manager.select_related(*self.select_related)

    # --- hooks ----------------------------------------------------------------------------

    def find_existing(self, plan: RowPlan, ctx: Context) -> models.Model | None:
        """The stored row this file row updates (by the key fields, in priority order)."""
        for name in self.key_fields:
            col = self.column_for_field(name)
            value = plan.values.get(col.header) if col else None
            if value is not None:
                obj = ctx.loaded.get((self.model, name), {}).get(value)
                if obj is not None:
                    return obj
        return None

    def prepare(self, plan: RowPlan, ctx: Context) -> None:
        """Complete plan.data (derived fields), check cross-column rules, fill plan.extra.
        Append RowErrors to plan.errors."""

    def extra_changed(self, plan: RowPlan) -> bool:
        """Does the row change something beyond the model's own fields (e.g. links)?"""
        return False

    def check_policy(self, actor, action: str, instance: models.Model) -> bool:
        return policy.can(actor, action, instance)

    def denied_reason(self, action: str) -> str:
        if action == "change":
            return _("您无权修改这条%(title)s记录（不在您可编辑的范围内）。") % {"title": self.title}
        return _("您无权在此范围内新增%(title)s。") % {"title": self.title}

    def save(self, plan: RowPlan, *, actor, reason: str) -> models.Model:
        from clusterzone.core.services import instance_save

        return instance_save(plan.instance, actor=actor, data=plan.data, reason=reason)

    # --- helpers for importers ------------------------------------------------------------

    def error(self, plan: RowPlan, header: str, reason: str, value: str | None = None) -> None:
        plan.errors.append(
            RowError(
                plan.row, self._display(header), plan.text(header) if value is None else value, str(reason)
            )
        )

    def _display(self, header: str) -> str:
        try:
            return self.column(header).display_header
        except KeyError:
            return header

    # --- the run --------------------------------------------------------------------------

    def read(self, source, *, filename: str | None = None, dry_run: bool = False):
        """Read the file, map its headers and parse every row: (result, plans, present).
        `plans` is None when the file or its headers are wrong (the errors are in result).
        Importers with a run of their own start from here."""
        filename = filename or _source_name(source)
        result = ImportResult(kind=self.kind, filename=filename, dry_run=dry_run)
        try:
            sheet = read_sheet(source, filename)
        except DomainError as exc:
            result.errors.append(RowError(0, "", filename, exc.message))
            return result, None, None
        result.total_rows = len(sheet.rows)
        present, index, header_errors = self._map_headers(sheet, result)
        if header_errors:
            result.errors.extend(header_errors)
            return result, None, None
        plans = [self._parse_row(row, cells, present, index) for row, cells in sheet.rows]
        return result, plans, present

    def run(self, source, *, filename: str | None = None, actor=None, dry_run: bool = False) -> ImportResult:
        """Import `source` (a path, bytes or binary file object). actor=None is the
        administrator's command-line path: no permission check, history without a user."""
        result, plans, present = self.read(source, filename=filename, dry_run=dry_run)
        if plans is None:
            return result
        filename = result.filename
        ctx = Context(self, actor, present)
        self._load(plans, ctx)
        accepted = []
        seen: dict[str, dict[Any, int]] = {}
        for n, plan in enumerate(plans, start=1):
            self._validate_row(plan, ctx, seen)
            if n % CHUNK == 0:
                self._report("validate", n, len(plans))
            if plan.errors:
                result.errors.extend(plan.errors)
            else:
                accepted.append(plan)
        self._report("validate", len(plans), len(plans))
        if result.errors:
            return result
        self._write(accepted, result, actor=actor, reason=_("Excel导入：%(f)s") % {"f": filename})
        return result

    def _report(self, phase: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(phase, done, total)

    def _map_headers(self, sheet, result):
        present: dict[str, Column] = {}
        index: dict[str, int] = {}
        errors: list[RowError] = []
        by_name = {}
        for col in self.columns:
            for name in col.names():
                by_name[name] = col
        for i, cell in enumerate(sheet.header):
            if is_empty(cell):
                continue
            label = cell_text(cell)
            base, unit = split_header(label)
            col = by_name.get(base)
            if col is None:
                result.ignored_columns.append(label)
                continue
            if col.header in present:
                errors.append(RowError(sheet.header_row, label, label, _("列名重复。")))
                continue
            if col.unit and unit and normalize_unit(unit) != normalize_unit(col.unit):
                errors.append(
                    RowError(
                        sheet.header_row,
                        label,
                        label,
                        _("单位不符：本列应以“%(unit)s”为单位填写（表头写作“%(h)s”）。")
                        % {"unit": col.unit, "h": col.display_header},
                    )
                )
                continue
            present[col.header] = col
            index[col.header] = i
        for col in self.columns:
            if col.required and col.header not in present:
                errors.append(
                    RowError(
                        sheet.header_row,
                        col.display_header,
                        "",
                        _("缺少必填列“%(h)s”。") % {"h": col.display_header},
                    )
                )
        for group in self.header_groups:
            if not any(h in present for h in group):
                names = "”或“".join(group)
                errors.append(
                    RowError(
                        sheet.header_row,
                        group[0],
                        "",
                        _("缺少列：“%(names)s”至少要有一列。") % {"names": names},
                    )
                )
        return present, index, errors

    def _parse_row(self, row: int, cells: list, present: dict[str, Column], index: dict[str, int]) -> RowPlan:
        raw = {h: (cells[index[h]] if index[h] < len(cells) else None) for h in present}
        plan = RowPlan(row=row, raw=raw, values={})
        for header, col in present.items():
            value = raw[header]
            try:
                plan.values[header] = col.parse(value)
            except ParseError as exc:
                plan.values[header] = None
                self.error(plan, header, str(exc))
                continue
            if col.required and plan.values[header] is None:
                self.error(plan, header, _("必填，不能为空。"))
        return plan

    def _load(self, plans: list[RowPlan], ctx: Context) -> None:
        """Load in bulk the stored rows the file updates and the rows its codes name."""
        wanted: dict[tuple[type, str], set] = {}
        querysets: dict[tuple[type, str], Any] = {}
        for name in self.key_fields:
            col = self.column_for_field(name)
            if col and col.header in ctx.present:
                key = (self.model, name)
                wanted.setdefault(key, set()).update(
                    p.values[col.header] for p in plans if p.values.get(col.header) is not None
                )
                querysets[key] = self.queryset()
        for col in ctx.present.values():
            if col.ref is None:
                continue
            model = col.ref.get_model()
            key = (model, col.ref.to_field)
            values = {p.values[col.header] for p in plans if p.values.get(col.header) is not None}
            wanted.setdefault(key, set()).update(values)
            if key not in querysets:
                qs = self.queryset() if model is self.model else model._default_manager.all()
                querysets[key] = qs.filter(**col.ref.filters)
        identity: dict[tuple[type, Any], models.Model] = {}
        for key, values in wanted.items():
            model, to_field = key
            found = ctx.loaded.setdefault(key, {})
            values = sorted(values, key=str)
            for start in range(0, len(values), CHUNK):
                chunk = values[start : start + CHUNK]
                for obj in querysets[key].filter(**{f"{to_field}__in": chunk}):
                    obj = identity.setdefault((model, obj.pk), obj)
                    found[getattr(obj, to_field)] = obj

    def _validate_row(self, plan: RowPlan, ctx: Context, seen: dict[str, dict[Any, int]]) -> None:
        # duplicates inside the file (on every unique field the file fills)
        for col in ctx.present.values():
            if not col.field or plan.values.get(col.header) is None:
                continue
            model_field = self.model._meta.get_field(col.field)
            if not (model_field.unique and not model_field.primary_key):
                continue
            value = plan.values[col.header]
            first = seen.setdefault(col.header, {}).get(value)
            if first is not None:
                self.error(
                    plan,
                    col.header,
                    _("与第%(row)d行重复（%(h)s在同一文件中只能出现一次）。")
                    % {"row": first, "h": col.header},
                )
            else:
                seen[col.header][value] = plan.row
        if plan.errors:
            return

        # references
        resolved: dict[str, Any] = {}
        for col in ctx.present.values():
            value = plan.values.get(col.header)
            if col.ref is None or value is None:
                continue
            model = col.ref.get_model()
            obj = ctx.lookup(model, col.ref.to_field, value)
            visible = obj is not None and (
                not ctx.checks_policy or obj.pk is None or self.check_policy(ctx.actor, "view", obj)
            )
            if not visible:
                label = col.ref.label or model._meta.verbose_name
                if ctx.checks_policy and not policy.is_global(ctx.actor):
                    reason = _("系统中没有这个%(label)s代码，或它不在您的权限范围内。") % {"label": label}
                else:
                    reason = _("系统中没有这个%(label)s代码。") % {"label": label}
                self.error(plan, col.header, reason)
                continue
            resolved[col.header] = obj
        if plan.errors:
            return

        existing = self.find_existing(plan, ctx)
        plan.creating = existing is None
        plan.instance = existing if existing is not None else self.model()
        for col in ctx.present.values():
            if not col.field:
                continue
            value = resolved.get(col.header, plan.values.get(col.header))
            if value is None:
                value = _empty_value(self.model._meta.get_field(col.field))
            plan.data[col.field] = value
        self.prepare(plan, ctx)
        if plan.errors:
            return

        if (
            ctx.checks_policy
            and not plan.creating
            and not self.check_policy(ctx.actor, "change", plan.instance)
        ):
            self.error(plan, self.scope_column or self.columns[0].header, self.denied_reason("change"))
            return
        plan.changed = plan.creating or instance_changed(plan.instance, plan.data) or self.extra_changed(plan)
        for name, value in plan.data.items():
            setattr(plan.instance, name, value)
        if plan.changed:
            # A row equal to what is stored is not written, so it needs no validation; the
            # foreign keys were found by the reference lookup above (no query per row).
            exclude = [col.field for col in ctx.present.values() if col.ref is not None and col.field]
            # bulk-created rows: uniqueness is settled by the key lookup and the in-file check,
            # the check constraints by clean() (see `bulk_create`): no query per row
            in_bulk = self.bulk_create and plan.creating
            try:
                plan.instance.full_clean(
                    exclude=exclude, validate_unique=not in_bulk, validate_constraints=not in_bulk
                )
            except ValidationError as exc:
                self._validation_errors(plan, exc)
                return
        if ctx.checks_policy:
            action = "add" if plan.creating else "change"
            if not self.check_policy(ctx.actor, action, plan.instance):
                self.error(plan, self.scope_column or self.columns[0].header, self.denied_reason(action))
                return
        for name in self.key_fields:
            value = getattr(plan.instance, name, None)
            if value not in (None, ""):
                ctx.pending[(self.model, name, value)] = plan.instance

    def _validation_errors(self, plan: RowPlan, exc: ValidationError) -> None:
        error_dict = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
        for field_name, errors in error_dict.items():
            col = self.column_for_field(field_name) if field_name != NON_FIELD_ERRORS else None
            header = col.header if col else ""
            for err in errors:
                for message in err.messages if hasattr(err, "messages") else [str(err)]:
                    if col:
                        self.error(plan, header, message)
                    else:
                        plan.errors.append(RowError(plan.row, "", "", message))

    def _lock_and_check(self, plans: list[RowPlan], result: ImportResult) -> None:
        """Lock the stored rows the file changes and refuse the import when one of them was
        changed by someone else between validation and write (its version moved on)."""
        name = version_field(self.model)
        targets = [
            p for p in plans if p.changed and not p.creating and p.instance is not None and p.instance.pk
        ]
        if not targets:
            return
        pks = sorted({p.instance.pk for p in targets})
        current = {}
        for start in range(0, len(pks), CHUNK):
            qs = self.model._default_manager.select_for_update().filter(pk__in=pks[start : start + CHUNK])
            current.update(
                qs.values_list("pk", name) if name else ((pk, None) for pk in qs.values_list("pk", flat=True))
            )
        for plan in targets:
            if plan.instance.pk not in current:
                result.errors.append(
                    RowError(plan.row, "", "", _("要更新的记录已被他人删除，请刷新后重新导入。"))
                )
            elif name and current[plan.instance.pk] != getattr(plan.instance, name):
                result.errors.append(
                    RowError(
                        plan.row, "", "", _("这条记录在导入期间已被他人修改，请重新导入（未写入任何数据）。")
                    )
                )

    def _write(self, plans: list[RowPlan], result: ImportResult, *, actor, reason: str) -> None:
        service_actor = SYSTEM if actor is None else actor
        with transaction.atomic():
            self._lock_and_check(plans, result)
            if self.bulk_create and not result.errors:
                self._bulk_insert([p for p in plans if p.changed and p.creating], result, actor, reason)
                plans = [p for p in plans if not (p.changed and p.creating)]
            for n, plan in enumerate(plans if not result.errors else [], start=1):
                if n % CHUNK == 0:
                    self._report("write", result.created + n, result.created + len(plans))
                if not plan.changed:
                    result.unchanged += 1
                    continue
                try:
                    with transaction.atomic():
                        plan.instance = self.save(plan, actor=service_actor, reason=reason)
                except IntegrityError as exc:
                    # a concurrent import wrote the same natural key first
                    result.errors.append(RowError(plan.row, "", "", integrity_message(self.model, exc)))
                    break
                except DomainError as exc:
                    col = self.column_for_field(exc.field) if exc.field else None
                    result.errors.append(
                        RowError(
                            plan.row,
                            col.display_header if col else "",
                            plan.text(col.header) if col else "",
                            exc.message,
                        )
                    )
                    break
                if plan.creating:
                    result.created += 1
                else:
                    result.updated += 1
            if result.errors or result.dry_run:
                transaction.set_rollback(True)
        if result.errors:
            result.created = result.updated = result.unchanged = 0

    def _bulk_insert(self, plans: list[RowPlan], result: ImportResult, actor, reason: str) -> None:
        """The new rows in one bulk insert (COPY on PostgreSQL) and their history rows in
        another, with the same who, when and why a save each would record."""
        from clusterzone.core.bulk import insert_objects
        from clusterzone.core.services import bulk_history

        if not plans:
            return
        objs = [p.instance for p in plans]
        try:
            with transaction.atomic():
                insert_objects(self.model, objs)
        except IntegrityError as exc:  # a concurrent import wrote the same key first
            result.errors.append(RowError(0, "", "", integrity_message(self.model, exc)))
            return
        bulk_history(self.model, objs, history_type="+", actor=actor, reason=reason)
        result.created += len(objs)
        self._report("write", len(objs), len(objs))


def _empty_value(model_field):
    if model_field.null:
        return None
    if model_field.has_default():
        return model_field.get_default()
    if isinstance(model_field, (models.CharField, models.TextField)):
        return ""
    return None


def _source_name(source) -> str:
    if isinstance(source, (str, os.PathLike)):
        return Path(source).name
    name = getattr(source, "name", None)
    return Path(str(name)).name if name else _("上传文件")
