# ruff: noqa: F811  (fixtures imported by name are used as arguments)
"""月评比: a cluster scheme naming a monthly `period` ranks on the cumulative figures to that
month (value, 同比 against the same month last year, 占全年目标 against the year's target),
never on the year-end ones; without a period nothing changes."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from clusterzone.accounts.policy import SYSTEM
from clusterzone.assessment import measures, schemes, services
from clusterzone.assessment.bulletins.content import _latest_run
from clusterzone.assessment.models import Run
from tests.assessment.test_runs import A2, A, B, put, year_data  # noqa: F401 (fixture)
from tests.reporting.conftest import catalog, monthly  # noqa: F401 (fixtures)

MONTHLY_SCHEME = {
    "name": "产业集聚区月评比（测试）",
    "year": 2025,
    "region": "410000",
    "period": "2025-10",
    "dimensions": [
        {
            "name": "经济总量",
            "indicators": [
                {"indicator": "revenue", "measure": "value", "weight": 40, "method": "linear"},
                {"indicator": "revenue", "measure": "yoy", "weight": 20, "method": "linear"},
                {"indicator": "fai", "measure": "target_pct", "weight": 40, "method": "linear"},
            ],
        }
    ],
}


@pytest.fixture
def october(year_data, monthly):
    """1-10月累计 (the year_data December figures stay in the database):
    A: 收入50亿 (上年同期50亿, 同比0), 投资30亿 / 全年目标60亿 = 50%;
    A2: 收入90亿 (上年同期60亿, 同比50%), 投资45亿 / 全年目标60亿 = 75%;
    B: nothing for October (its December figures must not stand in)."""
    for cluster, rev, rev_ly, fai in (
        (year_data.cluster_a, 500000, 500000, 300000),
        (year_data.cluster_a2, 900000, 600000, 450000),
    ):
        put(monthly, cluster, "revenue", "2025-10", rev)
        put(monthly, cluster, "revenue", "2024-10", rev_ly)
        put(monthly, cluster, "fai", "2025-10", fai)
    # a figure of September is not October's cumulative figure
    put(monthly, year_data.cluster_b, "revenue", "2025-09", 999999)
    return year_data


def test_measures_read_the_months_cumulative_figures(october):
    inputs = measures.read_inputs(MONTHLY_SCHEME, 2025, "410000")
    assert inputs["period"] == "2025-10"
    a = inputs["clusters"][A]["measures"]
    assert (a["revenue.value"], D(a["revenue.yoy"]), D(a["fai.target_pct"])) == ("500000", 0, 50)
    a2 = inputs["clusters"][A2]["measures"]
    assert (a2["revenue.value"], D(a2["revenue.yoy"]), D(a2["fai.target_pct"])) == ("900000", 50, 75)
    b = inputs["clusters"][B]["measures"]
    assert b == {"revenue.value": None, "revenue.yoy": None, "fai.target_pct": None}
    # the same scheme without a period reads the year-end (December) figures, as before
    year_end = measures.read_inputs(
        {k: v for k, v in MONTHLY_SCHEME.items() if k != "period"}, 2025, "410000"
    )
    assert "period" not in year_end
    assert year_end["clusters"][A]["measures"]["revenue.value"] == "1200000"
    assert D(year_end["clusters"][A]["measures"]["fai.target_pct"]) == 110


def test_run_ranks_clusters_on_the_month_and_says_so(october, login):
    admin = october.users["province_admin"]
    scheme = services.scheme_save(actor=admin, scheme=None, definition=MONTHLY_SCHEME)
    run = services.run_create(actor=admin, scheme=scheme)
    # linear over the two clusters with figures: A2 highest on all three measures
    assert [(x.cluster, x.score, x.rank) for x in run.rows if x.rank] == [(A2, D(100), 1), (A, D(0), 2)]
    b = next(x for x in run.rows if x.cluster == B)
    assert b.rank is None and b.missing  # 数据缺失: December's figures do not stand in
    stored = Run.objects.get(pk=run.pk)
    assert stored.period == "2025-10" and stored.inputs["period"] == "2025-10"
    assert stored.period_label == "2025年1-10月"
    assert stored.title == "产业集聚区月评比（测试）（2025年1-10月）"
    client = login(admin)
    html = client.get(reverse("assessment:run_detail", args=[run.pk])).content.decode()
    assert "2025年1-10月" in html
    assert "2025年1-10月" in client.get(reverse("assessment:run_list")).content.decode()
    api = client.get(f"/api/assessment/runs/{run.pk}/").json()
    assert (api["period"], api["period_label"]) == ("2025-10", "2025年1-10月")
    services.run_publish(actor=admin, run=stored)
    title, ranked, unranked = _latest_run(None, stored.region, 2025)
    assert "（2025年1-10月）" in title
    assert [(o.cluster, o.rank) for o in ranked] == [
        (october.cluster_a2.name, 1),
        (october.cluster_a.name, 2),
    ]


def test_year_end_run_unchanged_label(october):
    definition = {k: v for k, v in MONTHLY_SCHEME.items() if k != "period"}
    definition["name"] = "2025年度考核（测试）"
    scheme = services.scheme_save(actor=SYSTEM, scheme=None, definition=definition)
    run = Run.objects.get(pk=services.run_create(actor=SYSTEM, scheme=scheme).pk)
    assert (run.period, run.period_label, run.title) == ("", "2025年", "2025年度考核（测试）")
    assert "period" not in run.inputs


@pytest.mark.parametrize(
    "period,fragment",
    [("2025Q3", "必须是一个月份"), ("2024-10", "不在考核年度内"), ("十月", "无法识别")],
)
def test_period_validation(period, fragment):
    errors = schemes.validate({**MONTHLY_SCHEME, "period": period})
    assert [p for p, _m in errors] == ["period"] and fragment in errors[0][1]
    assert schemes.validate(MONTHLY_SCHEME) == []


def test_a_monthly_ranking_changes_no_star_level(october):
    """Stars and the 省定 status follow the year's assessment; a published 月评比 with star rules
    ranks and gives its stars in the results, but leaves the clusters as they are."""
    from clusterzone.registry.models import Cluster

    definition = {**MONTHLY_SCHEME, "stars": [{"level": 2, "min_score": 80}, {"level": 1, "min_score": 0}]}
    scheme = services.scheme_save(actor=SYSTEM, scheme=None, definition=definition)
    run = Run.objects.get(pk=services.run_create(actor=SYSTEM, scheme=scheme).pk)
    before = dict(Cluster.objects.values_list("code", "star"))
    assert {r.cluster.code: r.star for r in run.results.select_related("cluster")}[A2] == 2
    assert before[A2] != 2  # so a year-end run would have raised it
    services.run_publish(actor=SYSTEM, run=run)
    assert dict(Cluster.objects.values_list("code", "star")) == before
    # the same definition without a period is the year's assessment: its stars take effect
    year_end = services.scheme_save(
        actor=SYSTEM, scheme=None, definition={k: v for k, v in definition.items() if k != "period"}
    )
    services.run_publish(actor=SYSTEM, run=services.run_create(actor=SYSTEM, scheme=year_end))
    assert Cluster.objects.get(code=A2).star != before[A2]
