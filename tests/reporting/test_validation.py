"""Validation on save and on submit: every blocking rule, the warning that needs a 说明,
rules kept as data (with prev() and last_year()), and a constant number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterzone.accounts.choices import Role
from clusterzone.core.exceptions import DomainError
from clusterzone.reporting import services
from clusterzone.reporting.choices import SubmissionStatus
from clusterzone.reporting.models import (
    DataSet,
    DataSetIndicator,
    Indicator,
    Submission,
    ValidationRule,
    Value,
)
from clusterzone.reporting.validation import load_context, parse_number, validate

from .. import factories as f


@pytest.fixture
def reporter(world):
    """鲁山's reporter: the seed document's figures are 鲁山's."""
    return f.UserFactory(username="reporter_b", unit=world.committee_b, roles=[Role.CLUSTER_REPORTER])


def load(world, dataset, period, values, status=SubmissionStatus.APPROVED):
    """Earlier periods as the statistics bureau's bulk load would store them."""
    sub = services.submission_open(actor=None, dataset=dataset, cluster=world.cluster_b, period=period)
    services.values_write_bulk(
        actor=None, submission=sub, values={k: Decimal(v) for k, v in values.items()}, reason="历史数据"
    )
    services.submission_force_status(actor=None, submission=sub, status=status, reason="历史数据")
    return sub


@pytest.fixture
def april(world, monthly, reporter):
    return services.submission_open(
        actor=reporter, dataset=monthly, cluster=world.cluster_b, period="2025-04"
    )


@pytest.fixture
def fai_rule(db):
    return ValidationRule.objects.create(
        code="fai_split",
        left="fai_industrial + fai_infrastructure",
        operator="<=",
        right="fai",
        severity="error",
        message="工业项目投资与基础设施投资之和不能超过固定资产投资。",
    )


def save(sub, user, values):
    return services.submission_save_values(actor=user, submission=sub, values=values, version=sub.version)


def test_seed_figures_of_april_pass(world, monthly, april, reporter, fai_rule):
    """鲁山, end of April 2025: 固定资产投资 15亿 (Q1 10.2亿), 主营业务收入 17亿 (Q1 11.4亿)."""
    load(world, monthly, "2025-03", {"fai": 102000, "revenue": 114000})
    load(world, monthly, "2024-04", {"fai": 92994, "revenue": 130769})  # +61.3%, +30%
    report = save(april, reporter, {"fai": "150000", "revenue": "170,000", "fai_industrial": "90000",
                                    "fai_infrastructure": "60000"})  # fmt: skip
    assert report.ok and not report.warnings
    services.submission_submit(actor=reporter, submission=april)
    assert april.status == SubmissionStatus.SUBMITTED


def test_non_numeric_is_refused_naming_the_indicator(world, april, reporter):
    with pytest.raises(DomainError) as exc:
        save(april, reporter, {"revenue": "十七亿", "fai": "150000"})
    assert exc.value.errors == {"revenue": ["主营业务收入 的值“十七亿”不是有效的数字。"]}
    assert not Value.objects.exists() and Submission.objects.get().version == 1


def test_unknown_and_too_precise_input_refused(world, april, reporter):
    with pytest.raises(DomainError) as exc:
        save(april, reporter, {"land_acquired": "5", "fai": "1.23456"})
    assert "不包含指标“land_acquired”" in exc.value.errors["land_acquired"][0]
    assert exc.value.errors["fai"] == ["固定资产投资 最多保留4位小数。"]


def test_raw_input_forms_accepted():
    assert parse_number("1,234.5") == Decimal("1234.5")
    assert parse_number(" １２３ ") == Decimal(123)  # full-width digits
    assert parse_number("") is None and parse_number(None) is None
    with pytest.raises(ValueError):
        parse_number("NaN")


def test_negative_refused_where_impossible_allowed_where_not(world, monthly, april, reporter, catalog):
    with pytest.raises(DomainError) as exc:
        save(april, reporter, {"tax": "-5"})
    assert exc.value.errors["tax"] == ["税收收入 不能为负数（填报值 -5万元）。"]
    profit = Indicator.objects.create(
        code="profit", name="利润总额", unit="万元", kind="flow", non_negative=False
    )
    DataSetIndicator.objects.create(dataset=monthly, indicator=profit, order=99)
    assert save(april, reporter, {"profit": "-120.5"}).ok


def test_industrial_plus_infrastructure_above_fai_is_refused(world, april, reporter, fai_rule):
    with pytest.raises(DomainError) as exc:
        save(april, reporter, {"fai": "150000", "fai_industrial": "100000", "fai_infrastructure": "60000"})
    assert exc.value.errors == {
        "fai_industrial": [
            "工业项目投资与基础设施投资之和不能超过固定资产投资。"
            "（fai_industrial + fai_infrastructure = 160000，fai = 150000）"
        ]
    }
    assert not Value.objects.exists()
    # a rule whose operand is missing is skipped (never read as zero)
    assert save(april, reporter, {"fai_industrial": "100000", "fai_infrastructure": "60000"}).ok
    # …and applies once the missing figure is entered, against the stored ones
    with pytest.raises(DomainError, match="1项错误"):
        save(april, reporter, {"fai": "150000"})
    assert save(april, reporter, {"fai": "160000"}).ok


def test_inactive_or_other_dataset_rule_not_applied(world, april, reporter, fai_rule, catalog):
    fai_rule.is_active = False
    fai_rule.save()
    other = DataSet.objects.create(
        scope_rule="explicit", code="other", name="其他", period_kind="monthly", region=world.henan
    )
    ValidationRule.objects.create(code="other_rule", dataset=other, left="fai", operator="<", right="0",
                                  message="不适用")  # fmt: skip
    assert save(april, reporter, {"fai": "10", "fai_industrial": "100"}).ok


