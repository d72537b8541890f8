"""Progress API and pages (cluster progress with ECharts data, region overview), and the
annual-target pages."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterzone.registry.models import Cluster
from clusterzone.reporting.models import Indicator, Target
from clusterzone.reporting.selectors.progress import JSON_KEYS
from tests import factories as f

from .test_progress import load_lushan, put


@pytest.fixture
def lushan(world, catalog, monthly, lushan_targets):
    return load_lushan(world, monthly)


D = Decimal


# --- API ----------------------------------------------------------------------------------


def test_api_cluster_progress(lushan, login, world):
    client = login(world.users["other_admin"])
    r = client.get("/api/progress/", {"cluster": lushan.code, "period": "2025-04"})
    assert r.status_code == 200
    data = r.json()
    assert all(tuple(d) == JSON_KEYS for d in data)
    fai = next(d for d in data if d["indicator"] == "fai")
    assert (fai["value"], fai["target_pct"], fai["yoy_pct"], fai["time_pct"], fai["lagging"]) == (
        150000,
        25.0,
        61.3,
        33.3,
        True,
    )
    revenue = next(d for d in data if d["indicator"] == "revenue")
    assert revenue["target_pct"] == 28.3 and revenue["name"] == "主营业务收入"
    r = client.get("/api/progress/", {"region": "410400", "period": "2025-04", "indicators": "fai"})
    assert [d["indicator"] for d in r.json()] == ["fai"]


def test_api_errors(lushan, login, world, client):
    assert client.get("/api/progress/", {"cluster": lushan.code, "period": "2025-04"}).status_code == 401
    client = login(world.users["cluster_reporter"])  # 上蔡's committee
    r = client.get("/api/progress/", {"cluster": lushan.code, "period": "2025-13"})
    assert r.status_code == 400 and "期间" in json.dumps(r.json(), ensure_ascii=False)
    r = client.get("/api/progress/", {"cluster": "99999999", "period": "2025-04"})
    assert r.status_code == 404  # an unknown code answers like one outside the scope
    r = client.get("/api/progress/", {"cluster": "41172201"})
    assert r.status_code == 400
    assert client.get("/api/progress/", {"cluster": lushan.code, "period": "2025-04"}).status_code == 404
    assert client.get("/api/progress/", {"region": "410400", "period": "2025-04"}).status_code == 404


# --- pages --------------------------------------------------------------------------------


def test_cluster_progress_page(lushan, login, world):
    client = login(world.users["other_admin"])
    url = reverse("reporting:cluster_progress", args=[lushan.code])
    r = client.get(url, {"period": "2025-04"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "鲁山县产业集聚区 目标完成进度" in html
    assert "止2025年4月底" in html
    assert "完成固定资产投资15亿元，同比增长61.3%，占全年目标的25%" in html
    assert "28.3%" in html and "低于时间进度" in html and "cz-lagging" in html
    assert "vendor/echarts-6.1.0/echarts.min.js" in html
    charts = r.context["charts"]
    fai = next(c for c in charts if c["indicator"] == "fai")
    assert fai["values"][:4] == [None, None, 102000.0, 150000.0]
    assert fai["target"] == 600000.0 and fai["yoy_pct"][3] == 61.3
    assert f'data-cz-chart="{fai["cumulative_id"]}"' in html and f'data-cz-chart="{fai["growth_id"]}"' in html
    # without a period: the latest month with approved data
    assert client.get(url).context["period"].code == "2025-04"
    # out of scope → 404
    other = login(world.users["cluster_reporter"])
    assert other.get(url).status_code == 404


def test_overview_page_sorts_and_marks_lagging(lushan, login, world):
    wugang = f.ClusterFactory(
        code="41048101", name="舞钢市产业集聚区", region=f.region("410481", "舞钢市", world.pds)
    )
    put(lushan.submissions.first().dataset, wugang, "fai", "2025-04", 300000)
    Target.objects.create(
        cluster=wugang, indicator=Indicator.objects.get(code="fai"), year=2025, value=300000
    )
    client = login(world.users["province_admin"])
    url = reverse("reporting:overview")
    r = client.get(url, {"region": "410000", "period": "2025-04", "sort": "-fai"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "河南省产业集聚区目标完成进度" in html
    codes = [c.code for c, _url, _cells in r.context["rows"]]
    assert codes[:2] == ["41048101", "41042301"]  # 30亿 before 15亿; clusters without data last
    assert set(codes) == {"41048101", "41042301", "41172201", "41170201"}
    assert "15亿元" in html and "30亿元" in html
    assert 'title="低于时间进度"' in html  # 鲁山 25% < 33.3%
    r = client.get(url, {"region": "410000", "period": "2025-04", "sort": "fai"})
    assert [c.code for c, _url, _cells in r.context["rows"]][:2] == ["41042301", "41048101"]
    # the default region is the user's own
    r = login(world.users["office_staff"]).get(url, {"period": "2025-04"})
    assert r.context["region"].code == "411700"
    assert login(world.users["office_staff"]).get(url, {"region": "410400"}).status_code == 404


def _add_clusters(world, n):
    city = f.region("419900", "测试市", world.henan)
    Cluster.objects.bulk_create(
        [
            Cluster(code=f"T{i:05d}", name=f"测试集聚区{i}", region=f.region(str(418000 + i + 1), "县", city))
            for i in range(n)
        ]
    )
    fai = Indicator.objects.get(code="fai")
    Target.objects.bulk_create(
        [
            Target(cluster=c, indicator=fai, year=2025, value=1000)
            for c in Cluster.objects.filter(code__startswith="T")
        ]
    )


@pytest.mark.parametrize(
    "url_name", ["reporting:overview", "reporting:target_list", "reporting:cluster_progress"]
)
def test_pages_issue_a_fixed_number_of_queries(lushan, login, world, url_name):
    client = login(world.users["province_admin"])
    args = [lushan.code] if url_name == "reporting:cluster_progress" else []
    url = reverse(url_name, args=args)
    params = {"period": "2025-04", "region": "410000"}
    client.get(url, params)
    counts = []
    for n in (3, 60):
        _add_clusters(world, n) if n == 3 else _add_more(world, n)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, params).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def _add_more(world, n):
    city = f.region("419900", "测试市", world.henan)
    fai = Indicator.objects.get(code="fai")
    start = Cluster.objects.filter(code__startswith="T").count()
    Cluster.objects.bulk_create(
        [
            Cluster(code=f"T{i:05d}", name=f"测试集聚区{i}", region=f.region(str(418000 + i + 1), "县", city))
            for i in range(start, n)
        ]
    )
    Target.objects.bulk_create(
        [
            Target(cluster=c, indicator=fai, year=2025, value=1000)
            for c in Cluster.objects.filter(code__startswith="T", targets__isnull=True)
        ]
    )


# --- target pages -------------------------------------------------------------------------


def test_target_list_filter_export_and_import_link(lushan, login, world):
    client = login(world.users["other_admin"])
    url = reverse("reporting:target_list")
    r = client.get(url, {"year": 2025, "cluster": lushan.code, "indicator": "fai"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "年度目标" in html and "固定资产投资" in html
    assert [row["obj"].indicator.code for row in r.context["rows"]] == ["fai"]
    assert reverse("core:import", args=["targets"]) in html
    x = client.get(url, {"export": "xlsx"})
    assert x.status_code == 200 and x["Content-Type"].startswith("application/vnd.openxml")
    # a reporter sees targets but has no 新增 button
    r = login(world.users["cluster_reporter"]).get(url)
    assert r.status_code == 200 and reverse("reporting:target_add") not in r.content.decode()


def test_target_create_and_edit_pages(world, catalog, login):
    client = login(world.users["other_admin"])
    r = client.post(
        reverse("reporting:target_add"),
        {
            "cluster": world.cluster_b.pk,
            "indicator": catalog["fai"].pk,
            "year": 2025,
            "value": "600000",
            "document": "鲁集聚〔2025〕1号",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    t = Target.objects.get()
    detail = client.get(reverse("reporting:target_detail", args=[t.pk])).content.decode()
    assert "60亿元" in detail and "鲁集聚〔2025〕1号" in detail
    r = client.post(
        reverse("reporting:target_edit", args=[t.pk]),
        {"cluster": world.cluster_b.pk, "indicator": catalog["fai"].pk, "year": 2025, "value": "-1"},
    )
    assert r.status_code == 400 and "不能为负数" in r.content.decode()
    # another city's office cannot open it; a reporter cannot add
    assert (
        login(world.users["office_admin"]).get(reverse("reporting:target_edit", args=[t.pk])).status_code
        == 404
    )
    assert login(world.users["cluster_reporter"]).get(reverse("reporting:target_add")).status_code == 403


def test_cluster_progress_without_data_says_why_instead_of_an_empty_chart(world, login):
    client = login(world.users["office_admin"])
    html = client.get(reverse("reporting:cluster_progress", args=[world.cluster_a.code])).content.decode()
    assert 'data-testid="charts-empty"' in html and "暂无图表" in html
    assert "暂无已审核的数据" in html  # the period note says why the page is empty


def _bulk_clusters(world, total):
    """Clusters T00000… in one test county (with an fai target each) until there are `total`."""
    county = f.region("419901", "测试县", f.region("419900", "测试市", world.henan))
    start = Cluster.objects.filter(code__startswith="T").count()
    Cluster.objects.bulk_create(
        [Cluster(code=f"T{i:05d}", name=f"测试集聚区{i}", region=county) for i in range(start, total)]
    )
    fai = Indicator.objects.get(code="fai")
    Target.objects.bulk_create(
        [
            Target(cluster=c, indicator=fai, year=2025, value=1000)
            for c in Cluster.objects.filter(code__startswith="T", targets__isnull=True)
        ]
    )


def test_overview_is_paged_with_a_fixed_query_count_and_bounded_size(lushan, login, world):
    """At any number of clusters the overview shows one page of OVERVIEW_PAGE_ROWS clusters,
    sorted on the server over all of them, in the same number of queries (10 vs 500 clusters),
    and the page's HTML stays small (national scale: 2,700 clusters → 27 pages)."""
    from clusterzone.reporting.views.progress import OVERVIEW_PAGE_ROWS

    client = login(world.users["province_admin"])
    url = reverse("reporting:overview")
    params = {"region": "410000", "period": "2025-04", "sort": "code"}
    counts, sizes = [], []
    for n in (10, 500):
        _bulk_clusters(world, n)
        client.get(url, params)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url, params | {"page": 2})
        assert r.status_code == 200
        counts.append(len(ctx.captured_queries))
        sizes.append(len(r.content))
    assert counts[0] == counts[1], counts
    total = Cluster.objects.count()
    assert r.context["page"].paginator.count == total > 500
    codes = sorted(Cluster.objects.values_list("code", flat=True))
    # page 2 holds clusters 101–200 of the sorted whole, not a sorted slice of page 2
    assert [c.code for c, _url, _cells in r.context["rows"]] == codes[
        OVERVIEW_PAGE_ROWS : 2 * OVERVIEW_PAGE_ROWS
    ]
    html = r.content.decode()
    assert 'data-testid="pager"' in html and f"2 / {-(-total // OVERVIEW_PAGE_ROWS)}" in html
    assert sizes[1] < 300 * 1024, sizes
    # a page past the end shows the last page; the Excel export still holds every cluster
    last = client.get(url, params | {"page": 999})
    assert len(last.context["rows"]) == total - OVERVIEW_PAGE_ROWS * (last.context["page"].number - 1)
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(client.get(url, params | {"export": "xlsx"}).content))
    assert wb.active.max_row == 2 + total + 1  # title, header, every cluster, the total


