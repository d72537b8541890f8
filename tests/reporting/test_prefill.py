"""Pre-filled figures (最多报一次): each source on hand-made projects and enterprises at period
boundaries, the API, overwriting with a reason (kept, shown in review), constant queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from clusterzone.core.exceptions import DomainError
from clusterzone.projects.choices import Stage, band_of
from clusterzone.projects.models import Project
from clusterzone.registry.models import Enterprise
from clusterzone.reporting import prefill, services
from clusterzone.reporting.models import DataSet, DataSetIndicator, Indicator, Value

from .. import factories as f

COUNTS = [
    ("projects_settled", "新入驻项目数", "flow"),
    ("projects_started", "新开工项目数", "flow"),
    ("projects_in_production", "新投产项目数", "flow"),
    ("projects_100m_building", "在建亿元以上项目数", "stock"),
    ("enterprises_above_size", "规模以上工业企业数", "stock"),
]


@pytest.fixture
def counts_ds(world, catalog):
    ds = DataSet.objects.create(
        scope_rule="explicit",
        code="monthly_counts",
        name="月度统计（含项目数）",
        period_kind="monthly",
        due_days=5,
        region=world.henan,
    )
    DataSetIndicator.objects.create(dataset=ds, indicator=catalog["fai"], order=0)
    for order, (code, name, kind) in enumerate(COUNTS, start=1):
        ind = Indicator.objects.create(code=code, name=name, unit="个", kind=kind, order=10 + order)
        DataSetIndicator.objects.create(dataset=ds, indicator=ind, order=order)
    ds.clusters.set([world.cluster_a, world.cluster_b])
    return ds


_n = {"n": 0}


def project(cluster, *, investment=20000, stage=Stage.SIGNED, **dates) -> Project:
    _n["n"] += 1
    return Project.objects.create(
        code=f"P{_n['n']:05d}",
        name=f"测试项目{_n['n']}",
        cluster=cluster,
        total_investment=Decimal(investment),
        stage=stage,
        **dates,
    )


def figures(cluster, period):
    return {
        c: fig.value
        for c, fig in prefill.prefill_values(prefill.SOURCES, [cluster], period)[cluster.pk].items()
    }


def test_signed_on_the_last_day_counts_the_next_day_does_not(world):
    a = world.cluster_a
    project(a, sign_date=date(2024, 12, 31))  # last year: never in 2025
    project(a, sign_date=date(2025, 1, 1))
    project(a, sign_date=date(2025, 4, 30))  # last day of April
    project(a, sign_date=date(2025, 5, 1))  # the next day
    project(world.cluster_b, sign_date=date(2025, 4, 2))  # another cluster
    assert figures(a, "2025-04")["projects_settled"] == 2
    assert figures(a, "2025-05")["projects_settled"] == 3  # year to date
    assert figures(a, "2025-04H2")["projects_settled"] == 2
    assert figures(a, "2025-04D3")["projects_settled"] == 2
    assert figures(a, "2025Q1")["projects_settled"] == 1
    assert figures(a, "2024-12")["projects_settled"] == 1


def test_started_and_in_production_year_to_date(world):
    a = world.cluster_a
    project(a, stage=Stage.STARTED, sign_date=date(2025, 1, 5), start_date=date(2025, 3, 31))
    project(a, stage=Stage.STARTED, sign_date=date(2025, 1, 5), start_date=date(2025, 4, 1))
    project(
        a,
        stage=Stage.PRODUCING,
        sign_date=date(2024, 3, 1),
        start_date=date(2024, 6, 1),
        production_date=date(2025, 3, 31),
    )
    project(
        a,
        stage=Stage.PRODUCING,
        sign_date=date(2024, 3, 1),
        start_date=date(2024, 6, 1),
        production_date=date(2025, 4, 1),
    )
    march, april = figures(a, "2025-03"), figures(a, "2025-04")
    assert (march["projects_started"], april["projects_started"]) == (1, 2)
    assert (march["projects_in_production"], april["projects_in_production"]) == (1, 2)
    assert figures(a, "2024-12")["projects_started"] == 2  # the two started in 2024


def test_building_100m_at_the_period_end(world):
    a = world.cluster_a
    project(a, investment=10000, stage=Stage.BUILDING, start_date=date(2025, 4, 30))  # 1亿 exactly
    project(a, investment=9999.99, stage=Stage.BUILDING, start_date=date(2025, 1, 1))  # under 1亿
    project(a, investment=50000, stage=Stage.BUILDING, start_date=date(2025, 5, 1))  # not started yet
    project(
        a,
        investment=50000,
        stage=Stage.PRODUCING,
        start_date=date(2024, 1, 1),
        production_date=date(2025, 4, 30),
    )  # in production on the last day: no longer under construction
    project(
        a,
        investment=50000,
        stage=Stage.PRODUCING,
        start_date=date(2024, 1, 1),
        production_date=date(2025, 5, 1),
    )  # still building at the end of April
    project(a, investment=50000, stage=Stage.TERMINATED, start_date=date(2024, 1, 1))
    assert figures(a, "2025-04")["projects_100m_building"] == 2
    assert figures(a, "2025-03")["projects_100m_building"] == 2  # the two in production later
    assert figures(a, "2025-05")["projects_100m_building"] == 2


def test_above_size_from_the_registry_flag(world):
    a = world.cluster_a
    for _ in range(3):
        f.EnterpriseFactory(cluster=a, above_size=True)
    f.EnterpriseFactory(cluster=a, above_size=False)
    f.EnterpriseFactory(cluster=world.cluster_b, above_size=True)
    assert figures(a, "2025-04")["enterprises_above_size"] == 3 + int(world.ent_a.above_size)


def test_api_lists_each_sourced_indicator_of_the_data_set(world, counts_ds):
    project(world.cluster_a, sign_date=date(2025, 4, 30))
    api = APIClient()
    api.force_authenticate(world.users["cluster_reporter"])
    params = {"dataset": "monthly_counts", "cluster": world.cluster_a.code, "period": "2025-04"}
    r = api.get("/api/submissions/prefill/", params)
    assert r.status_code == 200, r.content
    rows = r.json()
    assert [x["indicator"] for x in rows] == [c for c, _, _ in COUNTS]  # fai has no source
    settled = rows[0]
    assert settled["value"] == "1" and "签约日期" in settled["source"]
    assert "source=projects_settled" in settled["link"] and "period=2025-04" in settled["link"]
    assert {"indicator", "value", "source"} <= set(settled)
    # another cluster's figures are out of the reporter's scope; a wrong period is refused
    assert (
        api.get("/api/submissions/prefill/", {**params, "cluster": world.cluster_b.code}).status_code == 404
    )
    assert api.get("/api/submissions/prefill/", {**params, "dataset": "nope"}).status_code == 404
    assert api.get("/api/submissions/prefill/", {**params, "period": "2025Q1"}).status_code == 400


def test_the_link_lists_the_records_behind_the_figure(world, counts_ds, login):
    inside = project(world.cluster_a, sign_date=date(2025, 4, 30))
    outside = project(world.cluster_a, sign_date=date(2025, 5, 1))
    link = prefill.prefill_for(counts_ds, world.cluster_a, "2025-04")["projects_settled"].link
    page = login(world.users["cluster_reporter"]).get(link).content.decode()
    assert inside.name in page and outside.name not in page
    big = f.EnterpriseFactory(cluster=world.cluster_a, name="规上甲公司", above_size=True)
    small = f.EnterpriseFactory(cluster=world.cluster_a, name="规下乙公司", above_size=False)
    link = prefill.prefill_for(counts_ds, world.cluster_a, "2025-04")["enterprises_above_size"].link
    page = login(world.users["cluster_reporter"]).get(link).content.decode()
    assert big.name in page and small.name not in page


@pytest.fixture
def opened(world, counts_ds):
    project(world.cluster_a, sign_date=date(2025, 4, 30))
    project(world.cluster_a, sign_date=date(2025, 4, 1), stage=Stage.STARTED, start_date=date(2025, 4, 20))
    return services.submission_open(
        actor=world.users["cluster_reporter"], dataset=counts_ds, cluster=world.cluster_a, period="2025-04"
    )


def test_accepting_keeps_the_source_and_overwriting_needs_a_reason(world, opened):
    reporter = world.users["cluster_reporter"]
    services.submission_save_values(
        actor=reporter, submission=opened, values={"projects_settled": "2", "fai": "100"}, version=None
    )
    v = Value.objects.get(indicator__code="projects_settled")
    assert (v.value, v.prefill_value, v.override_reason, v.overwritten) == (2, 2, "", False)
    assert "签约日期" in v.prefill_source
    with pytest.raises(DomainError, match="改写须填写原因") as exc:
        services.submission_save_values(
            actor=reporter, submission=opened, values={"projects_started": "3"}, version=None
        )
    assert "projects_started" in exc.value.errors
    assert not Value.objects.filter(indicator__code="projects_started").exists()
    services.submission_save_values(
        actor=reporter,
        submission=opened,
        values={"projects_started": "3"},
        version=None,
        overrides={"projects_started": "有一个项目开工手续尚未录入项目库"},
    )
    v = Value.objects.get(indicator__code="projects_started")
    assert (v.value, v.prefill_value, v.overwritten) == (3, 1, True)
    assert v.override_reason == "有一个项目开工手续尚未录入项目库"
    assert v.history.first().history_change_reason == "有一个项目开工手续尚未录入项目库"
    # saving the same value again keeps the reason without asking for it twice
    services.submission_save_values(
        actor=reporter, submission=opened, values={"projects_started": "3", "fai": "120"}, version=None
    )
    assert Value.objects.get(indicator__code="projects_started").override_reason.startswith("有一个项目")


def test_entry_form_prefills_and_review_shows_the_difference(world, opened, login):
    reporter = login(world.users["cluster_reporter"])
    page = reporter.get(f"/reporting/submissions/{opened.pk}/").content.decode()
    assert 'name="v_projects_settled" id="id_v_projects_settled" value="2"' in page
    assert 'name="v_projects_started" id="id_v_projects_started" value="1"' in page
    assert 'name="v_fai" id="id_v_fai" value=""' in page  # no source: typed by hand
    assert "已预填" in page and "签约日期" in page
    post = {"version": opened.version, "v_fai": "100", "v_projects_settled": "2", "v_projects_started": "4"}
    r = reporter.post(f"/reporting/submissions/{opened.pk}/save/", post)
    assert r.status_code == 400 and "改写须填写原因" in r.content.decode()
    r = reporter.post(
        f"/reporting/submissions/{opened.pk}/save/", {**post, "r_projects_started": "含两个尚未入库的项目"}
    )
    assert r.status_code == 302
    opened.refresh_from_db()
    services.submission_submit(actor=world.users["cluster_reporter"], submission=opened)
    review = login(world.users["office_admin"]).get(f"/reporting/submissions/{opened.pk}/").content.decode()
    assert 'data-testid="review-differences"' in review
    assert 'data-testid="difference-projects_started"' in review and "含两个尚未入库的项目" in review
    assert 'data-testid="difference-projects_settled"' not in review


def _count(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def _add_projects(world, n):
    rows = []
    for i in range(n):
        _n["n"] += 1
        inv = Decimal(5000 + 1000 * (i % 20))
        rows.append(
            Project(
                code=f"B{_n['n']:06d}",
                name=f"批量项目{_n['n']}",
                cluster=world.cluster_a if i % 2 else world.cluster_b,
                total_investment=inv,
                band=band_of(inv),
                stage=Stage.BUILDING,
                sign_date=date(2025, 1 + i % 6, 1),
                start_date=date(2025, 1 + i % 6, 15),
            )
        )
    Project.objects.bulk_create(rows)
    Enterprise.objects.bulk_create(
        [
            Enterprise(
                name=f"批量企业{_n['n']}-{i}",
                cluster=world.cluster_a,
                org_code=f.make_org_code(90000 + _n["n"] * 1000 + i),
                above_size=True,
            )
            for i in range(n // 10)
        ]
    )


def test_query_counts_do_not_depend_on_the_records(world, opened, login):
    reporter = login(world.users["cluster_reporter"])
    api = APIClient()
    api.force_authenticate(world.users["cluster_reporter"])
    params = {"dataset": "monthly_counts", "cluster": world.cluster_a.code, "period": "2025-04"}
    clusters = [world.cluster_a, world.cluster_b]
    counts = []
    for n in (10, 500):
        _add_projects(world, n)
        counts.append(
            (
                _count(lambda: prefill.prefill_values(prefill.SOURCES, clusters, "2025-04")),
                _count(lambda: reporter.get(f"/reporting/submissions/{opened.pk}/")),
                _count(lambda: api.get("/api/submissions/prefill/", params)),
            )
        )
    assert counts[0] == counts[1], counts
    assert counts[0][0] == len(prefill.SOURCES)  # one query per source, whatever the clusters


def test_superior_funds_received_year_to_date_from_the_ledger(world, login):
    import datetime as dt

    from clusterzone.finance.models import SuperiorFund

    def fund(cluster, amount, received_on):
        return SuperiorFund.objects.create(
            cluster=cluster, source="province", programme="省产业集聚区发展专项", amount_applied=amount,
            amount_approved=amount, applied_on=dt.date(2024, 11, 1), approved_on=dt.date(2024, 12, 1),
            amount_received=amount, received_on=received_on,
        )  # fmt: skip

    a = world.cluster_a
    fund(a, Decimal(300), dt.date(2024, 12, 31))  # last year
    fund(a, Decimal(500), dt.date(2025, 3, 20))
    fund(a, Decimal("1000.5"), dt.date(2025, 4, 30))  # last day of April
    fund(a, Decimal(700), dt.date(2025, 5, 1))  # the next day
    fund(world.cluster_b, Decimal(900), dt.date(2025, 4, 2))
    assert figures(a, "2025-04")["superior_funds"] == Decimal("1500.5")
    assert figures(a, "2025-04H1")["superior_funds"] == Decimal(500)
    assert figures(a, "2025-05")["superior_funds"] == Decimal("2200.5")
    fig = prefill.prefill_values(["superior_funds"], [a], "2025-04")[a.pk]["superior_funds"]
    assert "到位" in fig.source and "prefill=superior_funds" in fig.link
    r = login(world.users["province_admin"]).get(fig.link)
    assert r.status_code == 200
    assert "1,000.5万元" in r.text
    assert "700" not in r.text.split("</thead>", 1)[-1]
