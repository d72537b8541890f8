"""The region overview page's 导出Excel (reporting:overview &export=xlsx): the same rows in the
same order as the page, values as numbers in the indicator's unit (万元 for money),
percentages rounded to one decimal, missing figures empty (never zero), lagging cells marked.

Figures: 鲁山 to the end of April 2025 (seed 003): fai 15亿 (150000 万元), +61.3%, 25.0% of
the 60亿 target; revenue 17亿 (170000 万元), +30.0%, 28.3% of 60亿; both lagging (33.3%)."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterzone.reporting.models import Indicator, Target
from tests import factories as f

from .test_progress import load_lushan, put
from .test_progress_pages import _add_clusters, _add_more

D = Decimal


@pytest.fixture
def lushan(world, catalog, monthly, lushan_targets):
    return load_lushan(world, monthly)


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxml")
    assert ".xlsx" in response["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return list(ws.iter_rows(values_only=True)), ws


def test_export_holds_the_seed_figures(lushan, login, world):
    client = login(world.users["province_admin"])
    params = {"region": "410000", "period": "2025-04", "indicators": "fai,revenue", "sort": "-fai"}
    page = client.get(reverse("reporting:overview"), params)
    assert 'data-testid="export"' in page.content.decode()
    rows, ws = _sheet(client.get(reverse("reporting:overview"), {**params, "export": "xlsx"}))
    assert rows[0][0] == "河南省产业集聚区目标完成进度（2025年4月，时间进度 33.3%）"
    assert rows[1] == (
        "集聚区代码",
        "集聚区",
        "主营业务收入累计（万元）",
        "主营业务收入同比（%）",
        "主营业务收入占全年目标（%）",
        "固定资产投资累计（万元）",
        "固定资产投资同比（%）",
        "固定资产投资占全年目标（%）",
    )  # catalog order, as on the page
    body, total = rows[2:-1], rows[-1]
    # same rows, same order as the page, then the region's total
    assert [r[0] for r in body] == [c.code for c, _url, _cells in page.context["rows"]]
    assert total[:2] == (None, "河南省合计")
    lushan_row = body[0]
    assert lushan_row[:2] == ("41042301", "鲁山县产业集聚区")
    assert D(str(lushan_row[2])) == D(170000) and lushan_row[3] == 30.0 and lushan_row[4] == 28.3
    assert D(str(lushan_row[5])) == D(150000) and lushan_row[6] == 61.3 and lushan_row[7] == 25.0
    # both lagging (25.0% and 28.3% < 33.3%): the share-of-target cells are filled
    lagging = [c.fill.fgColor.rgb for c in ws[3][4:8:3]]
    assert all(str(rgb).endswith("FFF3CD") for rgb in lagging), lagging
    # clusters without data: empty cells, never zero
    shangcai = next(r for r in body if r[0] == "41172201")
    assert shangcai[2:] == (None,) * 6


def test_export_follows_the_pages_sorting_and_a_stock_indicator(lushan, login, world):
    wugang = f.ClusterFactory(
        code="41048101", name="舞钢市产业集聚区", region=f.region("410481", "舞钢市", world.pds)
    )
    put(lushan.submissions.first().dataset, wugang, "fai", "2025-04", 300000)
    Target.objects.create(
        cluster=wugang, indicator=Indicator.objects.get(code="fai"), year=2025, value=300000
    )
    client = login(world.users["other_admin"])  # 平顶山: its own region by default
    url = reverse("reporting:overview")
    params = {"period": "2025-04", "indicators": "fai,employees", "sort": "fai", "export": "xlsx"}
    rows, ws = _sheet(client.get(url, params))
    assert rows[0][0].startswith("平顶山市产业集聚区目标完成进度（2025年4月")
    assert [r[0] for r in rows[2:-1]] == ["41042301", "41048101"]  # 15亿 before 30亿; then 合计
    assert rows[1][5] == "从业人员累计（人）"
    lushan_row, wugang_row = rows[2], rows[3]
    assert D(str(wugang_row[2])) == D(300000) and wugang_row[4] == 100.0
    assert not str(ws[4][4].fill.fgColor.rgb).endswith("FFF3CD")  # 100% is not lagging
    assert D(str(lushan_row[5])) == D(4400) and lushan_row[6] is None  # no last year: empty
    rows, _ws = _sheet(client.get(url, {**params, "sort": "-fai"}))
    assert [r[0] for r in rows[2:-1]] == ["41048101", "41042301"]
    # out of scope → 404, no workbook
    assert login(world.users["office_staff"]).get(url, {**params, "region": "410400"}).status_code == 404


def test_export_issues_a_fixed_number_of_queries(lushan, login, world):
    client = login(world.users["province_admin"])
    url = reverse("reporting:overview")
    params = {"period": "2025-04", "region": "410000", "export": "xlsx"}
    client.get(url, params)
    counts = []
    for n in (3, 60):
        _add_clusters(world, n) if n == 3 else _add_more(world, n)
        with CaptureQueriesContext(connection) as ctx:
            rows, _ws = _sheet(client.get(url, params))
        counts.append(len(ctx.captured_queries))
        assert len(rows) - 3 == 3 + n  # the world's three clusters, the added ones and 合计
    assert counts[0] == counts[1], counts
