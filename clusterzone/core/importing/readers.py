"""Read an uploaded or local file into (header row, data rows) with Excel row numbers.

.xlsx/.xlsm/.xls/.ods are read with python-calamine (first sheet); .csv is decoded as UTF-8
(with or without BOM) and, failing that, as GB18030 (a superset of GBK, what Excel on a
Chinese Windows writes). The header is the first non-empty row; blank rows are skipped; row
numbers are those the user sees in Excel (the header is usually row 1).
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from clusterzone.core.exceptions import DomainError

from .columns import is_empty

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt"}


@dataclass
class Sheet:
    header_row: int  # Excel row number of the header
    header: list  # raw header cells
    rows: list[tuple[int, list]]  # (Excel row number, raw cells), blank rows left out


def _read_bytes(source) -> bytes:
    if isinstance(source, (str, os.PathLike)):
        return Path(source).read_bytes()
    if isinstance(source, (bytes, bytearray)):
        return bytes(source)
    if hasattr(source, "seek"):
        try:
            source.seek(0)
        except (OSError, ValueError):
            pass
    data = source.read()
    if isinstance(data, str):
        return data.encode("utf-8")
    return data


def decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise DomainError(_("无法识别CSV文件的编码：请另存为“UTF-8”或“GBK”编码的CSV，或直接上传.xlsx文件。"))


def _grid_csv(data: bytes) -> list[list]:
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    dialect = csv.excel_tab if first_line.count("\t") > first_line.count(",") else csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def _grid_excel(data: bytes) -> list[list]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not workbook.sheet_names:
            return []
        sheet = workbook.get_sheet_by_index(0)
        return sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise DomainError(
            _("无法读取Excel文件：%(detail)s。请确认文件未损坏、未加密。") % {"detail": str(exc)[:100]}
        )


def read_sheet(source, filename: str | None = None) -> Sheet:
    """Read the first sheet of `source` (a path, bytes or a binary file object)."""
    name = (
        filename
        or getattr(source, "name", None)
        or (str(source) if isinstance(source, (str, os.PathLike)) else "")
    )
    suffix = Path(str(name)).suffix.lower()
    if suffix not in EXCEL_SUFFIXES | CSV_SUFFIXES:
        raise DomainError(
            _("不支持的文件类型“%(suffix)s”：请上传 .xlsx 或 .csv 文件。")
            % {"suffix": suffix or _("无扩展名")}
        )
    data = _read_bytes(source)
    grid = _grid_excel(data) if suffix in EXCEL_SUFFIXES else _grid_csv(data)
    header_row, header, rows = 0, [], []
    for index, cells in enumerate(grid, start=1):
        if all(is_empty(c) for c in cells):
            continue
        if not header_row:
            header_row, header = index, list(cells)
        else:
            rows.append((index, list(cells)))
    if not header_row:
        raise DomainError(_("文件是空的：没有找到表头行。"))
    return Sheet(header_row=header_row, header=header, rows=rows)
