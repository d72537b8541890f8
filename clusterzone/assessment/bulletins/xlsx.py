"""The bulletin's tables as an Excel workbook (openpyxl): 总体情况, 集聚区指标, 进度滞后,
报送情况 and, when there is a published run, 考核结果."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from clusterzone.core import units
from clusterzone.core.exporting import workbook_bytes

from .content import Bulletin
from .docx import cluster_table_rows


def _sheet(wb, title: str, header: list[str], rows: list[list]):
    ws = wb.create_sheet(title=title[:31])
    ws.append([str(h) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for i, h in enumerate(header):
        ws.column_dimensions[ws.cell(row=1, column=i + 1).column_letter].width = max(
            10, min(36, len(h) * 2 + 4)
        )
    ws.freeze_panes = "A2"
    return ws


def render(b: Bulletin) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(
        wb,
        _("总体情况"),
        [_("标题"), _("发文单位"), _("日期"), _("总体情况")],
        [[b.title, b.issuer, b.issued_label, b.totals]],
    )
    header, rows = cluster_table_rows(b)
    _sheet(wb, _("集聚区指标"), header, rows)
    _sheet(wb, _("进度滞后"), [_("进度滞后的集聚区")], [[t] for t in b.lagging])
    _sheet(
        wb,
        _("报送情况"),
        [_("集聚区"), _("期间"), _("截止日期"), _("情况"), _("逾期工作日")],
        [
            [i.cluster_name, i.period.label, units.date_label(i.due_date), i.kind_label, i.workdays_late]
            for i in b.late
        ],
    )
    if b.outcomes:
        _sheet(
            wb,
            _("考核结果"),
            [_("排名"), _("集聚区"), _("综合得分"), _("星级"), _("结果")],
            [[o.rank, o.cluster, o.score, o.star, o.outcome] for o in b.outcomes],
        )
    return workbook_bytes(wb)
