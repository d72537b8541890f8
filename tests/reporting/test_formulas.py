"""The formula language of derived indicators and validation rules: small, safe (nothing is
eval'd), Decimal arithmetic, missing stays missing; and its validation when an indicator or a
rule is saved (syntax, unknown code, self reference, cycle), with Chinese messages."""

from decimal import Decimal

import pytest

from clusterzone.core.exceptions import DomainError
from clusterzone.core.services import instance_save
from clusterzone.reporting import formulas
from clusterzone.reporting.catalog import load_reporting_catalog
from clusterzone.reporting.models import Indicator, ValidationRule

D = Decimal


# --- the language --------------------------------------------------------------------------


def test_parse_collects_codes_and_shifted_codes():
    f = formulas.parse("fai_industrial + fai_infrastructure - prev(fai) + last_year(tax) * 2")
    assert f.names == {"fai_industrial", "fai_infrastructure"}
    assert f.shifted == {("prev", "fai"), ("last_year", "tax")}


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('true')",
        "revenue.real",
        "revenue ** 2",
        "revenue % 7",
        "lambda: 1",
        "[revenue]",
        "revenue if tax else fai",
        "revenue > tax",
        "'文本'",
        "True + revenue",
        "open('x')",
        "prev(revenue + tax)",
        "min()",
        "abs(revenue, tax)",
    ],
)
def test_anything_outside_the_whitelist_is_refused(text):
    with pytest.raises(formulas.FormulaError) as exc:
        formulas.parse(text)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc.value))  # a Chinese message


@pytest.mark.parametrize("text", ["", "   ", "revenue +", "(tax", "tax / / land_area"])
def test_syntax_errors_have_chinese_messages(text):
    with pytest.raises(formulas.FormulaError, match="公式"):
        formulas.parse(text)


def test_investment_intensity_of_the_seed_is_280_wan_yuan_per_mu():
    """Seed 004: 4200万元/公顷 = 280万元/亩 (15亩 = 1公顷): 42亿 on 1500亩."""
    f = formulas.parse("fai_industrial / land_area")
    assert f.evaluate({"fai_industrial": D(420000), "land_area": D(1500)}) == D(280)


def test_leading_share_is_a_percentage():
    f = formulas.parse("value_added_leading / value_added * 100")
    assert f.evaluate({"value_added_leading": D(7), "value_added": D(10)}) == D(70)


def test_chinese_multiplication_and_division_signs_are_accepted():
    f = formulas.parse("tax ÷ land_area × 100")
    assert f.evaluate({"tax": D(6000), "land_area": D(3000)}) == D(200)


def test_missing_operand_or_division_by_zero_gives_missing_never_zero():
    f = formulas.parse("tax / land_area")
    assert f.evaluate({"tax": D(6000)}) is None
    assert f.evaluate({"tax": D(6000), "land_area": None}) is None
    assert f.evaluate({"tax": D(6000), "land_area": D(0)}) is None


def test_functions_and_shifted_values():
    f = formulas.parse("max(revenue, prev(revenue)) - abs(min(-3, last_year(revenue)))")
    shifted = {("prev", "revenue"): D(100), ("last_year", "revenue"): D(-10)}
    assert f.evaluate({"revenue": D(90)}, lambda fn, code: shifted[(fn, code)]) == D(90)
    assert f.evaluate({"revenue": D(90)}) is None  # no shifted values known → missing


def test_dependency_order_and_cycles():
    parsed = {
        "a": formulas.parse("b + 1"),
        "b": formulas.parse("revenue * 2"),
        "c": formulas.parse("a + b"),
    }
    order = formulas.dependency_order(parsed)
    assert order.index("b") < order.index("a") < order.index("c")
    parsed["b"] = formulas.parse("c / 2")
    with pytest.raises(formulas.FormulaError, match="循环引用"):
        formulas.dependency_order(parsed)


# --- validation when saved ----------------------------------------------------------------


@pytest.fixture
def catalog_loaded(world):
    load_reporting_catalog()
    return {i.code: i for i in Indicator.objects.all()}


def save_indicator(code, formula, *, actor, unit="%"):
    obj = Indicator.objects.filter(code=code).first() or Indicator(code=code, name=code, unit=unit)
    return instance_save(obj, actor=actor, data={"formula": formula})


def test_a_valid_derived_indicator_is_saved(catalog_loaded, world):
    admin = world.users["province_admin"]
    obj = save_indicator("profit_margin", "profit / revenue * 100", actor=admin)
    assert obj.is_derived and Indicator.objects.get(code="profit_margin").formula == "profit / revenue * 100"


@pytest.mark.parametrize(
    "formula, message",
    [
        ("profit / (revenue", "语法错误"),
        ("profit / turnover * 100", "不存在的指标：turnover"),
        ("profit_margin * 2", "不能引用指标自身"),
        ("__import__('os')", "不允许"),
    ],
)
def test_invalid_formulas_are_refused_beside_the_field(catalog_loaded, world, formula, message):
    admin = world.users["province_admin"]
    with pytest.raises(DomainError) as exc:
        save_indicator("profit_margin", formula, actor=admin)
    assert exc.value.field == "formula"
    assert message in exc.value.message
    assert not Indicator.objects.filter(code="profit_margin").exists()


def test_a_cycle_through_derived_indicators_is_refused(catalog_loaded, world):
    admin = world.users["province_admin"]
    save_indicator("x_one", "tax_per_mu * 2", actor=admin, unit="万元/亩")
    with pytest.raises(DomainError) as exc:
        save_indicator("tax_per_mu", "x_one / 2", actor=admin, unit="万元/亩")
    assert exc.value.field == "formula" and "循环引用" in exc.value.message
    assert Indicator.objects.get(code="tax_per_mu").formula == "tax / land_area"


def test_rule_expressions_are_validated(catalog_loaded, world):
    admin = world.users["province_admin"]
    rule = ValidationRule(code="x_rule", operator="<=", severity="error", message="测试")
    with pytest.raises(DomainError) as exc:
        instance_save(rule, actor=admin, data={"left": "tax +", "right": "revenue"})
    assert exc.value.field == "left" and "语法错误" in exc.value.message
    with pytest.raises(DomainError) as exc:
        instance_save(rule, actor=admin, data={"left": "tax", "right": "turnover"})
    assert exc.value.field == "right" and "turnover" in exc.value.message
    instance_save(rule, actor=admin, data={"left": "tax", "right": "prev(tax) * 3"})
    assert ValidationRule.objects.filter(code="x_rule").exists()
