"""The per-亩 evaluation (亩均效益评价) on a hand-made cluster of twenty enterprises.

Every enterprise but E01 has 10 亩, value added 100, revenue 1000, energy 100 t, 10
employees, R&D 20 — so its other four metrics equal the means and score their full weight
(20 + 20 + 15 + 15 = 70) — and tax 10 × k, so 亩均税收 = k. E01 has twice everything (20 亩,
tax 600: 亩均税收 30). E19 has 2.5 亩 and E20 was founded 2024-03-01: both T, left out of the
benchmarks (their tax would move them) and of N. The 18 k's sum to 180: benchmark 10 (the
mean of ratios; the ratio of sums would be 1800 / 190 = 9.47). Points for 亩均税收 =
30 × k / 10, at most 45 (E01: 30 × 3 → 45). N = 18: A = round(3.6) = 4, B up to round(10.8) =
11, C up to round(17.1) = 17, D the rest. E04 and E05 tie at rank 4: both A.
"""

import io
import json
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.urls import reverse

from clusterzone.accounts.policy import SYSTEM
from clusterzone.assessment.models import Result
from clusterzone.assessment.selectors import run_verify
from clusterzone.core.exceptions import DomainError
from clusterzone.land import services
from clusterzone.land.models import EnterpriseFigures
from tests import factories as f

K = [
    D(30), D(14), D(13), D(12), D(12), D(11), D("10.5"), D(10), D("9.5"), D(9), D("8.5"), D(8),
    D("7.5"), D(7), D(6), D(5), D(4), D(3),
]  # fmt: skip


@pytest.fixture
def twenty(world):
    ents = []
    for i in range(1, 21):
        founded = date(2024, 3, 1) if i == 20 else date(2015, 1, 1)
        e = f.EnterpriseFactory(cluster=world.cluster_a, name=f"E{i:02d}", founded=founded)
        scale = 2 if i == 1 else 1
        k = K[i - 1] if i <= 18 else D(100)
        land = D("2.5") if i == 19 else D(10) * scale
        EnterpriseFigures.objects.create(
            enterprise=e, year=2025, land_area=land, tax=k * 10 * scale, value_added=100 * scale,
            revenue=1000 * scale, energy=100 * scale, employees=10 * scale, rnd=20 * scale,
        )  # fmt: skip
        ents.append(e)
    # an enterprise of another cluster is not in this cluster's evaluation
    other = f.EnterpriseFactory(cluster=world.cluster_b, name="鲁山企业")
    EnterpriseFigures.objects.create(
        enterprise=other, year=2025, land_area=10, tax=5000, value_added=100, revenue=1000, energy=100,
        employees=10, rnd=20,
    )  # fmt: skip
    return ents


def expected_score(k):
    return D(70) + min(D(30) * k / 10, D(45))


def test_scores_benchmarks_cap_classes_ties_and_t(world, twenty):
    run = services.evaluation_run(actor=SYSTEM, year=2025, cluster=world.cluster_a)
    assert run.inputs["cluster"] == world.cluster_a.code
    by_name = {r.name: r for r in run.rows}
    assert len(by_name) == 20
    # benchmarks: the mean of the 18 evaluated enterprises' ratios
    from clusterzone.assessment.engine import compute

    info = {}
    compute(run.definition, run.inputs, info)
    assert info["benchmarks"]["mu_tax.value"] == D(10)
    assert info["benchmarks"]["mu_value_added.value"] == D(10)
    assert info["benchmarks"]["rnd_share.value"] == D(2)
    for i, k in enumerate(K, start=1):
        row = by_name[f"E{i:02d}"]
        assert row.score == expected_score(k), row.name
        assert row.points["energy_productivity.value"] == D(20)
        assert row.points["labour_productivity.value"] == D(15)
    assert by_name["E01"].points["mu_tax.value"] == D(45)  # the cap: 1.5 × 30
    assert by_name["E01"].score == D(115)
    classes = [(r.name, r.rank, r.klass) for r in run.rows]
    assert classes[:6] == [("E01", 1, "A"), ("E02", 2, "A"), ("E03", 3, "A"), ("E04", 4, "A"), ("E05", 4, "A"), ("E06", 6, "B")]  # fmt: skip
    assert [c for _n, _r, c in classes].count("A") == 5
    assert by_name["E11"].klass == "B" and by_name["E12"].klass == "C"
    assert by_name["E17"].klass == "C" and by_name["E18"].klass == "D"
    for name, reason in (("E19", "用地面积不足3亩"), ("E20", "成立不满2年")):
        row = by_name[name]
        assert (row.rank, row.klass, row.excluded, row.points) == (None, "T", True, {})
        assert row.exclude_reasons == [reason]
    stored = {r.subject_name: r for r in Result.objects.filter(run=run)}
    assert stored["E05"].klass == "A" and stored["E19"].klass == "T" and stored["E19"].excluded
    assert stored["E05"].subject_kind == "enterprise" and stored["E05"].cluster_id is None
    assert stored["E05"].subject_id == twenty[4].pk
    assert run_verify(run) == []


