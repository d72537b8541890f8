"""Excel export of any table declaration (openpyxl, write-only mode: flat memory), and the
neutralisation every Excel/CSV export goes through (OWASP CSV injection).

A text cell beginning with = + - @ (or a tab/CR before them) would be taken for a formula
by a spreadsheet (=HYPERLINK(...) becomes a live link). Excel exports write such a value as
a text cell (inline string, quote prefix): the reader sees exactly the text, nothing runs,
and an import of the file reads the same text back. CSV has no cell types, so CSV exports
prefix such a value with an apostrophe. Every writer saves through `workbook_bytes(wb)` (or
builds cells with `write_only_cell`) and `csv_safe(value)`; no export writes its own cells around it.
"""

from __future__ import annotations

import io
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .tables import Table

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def is_dangerous(value) -> bool:
    """A text that a spreadsheet would read as a formula."""
    if not isinstance(value, str) or not value:
        return False
    return value[0] in DANGEROUS_START or value.lstrip("\t\r\n ")[:1] in ("=", "+", "-", "@")


def write_only_cell(ws, value):
    """The value to append to a write-only sheet: a text cell when it looks like a formula."""
    if is_dangerous(value):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return value


def neutralise_cell(cell) -> None:
    """Make a (normal-mode) cell holding a formula-like text a plain text cell."""
    value = cell.value
    if isinstance(value, str) and (cell.data_type == "f" or is_dangerous(value)):
        cell.data_type = "s"
        cell.quotePrefix = True


def neutralise_workbook(wb) -> None:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                neutralise_cell(cell)


def workbook_bytes(wb) -> bytes:
    """Save a normal-mode workbook after neutralising every cell (no export writes a formula)."""
    neutralise_workbook(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_safe(value):
    """A CSV cell that spreadsheets show as text: formula-like values get a leading apostrophe."""
    if is_dangerous(value):
        return "'" + value
    return value


def _select_related_paths(tree: dict, prefix: str = "") -> list[str]:
    paths = []
    for name, sub in tree.items():
        path = f"{prefix}__{name}" if prefix else name
        paths.append(path)
        paths.extend(_select_related_paths(sub, path))
    return paths


def export_queryset(table: Table, qs):
    """The list's queryset narrowed to what its Excel columns read: only the relations the
    exported columns follow are joined, and only the fields they read are fetched and
    converted (a list page often joins more for its page and filters; at 10,000 rows every
    unused object and timestamp costs). Narrowed only when every column path is made of model
    fields, choice labels or the queryset's annotations; a column that reads a related object
    itself (a `display`/`export` callable gets it) keeps that object whole with the joins
    below it, so no cell ever loads a row of its own."""
    from django.core.exceptions import FieldDoesNotExist

    selected = qs.query.select_related
    if not isinstance(selected, dict) or qs.query.deferred_loading != (frozenset(), True):
        return qs  # select_related() of everything, or fields already chosen by the selector
    original = _select_related_paths(selected)
    annotations = set(qs.query.annotations)
    joins: set[str] = set()
    fields: set[str] = {qs.model._meta.pk.name}

    def whole(model, prefix):
        return {f"{prefix}__{f.name}" for f in model._meta.concrete_fields}

    for col in table.excel_columns:
        if col._choice_field is not None:
            try:
                fields.add(qs.model._meta.get_field(col._choice_field).name)
            except FieldDoesNotExist:
                return qs
            continue
        model, path = qs.model, []
        for i, part in enumerate(col.name.split(".")):
            if i == 0 and part in annotations:
                break
            try:
                f = model._meta.get_field(part)
            except FieldDoesNotExist:
                return qs  # a property or method: it may read any field or relation
            if not f.is_relation:
                fields.add("__".join([*path, part]))
                break
            if not (f.many_to_one or f.one_to_one) or f.related_model is None or not f.concrete:
                return qs
            path.append(part)
            model = f.related_model
        else:  # the column's value is a related object: fetched whole, with its joins
            joined = "__".join(path)
            below = [p for p in original if p.startswith(joined + "__")]
            joins.update([joined, *below])
            fields.update(whole(model, joined))
            for p in below:
                target = qs.model
                for part in p.split("__"):
                    target = target._meta.get_field(part).related_model
                fields.update(whole(target, p))
            continue
        if path:
            joins.add("__".join(path))
    qs = qs.select_related(None)
    if joins:  # (select_related() with no names would join everything)
        qs = qs.select_related(*sorted(joins))
    return qs.only(*sorted(fields))


def table_xlsx(table: Table, objects, *, title: str) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    ws.freeze_panes = "A2"
    columns = table.excel_columns
    for i, col in enumerate(columns):
        ws.column_dimensions[chr(ord("A") + i) if i < 26 else "A"].width = max(
            10, min(40, len(col.header) * 2 + 4)
        )
    header = []
    for col in columns:
        cell = WriteOnlyCell(ws, value=str(col.header))
        cell.font = Font(bold=True)
        if is_dangerous(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True
        header.append(cell)
    ws.append(header)
    cells = None
    for obj in objects:
        if cells is None:  # per column, what holds for the whole export is resolved once
            cells = [col.exporter(type(obj)) for col in columns]
        row = []
        for cell in cells:
            value = cell(obj)
            if isinstance(value, datetime):
                value = timezone.localtime(value).replace(tzinfo=None)
            elif isinstance(value, date):
                pass
            row.append(write_only_cell(ws, value))
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def safe_cell(value):
    """A text cell that Excel would read as a formula (= + - @ at the start) gets a leading
    apostrophe; numbers and other values pass unchanged."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
