"""THE official-document renderer: GB/T 9704-2012 党政机关公文格式 in Word (python-docx).

Bulletins (通报), minutes (会议纪要), supervision bulletins and work reports all describe
themselves as an `OfficialDocument` and call `render(doc) -> bytes`:

    doc = OfficialDocument(
        issuer="鲁山县产业集聚区发展联席会议办公室",      # 版头 (发文机关标志) and 落款
        number="鲁集聚办〔2025〕7号",                    # 发文字号 (core.documents allocates it)
        title="关于2025年1-4月……的通报",
        addressees="各产业集聚区管委会、联席会议各成员单位：",  # 主送
        blocks=[Heading("一、总体情况"), Paragraph("……"),
                Heading("（一）固定资产投资", level=2),
                Table(["集聚区", "固定资产投资（万元）"], [["鲁山县产业集聚区", 150000]])],
        signed_on=date(2025, 5, 21),                     # 成文日期, written 2025年5月21日
        cc="市委办公室，市人大办公室。",                   # 抄送 (optional)
        printer="鲁山县产业集聚区发展联席会议办公室",       # 印发机关 (default: issuer)
        red_header=True,
    )
    data = render(doc)

Layout: A4 210 × 297 mm, margins 37 / 35 / 28 / 26 mm (top / bottom / left / right); title
方正小标宋简体 二号 centred; body 仿宋_GB2312 三号 with a two-character first-line indent;
headings of level 1 黑体, level 2 楷体_GB2312; the 版头 issuer line in 小标宋 (red when
`red_header`), the 发文字号 under it and a red rule; the 落款 (issuer and 成文日期) right
after the body, 抄送 and 印发 lines in the 版记 at the end; page numbers "— 1 —" in the
footer (a PAGE field; odd pages right, even pages left). A table of more than
`LANDSCAPE_COLUMNS` columns goes into a landscape section of its own.

Styles are defined once per document (paragraph and table styles), never a font per run,
so that a document with hundreds of table cells renders quickly.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
RED = RGBColor(0xE6, 0x00, 0x12)

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
SIZE_2 = 22  # 二号
SIZE_3 = 16  # 三号
SIZE_4 = 14  # 四号
TABLE_SIZE = 10.5  # 五号
LANDSCAPE_COLUMNS = 10


@dataclass
class Heading:
    text: str
    level: int = 1  # 1: 黑体 "一、"; 2: 楷体 "（一）"


@dataclass
class Paragraph:
    text: str
    indent: bool = True


@dataclass
class Table:
    header: list[str]
    rows: list[list]
    caption: str = ""  # a 黑体 line above the table
    landscape: bool | None = None  # None: landscape when more than LANDSCAPE_COLUMNS columns


@dataclass
class OfficialDocument:
    issuer: str
    title: str
    blocks: list = field(default_factory=list)
    number: str = ""
    addressees: str = ""
    signed_on: date | None = None
    cc: str = ""
    printer: str = ""
    printed_on: date | None = None
    red_header: bool = True
    header_text: str = ""  # 版头 text; default "<issuer>文件"
    signer: str = ""  # 落款 organ; default issuer


def chinese_date(d: date | None) -> str:
    """成文日期 as GB/T 9704 writes it: 2025年5月21日 (no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def cell_text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


# ---------------------------------------------------------------- styles (set once) --


def _east_asian(style_or_run_font_element, name: str) -> None:
    rpr = style_or_run_font_element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _style(doc, name, *, font, size, bold=False, align=None, indent=False, color=None, base="Normal"):
    styles = doc.styles
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.font.name = font
    style.font.size = Pt(size)
    style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    _east_asian(style.element, font)
    pf = style.paragraph_format
    if align is not None:
        pf.alignment = align
    pf.first_line_indent = Pt(size * 2) if indent else Pt(0)
    return style


def _setup_styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(SIZE_3)
    _east_asian(normal.element, BODY_FONT)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = Pt(28)  # 每行 28 磅 ≈ 22 lines per page
    _style(doc, "公文正文", font=BODY_FONT, size=SIZE_3, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _style(doc, "公文标题", font=TITLE_FONT, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "公文一级标题", font=HEADING1_FONT, size=SIZE_3, indent=True)
    _style(doc, "公文二级标题", font=HEADING2_FONT, size=SIZE_3, indent=True)
    _style(doc, "公文主送", font=BODY_FONT, size=SIZE_3)
    _style(doc, "公文落款", font=BODY_FONT, size=SIZE_3, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _style(doc, "公文发文字号", font=BODY_FONT, size=SIZE_3, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "公文版记", font=BODY_FONT, size=SIZE_4)
    _style(doc, "公文页码", font="宋体", size=SIZE_4)
    header = _style(doc, "公文版头", font=TITLE_FONT, size=36, align=WD_ALIGN_PARAGRAPH.CENTER)
    header.paragraph_format.line_spacing = Pt(48)
    table_style = _style(doc, "公文表格", font=BODY_FONT, size=TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    table_style.paragraph_format.line_spacing = Pt(16)
    _style(doc, "公文表头", font=HEADING1_FONT, size=TABLE_SIZE, base="公文表格")


def _page(section, *, landscape=False) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE_HEIGHT_MM), Mm(PAGE_WIDTH_MM)
        # the type area turned by a quarter: 225 × 156 mm
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(28 - 7 * 0.35 * 4)  # 页码 7 mm below the type area


def _page_field(paragraph) -> None:
    """'— N —' with N a PAGE field."""
    paragraph.add_run("— ")
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, sep, text, end):
        run._r.append(el)
    paragraph.add_run(" —")


def _footers(doc, section) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.style = doc.styles["公文页码"]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(SIZE_4)  # 单页码居右空一字
    _page_field(odd)
    even = section.even_page_footer.paragraphs[0]
    even.style = doc.styles["公文页码"]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(SIZE_4)  # 双页码居左空一字
    _page_field(even)


def _rule(paragraph, *, color="E60012", size=12, where="bottom") -> None:
    """A horizontal line under (or over) a paragraph: the red rule of the 版头, the 版记 lines."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        # schema order: pBdr comes after numPr and before shd/tabs/spacing/ind/jc
        ppr.insert_element_before(
            borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:sectPr"
        )
    line = OxmlElement(f"w:{where}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "4")
    line.set(qn("w:color"), color)
    if where == "top":
        borders.insert(0, line)
    else:
        borders.append(line)


# ------------------------------------------------------------------------- blocks --


def _table(doc, block: Table) -> None:
    if block.caption:
        doc.add_paragraph(block.caption, style="公文一级标题")
    ncols = len(block.header)
    table = doc.add_table(rows=2, cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head_row, template = table.rows[0], table.rows[1]
    for cell, text in zip(head_row.cells, block.header, strict=True):
        p = cell.paragraphs[0]
        p.style = doc.styles["公文表头"]
        p.add_run(str(text))
    for cell in template.cells:
        p = cell.paragraphs[0]
        p.style = doc.styles["公文表格"]
        p.add_run("-")
    # body rows are copies of one styled template row (python-docx's cell access is
    # quadratic; a bulletin of 180 clusters × 20 columns must not take seconds)
    tbl, tr = table._tbl, template._tr
    tr.getparent().remove(tr)
    for values in block.rows:
        row = copy.deepcopy(tr)
        for t, value in zip(row.iter(qn("w:t")), values, strict=True):
            t.text = cell_text(value)
        tbl.append(row)
    # repeat the header row on every page
    trpr = head_row._tr.get_or_add_trPr()
    th = OxmlElement("w:tblHeader")
    th.set(qn("w:val"), "true")
    trpr.append(th)


def _wide(block: Table) -> bool:
    return block.landscape if block.landscape is not None else len(block.header) > LANDSCAPE_COLUMNS


def render(document: OfficialDocument) -> bytes:
    """The .docx bytes of an official document."""
    doc = Document()
    _setup_styles(doc)
    section = doc.sections[0]
    _page(section)
    _footers(doc, section)

    # 版头: 发文机关标志, 发文字号, the red rule
    head = doc.add_paragraph(document.header_text or f"{document.issuer}文件", style="公文版头")
    if document.red_header:
        for run in head.runs:
            run.font.color.rgb = RED
    number = doc.add_paragraph(document.number, style="公文发文字号")
    _rule(number, color="E60012" if document.red_header else "000000", size=18)
    doc.add_paragraph("", style="Normal")

    doc.add_paragraph(document.title, style="公文标题")
    doc.add_paragraph("", style="Normal")
    if document.addressees:
        doc.add_paragraph(document.addressees, style="公文主送")

    for block in document.blocks:
        if isinstance(block, Heading):
            doc.add_paragraph(block.text, style="公文一级标题" if block.level == 1 else "公文二级标题")
        elif isinstance(block, Paragraph):
            doc.add_paragraph(block.text, style="公文正文" if block.indent else "Normal")
        elif isinstance(block, Table):
            if _wide(block):
                _page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
                _table(doc, block)
                _page(doc.add_section(WD_SECTION.NEW_PAGE))
            else:
                _table(doc, block)
        else:  # a plain string
            doc.add_paragraph(str(block), style="公文正文")

    # 落款: issuing organ and 成文日期, right after the body (右空四字)
    doc.add_paragraph("", style="Normal")
    signer = doc.add_paragraph(document.signer or document.issuer, style="公文落款")
    signer.paragraph_format.right_indent = Pt(SIZE_3 * 4)
    dated = doc.add_paragraph(chinese_date(document.signed_on), style="公文落款")
    dated.paragraph_format.right_indent = Pt(SIZE_3 * 4)

    # 版记: 抄送, 印发机关 and 印发日期, between rules
    doc.add_paragraph("", style="Normal")
    first = None
    if document.cc:
        first = doc.add_paragraph(f"抄送：{document.cc}", style="公文版记")
        first.paragraph_format.left_indent = Pt(SIZE_4)
    printed = doc.add_paragraph(
        f"{document.printer or document.issuer}\t{chinese_date(document.printed_on or document.signed_on)}印发",
        style="公文版记",
    )
    printed.paragraph_format.left_indent = Pt(SIZE_4)
    printed.paragraph_format.tab_stops.add_tab_stop(
        Mm(PAGE_WIDTH_MM - 28 - 26 - 6), alignment=WD_TAB_ALIGNMENT.RIGHT
    )
    _rule(first or printed, color="000000", size=8, where="top")
    _rule(printed, color="000000", size=8, where="bottom")

    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