def test_flow_cumulative_cannot_fall_below_the_previous_month(world, monthly, april, reporter):
    load(world, monthly, "2025-03", {"revenue": 114000, "employees": 5200})
    with pytest.raises(DomainError) as exc:
        save(april, reporter, {"revenue": "110000"})
    assert exc.value.errors["revenue"] == [
        "主营业务收入 本期累计（110000万元）小于上期累计（114000万元），累计数不能减少。"
    ]
    # a stock may fall; an equal cumulative is fine
    assert save(april, reporter, {"revenue": "114000", "employees": "5100"}).ok


def test_january_is_not_compared_with_last_december(world, monthly, reporter):
    load(world, monthly, "2024-12", {"revenue": 500000})
    jan = services.submission_open(actor=reporter, dataset=monthly, cluster=world.cluster_b, period="2025-01")
    assert save(jan, reporter, {"revenue": "30000"}).ok


@pytest.mark.parametrize(
    "kind,earlier,period",
    [("half_monthly", "2025-04H1", "2025-04H2"), ("quarterly", "2025Q1", "2025Q2"), ("half_monthly", "2025-03H2", "2025-04H1")],
)  # fmt: skip
def test_cumulative_rule_for_half_months_and_quarters(world, catalog, reporter, kind, earlier, period):
    ds = DataSet.objects.create(
        scope_rule="explicit",
        code=f"ds_{kind}",
        name="测试",
        period_kind=kind,
        due_days=2,
        region=world.henan,
    )
    DataSetIndicator.objects.create(dataset=ds, indicator=catalog["fai_infrastructure"])
    ds.clusters.set([world.cluster_b])
    load(world, ds, earlier, {"fai_infrastructure": 8000})
    sub = services.submission_open(actor=reporter, dataset=ds, cluster=world.cluster_b, period=period)
    with pytest.raises(DomainError, match="累计数不能减少"):
        save(sub, reporter, {"fai_infrastructure": "7999"})
    assert save(sub, reporter, {"fai_infrastructure": "8000"}).ok


def test_change_beyond_100pct_warns_and_needs_a_comment_to_submit(world, monthly, april, reporter):
    load(world, monthly, "2024-04", {"revenue": 50000, "fai": 92994})
    report = save(april, reporter, {"revenue": "170000", "fai": "150000"})
    assert report.ok  # saved: a warning does not block
    assert list(report.warnings) == ["revenue"]
    assert report.warnings["revenue"] == [
        "主营业务收入 与上年同期（50000万元）相比变动 +240.0%，超过 ±100%，请核实并在上报时填写说明。"
    ]
    with pytest.raises(DomainError) as exc:
        services.submission_submit(actor=reporter, submission=april, comment="  ")
    assert (
        exc.value.code == "comment_required" and "主营业务收入" in str(exc.value) and "说明" in str(exc.value)
    )
    assert Submission.objects.get(pk=april.pk).status == SubmissionStatus.DRAFT
    services.submission_submit(actor=reporter, submission=april, comment="新投产企业3家，收入大幅增长")
    april.refresh_from_db()
    assert april.status == SubmissionStatus.SUBMITTED and april.comment == "新投产企业3家，收入大幅增长"


def test_no_warning_without_last_year_or_from_zero(world, monthly, april, reporter):
    load(world, monthly, "2024-04", {"revenue": 0})
    assert not save(april, reporter, {"revenue": "170000", "fai": "1"}).warnings


def test_blocking_error_prevents_submitting_stored_values(world, monthly, april, reporter, fai_rule):
    save(april, reporter, {"fai": "100", "fai_industrial": "80"})
    # the rule is tightened after the values were saved
    ValidationRule.objects.create(code="tight", left="fai_industrial", operator="<=", right="fai * 0.5",
                                  message="工业项目投资占比过高。")  # fmt: skip
    with pytest.raises(DomainError, match="不能上报") as exc:
        services.submission_submit(actor=reporter, submission=april)
    assert "工业项目投资占比过高" in exc.value.errors["fai_industrial"][0]


def test_warning_rule_with_prev_and_last_year(world, monthly, april, reporter):
    load(world, monthly, "2025-03", {"fai": 102000})
    load(world, monthly, "2024-04", {"fai": 92994})
    ValidationRule.objects.create(code="fai_month", left="fai - prev(fai)", operator=">=", right="0.05 * last_year(fai)",
                                  severity="warning", message="本月新增投资偏少。")  # fmt: skip
    report = save(april, reporter, {"fai": "105000"})  # 3000 this month, below 5% of 92994
    assert "本月新增投资偏少" in report.warnings["fai"][0]
    assert not save(april, reporter, {"fai": "150000"}).warnings  # 48000 this month


def test_validate_issues_a_fixed_number_of_queries(world, monthly, april, reporter, fai_rule):
    load(world, monthly, "2025-03", {"fai": 1, "revenue": 1})

    def measure():
        ctx_values = {code: Decimal(10) for code in monthly.items.values_list("indicator__code", flat=True)}
        with CaptureQueriesContext(connection) as ctx:
            validate(april, ctx_values)
        return len(ctx)

    small = measure()
    for i in range(40):
        ind = Indicator.objects.create(code=f"extra_{i}", name=f"指标{i}", unit="个", kind="stock")
        DataSetIndicator.objects.create(dataset=monthly, indicator=ind, order=100 + i)
        ValidationRule.objects.create(code=f"r{i}", left=f"extra_{i}", operator=">=", right="0", message="x")
    assert measure() == small == 3
    assert len(load_context(april).indicators) == 46
