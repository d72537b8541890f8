"""The shipped indicator catalog and data sets: standard codes, the seeds' reporting rhythm
(half-monthly due on the 17th and the 2nd), the idempotent loader with history; and the catalog
pages and API for the province administrator (query counts constant)."""

import datetime as dt

import pytest

from clusterzone.core.periods import Period
from clusterzone.reporting import data, scope
from clusterzone.reporting.catalog import format_counts, load_reporting_catalog
from clusterzone.reporting.models import DataSet, DataSetIndicator, Indicator, ValidationRule
from tests import factories as f

STANDARD = {
    # code: (name, unit, kind)
    "revenue": ("主营业务收入", "万元", "flow"),
    "fai": ("固定资产投资", "万元", "flow"),
    "fai_industrial": ("工业项目投资", "万元", "flow"),
    "fai_infrastructure": ("基础设施投资", "万元", "flow"),
    "value_added": ("规模以上工业增加值", "万元", "flow"),
    "value_added_leading": ("主导产业增加值", "万元", "flow"),
    "tax": ("税收收入", "万元", "flow"),
    "profit": ("利润总额", "万元", "flow"),
    "employees": ("从业人员", "人", "stock"),
    "enterprises_above_size": ("规模以上工业企业数", "个", "stock"),
    "projects_settled": ("新入驻项目数", "个", "flow"),
    "projects_started": ("新开工项目数", "个", "flow"),
    "projects_100m_building": ("在建亿元以上项目数", "个", "stock"),
    "projects_in_production": ("新投产项目数", "个", "flow"),
    "built_up_area": ("建成区面积", "平方公里", "stock"),
    "superior_funds": ("争取上级资金", "万元", "flow"),
    "land_acquired": ("新征收土地", "亩", "flow"),
}


@pytest.fixture
def loaded(world):
    load_reporting_catalog()
    return world


# --- the shipped data ------------------------------------------------------------------------


def test_standard_codes_are_shipped_exactly(loaded):
    got = {i.code: (i.name, i.unit, i.kind) for i in Indicator.objects.filter(code__in=STANDARD)}
    assert got == STANDARD


def test_jjq201_items_and_derived_indicators(loaded):
    jjq = DataSet.objects.get(code="jjq201")
    names = [
        i.indicator.name for i in DataSetIndicator.objects.filter(dataset=jjq).select_related("indicator")
    ]
    assert names == [
        "建成区面积",
        "公共绿地面积",
        "标准厂房面积",
        "多层标准厂房面积",
        "道路长度",
        "自来水供水管道长度",
        "单位个数",
        "从业人员",
    ]
    assert jjq.period_kind == "quarterly" and jjq.due_days == 15
    units = dict(Indicator.objects.values_list("code", "unit"))
    assert units["public_green_area"] == units["multistorey_factory_area"] == "万平方米"
    assert units["road_length"] == units["water_pipe_length"] == "公里"
    derived = {i.code: (i.name, i.unit, i.formula) for i in Indicator.objects.exclude(formula="")}
    assert derived == {
        "investment_intensity": ("投资强度", "万元/亩", "fai_industrial / land_area"),
        "leading_share": ("主导产业增加值占比", "%", "value_added_leading / value_added * 100"),
        "tax_per_mu": ("亩均税收", "万元/亩", "tax / land_area"),
    }


def test_half_monthly_construction_report_and_its_due_dates(loaded):
    """Seed 003: 每月2日、17日 — first half due the 17th, second half the 2nd of next month."""
    ds = DataSet.objects.get(code="half_monthly_construction")
    assert ds.name == "半月报" and ds.period_kind == "half_monthly"
    assert list(ds.items.values_list("indicator__code", flat=True)) == [
        "fai_infrastructure",
        "projects_settled",
        "projects_started",
        "superior_funds",
    ]
    assert ds.due_date(Period.parse("2025-04H1")) == dt.date(2025, 4, 17)
    assert ds.due_date(Period.parse("2025-04H2")) == dt.date(2025, 5, 2)
    assert ds.due_date(Period.parse("2025-12H2")) == dt.date(2026, 1, 2)
    assert ds.due_date(Period.parse("2025-02H2")) == dt.date(2025, 3, 2)


