"""THE progress selector: the three readings of every figure (cumulative, 同比, 占全年目标),
时间过半任务过半, region sums, derived indicators, ranks, scope, and a fixed query count —
checked against seed 003's own figures for 鲁山."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterzone.core.exceptions import DomainError, NotFound
from clusterzone.core.periods import Period
from clusterzone.registry.models import Cluster
from clusterzone.reporting.demo import load_reporting_demo
from clusterzone.reporting.models import Indicator, Submission, Target, Value
from clusterzone.reporting.selectors.progress import (
    JSON_KEYS,
    as_dict,
    progress,
    progress_series,
    progress_table,
)
from tests import factories as f

D = Decimal


def put(ds, cluster, code, period, value, status="approved"):
    p = Period.parse(period)
    sub, _ = Submission.objects.get_or_create(
        dataset=ds,
        cluster=cluster,
        period=str(p),
        defaults={"period_end": p.end, "due_date": ds.due_date(p), "status": status},
    )
    Value.objects.update_or_create(
        cluster=cluster,
        indicator=Indicator.objects.get(code=code),
        period=str(p),
        defaults={"submission": sub, "year": p.year, "value": D(value)},
    )


def by_code(rows):
    return {r.indicator: r for r in rows}


def load_lushan(world, monthly):
    """鲁山 to the end of April 2025 and the same months of 2024 (seed 003)."""
    b = world.cluster_b
    for period, fai, revenue in [
        ("2024-03", 63354, 94215),
        ("2024-04", 92993, 130769),
        ("2025-03", 102000, 114000),
        ("2025-04", 150000, 170000),
    ]:
        put(monthly, b, "fai", period, fai)
        put(monthly, b, "revenue", period, revenue)
    put(monthly, b, "tax", "2025-04", 6000)
    put(monthly, b, "employees", "2025-03", 4350)
    put(monthly, b, "employees", "2025-04", 4400)
    return b


@pytest.fixture
def lushan(world, catalog, monthly, lushan_targets):
    return load_lushan(world, monthly)


# --- the seed's three readings -------------------------------------------------------------


def test_lushan_end_of_april_reads_as_the_seed_report(lushan):
    rows = by_code(progress(user=None, period="2025-04", cluster=lushan.code))
    fai, revenue = rows["fai"], rows["revenue"]
    # 完成固定资产投资15亿元，同比增长61.3%，占全年目标的25%
    assert fai.value == D(150000) and fai.target == D(600000)
    assert fai.target_pct == D(25)
    assert as_dict(fai)["target_pct"] == 25.0
    assert as_dict(fai)["yoy_pct"] == 61.3
    # 主营业务收入17亿元，同比增长30%，占全年目标的28.3% (exact 28.333…, rounded at the edge)
    assert revenue.target_pct == D(170000) / D(600000) * 100
    assert str(revenue.target_pct).startswith("28.333")
    assert as_dict(revenue)["target_pct"] == 28.3
    assert as_dict(revenue)["yoy_pct"] == 30.0
    # a third of the year gone; both behind it: lagging
    assert as_dict(fai)["time_pct"] == 33.3
    assert fai.time_pct == D(4) / 12 * 100
    assert fai.lagging is True and revenue.lagging is True
    assert fai.sentence() == "完成固定资产投资15亿元，同比增长61.3%，占全年目标的25%"
    assert revenue.sentence() == "完成主营业务收入17亿元，同比增长30%，占全年目标的28.3%"


def test_yoy_is_against_the_same_months_of_last_year(lushan):
    fai = by_code(progress(user=None, period="2025-04", cluster=lushan.code))["fai"]
    assert fai.last_year == D(92993)  # 2024-04, not 2024-03 nor the 2024 total
    assert fai.yoy_pct == (D(150000) - D(92993)) / D(92993) * 100
    march = by_code(progress(user=None, period="2025-03", cluster=lushan.code))["fai"]
    assert march.last_year == D(63354)
    assert as_dict(march)["yoy_pct"] == 61.0


def test_first_quarter_reads_the_march_cumulative(lushan):
    rows = by_code(progress(user=None, period="2025Q1", cluster=lushan.code))
    # 10.2亿 (17% of target, +61%), 11.4亿 (19%, +21%)
    assert rows["fai"].value == D(102000)
    assert as_dict(rows["fai"])["target_pct"] == 17.0
    assert as_dict(rows["fai"])["yoy_pct"] == 61.0
    assert as_dict(rows["revenue"])["target_pct"] == 19.0
    assert as_dict(rows["revenue"])["yoy_pct"] == 21.0
    assert as_dict(rows["fai"])["time_pct"] == 25.0
    assert rows["fai"].lagging is True


def test_a_stock_is_the_end_of_period_value_not_a_sum(lushan):
    emp = by_code(progress(user=None, period="2025-04", cluster=lushan.code))["employees"]
    assert emp.value == D(4400)
    assert emp.lagging is None  # no lagging for stocks


def test_missing_data_is_missing_never_zero(lushan):
    rows = by_code(progress(user=None, period="2025-04", cluster=lushan.code))
    infra = rows["fai_infrastructure"]
    assert infra.value is None and infra.yoy_pct is None and infra.rank is None
    assert as_dict(infra)["value"] is None
    tax = rows["tax"]
    assert tax.value == D(6000) and tax.last_year is None and tax.yoy_pct is None
    assert tax.target is None and tax.target_pct is None and tax.lagging is None


def test_last_year_zero_gives_no_growth(world, catalog, monthly):
    put(monthly, world.cluster_b, "fai", "2024-04", 0)
    put(monthly, world.cluster_b, "fai", "2025-04", 100)
    fai = by_code(progress(user=None, period="2025-04", cluster=world.cluster_b.code))["fai"]
    assert fai.last_year == 0 and fai.yoy_pct is None


def test_ahead_of_time_is_not_lagging(world, catalog, monthly, lushan_targets):
    put(monthly, world.cluster_b, "fai", "2025-04", 300000)  # 50% at a third of the year
    fai = by_code(progress(user=None, period="2025-04", cluster=world.cluster_b.code))["fai"]
    assert fai.lagging is False


def test_only_approved_values_count_unless_asked(world, catalog, monthly):
    put(monthly, world.cluster_a, "fai", "2025-04", 500, status="submitted")
    fai = by_code(progress(user=None, period="2025-04", cluster=world.cluster_a.code))["fai"]
    assert fai.value is None
    fai = by_code(
        progress(user=None, period="2025-04", cluster=world.cluster_a.code, include_unapproved=True)
    )["fai"]
    assert fai.value == D(500)


# --- regions, derived indicators, ranks ---------------------------------------------------


@pytest.fixture
def wugang(world):
    region = f.region("410481", "舞钢市", world.pds)
    return f.ClusterFactory(code="41048101", name="舞钢市产业集聚区", region=region)


def test_region_is_the_sum_of_its_clusters_with_values(lushan, wugang, monthly):
    put(monthly, wugang, "fai", "2025-04", 78000)
    put(monthly, wugang, "fai", "2024-04", 70000)
    Target.objects.create(
        cluster=wugang, indicator=Indicator.objects.get(code="fai"), year=2025, value=240000
    )
    rows = by_code(progress(user=None, period="2025-04", region="410400"))
    fai = rows["fai"]
    assert fai.value == D(228000)
    assert fai.last_year == D(92993 + 70000)
    assert fai.target == D(840000)
    assert fai.target_pct == D(228000) / D(840000) * 100
    # 舞钢 has no revenue: the region's revenue is 鲁山's alone (not dragged down by a zero)
    assert rows["revenue"].value == D(170000)
    # nobody reported fai_industrial: missing, not 0
    assert rows["fai_industrial"].value is None


def test_derived_indicator_is_computed_for_cluster_and_region(lushan, wugang, monthly):
    Indicator.objects.create(
        code="tax_rate",
        name="税收占收入比重",
        unit="%",
        kind="stock",
        formula="tax / revenue * 100",
        order=99,
    )
    put(monthly, wugang, "tax", "2025-04", 6800)
    put(monthly, wugang, "revenue", "2025-04", 180000)
    rate = by_code(progress(user=None, period="2025-04", cluster=lushan.code))["tax_rate"]
    assert rate.value == D(6000) / D(170000) * 100
    assert rate.is_derived
    region_rate = by_code(progress(user=None, period="2025-04", region="410400"))["tax_rate"]
    assert region_rate.value == D(12800) / D(350000) * 100  # over the summed components
    only = progress(user=None, period="2025-04", cluster=lushan.code, indicators=["tax_rate"])
    assert [r.indicator for r in only] == ["tax_rate"] and only[0].value == rate.value


def test_rank_among_the_clusters_of_the_same_city(world, catalog, monthly, wugang):
    put(monthly, world.cluster_a, "fai", "2025-04", 100)  # 驻马店
    put(monthly, world.cluster_a2, "fai", "2025-04", 200)  # 驻马店
    put(monthly, world.cluster_b, "fai", "2025-04", 50)  # 平顶山
    put(monthly, wugang, "fai", "2025-04", 80)  # 平顶山
    rank = {
        c.code: by_code(progress(user=None, period="2025-04", cluster=c.code))["fai"].rank
        for c in (world.cluster_a, world.cluster_a2, world.cluster_b, wugang)
    }
    assert rank == {"41172201": 2, "41170201": 1, "41042301": 2, "41048101": 1}
    # regions rank among their siblings: 驻马店 300 before 平顶山 130; the province has none
    assert by_code(progress(user=None, period="2025-04", region="411700"))["fai"].rank == 1
    assert by_code(progress(user=None, period="2025-04", region="410400"))["fai"].rank == 2
    assert by_code(progress(user=None, period="2025-04", region="410000"))["fai"].rank is None
    table = dict(progress_table(user=None, period="2025-04", region="410000"))
    assert {c.code: by_code(rows)["fai"].rank for c, rows in table.items()} == rank


def test_table_lists_every_cluster_in_scope(world, catalog, monthly, lushan_targets):
    put(monthly, world.cluster_b, "fai", "2025-04", 150000)
    table = progress_table(user=None, period="2025-04", region="410000")
    codes = {c.code for c, _rows in table}
    assert codes == {"41172201", "41170201", "41042301"}
    staff = progress_table(user=world.users["office_staff"], period="2025-04", region="411700")
    assert {c.code for c, _rows in staff} == {"41172201", "41170201"}
    rows = by_code(dict((c.code, r) for c, r in table)["41042301"])
    assert rows["fai"].target_pct == D(25)


def test_values_and_targets_keep_the_stored_scale(lushan):
    """Read as text with their four places: the same Decimals the ORM gives (150000.0000)."""
    stored = Value.objects.get(cluster=lushan, indicator__code="fai", period="2025-04").value
    target = Target.objects.get(cluster=lushan, indicator__code="fai", year=2025).value
    table = dict(progress_table(user=None, period="2025-04", region="410000"))
    for rows in (progress(user=None, period="2025-04", cluster=lushan.code), table[lushan]):
        fai = by_code(rows)["fai"]
        assert str(fai.value) == str(stored) == "150000.0000"
        assert str(fai.last_year) == "92993.0000"
        assert str(fai.target) == str(target)


def test_table_of_a_quarter_reads_the_last_months_cumulative(lushan):
    table = dict(progress_table(user=None, period="2025Q1", region="410000"))
    fai = by_code(table[lushan])["fai"]
    assert fai.value == D(102000) and fai.last_year == D(63354)
    assert as_dict(fai)["target_pct"] == 17.0


def test_a_provinces_table_leaves_out_the_clusters_of_another_province(world, catalog, monthly):
    hubei = f.region("420000", "湖北省")
    wuhan = f.region("420100", "武汉市", hubei)
    other = f.ClusterFactory(code="42010001", name="武汉某集聚区", region=wuhan)
    put(monthly, other, "fai", "2025-04", 999999)
    put(monthly, world.cluster_a, "fai", "2025-04", 100)
    put(monthly, world.cluster_a2, "fai", "2025-04", 200)
    table = dict(progress_table(user=None, period="2025-04", region="410000"))
    assert other not in table
    fai = by_code(table[world.cluster_a])["fai"]
    assert (fai.rank, fai.rank_of) == (2, 2)
    assert fai.share_pct == D(100) / D(300) * 100  # 占全市比重: 驻马店's clusters only
    hubei_table = dict(progress_table(user=None, period="2025-04", region="420000"))
    assert list(hubei_table) == [other]
    assert by_code(hubei_table[other])["fai"].share_pct == D(100)


# --- scope and errors ---------------------------------------------------------------------


def test_scope_unknown_codes_and_bad_periods(world, catalog, monthly):
    reporter = world.users["cluster_reporter"]  # 上蔡's committee
    assert progress(user=reporter, period="2025-04", cluster="41172201")
    with pytest.raises(NotFound):
        progress(user=reporter, period="2025-04", cluster="41042301")
    with pytest.raises(NotFound):
        progress(user=reporter, period="2025-04", region="410400")
    with pytest.raises(NotFound, match="没有代码为“99999999”的集聚区"):  # unknown reads as out of scope
        progress(user=reporter, period="2025-04", cluster="99999999")
    with pytest.raises(DomainError, match="没有代码为“99999999”的集聚区"):  # the system is told plainly
        progress(user=None, period="2025-04", cluster="99999999")
    with pytest.raises(DomainError, match="期间"):
        progress(user=reporter, period="2025-13", cluster="41172201")
    with pytest.raises(DomainError, match="未知的指标代码"):
        progress(user=None, period="2025-04", cluster="41172201", indicators=["nope"])
    with pytest.raises(DomainError):
        progress(user=None, period="2025-04")


# --- demo ---------------------------------------------------------------------------------


def test_demo_loads_the_seed_figures_and_is_idempotent(world):
    first = load_reporting_demo()
    assert first["values"] > 0 and first["targets"] >= 2
    rows = by_code(progress(user=None, period="2025-04", cluster="41042301"))
    assert as_dict(rows["fai"]) | {"name": None} == {
        "indicator": "fai",
        "name": None,
        "unit": "万元",
        "value": 150000,
        "last_year": 92993,
        "yoy_pct": 61.3,
        "target": 600000,
        "target_pct": 25.0,
        "time_pct": 33.3,
        "lagging": True,
        "rank": 1,
        "target_note": "",
        "share_pct": 100.0,
        "contribution_pct": 100.0,
    }
    assert as_dict(rows["revenue"])["yoy_pct"] == 30.0
    assert as_dict(rows["revenue"])["target_pct"] == 28.3
    assert rows["tax"].value == D(6000)
    assert rows["employees"].value == D(4350)  # seed 003: 4,350 at the end of April 2025
    q1 = by_code(progress(user=None, period="2025Q1", cluster="41042301"))
    assert [as_dict(q1["fai"])[k] for k in ("target_pct", "yoy_pct")] == [17.0, 61.0]
    assert [as_dict(q1["revenue"])[k] for k in ("target_pct", "yoy_pct")] == [19.0, 21.0]
    second = load_reporting_demo()
    assert second == {"submissions": 0, "values": 0, "targets": 0, "milestones": 0}
    assert Value.history.filter(history_change_reason="演示数据").exists()


# --- series for the charts ----------------------------------------------------------------


def test_series_by_month_with_target_schedule(lushan):
    series = {s.indicator: s for s in progress_series(user=None, period="2025-04", cluster=lushan.code)}
    fai = series["fai"].as_chart()
    assert fai["months"][:4] == ["1月", "2月", "3月", "4月"]
    assert fai["values"][2:5] == [102000.0, 150000.0, None]
    assert fai["last_year"][3] == 92993.0
    assert fai["yoy_pct"][3] == 61.3
    assert fai["target"] == 600000.0
    assert fai["schedule"][3] == 200000.0  # 4/12 of the annual target


# --- CLI ----------------------------------------------------------------------------------


def test_cli_json(lushan):
    out = io.StringIO()
    call_command("progress", "--cluster", lushan.code, "--period", "2025-04", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert isinstance(data, list) and all(tuple(d) == JSON_KEYS for d in data)
    fai = next(d for d in data if d["indicator"] == "fai")
    assert fai["target_pct"] == 25.0 and fai["lagging"] is True and fai["value"] == 150000


def test_cli_region_and_text(lushan):
    out = io.StringIO()
    call_command("progress", "--region", "410400", "--period", "2025-04", "--json", stdout=out)
    assert next(d for d in json.loads(out.getvalue()) if d["indicator"] == "fai")["value"] == 150000
    out = io.StringIO()
    call_command("progress", "--cluster", lushan.code, "--period", "2025-04", stdout=out)
    text = out.getvalue()
    assert "止2025年4月底" in text
    assert "完成固定资产投资15亿元，同比增长61.3%，占全年目标的25%" in text
    assert "低于时间进度" in text


def test_cli_errors(lushan):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="期间"):
        call_command("progress", "--cluster", lushan.code, "--period", "2025-13")
    with pytest.raises(CommandError, match="集聚区"):
        call_command("progress", "--cluster", "nope", "--period", "2025-04")
    with pytest.raises(CommandError):
        call_command(
            "progress", "--cluster", lushan.code, "--period", "2025-04", "--user", "cluster_reporter"
        )


# --- query count --------------------------------------------------------------------------


def _province_with(n, monthly, world):
    """A city with n clusters each in its own county, every cluster reporting every indicator
    for 2025-04 and 2024-04, with targets."""
    city = f.region("419900", "测试市", world.henan)
    indicators = list(Indicator.objects.all())
    clusters = []
    for i in range(n):
        county = f.region(str(418000 + i + 1), f"测试县{i}", city)
        clusters.append(Cluster(code=f"T{i:05d}", name=f"测试集聚区{i}", region=county))
    Cluster.objects.bulk_create(clusters)
    clusters = list(Cluster.objects.filter(code__startswith="T"))
    subs, values, targets = [], [], []
    for c in clusters:
        for period in ("2025-04", "2024-04"):
            p = Period.parse(period)
            subs.append(
                Submission(
                    dataset=monthly,
                    cluster=c,
                    period=period,
                    period_end=p.end,
                    due_date=p.end,
                    status="approved",
                )
            )
    Submission.objects.bulk_create(subs)
    for s in Submission.objects.filter(cluster__code__startswith="T"):
        for k, ind in enumerate(indicators):
            values.append(
                Value(
                    submission=s,
                    cluster_id=s.cluster_id,
                    indicator=ind,
                    period=s.period,
                    year=int(s.period[:4]),
                    value=D(1000 + k + s.cluster_id),
                )
            )
    Value.objects.bulk_create(values)
    for c in clusters:
        for ind in indicators:
            targets.append(Target(cluster=c, indicator=ind, year=2025, value=D(50000)))
    Target.objects.bulk_create(targets)
    return city


def _count(fn):
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return len(ctx.captured_queries), result


@pytest.mark.parametrize("n", [5, 180])
def test_query_count_is_fixed_whatever_the_number_of_clusters(world, catalog, monthly, n, request):
    Indicator.objects.create(
        code="tax_rate",
        name="税收占收入比重",
        unit="%",
        kind="stock",
        formula="tax / revenue * 100",
        order=99,
    )
    city = _province_with(n, monthly, world)
    user = world.users["province_admin"]
    user = type(user).objects.select_related("unit__region").get(pk=user.pk)
    progress(user=user, period="2025-04", region=city.code)  # warm the user's cached scope
    counts = {}
    counts["region"], rows = _count(lambda: progress(user=user, period="2025-04", region=city.code))
    assert by_code(rows)["fai"].value is not None
    counts["table"], table = _count(lambda: progress_table(user=user, period="2025-04", region=city.code))
    assert len(table) == n
    counts["cluster"], _rows = _count(lambda: progress(user=user, period="2025-04", cluster="T00001"))
    counts["province"], _rows = _count(lambda: progress_table(user=user, period="2025-04", region="410000"))
    assert counts == EXPECTED_QUERIES, counts


# region: place, scope check, indicators, clusters, values, targets; table: + clusters shown;
# cluster: place, indicators, clusters of the city, values, targets
EXPECTED_QUERIES = {
    "region": 7,
    "table": 7,
    "cluster": 5,
    "province": 7,
}  # region: + its own targets (RegionTarget)