# --- charts: one message per chart, one palette, a message instead of an empty chart ---------


def test_progress_growth_has_its_own_chart_in_palette_colours(lushan, login, world):
    from clusterzone.core import charts

    client = login(world.users["other_admin"])
    r = client.get(reverse("reporting:cluster_progress", args=[lushan.code]), {"period": "2025-04"})
    fai = next(c for c in r.context["charts"] if c["indicator"] == "fai")
    cumulative, growth = fai["cumulative"], fai["growth"]
    names = [s["name"] for s in cumulative["series"]]
    assert names == ["本年累计", "按时间进度应完成"]  # cumulative against time progress and target
    assert cumulative["series"][0]["markLine"]["data"] == [{"yAxis": 600000.0}]
    assert all(s["type"] == "line" for s in cumulative["series"]) and len(cumulative["yAxis"]) == 1
    assert [s["name"] for s in growth["series"]] == ["同比增长（%）"] and growth["series"][0]["type"] == "bar"
    assert growth["series"][0]["data"][3] == 61.3 and growth["yAxis"][0]["name"] == "%"
    for option in (cumulative, growth):
        assert "czEmpty" not in option
        for s in option["series"]:
            assert (
                s["itemStyle"]["color"]
                == dict((str(label), col) for label, col in charts.PALETTE.values())[s["name"]]
            )
    html = r.content.decode()
    assert 'src="/static/js/charts.js"' in html