def test_monthly_and_quarterly_due_dates(loaded):
    monthly = DataSet.objects.get(code="monthly_stats")
    assert monthly.name == "月度统计"
    assert monthly.due_date(Period.parse("2025-04")) == dt.date(2025, 5, 5)
    assert monthly.due_date(Period.parse("2025-12")) == dt.date(2026, 1, 5)
    assert DataSet.objects.get(code="jjq201").due_date(Period.parse("2025Q1")) == dt.date(2025, 4, 15)


def test_data_sets_belong_to_the_province_and_every_provincial_cluster_reports_them(loaded):
    world = loaded
    f.ClusterFactory(code="41000099", name="市级专业园区", region=world.zmd, status="city_park")
    load_reporting_catalog()
    for ds in DataSet.objects.all():
        assert ds.region.code == "410000"
        assert set(scope.dataset_clusters(ds).values_list("code", flat=True)) == {
            "41172201",
            "41042301",
            "41170201",
        }


def test_an_indicator_belongs_to_one_data_set_per_period_kind():
    """The long-table import finds a value's data set by indicator + period kind."""
    seen = {}
    for ds in data.DATASETS:
        for code in ds.indicators:
            assert (code, ds.period_kind) not in seen, (code, ds.code)
            seen[(code, ds.period_kind)] = ds.code
    assert {s.code for s in data.INDICATORS} >= {c for ds in data.DATASETS for c in ds.indicators}


def test_default_rule_investment_parts_within_total(loaded):
    rule = ValidationRule.objects.get(code="fai_parts_within_fai")
    assert (rule.left, rule.operator, rule.right, rule.severity) == (
        "fai_industrial + fai_infrastructure",
        "<=",
        "fai",
        "error",
    )
    # 鲁山 Q1 (seed 003): industrial 9.2亿 + infrastructure 1亿 = 10.2亿 fixed-asset investment
    from clusterzone.reporting import formulas

    left = formulas.parse(rule.left).evaluate({"fai_industrial": 92000, "fai_infrastructure": 10000})
    assert left <= formulas.parse(rule.right).evaluate({"fai": 102000})


# --- the loader ---------------------------------------------------------------------------------


def test_loader_is_idempotent_and_keeps_history(world):
    first = load_reporting_catalog()
    assert first["indicators"]["created"] == len(data.INDICATORS)
    assert first["datasets"]["created"] == 3 and first["rules"]["created"] == len(data.RULES)
    # every provincial cluster reports the shipped data sets by rule, not by a hand-kept list
    from clusterzone.reporting import scope

    assert len(scope.pairs(DataSet.objects.select_related("region"))) == 9
    history = Indicator.history.count(), DataSet.history.count(), ValidationRule.history.count()
    second = load_reporting_catalog()
    assert second["indicators"] == {"created": 0, "updated": 0, "unchanged": len(data.INDICATORS)}
    assert second["datasets"] == {"created": 0, "updated": 0, "unchanged": 3}
    assert second["dataset_clusters"] == {"created": 0}
    assert (Indicator.history.count(), DataSet.history.count(), ValidationRule.history.count()) == history
    record = Indicator.objects.get(code="revenue").history.first()
    assert record.history_change_reason == "载入内置指标目录"
    assert "指标：新增 0，更新 0" in format_counts(second)[0]


def test_loader_restores_shipped_fields_but_keeps_the_administrators_additions(world):
    load_reporting_catalog()
    Indicator.objects.filter(code="tax").update(name="税收")
    extra = Indicator.objects.create(code="extra_one", name="自定义", unit="个")
    monthly = DataSet.objects.get(code="monthly_stats")
    DataSetIndicator.objects.create(dataset=monthly, indicator=extra, order=999)
    result = load_reporting_catalog()
    assert result["indicators"]["updated"] == 1
    assert Indicator.objects.get(code="tax").name == "税收收入"
    assert monthly.items.filter(indicator=extra).exists()


