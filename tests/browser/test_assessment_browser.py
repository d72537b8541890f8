"""An office user generates a bulletin (通报) from the page and downloads the Word file; the
file opens with python-docx and carries the region's figures."""

from datetime import date
from decimal import Decimal

import pytest
from docx import Document

from clusterzone.core.periods import Period
from clusterzone.reporting.models import Indicator, Submission, Target, Value

from ..factories import PASSWORD
from ..reporting.conftest import catalog, monthly  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def put(ds, cluster, code, period, value):
    p = Period.parse(period)
    sub, _ = Submission.objects.get_or_create(
        dataset=ds, cluster=cluster, period=str(p),
        defaults={"period_end": p.end, "due_date": ds.due_date(p), "status": "approved"},
    )  # fmt: skip
    Value.objects.update_or_create(
        cluster=cluster, indicator=Indicator.objects.get(code=code), period=str(p),
        defaults={"submission": sub, "year": p.year, "value": Decimal(value)},
    )  # fmt: skip


@pytest.fixture
def live(transactional_db, world, monthly, catalog):  # noqa: F811
    for cluster, fai, fai_ly in [(world.cluster_a, 60000, 50000), (world.cluster_a2, 90000, 70000)]:
        put(monthly, cluster, "fai", "2025-04", fai)
        put(monthly, cluster, "fai", "2024-04", fai_ly)
        Target.objects.create(cluster=cluster, indicator=catalog["fai"], year=2025, value=Decimal(300000))
    return world


def login(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector('[data-testid="current-user"]')


def test_office_generates_a_bulletin_from_the_page(live_server, live, page, shot, tmp_path):
    base = live_server.url
    login(page, base, "office_staff")
    page.goto(f"{base}/assessment/bulletin/")
    page.wait_for_selector('[data-testid="bulletin-form"]')
    page.select_option("#id_region", "411700")
    page.select_option("#id_period", "2025-04")  # the period picker: 2025年4月
    assert page.inner_text("#id_period option:checked") == "2025年4月"
    page.fill("#id_date", date(2025, 5, 21).isoformat())
    shot("assessment-bulletin-form")
    with page.expect_download() as info:
        page.click('[data-testid="download-docx"]')
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    target = tmp_path / download.suggested_filename
    download.save_as(str(target))
    doc = Document(str(target))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2025年5月21日" in text
    assert "1-4月，全市产业集聚区完成固定资产投资15亿元，同比增长25%，占全年目标的25%" in text
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in doc.tables[0].rows[1:]}
    assert rows["驻马店市产业集聚区"][2:6] == ["9亿元", "28.6%", "30.0%", "1"]

    # a wrong month in a hand-made link: the message beside the field (the value kept), no download
    page.goto(f"{base}/assessment/bulletin/?region=411700&period=2025-13&format=docx")
    page.wait_for_selector('ul.errorlist[data-field="period"]')
    assert page.input_value("#id_period") == "2025-13"


def test_office_edits_a_paragraph_issues_the_bulletin_and_downloads_it(
    live_server, live, page, shot, tmp_path
):
    base = live_server.url
    login(page, base, "office_admin")
    page.goto(f"{base}/assessment/bulletin/draft/?region=411700&period=2025-04&date=2025-05-21")
    page.wait_for_selector('[data-testid="bulletin-draft"]')
    assert page.inner_text('[data-testid="proposed-number"]') == "驻集聚办〔2025〕1号"
    page.fill(
        '[data-testid="paragraph-overall"]', "经联席办审核，1-4月全市产业集聚区完成固定资产投资15亿元。"
    )
    page.fill('[data-testid="paragraph-requirements"]', "各集聚区要对照时间进度加快项目建设。")
    shot("assessment-bulletin-draft")
    page.click('[data-testid="issue-bulletin"]')
    page.wait_for_selector('[data-testid="document-row"]')
    assert "驻集聚办〔2025〕1号" in page.inner_text('[data-testid="document-table"]')
    with page.expect_download() as info:
        page.click('[data-testid="download-issued-docx"]')
    target = tmp_path / "issued.docx"
    info.value.save_as(str(target))
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "驻集聚办〔2025〕1号" in text
    assert "经联席办审核，1-4月全市产业集聚区完成固定资产投资15亿元。" in text
    assert "各集聚区要对照时间进度加快项目建设。" in text
