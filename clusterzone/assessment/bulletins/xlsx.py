"""The bulletin's tables as an Excel workbook (through core.exporting's safe writer): numbers
as numbers with number formats (万元 / 亿元 / %), not text. Sheets: 总体情况, 集聚区指标,
进度滞后, 报送情况 and, when there is a published run, 考核结果."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from clusterzone.core import exporting, units

from .content import Bulletin
from .docx import star_label

FMT_WAN = '#,##0.00"万元"'
FMT_PCT = '0.0"%"'
FMT_INT = "0"


def _cell_value(value):
    return exporting.safe_cell(value)


def _sheet(wb, title: str, header: list[str], rows: list[list], formats: list[str | None] | None = None):
    ws = wb.create_sheet(title=title[:31])
    ws.append([str(h) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell_value(v) if isinstance(v, str) else v for v in row])
        if formats:
            for cell, fmt in zip(ws[ws.max_row], formats, strict=False):
                if fmt and isinstance(cell.value, (int, float, Decimal)):
                    cell.number_format = fmt
    for i, h in enumerate(header):
        ws.column_dimensions[ws.cell(row=1, column=i + 1).column_letter].width = max(
            10, min(36, len(h) * 2 + 4)
        )
    ws.freeze_panes = "A2"
    return ws


def _num(v):
    return None if v is None else float(v)


def _pct(v):
    return None if v is None else round(float(v), 1)


def render(b: Bulletin) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(
        wb,
        _("总体情况"),
        [_("标题"), _("发文单位"), _("日期"), _("总体情况")],
        [[b.title, b.issuer, b.issued_label, b.text("overall") or b.totals]],
    )
    header = [_("序号"), _("集聚区")]
    formats: list[str | None] = [FMT_INT, None]
    for code, name in b.headers:
        unit = ""
        raw = next((line.cells[b.headers.index((code, name))].raw for line in b.lines), None)
        unit = raw.unit if raw else ""
        header += [f"{name}（{unit}）" if unit else name, _("同比（%）"), _("占目标（%）"), _("排名")]
        formats += [FMT_WAN if unit == "万元" else "#,##0.##", FMT_PCT, FMT_PCT, FMT_INT]
    rows = []
    for i, line in enumerate(b.lines, 1):
        row = [i, line.name]
        for c in line.cells:
            r = c.raw
            row += [
                _num(r.value) if r else None,
                _pct(r.yoy_pct) if r else None,
                _pct(r.target_pct) if r else None,
                int(c.rank) if c.rank.isdigit() else c.rank,
            ]
        rows.append(row)
    _sheet(wb, _("集聚区指标"), header, rows, formats)
    _sheet(wb, _("进度滞后"), [_("进度滞后的集聚区")], [[t] for t in b.lagging])
    _sheet(
        wb,
        _("报送情况"),
        [_("集聚区"), _("期间"), _("截止日期"), _("情况"), _("逾期工作日")],
        [
            [i.cluster_name, i.period.label, units.date_label(i.due_date), i.kind_label, i.workdays_late]
            for i in b.late
        ],
        [None, None, None, None, FMT_INT],
    )
    if b.outcomes or b.unranked:
        _sheet(
            wb,
            _("考核结果"),
            [_("排名"), _("集聚区"), _("综合得分"), _("星级"), _("结果运用")],
            [
                [
                    o.rank,
                    o.cluster,
                    _num(Decimal(o.score)) if o.score else None,
                    star_label(o.star),
                    o.outcome,
                ]
                for o in b.outcomes
            ]
            + [[_("数据缺失"), o.cluster, None, "—", ""] for o in b.unranked],
            [FMT_INT, None, "0.00", None, None],
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