def test_loader_loads_the_regions_when_the_province_is_missing(db):
    load_reporting_catalog()
    assert DataSet.objects.get(code="monthly_stats").region.code == "410000"


# --- pages ------------------------------------------------------------------------------------

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from clusterzone.registry.models import Cluster  # noqa: E402
from tests.api import api_client  # noqa: E402


def add_catalog_rows(world, start, stop):
    """More indicators, data sets (each with indicators and clusters) and rules."""
    inds = Indicator.objects.bulk_create(
        Indicator(code=f"bulk_{i}", name=f"批量指标{i}", unit="个", category="批量")
        for i in range(start, stop)
    )
    clusters = Cluster.objects.bulk_create(
        Cluster(code=f"B{i:05d}", name=f"批量集聚区{i}", region=world.zmd) for i in range(start, stop)
    )
    for i, (ind, cl) in enumerate(zip(inds, clusters, strict=True), start):
        ds = DataSet.objects.create(
            scope_rule="explicit",
            code=f"bulk_ds_{i}",
            name=f"批量报表{i}",
            period_kind="monthly",
            region=world.henan,
        )
        DataSetIndicator.objects.create(dataset=ds, indicator=ind)
        ds.clusters.add(cl, world.cluster_a)
        ValidationRule.objects.create(
            code=f"bulk_rule_{i}", left=ind.code, operator=">=", right="0", message="x", dataset=ds
        )


def measure(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries), response


LIST_PAGES = ["reporting:indicator_list", "reporting:dataset_list", "reporting:rule_list"]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_query_count_is_constant(loaded, login, name):
    client = login(loaded.users["office_staff"])
    add_catalog_rows(loaded, 0, 3)
    small, _ = measure(client, reverse(name))
    add_catalog_rows(loaded, 3, 45)
    large, response = measure(client, reverse(name))
    assert small == large, f"{name}: {small} queries with few rows, {large} with many"
    export_small, _ = measure(client, reverse(name), export="xlsx")
    add_catalog_rows(loaded, 45, 60)
    export_large, xlsx = measure(client, reverse(name), export="xlsx")
    assert export_small == export_large
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


API_LISTS = ["/api/indicators/", "/api/datasets/"]


@pytest.mark.parametrize("url", API_LISTS)
def test_api_lists_query_count_is_constant(loaded, url):
    client = api_client(loaded.users["cluster_reporter"])
    add_catalog_rows(loaded, 0, 3)
    small, r1 = measure(client, url, page_size=500)
    add_catalog_rows(loaded, 3, 60)
    large, r2 = measure(client, url, page_size=500)
    assert r2.json()["count"] - r1.json()["count"] == 57
    assert small == large, f"{url}: {small} vs {large}"


def test_indicator_list_filters_and_shows_formulas(loaded, login):
    client = login(loaded.users["readonly"])
    response = client.get(reverse("reporting:indicator_list"), {"derived": "true"})
    text = response.content.decode()
    assert "投资强度" in text and "fai_industrial / land_area" in text and "主营业务收入" not in text
    response = client.get(reverse("reporting:indicator_list"), {"dataset": "half_monthly_construction"})
    text = response.content.decode()
    assert "争取上级资金" in text and "主营业务收入" not in text
    assert "新增" not in text.split('data-testid="filter-form"')[0].split("<h1")[1]  # no add button


