"""Reporting fixtures: a small catalog (the standard codes the seeds' figures use) and a
monthly data set every cluster of the `world` fixture reports."""

from decimal import Decimal

import pytest

from clusterzone.reporting.models import DataSet, DataSetIndicator, Indicator, Target

STANDARD = [
    # code, name, unit, kind
    ("revenue", "主营业务收入", "万元", "flow"),
    ("fai", "固定资产投资", "万元", "flow"),
    ("fai_industrial", "工业项目投资", "万元", "flow"),
    ("fai_infrastructure", "基础设施投资", "万元", "flow"),
    ("tax", "税收收入", "万元", "flow"),
    ("employees", "从业人员", "人", "stock"),
]


@pytest.fixture
def catalog(db):
    out = {}
    for order, (code, name, unit, kind) in enumerate(STANDARD):
        out[code], _ = Indicator.objects.get_or_create(
            code=code, defaults={"name": name, "unit": unit, "kind": kind, "order": order}
        )
    return out


@pytest.fixture
def monthly(world, catalog):
    ds = DataSet.objects.create(
        scope_rule="explicit",
        code="monthly_test",
        name="月度统计（测试）",
        period_kind="monthly",
        due_days=5,
        region=world.henan,
    )
    for order, ind in enumerate(catalog.values()):
        DataSetIndicator.objects.create(dataset=ds, indicator=ind, order=order)
    ds.clusters.set([world.cluster_a, world.cluster_a2, world.cluster_b])
    return ds


@pytest.fixture
def lushan_targets(world, catalog):
    """鲁山's 2025 targets (seed 003): 固定资产投资 60亿, 主营业务收入 60亿 (in 万元)."""
    Target.objects.create(cluster=world.cluster_b, indicator=catalog["fai"], year=2025, value=Decimal(600000))
    Target.objects.create(
        cluster=world.cluster_b, indicator=catalog["revenue"], year=2025, value=Decimal(600000)
    )
