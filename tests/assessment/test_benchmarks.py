"""Catch-up benchmarks (赶超目标, seed 003: "确定全省排位第45名的桐柏县产业集聚区为我县赶超目标"):
who may name one, the gap per indicator and in rank month by month (approved data only,
ranks among every cluster of the province, ties shared), the page, the API and query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterzone.assessment import benchmarks as bm
from clusterzone.assessment.models_benchmarks import Benchmark
from clusterzone.core.exceptions import DomainError, NotFound, PermissionDenied
from clusterzone.core.periods import Period
from clusterzone.reporting.models import Indicator, Submission, Value
from tests import factories as f
from tests.reporting.conftest import catalog, monthly  # noqa: F401  (fixtures)

D = Decimal


def put(ds, cluster, code, period, value, status="approved"):
    p = Period.parse(period)
    sub, _ = Submission.objects.get_or_create(
        dataset=ds, cluster=cluster, period=str(p),
        defaults={"period_end": p.end, "due_date": ds.due_date(p), "status": status},
    )  # fmt: skip
    Value.objects.update_or_create(
        cluster=cluster, indicator=Indicator.objects.get(code=code), period=str(p),
        defaults={"submission": sub, "year": p.year, "value": D(value)},
    )  # fmt: skip


@pytest.fixture
def tongbai(world, monthly):  # noqa: F811
    nanyang = f.region("411300", "南阳市", world.henan)
    county = f.region("411330", "桐柏县", nanyang)
    c = f.ClusterFactory(code="41133001", name="桐柏县产业集聚区", region=county)
    monthly.clusters.add(c)
    # fai, cumulative 1–N月 (万元): 鲁山 (seed 003: 10.2亿 by March, 15亿 by April) and 桐柏
    figures = {
        world.cluster_b: [("2025-03", 102000), ("2025-04", 150000), ("2024-04", 92993)],
        c: [("2025-03", 120000), ("2025-04", 160000), ("2024-04", 128000)],
        world.cluster_a: [("2025-03", 130000), ("2025-04", 150000)],
        world.cluster_a2: [("2025-03", 50000), ("2025-04", 90000)],
    }
    for cluster, rows in figures.items():
        for period, value in rows:
            put(monthly, cluster, "fai", period, value)
    return c


def test_office_and_own_committee_name_a_benchmark(world, tongbai):
    b = bm.benchmark_set(
        actor=world.users["other_admin"], cluster=world.cluster_b, year=2025, target=tongbai, target_rank=45,
        note="确定全省排位第45名的桐柏县产业集聚区为我县赶超目标",
    )  # fmt: skip
    assert b.target == tongbai and b.target_rank == 45
    assert str(b) == "鲁山县产业集聚区 2025年赶超目标：桐柏县产业集聚区"
    # one per cluster and year: setting again changes it (history kept)
    bm.benchmark_set(
        actor=world.users["other_admin"], cluster=world.cluster_b, year=2025, target=world.cluster_a
    )
    assert Benchmark.objects.filter(cluster=world.cluster_b, year=2025).count() == 1
    assert Benchmark.objects.get(cluster=world.cluster_b).history.count() == 2
    # 上蔡's committee may name its own cluster's, not 鲁山's; a read-only user neither
    bm.benchmark_set(
        actor=world.users["cluster_reporter"], cluster=world.cluster_a, year=2025, target=tongbai
    )
    with pytest.raises(PermissionDenied):
        bm.benchmark_set(
            actor=world.users["cluster_reporter"], cluster=world.cluster_a2, year=2025, target=tongbai
        )
    with pytest.raises(PermissionDenied):
        bm.benchmark_set(actor=world.users["readonly"], cluster=world.cluster_a2, year=2025, target=tongbai)
    with pytest.raises(DomainError, match="不能是本集聚区"):
        bm.benchmark_set(
            actor=world.users["office_admin"], cluster=world.cluster_a2, year=2025, target=world.cluster_a2
        )


def test_gap_month_by_month_and_rank(world, tongbai, monthly):  # noqa: F811
    bm.benchmark_set(
        actor=world.users["other_admin"], cluster=world.cluster_b, year=2025, target=tongbai, target_rank=45
    )
    # a draft figure never counts
    put(monthly, world.cluster_a2, "fai", "2025-02", 999999, status="draft")
    res = bm.catchup(
        user=world.users["other_admin"], cluster=world.cluster_b, period="2025-04", indicators=["fai"]
    )
    assert res.ranked_of == 4
    fai = res.indicators[0]
    assert [m.month for m in fai.months] == ["1月", "2月", "3月", "4月"]
    jan, feb, mar, apr = fai.months
    assert jan.own is None and jan.gap is None and jan.own_rank is None
    assert feb.own_rank is None  # 驻马店市产业集聚区's draft does not rank anyone
    # March: 上蔡 130000 (1), 桐柏 120000 (2), 鲁山 102000 (3), 驻马店 50000 (4)
    assert (mar.own, mar.target, mar.gap) == (D(102000), D(120000), D(18000))
    assert (mar.own_rank, mar.target_rank, mar.rank_gap) == (3, 2, 1)
    # April: 桐柏 160000 (1), 鲁山 and 上蔡 150000 tie (2, 2), 驻马店 90000 (4)
    assert (apr.gap, apr.own_rank, apr.target_rank, apr.rank_gap) == (D(10000), 2, 1, 1)
    # 同比: 鲁山 150000 / 92993 → +61.3% (seed 003); 桐柏 160000 / 128000 → +25%
    assert round(apr.own_yoy, 1) == D("61.3")
    assert apr.target_yoy == D(25)
    assert apr.as_dict()["own_yoy"] == 61.3


def test_no_benchmark_and_scope(world, tongbai):
    with pytest.raises(NotFound):
        bm.catchup(user=world.users["other_admin"], cluster=world.cluster_b, period="2025-04")
    bm.benchmark_set(actor=world.users["other_admin"], cluster=world.cluster_b, year=2025, target=tongbai)
    # 驻马店's office does not see 鲁山
    with pytest.raises(NotFound):
        bm.catchup(user=world.users["office_admin"], cluster=world.cluster_b, period="2025-04")
    assert list(bm.benchmark_list(user=world.users["office_admin"])) == []
    assert len(bm.benchmark_list(user=world.users["other_admin"])) == 1


def test_catchup_query_count_is_constant(world, tongbai, monthly):  # noqa: F811
    bm.benchmark_set(actor=world.users["other_admin"], cluster=world.cluster_b, year=2025, target=tongbai)
    user = world.users["other_admin"]

    def count():
        with CaptureQueriesContext(connection) as ctx:
            bm.catchup(user=user, cluster=world.cluster_b, period="2025-04")
        return len(ctx)

    small = count()
    for i in range(20):
        c = f.ClusterFactory(code=f"4104230{i:02d}", region=world.lushan)
        put(monthly, c, "fai", "2025-04", 1000 * i)
        put(monthly, c, "revenue", "2025-03", 1000 * i)
    assert count() == small


@pytest.fixture
def bm_pages(world, tongbai):
    bm.benchmark_set(
        actor=world.users["other_admin"], cluster=world.cluster_b, year=2025, target=tongbai, target_rank=45
    )
    return world


def test_catchup_page(bm_pages, login):
    client = login(bm_pages.users["other_admin"])
    r = client.get(reverse("assessment:catchup", args=["41042301"]), {"period": "2025-04"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "桐柏县产业集聚区" in html and "第45名" in html
    assert 'data-testid="gap-fai"' in html
    assert "echarts.min.js" in html
    # the chart: the gap in 亿元 as bars, ranks as lines on an inverted axis
    import json
    import re

    charts = json.loads(re.search(r'id="catchup-charts"[^>]*>(.*?)</script>', html, re.S).group(1))
    fai = next(c for c in charts if c["indicator"] == "fai")
    assert fai["gap_unit"] == "亿元"
    row = r.context["result"].indicators[[i.indicator for i in r.context["result"].indicators].index("fai")]
    expected = [None if m.gap is None else round(float(m.gap) / 10000, 2) for m in row.months]
    assert fai["gap"] == expected and any(g is not None for g in expected)
    option = fai["option"]
    assert [(x["type"], x.get("yAxisIndex", 0)) for x in option["series"]] == [
        ("bar", 0),
        ("line", 1),
        ("line", 1),
    ]
    assert option["yAxis"][1]["inverse"] is True and "czEmpty" not in option
    assert f'id="{fai["option_id"]}"' in html and f'data-cz-chart="{fai["option_id"]}"' in html
    # out of scope: 404
    client = login(bm_pages.users["office_admin"])
    assert client.get(reverse("assessment:catchup", args=["41042301"])).status_code == 404


def test_benchmark_edit_page(bm_pages, login):
    client = login(bm_pages.users["cluster_reporter"])
    url = reverse("assessment:benchmark_edit", args=["41172201"])
    assert client.get(url + "?year=2025").status_code == 200
    tongbai = Benchmark.objects.get(cluster=bm_pages.cluster_b).target
    r = client.post(url, {"year": 2025, "target": tongbai.pk, "target_rank": 45, "note": ""})
    assert r.status_code == 302
    assert Benchmark.objects.get(cluster=bm_pages.cluster_a, year=2025).target == tongbai
    # invalid: no target → message beside the field
    r = client.post(url, {"year": 2025, "target": "", "note": ""})
    assert r.status_code == 400 and 'data-field="target"' in r.content.decode()
    # another cluster's: refused
    assert (
        client.get(reverse("assessment:benchmark_edit", args=["41170201"])).status_code == 404
    )  # outside scope


def test_benchmark_list_page_query_count(bm_pages, login):
    client = login(bm_pages.users["province_admin"])
    url = reverse("assessment:benchmark_list")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    small = count()
    for i in range(10):
        c = f.ClusterFactory(code=f"4117220{i:02d}", region=bm_pages.shangcai)
        bm.benchmark_set(
            actor=bm_pages.users["province_admin"], cluster=c, year=2025, target=bm_pages.cluster_b
        )
    assert count() == small


def test_benchmark_api(bm_pages, login):
    client = login(bm_pages.users["other_admin"])
    r = client.get("/api/assessment/benchmarks/")
    assert r.status_code == 200
    assert r.json()["results"][0]["target"] == "41133001"
    r = client.get("/api/assessment/benchmarks/41042301/catchup/", {"period": "2025-04"})
    assert r.status_code == 200
    fai = next(i for i in r.json()["indicators"] if i["indicator"] == "fai")
    assert fai["months"][3]["gap"] == 10000 and fai["months"][3]["own_rank"] == 2
    # write: the cluster's office sets it
    r = client.post(
        "/api/assessment/benchmarks/",
        {"cluster": "41042301", "year": 2026, "target": "41133001", "note": "2026年继续赶超"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    r = client.post(
        "/api/assessment/benchmarks/",
        {"cluster": "41042301", "year": 2026, "target": "41042301"},
        content_type="application/json",
    )
    assert r.status_code == 400
    client = login(bm_pages.users["office_admin"])
    r = client.post(
        "/api/assessment/benchmarks/",
        {"cluster": "41042301", "year": 2027, "target": "41133001"},
        content_type="application/json",
    )
    # a cluster outside the scope reads as unknown (its existence is not revealed)
    assert r.status_code == 400 and "41042301" in r.json()["cluster"][0]
    # the bulletin file through the API
    r = client.get("/api/assessment/bulletin/", {"region": "411700", "period": "2025-04", "type": "xlsx"})
    assert r.status_code == 200 and r.content[:2] == b"PK"
    r = client.get("/api/assessment/bulletin/", {"region": "411700", "period": "2025-4x"})
    assert r.status_code == 400


def test_benchmark_api_list_query_count(bm_pages, login):
    client = login(bm_pages.users["province_admin"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/assessment/benchmarks/").status_code == 200
        return len(ctx)

    small = count()
    for i in range(10):
        c = f.ClusterFactory(code=f"4117220{i:02d}", region=bm_pages.shangcai)
        bm.benchmark_set(
            actor=bm_pages.users["province_admin"], cluster=c, year=2025, target=bm_pages.cluster_b
        )
    assert count() == small


def test_demo_loader_is_idempotent(world, tongbai, catalog):  # noqa: F811
    from clusterzone.assessment.demo import load_assessment_demo
    from clusterzone.assessment.models import Run, Scheme

    Indicator.objects.get_or_create(code="tax", defaults={"name": "税收收入", "unit": "万元", "kind": "flow"})
    first = load_assessment_demo()
    second = load_assessment_demo()
    assert first["benchmark"] and second["benchmark"]
    b = Benchmark.objects.get(cluster=world.cluster_b, year=2025)
    assert b.target.name == "桐柏县产业集聚区" and b.target_rank == 45
    assert Scheme.objects.filter(is_active=True).count() == 1
    assert first["scheme"] == second["scheme"]
    assert Run.objects.filter(status="published").count() <= 1
    assert first["run"] == second["run"]


def test_catchup_chart_uses_the_palette(bm_pages, login):
    from clusterzone.core import charts

    client = login(bm_pages.users["other_admin"])
    r = client.get(reverse("assessment:catchup", args=["41042301"]), {"period": "2025-04"})
    for chart in r.context["charts"]:
        colours = [s["itemStyle"]["color"] for s in chart["option"]["series"]]
        assert colours == [charts.colour("gap"), charts.colour("own_rank"), charts.colour("benchmark_rank")]
    assert 'src="/static/js/charts.js"' in r.content.decode()
