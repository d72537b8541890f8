"""Excel export of any table declaration (openpyxl, write-only mode: flat memory)."""

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


def table_xlsx(table: Table, objects, *, title: str) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    ws.freeze_panes = "A2"
    for i, col in enumerate(table.columns):
        ws.column_dimensions[chr(ord("A") + i) if i < 26 else "A"].width = max(
            10, min(40, len(col.header) * 2 + 4)
        )
    header = []
    for col in table.columns:
        cell = WriteOnlyCell(ws, value=str(col.header))
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for obj in objects:
        row = []
        for col in table.columns:
            value = col.cell(obj)
            if isinstance(value, datetime):
                value = timezone.localtime(value).replace(tzinfo=None)
            elif isinstance(value, date):
                pass
            row.append(value)
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
