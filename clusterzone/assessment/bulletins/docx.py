"""The bulletin as a Word document in the form of a government bulletin (python-docx):
title, issuing office and date, the totals paragraph, the table of clusters, lagging
clusters, late or missing reports, and the outcomes of the latest published run."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from clusterzone.core import units

from .content import Bulletin

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def _para(doc, text: str, *, font=BODY_FONT, size=16, bold=False, align=None, indent=True):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    _font(p.add_run(text), font, size, bold)
    return p


def _table(doc, header: list[str], rows: list[list[str]]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 10.5, True)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(str(text)), BODY_FONT, 10.5)
    return table


def cluster_table_rows(b: Bulletin) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of the cluster table (shared by docx and xlsx)."""
    header = [_("序号"), _("集聚区")]
    for _code, name in b.headers:
        header += [name, _("同比"), _("占目标"), _("排名")]
    rows = []
    for i, line in enumerate(b.lines, 1):
        row = [str(i), line.name]
        for c in line.cells:
            row += [c.value, c.yoy, c.target_pct, c.rank]
        rows.append(row)
    return header, rows


def render(b: Bulletin) -> bytes:
    doc = Document()
    _para(doc, b.title, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(doc, f"{b.issuer}　　{b.issued_label}", size=14, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)

    _para(doc, _("一、总体情况"), font=HEADING_FONT, bold=True)
    _para(doc, b.totals)

    _para(doc, _("二、各产业集聚区主要指标完成情况"), font=HEADING_FONT, bold=True)
    header, rows = cluster_table_rows(b)
    if rows:
        _table(doc, header, rows)
    else:
        _para(doc, _("暂无数据。"))

    _para(doc, _("三、进度滞后的产业集聚区"), font=HEADING_FONT, bold=True)
    if b.lagging:
        for text in b.lagging:
            _para(doc, text + "。")
    else:
        _para(doc, _("各产业集聚区均达到时间进度。"))

    _para(doc, _("四、报表报送情况"), font=HEADING_FONT, bold=True)
    if b.late:
        _table(
            doc,
            [_("集聚区"), _("期间"), _("截止日期"), _("情况"), _("逾期工作日")],
            [
                [
                    i.cluster_name,
                    i.period.label,
                    units.date_label(i.due_date),
                    i.kind_label,
                    str(i.workdays_late),
                ]
                for i in b.late
            ],
        )
    else:
        _para(doc, _("各产业集聚区均按时报送。"))

    if b.outcomes:
        _para(doc, _("五、考核评价结果"), font=HEADING_FONT, bold=True)
        _para(doc, _("根据%(run)s：") % {"run": b.run_title})
        _table(
            doc,
            [_("排名"), _("集聚区"), _("综合得分"), _("星级"), _("结果")],
            [[str(o.rank or "—"), o.cluster, o.score, str(o.star or "—"), o.outcome] for o in b.outcomes],
        )

    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
