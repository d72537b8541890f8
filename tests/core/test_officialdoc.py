"""The official-document renderer (GB/T 9704-2012): read back with python-docx, a document is
A4 with the standard margins, carries the 版头, the 发文字号, the 主送 line, the body, the 落款
after the body, 抄送 and 印发 in the 版记, and a PAGE field in the footer; wide tables sit in a
landscape section; styles carry the fonts (no font per run)."""

import io
from datetime import date
from decimal import Decimal

from docx import Document
from docx.enum.section import WD_ORIENT

from clusterzone.core import officialdoc as od


def sample(**kw):
    kw.setdefault(
        "blocks",
        [
            od.Heading("一、总体情况"),
            od.Paragraph("1-4月，全县产业集聚区完成固定资产投资15亿元。"),
            od.Heading("（一）分项情况", level=2),
            od.Table(["集聚区", "固定资产投资（万元）"], [["鲁山县产业集聚区", Decimal("150000")]]),
        ],
    )
    return od.OfficialDocument(
        issuer="鲁山县产业集聚区发展联席会议办公室",
        number="鲁集聚办〔2025〕7号",
        title="关于2025年1-4月鲁山县产业集聚区主要指标完成情况的通报",
        addressees="各产业集聚区管委会、联席会议各成员单位：",
        signed_on=date(2025, 5, 21),
        cc="县委办公室，县政府办公室。",
        **kw,
    )


def read(data: bytes):
    return Document(io.BytesIO(data))


def texts(doc):
    return [p.text for p in doc.paragraphs]


def test_a4_with_the_standard_margins():
    doc = read(od.render(sample()))
    s = doc.sections[0]
    assert round(s.page_width.mm) == 210 and round(s.page_height.mm) == 297
    assert [round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [
        37,
        35,
        28,
        26,
    ]


def test_header_number_addressees_body_and_signature_in_order():
    doc = read(od.render(sample()))
    t = texts(doc)
    assert t[0] == "鲁山县产业集聚区发展联席会议办公室文件"
    assert "鲁集聚办〔2025〕7号" in t
    i_title = t.index("关于2025年1-4月鲁山县产业集聚区主要指标完成情况的通报")
    i_to = t.index("各产业集聚区管委会、联席会议各成员单位：")
    i_body = t.index("1-4月，全县产业集聚区完成固定资产投资15亿元。")
    i_sign = t.index("2025年5月21日")
    assert t.index("鲁集聚办〔2025〕7号") < i_title < i_to < i_body < i_sign
    assert t[i_sign - 1] == "鲁山县产业集聚区发展联席会议办公室"  # 落款 organ above the date
    assert t.index("抄送：县委办公室，县政府办公室。") > i_sign
    assert t[-1].startswith("鲁山县产业集聚区发展联席会议办公室") and t[-1].endswith("2025年5月21日印发")


def test_red_header_optional():
    red = read(od.render(sample()))
    assert str(red.paragraphs[0].runs[0].font.color.rgb) == "E60012"
    black = read(od.render(sample(red_header=False)))
    assert black.paragraphs[0].runs[0].font.color.rgb is None


def test_fonts_come_from_styles():
    doc = read(od.render(sample()))
    by_text = {p.text: p for p in doc.paragraphs}
    title = by_text["关于2025年1-4月鲁山县产业集聚区主要指标完成情况的通报"]
    assert title.style.font.name == "方正小标宋简体" and title.style.font.size.pt == 22
    body = by_text["1-4月，全县产业集聚区完成固定资产投资15亿元。"]
    assert body.style.font.name == "仿宋_GB2312" and body.style.font.size.pt == 16
    assert by_text["一、总体情况"].style.font.name == "黑体"
    assert by_text["（一）分项情况"].style.font.name == "楷体_GB2312"
    for p in doc.paragraphs:
        for r in p.runs:
            assert r.font.name is None  # no font set per run


def test_page_number_field_in_the_footer():
    doc = read(od.render(sample()))
    footer = doc.sections[0].footer
    xml = footer._element.xml
    assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
    assert footer.paragraphs[0].text == "— 1 —"
    assert doc.sections[0].even_page_footer.paragraphs[0].text == "— 1 —"


def test_wide_table_in_a_landscape_section():
    header = ["集聚区"] + [f"指标{i}" for i in range(11)]
    rows = [[f"集聚区{i}", *range(11)] for i in range(3)]
    doc = read(od.render(sample(blocks=[od.Paragraph("正文"), od.Table(header, rows)])))
    orientations = [s.orientation for s in doc.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    land = doc.sections[1]
    assert round(land.page_width.mm) == 297 and round(land.page_height.mm) == 210
    table = doc.tables[0]
    assert [c.text for c in table.rows[2].cells][:3] == ["集聚区1", "0", "1"]


def test_large_table_renders_quickly():
    import time

    header = ["集聚区"] + [f"指标{i}" for i in range(19)]
    rows = [[f"集聚区{i}", *[Decimal(i) for _ in range(19)]] for i in range(200)]
    start = time.perf_counter()
    data = od.render(sample(blocks=[od.Table(header, rows)]))
    assert time.perf_counter() - start < 2.0
    assert len(read(data).tables[0].rows) == 201


def test_chinese_date():
    assert od.chinese_date(date(2025, 5, 1)) == "2025年5月1日"