def test_a_chart_without_data_is_a_message(world, catalog, monthly, login):
    from clusterzone.core import charts

    option = charts.option(title="空", series_list=[charts.series("current", [None, None])], x=["1月", "2月"])
    assert option["czEmpty"] == "暂无数据，暂无图表。"
    assert "czEmpty" not in charts.option(title="有", series_list=[charts.series("current", [None, 3])])
    # a cluster with targets but no approved figure this year: both charts say why, no empty axes
    from clusterzone.reporting.charts import progress_charts
    from clusterzone.reporting.selectors import progress as sel

    series = sel.progress_series(
        user=world.users["province_admin"], period="2025-04", cluster=world.cluster_a, indicators=["fai"]
    )
    chart = progress_charts(series)[0]
    assert chart["cumulative"]["czEmpty"] == "本年尚无已审核数据，暂无图表。"
    assert chart["growth"]["czEmpty"] == "本年或上年同期尚无已审核数据，无法计算同比。"


def test_palette_one_colour_per_series_meaning():
    from clusterzone.core import charts

    labels = [str(label) for label, _col in charts.PALETTE.values()]
    assert len(labels) == len(set(labels))
    # the same meaning keeps its colour wherever it is drawn: current value and own rank are
    # the cluster's own line (blue); target and benchmark are what it is measured against
    assert charts.colour("current") == charts.colour("own_rank")
    assert charts.colour("target") == charts.colour("benchmark_rank")
    line = charts.series("yoy", [1, 2], type="bar")
    assert line["itemStyle"]["color"] == charts.colour("yoy") and "lineStyle" not in line
