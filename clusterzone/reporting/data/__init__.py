"""The shipped reporting catalog, as data: indicators (reported and derived), data sets and
the default validation rules. `clusterzone.reporting.catalog.load_reporting_catalog()` loads
it idempotently; a province administrator edits the loaded rows on the catalog pages.

The codes are the platform's standard indicator codes: every import, API and CLI uses them.
Kinds: "flow" is reported as the year-to-date cumulative (1–N月累计), "stock" as the value at
the end of the period (期末数).
"""

from __future__ import annotations

from dataclasses import dataclass

# Region the shipped data sets are published by (河南省) and the clusters that report them.
PROVINCE_CODE = "410000"


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    unit: str
    kind: str  # "flow" | "stock"
    category: str
    decimals: int = 2
    non_negative: bool = True
    formula: str = ""  # derived indicators only


# category names
SCALE = "经济规模"
INVESTMENT = "固定资产投资"
EFFICIENCY = "质量效益"
PROJECTS = "项目建设"
ENTERPRISES = "企业与就业"
LAND = "土地与建设"
FUNDS = "资金"
DERIVED = "派生指标"

INDICATORS: list[IndicatorSpec] = [
    # --- the standard codes of the issue, exactly ---------------------------------------
    IndicatorSpec("revenue", "主营业务收入", "万元", "flow", SCALE),
    IndicatorSpec("value_added", "规模以上工业增加值", "万元", "flow", SCALE),
    IndicatorSpec("value_added_leading", "主导产业增加值", "万元", "flow", SCALE),
    IndicatorSpec("fai", "固定资产投资", "万元", "flow", INVESTMENT),
    IndicatorSpec("fai_industrial", "工业项目投资", "万元", "flow", INVESTMENT),
    IndicatorSpec("fai_infrastructure", "基础设施投资", "万元", "flow", INVESTMENT),
    IndicatorSpec("tax", "税收收入", "万元", "flow", EFFICIENCY),
    # a loss is a negative profit
    IndicatorSpec("profit", "利润总额", "万元", "flow", EFFICIENCY, non_negative=False),
    IndicatorSpec("employees", "从业人员", "人", "stock", ENTERPRISES, decimals=0),
    IndicatorSpec("enterprises_above_size", "规模以上工业企业数", "个", "stock", ENTERPRISES, decimals=0),
    IndicatorSpec("projects_settled", "新入驻项目数", "个", "flow", PROJECTS, decimals=0),
    IndicatorSpec("projects_started", "新开工项目数", "个", "flow", PROJECTS, decimals=0),
    IndicatorSpec("projects_100m_building", "在建亿元以上项目数", "个", "stock", PROJECTS, decimals=0),
    IndicatorSpec("projects_in_production", "新投产项目数", "个", "flow", PROJECTS, decimals=0),
    IndicatorSpec("built_up_area", "建成区面积", "平方公里", "stock", LAND),
    IndicatorSpec("superior_funds", "争取上级资金", "万元", "flow", FUNDS),
    IndicatorSpec("land_acquired", "新征收土地", "亩", "flow", LAND),
    # --- land for the per-亩 ratios -------------------------------------------------------
    IndicatorSpec("land_area", "已开发土地面积", "亩", "stock", LAND),
    # --- what the statistics bureau's quarterly form JJQ201 needs -------------------------
    IndicatorSpec("public_green_area", "公共绿地面积", "万平方米", "stock", LAND),
    IndicatorSpec("standard_factory_area", "标准厂房面积", "万平方米", "stock", LAND),
    IndicatorSpec("multistorey_factory_area", "多层标准厂房面积", "万平方米", "stock", LAND),
    IndicatorSpec("road_length", "道路长度", "公里", "stock", LAND),
    IndicatorSpec("water_pipe_length", "自来水供水管道长度", "公里", "stock", LAND),
    IndicatorSpec("units_count", "单位个数", "个", "stock", ENTERPRISES, decimals=0),
    # --- derived: computed from a formula, never entered ----------------------------------
    IndicatorSpec(
        "investment_intensity", "投资强度", "万元/亩", "stock", DERIVED, formula="fai_industrial / land_area"
    ),
    IndicatorSpec(
        "leading_share",
        "主导产业增加值占比",
        "%",
        "stock",
        DERIVED,
        decimals=1,
        formula="value_added_leading / value_added * 100",
    ),
    IndicatorSpec("tax_per_mu", "亩均税收", "万元/亩", "stock", DERIVED, formula="tax / land_area"),
]


@dataclass(frozen=True)
class DataSetSpec:
    code: str
    name: str
    period_kind: str  # annual | quarterly | monthly | half_monthly | ten_day
    due_days: int
    indicators: tuple[str, ...]
    description: str = ""
    itemised: bool = False  # reported item by item (reporting.items)


DATASETS: list[DataSetSpec] = [
    DataSetSpec(
        "monthly_stats",
        "月度统计",
        "monthly",
        5,
        (
            "revenue",
            "value_added",
            "value_added_leading",
            "fai",
            "fai_industrial",
            "fai_infrastructure",
            "tax",
            "profit",
            "employees",
            "enterprises_above_size",
            "projects_settled",
            "projects_started",
            "projects_100m_building",
            "projects_in_production",
            "superior_funds",
            "land_acquired",
            "land_area",
        ),
        "产业集聚区主要经济指标月报：流量指标填1–N月累计数，存量指标填月末数；次月5日前报送。",
    ),
    DataSetSpec(
        "half_monthly_construction",
        "半月报",
        "half_monthly",
        2,
        ("fai_infrastructure", "projects_settled", "projects_started", "superior_funds"),
        "基础设施建设、新入驻企业和新上项目、争取上级资金情况：上半月17日、下半月次月2日前报送。",
        itemised=True,
    ),
    DataSetSpec(
        "jjq201",
        "产业集聚区统计监测季报（JJQ201）",
        "quarterly",
        15,
        (
            "built_up_area",
            "public_green_area",
            "standard_factory_area",
            "multistorey_factory_area",
            "road_length",
            "water_pipe_length",
            "units_count",
            "employees",
        ),
        "统计部门产业集聚区季度监测表：期末数；季后15日前报送。",
    ),
]


@dataclass(frozen=True)
class RuleSpec:
    code: str
    left: str
    operator: str
    right: str
    severity: str  # error | warning
    message: str
    dataset: str | None = None  # data set code; None = every data set holding the indicators


RULES: list[RuleSpec] = [
    RuleSpec(
        "fai_parts_within_fai",
        "fai_industrial + fai_infrastructure",
        "<=",
        "fai",
        "error",
        "工业项目投资与基础设施投资之和不能大于固定资产投资。",
    ),
    RuleSpec(
        "leading_within_value_added",
        "value_added_leading",
        "<=",
        "value_added",
        "error",
        "主导产业增加值不能大于规模以上工业增加值。",
    ),
    RuleSpec(
        "tax_within_revenue",
        "tax",
        "<=",
        "revenue",
        "warning",
        "税收收入大于主营业务收入，请核实并填写说明。",
    ),
]