def test_only_the_province_administrator_edits_indicators(loaded, login):
    url = reverse("reporting:indicator_add")
    assert login(loaded.users["office_admin"]).get(url).status_code == 403  # a city's administrator
    client = login(loaded.users["province_admin"])
    assert client.get(url).status_code == 200
    data = {"code": "profit_margin", "name": "利润率", "unit": "%", "kind": "stock", "decimals": 1,
            "formula": "profit / revenue * 100", "order": 500, "non_negative": "", "is_active": "on",
            "yoy_warning_pct": "100"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    obj = Indicator.objects.get(code="profit_margin")
    assert obj.history.first().history_user == loaded.users["province_admin"]


@pytest.mark.parametrize(
    "formula, message",
    [
        ("profit / (revenue", "语法错误"),
        ("profit / turnover", "不存在的指标：turnover"),
        ("tax_per_mu + 1", "不能引用指标自身"),
        ("investment_intensity * 0 + tax_per_mu_x", "不存在的指标"),
    ],
)
def test_formula_errors_show_beside_the_field(loaded, login, formula, message):
    client = login(loaded.users["province_admin"])
    obj = Indicator.objects.get(code="tax_per_mu")
    data = {"name": obj.name, "unit": obj.unit, "kind": obj.kind, "decimals": 2, "formula": formula,
            "order": obj.order, "is_active": "on", "yoy_warning_pct": "100"}  # fmt: skip
    response = client.post(reverse("reporting:indicator_edit", args=[obj.pk]), data)
    assert response.status_code == 400
    text = response.content.decode()
    errors = text.split('data-field="formula"')[1].split("</ul>")[0]
    assert message in errors
    assert Indicator.objects.get(code="tax_per_mu").formula == "tax / land_area"


def test_a_formula_cycle_shows_beside_the_field(loaded, login):
    client = login(loaded.users["province_admin"])
    Indicator.objects.create(code="x_one", name="甲", unit="%", formula="leading_share * 2")
    obj = Indicator.objects.get(code="leading_share")
    data = {"name": obj.name, "unit": obj.unit, "kind": obj.kind, "decimals": 1, "formula": "x_one / 2",
            "order": obj.order, "is_active": "on"}  # fmt: skip
    response = client.post(reverse("reporting:indicator_edit", args=[obj.pk]), data)
    errors = response.content.decode().split('data-field="formula"')[1].split("</ul>")[0]
    assert "循环引用" in errors


def test_rule_pages(loaded, login):
    admin = login(loaded.users["province_admin"])
    data = {"code": "profit_within_revenue", "left": "profit", "operator": "<=", "right": "revenue",
            "severity": "warning", "message": "利润总额大于主营业务收入，请核实。", "is_active": "on"}  # fmt: skip
    assert admin.post(reverse("reporting:rule_add"), data).status_code == 302
    rule = ValidationRule.objects.get(code="profit_within_revenue")
    bad = {**data, "right": "revenue +"}
    response = admin.post(reverse("reporting:rule_edit", args=[rule.pk]), bad)
    assert response.status_code == 400 and "语法错误" in response.content.decode()
    reader = login(loaded.users["readonly"])
    response = reader.get(reverse("reporting:rule_edit", args=[rule.pk]))
    assert response.status_code == 200 and "利润总额大于主营业务收入" in response.content.decode()
    assert reader.post(reverse("reporting:rule_edit", args=[rule.pk]), data).status_code == 403


def test_dataset_detail_shows_indicators_clusters_due_rule_and_exchange(loaded, login):
    ds = DataSet.objects.get(code="half_monthly_construction")
    client = login(loaded.users["office_staff"])
    response = client.get(reverse("reporting:dataset_detail", args=[ds.pk]))
    text = response.content.decode()
    assert "4月17日" in text and "5月2日" in text
    assert "争取上级资金" in text and "上蔡县产业集聚区" in text and "鲁山县产业集聚区" not in text  # scope
    assert 'data-testid="import-form"' in text and 'data-testid="cluster-add"' not in text
    tpl = client.get(
        reverse("reporting:dataset_detail", args=[ds.pk]), {"template": "1", "period": "2025-04H1"}
    )
    assert tpl.status_code == 200 and tpl["Content-Type"].startswith("application/vnd.openxmlformats")
    bad = client.get(
        reverse("reporting:dataset_detail", args=[ds.pk]), {"template": "1", "period": "2025-04"}
    )
    assert bad.status_code == 302


def test_dataset_page_import(loaded, login):
    import io

    import openpyxl

    ds = DataSet.objects.get(code="monthly_stats")
    wb = openpyxl.Workbook()
    wb.active.append(["集聚区代码", "主营业务收入（万元）"])
    wb.active.append(["41172201", "abc"])
    buf = io.BytesIO()
    wb.save(buf)
    client = login(loaded.users["office_staff"])
    upload = io.BytesIO(buf.getvalue())
    upload.name = "月报.xlsx"
    response = client.post(
        reverse("reporting:dataset_detail", args=[ds.pk]), {"period": "2025-04", "file": upload}
    )
    assert response.status_code == 400
    assert "应为数字" in response.content.decode()
    wb.active["B2"] = 170000
    buf = io.BytesIO()
    wb.save(buf)
    upload = io.BytesIO(buf.getvalue())
    upload.name = "月报.xlsx"
    response = client.post(
        reverse("reporting:dataset_detail", args=[ds.pk]), {"period": "2025-04", "file": upload}
    )
    assert response.status_code == 200 and 'data-testid="import-ok"' in response.content.decode()
    assert (
        login(loaded.users["readonly"])
        .post(reverse("reporting:dataset_detail", args=[ds.pk]), {"period": "2025-04"})
        .status_code
        == 403
    )


def test_province_admin_adds_a_cluster_to_a_data_set(loaded, login):
    ds = DataSet.objects.get(code="jjq201")
    new = Cluster.objects.create(code="41170277", name="新设产业集聚区", region=loaded.zmd)
    url = reverse("reporting:dataset_detail", args=[ds.pk])
    login(loaded.users["office_admin"]).post(url, {"action": "cluster-add", "codes": new.code})
    assert not ds.clusters.filter(pk=new.pk).exists()  # a city's administrator may not
    client = login(loaded.users["province_admin"])
    assert 'data-testid="cluster-add"' in client.get(url).content.decode()
    client.post(url, {"action": "cluster-add", "codes": new.code})
    assert ds.clusters.filter(pk=new.pk).exists()
    client.post(url, {"action": "cluster-remove", "codes": new.code})
    assert not ds.clusters.filter(pk=new.pk).exists()


# --- API ---------------------------------------------------------------------------------------


def test_api_indicator_lookup_by_code_and_filters(loaded):
    client = api_client(loaded.users["cluster_reporter"])
    body = client.get("/api/indicators/revenue/").json()
    assert (body["name"], body["unit"], body["kind"], body["is_derived"]) == (
        "主营业务收入",
        "万元",
        "flow",
        False,
    )
    codes = [r["code"] for r in client.get("/api/indicators/", {"code": "fai,tax"}).json()["results"]]
    assert codes == ["fai", "tax"]
    derived = client.get("/api/indicators/", {"derived": "true"}).json()["results"]
    assert {r["code"] for r in derived} == {"investment_intensity", "leading_share", "tax_per_mu"}
    ds = client.get("/api/datasets/half_monthly_construction/").json()
    assert [i["code"] for i in ds["indicators"]] == [
        "fai_infrastructure",
        "projects_settled",
        "projects_started",
        "superior_funds",
    ]
    assert ds["period_kind"] == "half_monthly" and ds["due_days"] == 2 and ds["region"] == "410000"


def test_api_writes_are_for_province_administrators(loaded):
    payload = {
        "code": "profit_margin",
        "name": "利润率",
        "unit": "%",
        "kind": "stock",
        "formula": "profit / revenue * 100",
    }
    reporter = api_client(loaded.users["cluster_reporter"])
    assert reporter.post("/api/indicators/", payload, format="json").status_code == 403
    city = api_client(loaded.users["office_admin"])
    assert city.post("/api/indicators/", payload, format="json").status_code == 403
    admin = api_client(loaded.users["province_admin"])
    response = admin.post("/api/indicators/", {**payload, "formula": "profit / turnover"}, format="json")
    assert response.status_code == 400 and "turnover" in str(response.json())
    response = admin.post("/api/indicators/", payload, format="json")
    assert response.status_code == 201 and response.json()["is_derived"] is True
    response = admin.patch(
        "/api/datasets/jjq201/", {"indicators": ["employees", "built_up_area"]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert [i["code"] for i in response.json()["indicators"]] == ["employees", "built_up_area"]
    assert reporter.patch("/api/datasets/jjq201/", {"due_days": 3}, format="json").status_code == 403
