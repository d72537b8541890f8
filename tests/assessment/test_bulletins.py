"""Bulletins (通报): the .docx opens with python-docx and carries the right numbers — the
totals paragraph in the documents' own style, the table of clusters (value, 同比, 占目标,
rank with ties), lagging clusters, late or missing reports; the .xlsx has the same tables;
the CLI writes both; the page downloads them."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from clusterzone.assessment.bulletins import build
from clusterzone.assessment.bulletins import docx as bulletin_docx
from clusterzone.assessment.bulletins import xlsx as bulletin_xlsx
from clusterzone.core.periods import Period
from clusterzone.reporting.models import Indicator, Submission, Target, Value
from tests import factories as f
from tests.reporting.conftest import catalog, monthly  # noqa: F401  (fixtures)

D = Decimal


def put(ds, cluster, code, period, value):
    p = Period.parse(period)
    sub, _ = Submission.objects.get_or_create(
        dataset=ds,
        cluster=cluster,
        period=str(p),
        defaults={"period_end": p.end, "due_date": ds.due_date(p), "status": "approved"},
    )
    Value.objects.update_or_create(
        cluster=cluster,
        indicator=Indicator.objects.get(code=code),
        period=str(p),
        defaults={"submission": sub, "year": p.year, "value": D(value)},
    )


@pytest.fixture
def zmd_data(world, monthly, catalog):  # noqa: F811
    """驻马店市: 上蔡 and 驻马店市产业集聚区 with approved April figures and 2025 targets, and
    a third cluster (遂平) that has not reported."""
    a, a2 = world.cluster_a, world.cluster_a2
    for cluster, fai, fai_ly, rev, rev_ly in [
        (a, 60000, 50000, 100000, 64000),
        (a2, 90000, 70000, 100000, 100000),
    ]:
        put(monthly, cluster, "fai", "2025-04", fai)
        put(monthly, cluster, "fai", "2024-04", fai_ly)
        put(monthly, cluster, "revenue", "2025-04", rev)
        put(monthly, cluster, "revenue", "2024-04", rev_ly)
    for cluster, fai_t, rev_t in [(a, 300000, 240000), (a2, 300000, 200000)]:
        Target.objects.create(cluster=cluster, indicator=catalog["fai"], year=2025, value=D(fai_t))
        Target.objects.create(cluster=cluster, indicator=catalog["revenue"], year=2025, value=D(rev_t))
    c = f.ClusterFactory(code="41172801", name="遂平县产业集聚区", region=world.zmd)
    monthly.clusters.add(c)
    return world


def test_totals_paragraph_in_the_documents_style(zmd_data):
    b = build(
        user=zmd_data.users["office_admin"], region="411700", period="2025-04", issued=date(2025, 5, 21)
    )
    # fai 60000 + 90000 = 15亿 (last year 120000: +25%; target 600000: 25%)
    # revenue 200000 = 20亿 (last year 164000: +21.95% → 22%; target 440000: 45.45% → 45.5%)
    assert b.totals == (
        "1-4月，全市产业集聚区完成固定资产投资15亿元，同比增长25%，占全年目标的25%；"
        "实现主营业务收入20亿元，同比增长22%，占全年目标的45.5%。"
    )
    assert b.issuer == "驻马店市联席办"
    assert b.issued_label == "2025年5月21日"
    assert b.title == "关于2025年1-4月驻马店市产业集聚区主要指标完成情况的通报"


def test_docx_opens_and_has_the_right_numbers(zmd_data):
    b = build(
        user=zmd_data.users["office_admin"], region="411700", period="2025-04", issued=date(2025, 5, 21)
    )
    doc = Document(io.BytesIO(bulletin_docx.render(b)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert b.title in text
    # 落款 after the body: the issuing office, then 成文日期
    assert "驻马店市联席办\n2025年5月21日" in text
    assert "1-4月，全市产业集聚区完成固定资产投资15亿元，同比增长25%，占全年目标的25%" in text
    table = doc.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header[:6] == ["序号", "集聚区", "固定资产投资", "同比", "占目标", "排名"]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in table.rows[1:]}
    # 驻马店市产业集聚区: fai 9亿, +28.6% (90000/70000), 30% of target, 1st; revenue tie → 1
    assert rows["驻马店市产业集聚区"][2:10] == [
        "9亿元",
        "28.6%",
        "30.0%",
        "1",
        "10亿元",
        "0.0%",
        "50.0%",
        "1",
    ]
    # 上蔡: fai 6亿, +20%, 20%, 2nd; revenue 10亿 +56.3% (100000/64000), 41.7%, tied 1st
    assert rows["上蔡县产业集聚区"][2:10] == ["6亿元", "20.0%", "20.0%", "2", "10亿元", "56.3%", "41.7%", "1"]
    # the cluster without a report: no value, no rank (missing is never read as zero)
    assert rows["遂平县产业集聚区"][2:6] == ["—", "—", "—", "—"]
    # lagging: both behind 33.3% on fai; 驻马店市产业集聚区 only on fai
    assert "上蔡县产业集聚区：固定资产投资占全年目标的20.0%，低于时间进度（33.3%）。" in text
    assert "驻马店市产业集聚区：固定资产投资占全年目标的30.0%，低于时间进度（33.3%）。" in text
    # late or missing reports: 遂平 has not reported April
    late = doc.tables[1]
    assert [c.text for c in late.rows[1].cells][0] == "遂平县产业集聚区"
    assert late.rows[1].cells[3].text == "逾期未报"
    assert len(late.rows) == 2


def test_xlsx_has_the_same_tables(zmd_data):
    b = build(
        user=zmd_data.users["office_admin"], region="411700", period="2025-04", issued=date(2025, 5, 21)
    )
    wb = load_workbook(io.BytesIO(bulletin_xlsx.render(b)))
    assert wb.sheetnames[:4] == ["总体情况", "集聚区指标", "进度滞后", "报送情况"]
    ws = wb["集聚区指标"]
    rows = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    # numbers as numbers (万元, % as a number with a % format), rank as an integer
    assert rows["上蔡县产业集聚区"][2:6] == (60000, 20, 20, 2)
    assert wb["总体情况"]["D2"].value.startswith("1-4月，全市产业集聚区完成固定资产投资15亿元")
    assert wb["报送情况"]["A2"].value == "遂平县产业集聚区"


def test_scope_and_unapproved(zmd_data, monthly):  # noqa: F811
    # a draft figure does not count
    p = Period.parse("2025-04")
    sub = Submission.objects.create(
        dataset=monthly, cluster=zmd_data.cluster_b, period="2025-04", period_end=p.end,
        due_date=monthly.due_date(p), status="draft",
    )  # fmt: skip
    Value.objects.create(
        submission=sub, cluster=zmd_data.cluster_b, indicator=Indicator.objects.get(code="fai"),
        period="2025-04", year=2025, value=D(999999),
    )  # fmt: skip
    b = build(user=None, region="410000", period="2025-04")
    assert b.totals.startswith("1-4月，全省产业集聚区完成固定资产投资15亿元")
    # a city office cannot produce another city's bulletin
    from clusterzone.core.exceptions import NotFound

    with pytest.raises(NotFound):
        build(user=zmd_data.users["office_admin"], region="410400", period="2025-04")


def test_cli_writes_docx_and_xlsx(zmd_data, tmp_path):
    out, xl = tmp_path / "b.docx", tmp_path / "b.xlsx"
    stdout = io.StringIO()
    call_command(
        "bulletin", "--region", "411700", "--period", "2025-04", "--out", str(out), "--xlsx", str(xl),
        "--date", "2025-05-21", stdout=stdout,
    )  # fmt: skip
    doc = Document(str(out))
    assert any("2025年5月21日" in p.text for p in doc.paragraphs)
    assert any("完成固定资产投资15亿元" in p.text for p in doc.paragraphs)
    assert load_workbook(str(xl))["集聚区指标"].max_row == 4


def test_cli_bad_input_exits_with_a_message(zmd_data, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="行政区划"):
        call_command(
            "bulletin", "--region", "999999", "--period", "2025-04", "--out", str(tmp_path / "x.docx")
        )
    with pytest.raises(CommandError):
        call_command(
            "bulletin", "--region", "411700", "--period", "2025-13", "--out", str(tmp_path / "x.docx")
        )


def test_page_form_and_downloads(zmd_data, login):
    client = login(zmd_data.users["office_staff"])
    url = reverse("assessment:bulletin")
    page = client.get(url)
    assert page.status_code == 200
    assert 'data-testid="bulletin-form"' in page.content.decode()
    r = client.get(url, {"region": "411700", "period": "2025-04", "date": "2025-05-21", "format": "docx"})
    assert r.status_code == 200
    assert r["Content-Type"] == bulletin_docx.DOCX_MIME
    doc = Document(io.BytesIO(r.content))
    assert any("完成固定资产投资15亿元" in p.text for p in doc.paragraphs)
    r = client.get(url, {"region": "411700", "period": "2025-04", "format": "xlsx"})
    assert r.status_code == 200 and r.content[:2] == b"PK"
    # bad period: the form shows the message, no 500
    r = client.get(url, {"region": "411700", "period": "2025-13", "format": "docx"})
    assert r.status_code == 400
    assert "期间" in r.content.decode() or "无效" in r.content.decode()
    # another city's region: refused
    r = client.get(url, {"region": "410400", "period": "2025-04", "format": "docx"})
    assert r.status_code in (400, 404)


def test_page_refused_to_cluster_reporter(zmd_data, login):
    client = login(zmd_data.users["cluster_reporter"])
    assert client.get(reverse("assessment:bulletin")).status_code == 403
