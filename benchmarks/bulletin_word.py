"""Benchmark: the bulletin (通报) of the whole province as Word, at province scale (one table
row per cluster: 序号, 集聚区 and value / 同比 / 占目标 / 排名 of 4 key indicators; the late
reports; the other sections' paragraphs), against a plain python-docx reference writing the
same content — the same paragraphs and tables, the fonts set once on the styles and the table
cells filled directly (`cell.text = …`), no per-run formatting — timed alternately in one
process (median of --repeat). The two documents are checked to hold the same text, paragraph
by paragraph and cell by cell.

The application line is `assessment.bulletins.docx.render(bulletin)`: the bulletin's blocks
and the official-document renderer (core.officialdoc: GB/T 9704 page, 版头, rule, footer page
field, 落款, 版记). The bulletin's figures (`bulletins.content.build`) are read once before
and are not part of either line.

    .venv/bin/python benchmarks/bulletin_word.py [--clusters 180 --years 2 --period 2025-06]
"""

import io
from datetime import date

from _common import compare, load_line, parse_args, setup, superuser

args = parse_args(__doc__)
facts = setup(args)

from docx import Document  # noqa: E402
from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Mm, Pt  # noqa: E402

from clusterzone.assessment.bulletins import content  # noqa: E402
from clusterzone.assessment.bulletins import docx as bdocx  # noqa: E402
from clusterzone.core import officialdoc as od  # noqa: E402

bulletin = content.build(user=superuser(), region="410000", period=args.period, issued=date(2025, 7, 10))
official = bdocx.document(bulletin, number="豫集聚办〔2025〕7号")  # the reference's content


def app():
    return bdocx.render(bulletin, number="豫集聚办〔2025〕7号")


def _font(style, name, size):
    style.font.name = name
    style.font.size = Pt(size)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def reference():
    """Plain python-docx: the same paragraphs and tables; styles set once, cells filled directly."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    _font(doc.styles["Normal"], od.BODY_FONT, od.SIZE_3)
    for name, font, size in (("标题", od.TITLE_FONT, od.SIZE_2), ("一级标题", od.HEADING1_FONT, od.SIZE_3)):
        _font(doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH), font, size)
    grid = doc.styles["Table Grid"]  # the table's font, once on its style
    _font(grid, od.BODY_FONT, od.TABLE_SIZE)
    d = official
    doc.add_paragraph(f"{d.issuer}文件", style="标题")
    doc.add_paragraph(d.number)
    doc.add_paragraph("")
    doc.add_paragraph(d.title, style="标题")
    doc.add_paragraph("")
    doc.add_paragraph(d.addressees)
    for block in d.blocks:
        if isinstance(block, od.Heading):
            doc.add_paragraph(block.text, style="一级标题")
        elif isinstance(block, od.Paragraph):
            doc.add_paragraph(block.text)
        else:
            table = doc.add_table(rows=len(block.rows) + 1, cols=len(block.header))
            table.style = grid
            for row, values in zip(table.rows, [block.header, *block.rows], strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = od.cell_text(value)
    doc.add_paragraph("")
    doc.add_paragraph(d.signer or d.issuer)
    doc.add_paragraph(od.chinese_date(d.signed_on))
    doc.add_paragraph("")
    if d.cc:
        doc.add_paragraph(f"抄送：{d.cc}")
    doc.add_paragraph(f"{d.printer or d.issuer}\t{od.chinese_date(d.printed_on or d.signed_on)}印发")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def texts(data: bytes):
    """The body in order: paragraph texts and table cell texts."""
    doc = Document(io.BytesIO(data))
    out = []
    for el in doc.element.body.iterchildren():
        if el.tag == qn("w:p"):
            out.append("".join(t.text or "" for t in el.iter(qn("w:t"))))
        elif el.tag == qn("w:tbl"):
            for tr in el.iter(qn("w:tr")):
                out.append(
                    tuple("".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.iter(qn("w:tc")))
                )
    return [x for x in out if x != ""]


(app_s, app_q, app_doc), (ref_s, ref_q, ref_doc) = compare(app, reference, args.repeat)
same = texts(app_doc) == texts(ref_doc)
tables = [b for b in official.blocks if isinstance(b, od.Table)]
cells = sum((len(t.rows) + 1) * len(t.header) for t in tables)
print("== bulletin of the province as Word (通报 .docx) vs plain python-docx writing the same content")
print(
    f"database: {facts['database']}  clusters: {args.clusters}  period: {args.period}  "
    f"table rows: {len(bulletin.lines)}  tables: {len(tables)}  cells: {cells}"
)
print(
    f"application (bulletins.docx.render): {app_s * 1000:.1f} ms, {app_q} SQL, {len(app_doc) / 1024:.0f} KiB"
)
print(f"reference (plain python-docx): {ref_s * 1000:.1f} ms, {len(ref_doc) / 1024:.0f} KiB")
print(f"ratio application / reference: {app_s / ref_s:.2f}x (median of {args.repeat}, alternating)")
print(f"same text paragraph by paragraph and cell by cell: {same}")
print(load_line())
assert same, "the two documents differ"
