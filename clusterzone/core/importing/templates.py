"""The downloadable .xlsx template of an importer (openpyxl): the Chinese headers in bold on
a frozen first row, sensible column widths, code columns formatted as text (so Excel keeps
leading zeros and long codes), dropdowns for 是/否 and choice columns, and a second sheet
填写说明 listing every column: required or not, format, example."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..exporting import workbook_bytes

TEMPLATE_ROWS = 1000
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FONT = Font(bold=True, color="C00000")
HEADER_FONT = Font(bold=True)


def _width(text: str) -> float:
    # CJK characters take about two columns
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))


def build_template(importer) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = str(importer.title)[:31] or "data"
    for i, col in enumerate(importer.columns, start=1):
        cell = ws.cell(row=1, column=i, value=col.display_header)
        cell.font = REQUIRED_FONT if col.required else HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(
            12, min(40, max(_width(col.display_header), _width(col.example)) + 4)
        )
        if col.text_format:
            ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width, 22)
            for r in range(2, TEMPLATE_ROWS + 2):
                ws.cell(row=r, column=i).number_format = "@"
        if col.choices:
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(col.choices) + '"',
                allow_blank=True,
                showErrorMessage=False,
            )
            dv.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"

    notes = wb.create_sheet(_("填写说明"))
    heads = [_("列名"), _("是否必填"), _("格式"), _("示例"), _("说明")]
    for i, head in enumerate(heads, start=1):
        cell = notes.cell(row=1, column=i, value=head)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for r, col in enumerate(importer.columns, start=2):
        values = [
            col.display_header,
            _("必填") if col.required else _("选填"),
            col.fmt,
            col.example,
            col.help,
        ]
        for i, value in enumerate(values, start=1):
            cell = notes.cell(row=r, column=i, value=str(value or ""))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if i == 4:
                cell.number_format = "@"
    general = [
        _("第一行是表头，从第二行起每行一条%(title)s；空行会被跳过。") % {"title": importer.title},
        _("表头可带或不带单位，如“注册资本（万元）”与“注册资本”均可识别；不认识的列会被忽略。"),
        _("导入前会检查全部行，只要有一处错误就不写入任何数据，并列出出错的行、列和原因。"),
        _("已有记录按代码更新，与系统中相同的行不做改动；同一文件重复导入不会产生变化。"),
        _("某列存在而单元格留空，表示该项为空（是/否列视为“否”）；只更新部分内容时可删去不需要的选填列。"),
        _("也可上传 CSV 文件（UTF-8 或 GBK 编码）。"),
        *importer.notes,
    ]
    start = len(importer.columns) + 3
    notes.cell(row=start, column=1, value=_("说明")).font = HEADER_FONT
    for k, line in enumerate(general, start=1):
        notes.cell(row=start + k, column=1, value=f"{k}. {line}")
    for letter, width in zip("ABCDE", (24, 10, 44, 26, 50), strict=True):
        notes.column_dimensions[letter].width = width
    notes.freeze_panes = "A2"

    return workbook_bytes(wb)
