"""Excel import of acquisition plans, construction-land quotas and their allocation,
differentiated terms, housing and landless employment: upsert by natural key, unchanged on a
second run, all-or-nothing with row/column errors, scope."""

import csv
import io
from decimal import Decimal

from clusterzone.core.importing import get_importer
from clusterzone.land.models import (
    AcquisitionPlan,
    DifferentiatedPolicy,
    Housing,
    LandlessEmployment,
    LandQuota,
    QuotaAllocation,
)


def run(kind, header, rows, actor=None):
    buf = io.StringIO()
    csv.writer(buf).writerows([header, *rows])
    return get_importer(kind).run(io.BytesIO(buf.getvalue().encode()), filename="土地.csv", actor=actor)


def test_acquisition_plans(world):
    a, b = world.cluster_a.code, world.cluster_b.code
    header = ["集聚区代码", "年度", "计划征收（亩）", "已征收（亩）"]
    rows = [[a, "2025", "10000", "3700"], [a, "2026", "2000", ""]]
    result = run("acquisition-plans", header, rows)
    assert result.ok and result.created == 2, result.errors
    assert run("acquisition-plans", header, rows).unchanged == 2
    assert run("acquisition-plans", header, [[a, "2025", "10000", "4000"]]).updated == 1
    assert AcquisitionPlan.objects.get(year=2025).acquired == 4000
    bad = run(
        "acquisition-plans", header, [[a, "2027", "50", ""], [a, "2027", "60", ""], [a, "2028", "x", ""]]
    )
    assert not bad.ok
    assert {(e.row, e.column) for e in bad.errors} == {(3, "年度"), (4, "计划征收（亩）")}
    assert not AcquisitionPlan.objects.filter(year=2027).exists()
    other = run("acquisition-plans", header, [[b, "2025", "1", ""]], actor=world.users["cluster_reporter"])
    assert not other.ok and other.errors[0].column == "集聚区代码"
    assert AcquisitionPlan.objects.count() == 2


def test_quotas_and_allocations(world):
    region = world.shangcai.code
    result = run("land-quotas", ["行政区划代码", "年度", "指标（亩）"], [[region, "2010", "11250"]])
    assert result.ok, result.errors
    quota = LandQuota.objects.get()
    header = ["行政区划代码", "年度", "集聚区代码", "使用园区/项目", "分配面积（亩）"]
    a = world.cluster_a.code
    rows = [[region, "2010", a, "起重园区", "2250"], [region, "2010", a, "蒲西园区", "1050"]]
    assert run("quota-allocations", header, rows).created == 2
    quota.refresh_from_db()
    assert quota.allocated == Decimal("3300")
    assert run("quota-allocations", header, rows).unchanged == 2
    # no such quota, and a total above the quota: nothing written
    missing = run("quota-allocations", header, [[region, "2011", a, "X", "1"]])
    assert not missing.ok and missing.errors[0].column == "年度"
    over = run("quota-allocations", header, [rows[0], [region, "2010", a, "电厂园区", "9000"]])
    assert not over.ok and "超过指标" in over.errors[0].reason
    assert QuotaAllocation.objects.count() == 2
    quota.refresh_from_db()
    assert quota.allocated == Decimal("3300")
    # the quota may not fall below what is allocated
    low = run("land-quotas", ["行政区划代码", "年度", "指标（亩）"], [[region, "2010", "3000"]])
    assert not low.ok and low.errors[0].row == 2


def test_differentiated_terms_housing_and_employment(world):
    region = world.shangcai.code
    header = ["行政区划代码", "类别", "用地", "用电"]
    rows = [[region, "A", "优先保障用地", "电价优惠"], [region, "D类", "不新增用地", "差别电价"]]
    assert run("differentiated-policies", header, rows).created == 2
    assert run("differentiated-policies", header, rows).unchanged == 2
    bad = run("differentiated-policies", header, [[region, "T", "", ""]])
    assert not bad.ok and bad.errors[0].column == "类别"
    assert DifferentiatedPolicy.objects.get(klass="D").land == "不新增用地"

    a = world.cluster_a.code
    header = ["集聚区代码", "类型", "名称", "建筑面积（万平方米）", "套数（套）", "已建成套数（套）"]
    rows = [[a, "安置社区", "露峰社区", "18.6", "1600", "1200"], [a, "公租房", "园区公寓", "", "300", ""]]
    assert run("housing", header, rows).created == 2
    assert run("housing", header, rows).unchanged == 2
    over = run("housing", header, [[a, "安置社区", "汇源社区", "", "10", "11"]])
    assert not over.ok and over.errors[0].column == "已建成套数（套）"
    assert Housing.objects.count() == 2

    header = ["集聚区代码", "年度", "类型", "人次", "培训单位", "服务企业"]
    code = world.ent_a.credit_code
    rows = [
        [a, "2025", "失地农民就业", "3800", "", ""],
        [a, "2025", "委托用工培训", "500", "县职教中心", code],
    ]
    assert run("landless-employment", header, rows).created == 2
    assert list(LandlessEmployment.objects.get(kind="training").enterprises.all()) == [world.ent_a]
    assert run("landless-employment", header, rows).unchanged == 2
    rows[1][5] = ""
    assert run("landless-employment", header, rows).updated == 1
    assert not LandlessEmployment.objects.get(kind="training").enterprises.exists()
    bad = run(
        "landless-employment",
        header,
        [[a, "2026", "培训", "10", "", ""], [a, "2026", "就业", "1", "", "911"]],
    )
    assert not bad.ok
    assert {(e.row, e.column) for e in bad.errors} == {(2, "培训单位"), (3, "服务企业")}
    assert LandlessEmployment.objects.count() == 2
