"""Bulletins say only what the data shows, in the official-document format, and are issued
into the register: no conclusion from absence (a region without approved data is not "均达到
时间进度" nor "均按时报送"), late and missing reports by name, rankings only of clusters with
figures; the .docx read back is A4 with the 文号, the 主送 line, the 落款 after the body and a
PAGE field; the Excel holds numbers as numbers with formats; issued bulletins are numbered,
stored, immutable, and corrected by a new bulletin."""

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from clusterzone.assessment.bulletins import build
from clusterzone.assessment.bulletins import docx as bulletin_docx
from clusterzone.assessment.bulletins import xlsx as bulletin_xlsx
from clusterzone.assessment.bulletins.issue import bulletin_issue
from clusterzone.core.exceptions import DomainError
from clusterzone.core.models import DocumentOffice, IssuedDocument
from tests.assessment.test_bulletins import zmd_data  # noqa: F401  (fixture)
from tests.reporting.conftest import catalog, monthly  # noqa: F401  (fixtures)

ABSENCE_CONCLUSIONS = ("均达到时间进度", "均按时报送", "暂无已审核的统计数据")


def all_text(doc):
    return "\n".join(p.text for p in doc.paragraphs)


def test_no_conclusion_from_absence(world, monthly):  # noqa: F811
    # the whole province, no approved figure at all, every April report missing
    b = build(user=None, region="410000", period="2025-04", issued=date(2025, 5, 21))
    text = all_text(Document(io.BytesIO(bulletin_docx.render(b))))
    for phrase in ABSENCE_CONCLUSIONS:
        assert phrase not in text
    assert "截至2025年5月21日，全省产业集聚区2025年1-4月尚无已审核数据。" in text
    assert b.text("lagging") == "截至2025年5月21日，尚无可与时间进度比较的数据（已审核数据和全年目标）。"
    # late and missing reports listed by name
    assert b.text("reporting") == (
        "本期应报3份报表，已报0份；逾期未报：鲁山县产业集聚区、驻马店市产业集聚区、上蔡县产业集聚区。"
    )
    assert "不排名" in b.text("table")
    assert b.text("assessment") == "截至2025年5月21日，尚无已发布的考核评价结果。"


def test_ranking_only_of_clusters_with_figures(zmd_data):  # noqa: F811
    b = build(
        user=zmd_data.users["office_admin"], region="411700", period="2025-04", issued=date(2025, 5, 21)
    )
    assert b.no_figures == ["遂平县产业集聚区"]
    assert "遂平县产业集聚区尚无已审核数据（未报送或数据缺失），不参加排名" in b.text("table")
    assert "逾期未报：遂平县产业集聚区" in b.text("reporting")
    assert "均按时报送" not in b.text("reporting")


def test_docx_is_an_official_document(zmd_data):  # noqa: F811
    user = zmd_data.users["office_admin"]
    DocumentOffice.objects.create(unit=user.unit, prefix="驻集聚办", cc="市委办公室，市政府办公室。")
    doc = bulletin_issue(actor=user, region="411700", period="2025-04", signed_on=date(2025, 5, 21))
    d = Document(io.BytesIO(bytes(doc.docx)))
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    t = [p.text for p in d.paragraphs]
    assert doc.number == "驻集聚办〔2025〕1号" and doc.number in t
    i_to = t.index("各产业集聚区管委会、联席会议各成员单位：")
    i_body = next(i for i, x in enumerate(t) if x.startswith("1-4月，全市产业集聚区完成固定资产投资15亿元"))
    i_sign = t.index("2025年5月21日")
    assert i_to < i_body < i_sign and t[i_sign - 1] == "驻马店市联席办"
    assert "抄送：市委办公室，市政府办公室。" in t
    assert "PAGE" in s.footer._element.xml
    assert s.footer.paragraphs[0].text == "— 1 —"


def test_excel_numbers_are_numbers(zmd_data):  # noqa: F811
    b = build(
        user=zmd_data.users["office_admin"], region="411700", period="2025-04", issued=date(2025, 5, 21)
    )
    ws = load_workbook(io.BytesIO(bulletin_xlsx.render(b)))["集聚区指标"]
    rows = {r[1].value: r for r in ws.iter_rows(min_row=2)}
    shangcai = rows["上蔡县产业集聚区"]
    assert shangcai[2].value == 60000 and "万元" in shangcai[2].number_format
    assert shangcai[3].value == 20.0 and "%" in shangcai[3].number_format
    assert shangcai[5].value == 2
    assert rows["遂平县产业集聚区"][2].value is None


def test_issue_edit_store_and_correct(zmd_data):  # noqa: F811
    user = zmd_data.users["office_staff"]
    first = bulletin_issue(
        actor=user,
        region="411700",
        period="2025-04",
        signed_on=date(2025, 5, 21),
        edits={
            "overall": "经审核，1-4月全市产业集聚区投资15亿元。",
            "requirements": "各集聚区要加快项目建设。",
        },
    )
    text = all_text(Document(io.BytesIO(bytes(first.docx))))
    assert "经审核，1-4月全市产业集聚区投资15亿元。" in text
    assert "各集聚区要加快项目建设。" in text and "下一步工作要求" in text
    assert first.figures["paragraphs"]["overall"] == "经审核，1-4月全市产业集聚区投资15亿元。"
    assert first.figures["clusters"][0]["indicators"]["fai"]["value"] is not None
    assert bytes(first.xlsx)[:2] == b"PK" and len(first.sha256) == 64
    fix = bulletin_issue(
        actor=user, region="411700", period="2025-04", signed_on=date(2025, 5, 22), corrects=first
    )
    assert fix.corrects == first and fix.sequence == first.sequence + 1
    assert fix.title.endswith("（更正）")
    with pytest.raises(DomainError):
        first.save()
    with pytest.raises(DomainError):
        bulletin_issue(
            actor=zmd_data.users["cluster_reporter"],
            region="411722",
            period="2025-04",
            signed_on=date(2025, 5, 21),
        )


def test_page_preview_edit_issue_and_register(zmd_data, login):  # noqa: F811
    client = login(zmd_data.users["office_admin"])
    url = reverse("assessment:bulletin_draft")
    page = client.get(url, {"region": "411700", "period": "2025-04", "date": "2025-05-21"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="p_overall"' in html and "驻集聚办〔2025〕1号" in html
    r = client.post(
        url,
        {
            "region": "411700",
            "period": "2025-04",
            "date": "2025-05-21",
            "sections": ["overall", "table", "reporting", "requirements"],
            "p_overall": "改写后的总体情况。",
            "p_requirements": "加快推进。",
            "action": "issue",
        },
    )
    assert r.status_code == 302
    doc = IssuedDocument.objects.get()
    assert doc.number == "驻集聚办〔2025〕1号"
    assert doc.figures["sections"] == ["overall", "table", "reporting", "requirements"]
    reg = client.get(reverse("core:document_list"), {"kind": "bulletin", "year": "2025"})
    assert reg.status_code == 200 and "驻集聚办〔2025〕1号" in reg.content.decode()
    dl = client.get(reverse("core:document_file", args=[doc.pk, "docx"]))
    assert dl.status_code == 200 and bytes(dl.content) == bytes(doc.docx)
    assert "改写后的总体情况。" in all_text(Document(io.BytesIO(dl.content)))
    # another city's office does not see it
    other = login(zmd_data.users["other_admin"])
    assert other.get(reverse("core:document_file", args=[doc.pk, "docx"])).status_code == 404
