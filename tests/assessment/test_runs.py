# ruff: noqa: F811  (reporting fixtures imported by name are used as arguments)
"""Runs over the database: measures from approved data, the frozen snapshot, recompute,
publish, visibility and the previous-run comparison — against hand-computed figures."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterzone.accounts.policy import SYSTEM
from clusterzone.assessment import measures, selectors, services
from clusterzone.assessment.models import AssessmentInput, Run, Scheme
from clusterzone.core.exceptions import DomainError, NotFound
from clusterzone.core.periods import Period
from clusterzone.registry.models import Cluster
from clusterzone.reporting.models import Indicator, Submission, Target, Value
from tests.reporting.conftest import catalog, monthly  # noqa: F401 (fixtures)

Decimal = D

# --- fixtures (also imported by test_cli_api): a year of approved December figures for the
# three clusters of the `world` fixture, and a scheme shaped like the shipped example.


def put(ds, cluster, code, period, value, status="approved"):
    p = Period.parse(period)
    sub, _ = Submission.objects.get_or_create(
        dataset=ds,
        cluster=cluster,
        period=str(p),
        defaults={
            "period_end": p.end,
            "due_date": ds.due_date(p) if p.kind == "monthly" else p.end,
            "status": status,
        },
    )
    Value.objects.update_or_create(
        cluster=cluster,
        indicator=Indicator.objects.get(code=code),
        period=str(p),
        defaults={"submission": sub, "year": p.year, "value": Decimal(value)},
    )
    return sub


SCHEME = {
    "name": "2025年度产业集聚区考核评价（测试）",
    "year": 2025,
    "region": "410000",
    "dimensions": [
        {
            "name": "经济总量",
            "indicators": [
                {"indicator": "revenue", "measure": "value", "weight": 30, "method": "linear"},
                {"indicator": "fai", "measure": "value", "weight": 20, "method": "target", "cap": 1.2},
            ],
        },
        {
            "name": "质量效益",
            "indicators": [
                {"indicator": "revenue", "measure": "yoy", "weight": 20, "method": "rank"},
                {"indicator": "tax", "measure": "value", "method": "bands", "bands": [[0, 0], [10000, 5], [30000, 10]]},
                {"indicator": "employees", "measure": "value", "weight": 10, "method": "linear", "direction": "higher"},
            ],
        },
    ],
    "stars": [{"level": 2, "min_score": 80, "require": {"revenue": 1000000}}, {"level": 1, "min_score": 30}],
    "threshold": {"revenue": 500000},
    "deductions": [{"name": "中央环保督察问题", "points": 0.3}],
    "vetoes": [{"name": "违法用地"}],
    "outcomes": {
        "top": {"count": 1, "label": "优秀产业集聚区"},
        "bottom": {"count": 1, "label": "通报批评"},
        "consecutive_missed_targets": {"years": 2, "label": "黄牌警告"},
    },
}  # fmt: skip


@pytest.fixture
def year_data(world, catalog, monthly):
    """A: 收入120亿 (上年100亿), 投资66亿/目标60亿, 税收3.5亿, 从业人员5000 (6月9999 ignored);
    A2: 收入80亿 (上年100亿), 投资30亿/目标60亿 (2024: 40亿/目标50亿), 税收2亿, 3000人;
    B: 收入40亿 (上年45亿, 2023年60亿), 投资45亿/目标50亿, 税收0.5亿, 1000人."""
    a, a2, b = world.cluster_a, world.cluster_a2, world.cluster_b
    rows = {
        a: {"revenue": (1200000, 1000000), "fai": (660000, None), "tax": (35000, None), "employees": (5000, None)},
        a2: {"revenue": (800000, 1000000), "fai": (300000, 400000), "tax": (20000, None), "employees": (3000, None)},
        b: {"revenue": (400000, 450000), "fai": (450000, None), "tax": (5000, None), "employees": (1000, None)},
    }  # fmt: skip
    for cluster, values in rows.items():
        for code, (now, last) in values.items():
            put(monthly, cluster, code, "2025-12", now)
            if last is not None:
                put(monthly, cluster, code, "2024-12", last)
    put(monthly, a, "employees", "2025-06", 9999)
    put(monthly, b, "revenue", "2023-12", 600000)
    fai = catalog["fai"]
    Target.objects.create(cluster=a, indicator=fai, year=2025, value=Decimal(600000))
    Target.objects.create(cluster=a2, indicator=fai, year=2025, value=Decimal(600000))
    Target.objects.create(cluster=a2, indicator=fai, year=2024, value=Decimal(500000))
    Target.objects.create(cluster=b, indicator=fai, year=2025, value=Decimal(500000))
    # a value waiting for review never counts
    put(monthly, b, "tax", "2025-11", 999999, status="submitted")
    return world


A, A2, B = "41172201", "41170201", "41042301"


@pytest.fixture
def scheme(year_data):
    return services.scheme_save(actor=year_data.users["province_admin"], scheme=None, definition=SCHEME)


def rows_by_code(rows):
    return {r.cluster: r for r in rows}


def test_measures_read_year_values_yoy_and_targets(scheme):
    inputs = measures.read_inputs(scheme.definition, 2025, "410000")
    a = inputs["clusters"][A]["measures"]
    assert a["revenue.value"] == "1200000"
    assert D(a["revenue.yoy"]) == D(20)
    assert a["employees.value"] == "5000"  # December's stock, not June's
    b = inputs["clusters"][B]["measures"]
    assert b["tax.value"] == "5000"  # the submitted 2025-11 figure is ignored
    assert D(b["revenue.yoy"]).quantize(D("0.01")) == D("-11.11")
    assert inputs["clusters"][A2]["history"]["2024"]["targets"] == {"fai": "500000"}
    assert inputs["clusters"][B]["history"]["2023"]["values"] == {"revenue": "600000"}


def test_run_hand_computed(scheme, year_data):
    run = services.run_create(actor=year_data.users["province_admin"], scheme=scheme, year=2025)
    r = rows_by_code(run.rows)
    # linear revenue 400k…1.2M; fai vs target (cap 1.2); yoy rank (20, −11.1, −20); tax bands; employees linear
    assert r[A].points == {"revenue.value": D(30), "fai.value": D(22), "revenue.yoy": D(20), "tax.value": D(10), "employees.value": D(10)}  # fmt: skip
    assert r[A2].points == {"revenue.value": D(15), "fai.value": D(10), "revenue.yoy": D(0), "tax.value": D(5), "employees.value": D(5)}  # fmt: skip
    assert r[B].points == {"revenue.value": D(0), "fai.value": D(18), "revenue.yoy": D(10), "tax.value": D(0), "employees.value": D(0)}  # fmt: skip
    assert [(x.cluster, x.score, x.rank, x.star) for x in run.rows] == [
        (A, D(92), 1, 2),
        (A2, D(35), 2, 1),
        (B, D(28), 3, 0),
    ]
    assert (r[B].below_threshold, r[B].below_threshold_years) == (True, 2)  # 2025 40亿, 2024 45亿, 2023 60亿
    assert (r[A].outcome, r[A2].outcome, r[B].outcome) == ("优秀产业集聚区", "黄牌警告", "通报批评")
    stored = {x.cluster.code: x for x in selectors.run_results(user=None, run=run)}
    assert stored[A].score == D(92) and stored[A].dimension_points == {"经济总量": D(52), "质量效益": D(40)}
    assert run.status == "draft" and len(run.input_hash) == 64 and run.scheme_version == 1


def test_deduction_veto_and_manual_inputs(scheme, year_data):
    office = year_data.users["province_admin"]
    services.input_save(
        actor=office,
        data={"kind": "deduction", "cluster": year_data.cluster_a, "year": 2025, "name": "中央环保督察问题", "count": 2, "evidence": "督察反馈第5项"},
    )  # fmt: skip
    services.input_save(
        actor=office,
        data={"kind": "veto", "cluster": year_data.cluster_a2, "year": 2025, "name": "违法用地", "evidence": "自然资源部门认定"},
    )  # fmt: skip
    with pytest.raises(DomainError) as exc:
        services.input_save(actor=office, data={"kind": "veto", "cluster": year_data.cluster_b, "year": 2025, "name": "违法用地"})  # fmt: skip
    assert "依据" in exc.value.message
    run = services.run_create(actor=office, scheme=scheme, year=2025)
    r = rows_by_code(run.rows)
    assert r[A].score == D("91.40") and r[A].deductions[0]["total"] == 0.6
    assert r[A2].vetoed and r[A2].rank is None and r[A2].outcome is None
    assert r[A2].veto_reasons == [{"name": "违法用地", "evidence": "自然资源部门认定"}]
    assert [x.cluster for x in run.rows] == [A, B, A2]
    assert r[B].rank == 2


def test_manual_points_need_a_reason(scheme, year_data):
    office = year_data.users["province_admin"]
    with pytest.raises(DomainError) as exc:
        services.input_save(
            actor=office, data={"kind": "manual", "cluster": year_data.cluster_a, "year": 2025, "name": "配套服务.value", "points": 3}
        )  # fmt: skip
    assert exc.value.errors["reason"] == ["评议打分必须填写理由。"]
    with pytest.raises(DomainError):
        services.input_save(
            actor=year_data.users["readonly"],
            data={"kind": "manual", "cluster": year_data.cluster_a, "year": 2025, "name": "配套服务.value", "points": 3, "reason": "好"},
        )  # fmt: skip


def test_snapshot_frozen_until_recompute_and_published_never_changes(scheme, year_data, monthly):
    admin = year_data.users["province_admin"]
    run = services.run_create(actor=admin, scheme=scheme, year=2025)
    services.run_publish(actor=admin, run=run)
    # the data changes: B's revenue is corrected to 130亿
    put(monthly, year_data.cluster_b, "revenue", "2025-12", 1300000)
    assert selectors.run_verify(run) == []  # recomputed from the snapshot: same results
    before = [(x.cluster.code, x.score, x.rank) for x in selectors.run_results(user=None, run=run)]
    assert before[0] == (A, D(92), 1)
    new = services.run_recompute(actor=admin, run=run)
    assert new.pk != run.pk and new.status == "draft" and new.recomputed_from_id == run.pk
    assert new.input_hash != run.input_hash
    run.refresh_from_db()
    assert run.status == "published"
    assert [(x.cluster.code, x.score, x.rank) for x in selectors.run_results(user=None, run=run)] == before
    fresh = {x.cluster.code: x for x in selectors.run_results(user=None, run=new)}
    # B: 30 (now the largest revenue) + 18 + 20 (yoy +189%) = 68; A: 24 + 22 + 10 + 10 + 10 = 76
    # 名次变化 is against last year's published run (none here), not the run of the same year
    assert (fresh[B].score, fresh[B].rank, fresh[B].previous_rank, fresh[B].rank_change) == (
        D(68),
        2,
        None,
        None,
    )
    assert (fresh[A].score, fresh[A].rank) == (D(76), 1)
    diff = {d["cluster"]: d for d in selectors.run_compare(run, new)}
    assert diff[B]["changed"] and diff[B]["b"]["rank"] == 2
    with pytest.raises(DomainError):
        services.run_publish(actor=admin, run=run)
    with pytest.raises(DomainError):
        services.run_delete(actor=admin, run=run)


def test_draft_recompute_updates_in_place(scheme, year_data, monthly):
    admin = year_data.users["province_admin"]
    run = services.run_create(actor=admin, scheme=scheme, year=2025)
    old_hash = run.input_hash
    put(monthly, year_data.cluster_b, "tax", "2025-12", 40000)
    assert selectors.run_verify(run) == []
    again = services.run_recompute(actor=admin, run=run)
    assert again.pk == run.pk and again.input_hash != old_hash
    assert Run.objects.count() == 1
    b = {x.cluster.code: x for x in selectors.run_results(user=None, run=run)}[B]
    assert b.points["tax.value"] == D(10) and b.score == D(38)


def test_star_max_rise_uses_registry_star_without_last_years_run(year_data):
    definition = {**SCHEME, "stars": {"max_rise": 1, "levels": SCHEME["stars"]}}
    scheme = services.scheme_save(actor=SYSTEM, scheme=None, definition=definition)
    r = rows_by_code(services.run_create(actor=SYSTEM, scheme=scheme, save=False).rows)
    assert r[A].star == 1  # would be 2; registry star 0 + 1
    Cluster.objects.filter(code=A).update(star=1)
    r = rows_by_code(services.run_create(actor=SYSTEM, scheme=scheme, save=False).rows)
    assert r[A].star == 2


def test_star_max_rise_uses_last_years_published_run(year_data):
    # 2024 has only revenue figures: missing data counts as zero so that the year is ranked
    definition = {**SCHEME, "stars": {"max_rise": 1, "levels": SCHEME["stars"]}, "missing_data": "zero"}
    scheme = services.scheme_save(actor=SYSTEM, scheme=None, definition=definition)
    last = services.run_create(actor=SYSTEM, scheme=scheme, year=2024)
    assert rows_by_code(last.rows)[A].star == 1  # 2024: 30 points (revenue 100亿 = the max)
    services.run_publish(actor=SYSTEM, run=last)
    r = rows_by_code(services.run_create(actor=SYSTEM, scheme=scheme, year=2025, save=False).rows)
    assert r[A].star == 2  # last year's run: 1 + 1 (the registry's 0 would cap it at 1)


def test_visibility_drafts_office_only_published_to_everyone_in_scope(scheme, year_data):
    users = year_data.users
    run = services.run_create(actor=users["province_admin"], scheme=scheme, year=2025)
    assert list(selectors.run_list(user=users["province_admin"])) == [run]
    for name in ("cluster_reporter", "readonly", "office_admin"):
        assert list(selectors.run_list(user=users[name])) == [], name
    with pytest.raises(NotFound):
        selectors.run_results(user=users["cluster_reporter"], run=run)
    with pytest.raises(DomainError):
        services.run_publish(actor=users["office_staff"], run=run)
    services.run_publish(actor=users["province_admin"], run=run)
    for name in ("cluster_reporter", "readonly", "office_admin", "other_admin"):
        assert list(selectors.run_list(user=users[name])) == [run], name
    assert selectors.latest_published_run(user=users["readonly"], region=year_data.zmd, year=2025) == run
    history = selectors.cluster_assessment_history(
        user=users["cluster_reporter"], cluster=year_data.cluster_a
    )
    assert [(h.run.pk, h.rank, h.star) for h in history] == [(run.pk, 1, 2)]
    with pytest.raises(NotFound):
        selectors.cluster_assessment_history(user=users["cluster_reporter"], cluster=year_data.cluster_b)


def test_scheme_versions_kept(scheme, year_data):
    admin = year_data.users["province_admin"]
    changed = {**SCHEME, "threshold": {"revenue": 300000}}
    v2 = services.scheme_save(actor=admin, scheme=scheme, definition=changed, reason="调整门槛")
    assert (v2.version, v2.key, v2.is_active) == (2, scheme.key, True)
    scheme.refresh_from_db()
    assert scheme.is_active is False
    assert services.scheme_save(actor=admin, scheme=v2, definition=changed) == v2  # unchanged
    assert list(selectors.scheme_list(user=admin)) == [v2]
    assert v2.history.first().history_change_reason == "调整门槛"
    with pytest.raises(DomainError):
        services.scheme_save(actor=year_data.users["office_admin"], scheme=None, definition=SCHEME)


def test_scheme_validation_errors_keyed_by_path(year_data):
    bad = {**SCHEME, "dimensions": [{"name": "经济总量", "indicators": [SCHEME["dimensions"][0]["indicators"][0], {"indicator": "fai", "measure": "value", "weight": -2, "method": "target"}]}]}  # fmt: skip
    with pytest.raises(DomainError) as exc:
        services.scheme_save(actor=SYSTEM, scheme=None, definition=bad)
    assert exc.value.errors == {
        "dimensions[0].indicators[1].weight": ["维度“经济总量”第2个指标：权重必须为正数"]
    }
    assert Scheme.objects.count() == 0


def _count(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_read_inputs_query_count_is_fixed(scheme, year_data, monthly):
    small = _count(lambda: measures.read_inputs(scheme.definition, 2025, "410000"))
    from tests import factories as f

    for i in range(12):
        county = f.region(str(411800 + i), f"测试县{i}", year_data.zmd)
        c = Cluster.objects.create(code=f"4118{i:04d}", name=f"测试集聚区{i}", region=county)
        put(monthly, c, "revenue", "2025-12", 1000 + i)
        put(monthly, c, "revenue", "2024-12", 900 + i)
        AssessmentInput.objects.create(
            kind="deduction", cluster=c, year=2025, name="中央环保督察问题", evidence="x"
        )
    big = _count(lambda: measures.read_inputs(scheme.definition, 2025, "410000"))
    assert small == big <= 9