def test_figures_of_the_year_only_and_region_scope(world, twenty):
    run = services.evaluation_run(actor=SYSTEM, year=2025, region=world.zmd, save=False)
    assert len(run.rows) == 20  # 鲁山's enterprise is in another city
    run = services.evaluation_run(actor=SYSTEM, year=2025, region=world.henan, save=False)
    assert len(run.rows) == 21
    assert services.evaluation_run(actor=SYSTEM, year=2024, region=world.henan, save=False).rows == []


def test_cli_json_keys(world, twenty):
    out = io.StringIO()
    call_command(
        "evaluate-enterprises", "--cluster", world.cluster_a.code, "--year", "2025", "--json", stdout=out
    )
    rows = json.loads(out.getvalue())
    assert all(set(r) == {"credit_code", "score", "rank", "class", "points"} for r in rows)
    first = rows[0]
    assert first["credit_code"] == twenty[0].credit_code
    assert (first["score"], first["rank"], first["class"]) == (115.0, 1, "A")
    assert first["points"] == {
        "mu_tax": 45.0, "mu_value_added": 20.0, "energy_productivity": 20.0, "labour_productivity": 15.0,
        "rnd_share": 15.0,
    }  # fmt: skip
    t = {r["credit_code"]: r for r in rows}[twenty[19].credit_code]
    assert (t["rank"], t["class"], t["score"]) == (None, "T", None)


def test_cli_errors(world):
    with pytest.raises(Exception, match="没有代码"):
        call_command("evaluate-enterprises", "--cluster", "NOPE", "--year", "2025")


def test_publicity_objection_changes_class_before_final(world, twenty):
    admin = world.users["office_admin"]
    run = services.evaluation_run(actor=admin, year=2025, cluster=world.cluster_a)
    e12 = Result.objects.get(run=run, subject_name="E12")
    assert e12.klass == "C"
    with pytest.raises(DomainError, match="尚未公示"):
        services.objection_record(actor=admin, result=e12, reason="税收漏报", received_on=date(2026, 3, 3))
    notice = services.evaluation_publicize(actor=admin, run=run, starts_on=date(2026, 3, 2))
    assert notice.ends_on == date(2026, 3, 9)  # 5 working days after Monday 2 March
    with pytest.raises(DomainError, match="公示期内"):
        services.objection_record(actor=admin, result=e12, reason="税收漏报", received_on=date(2026, 3, 10))
    objection = services.objection_record(
        actor=admin, result=e12, reason="2025年税收漏报一笔", received_on=date(2026, 3, 9)
    )
    with pytest.raises(DomainError, match="未处理的异议"):
        services.evaluation_finalize(actor=admin, run=run, today=date(2026, 3, 10))
    services.objection_decide(
        actor=admin, objection=objection, upheld=True, decision="核实属实", new_class="B"
    )
    e12.refresh_from_db()
    assert e12.klass == "B"
    objection.refresh_from_db()
    assert (objection.original_class, objection.new_class, objection.status) == ("C", "B", "upheld")
    with pytest.raises(DomainError, match="期满后"):
        services.evaluation_finalize(actor=admin, run=run, today=date(2026, 3, 9))
    services.evaluation_finalize(actor=admin, run=run, today=date(2026, 3, 10))
    run.refresh_from_db()
    assert run.status == "published"
    with pytest.raises(DomainError, match="最终结果"):
        services.objection_record(actor=admin, result=e12, reason="再议", received_on=date(2026, 3, 9))


def test_objections_need_office_rights(world, twenty):
    run = services.evaluation_run(actor=SYSTEM, year=2025, cluster=world.cluster_a)
    services.evaluation_publicize(actor=SYSTEM, run=run, starts_on=date(2026, 3, 2))
    result = Result.objects.get(run=run, subject_name="E12")
    for name in ("cluster_reporter", "readonly", "other_admin"):
        with pytest.raises(DomainError):
            services.objection_record(
                actor=world.users[name], result=result, reason="x", received_on=date(2026, 3, 3)
            )


def test_enterprise_run_cannot_be_published_around_its_publicity(world, twenty, client):
    """The assessment engine's own 发布 (service and page) refuses a per-亩 run before its 公示
    has ended: the classes become final only after the objections period."""
    from clusterzone.assessment import services as assessment_services

    admin = world.users["office_admin"]
    run = services.evaluation_run(actor=admin, year=2025, cluster=world.cluster_a)
    with pytest.raises(DomainError, match="须先公示"):
        assessment_services.run_publish(actor=admin, run=run)
    client.force_login(admin)
    client.post(reverse("assessment:run_publish", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "draft"
    services.evaluation_publicize(actor=admin, run=run, starts_on=date(2026, 3, 2))
    with pytest.raises(DomainError, match="期满后"):
        assessment_services.run_publish(actor=admin, run=run, today=date(2026, 3, 9))
    assessment_services.run_publish(actor=admin, run=run, today=date(2026, 3, 10))
    run.refresh_from_db()
    assert run.status == "published"
