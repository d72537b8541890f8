# ruff: noqa: F811  (fixtures imported by name are used as arguments)
"""Publishing a run takes effect: stars and the 市级专业园区 demotion written to the clusters
with history naming the run; one published run per scheme and year (a second one needs a
reason and supersedes the first); 名次变化 against last year's run; 数据缺失 not ranked."""

import io

import pytest
from django.core.management import call_command

from clusterzone.accounts.policy import SYSTEM
from clusterzone.assessment import services
from clusterzone.assessment.models import Run
from clusterzone.core.exceptions import DomainError
from clusterzone.registry.models import Cluster
from tests.assessment.test_runs import A2, SCHEME, A, B, put, rows_by_code, scheme, year_data  # noqa: F401
from tests.reporting.conftest import catalog, monthly  # noqa: F401


def test_publishing_writes_stars_and_demotion_with_history(scheme, year_data):
    admin = year_data.users["province_admin"]
    run = services.run_create(actor=admin, scheme=scheme, year=2025)
    r = rows_by_code(run.rows)
    assert (r[A].star, r[B].below_threshold) == (2, True)  # A: 92 points; B: revenue 40亿 < 50亿
    services.run_publish(actor=admin, run=run)
    a, b = Cluster.objects.get(code=A), Cluster.objects.get(code=B)
    assert a.star == 2 and b.status == "city_park"
    record = a.history.first()
    assert f"#{run.pk}" in record.history_change_reason and "晋位升级" in record.history_change_reason
    assert "市级专业园区" in b.history.first().history_change_reason


def test_second_run_of_the_year_needs_a_reason_and_supersedes(scheme, year_data, monthly):
    admin = year_data.users["province_admin"]
    first = services.run_create(actor=admin, scheme=scheme, year=2025)
    services.run_publish(actor=admin, run=first)
    put(monthly, year_data.cluster_a, "revenue", "2025-12", 500000)  # a correction: A falls to 一星
    second = services.run_create(actor=admin, scheme=scheme, year=2025)
    with pytest.raises(DomainError) as exc:
        services.run_publish(actor=admin, run=second)
    assert "理由" in exc.value.message
    services.run_publish(actor=admin, run=second, reason="更正上蔡县主营业务收入")
    first.refresh_from_db()
    assert first.status == "superseded" and first.superseded_by_id == second.pk
    assert first.results.exists()  # stays readable
    assert Run.objects.filter(scheme=scheme, year=2025, status="published").count() == 1
    assert Cluster.objects.get(code=A).star == rows_by_code(second.rows)[A].star
    # rank change is against last year's run, not the superseded run of the same year
    assert all(r.previous_rank is None for r in second.results.all())


def test_missing_data_is_not_ranked_unless_counted_as_zero(year_data, monthly):
    nodata = Cluster.objects.create(code="41172209", name="无数据集聚区", region=year_data.zmd, star=1)
    scheme = services.scheme_save(actor=SYSTEM, scheme=None, definition=SCHEME)
    run = services.run_create(actor=SYSTEM, scheme=scheme, year=2025)
    r = rows_by_code(run.rows)
    assert r[nodata.code].rank is None and r[nodata.code].outcome is None and r[nodata.code].star == 0
    assert "revenue.value" in r[nodata.code].missing
    assert sorted(x.rank for x in run.rows if x.rank) == [1, 2, 3]
    assert r[B].outcome == "通报批评"  # the last ranked cluster, not the one without data
    services.run_publish(actor=SYSTEM, run=run)
    assert Cluster.objects.get(pk=nodata.pk).star == 1  # no outcome: its star is left alone
    zero = services.scheme_save(actor=SYSTEM, scheme=None, definition={**SCHEME, "missing_data": "zero"})
    rz = rows_by_code(services.run_create(actor=SYSTEM, scheme=zero, year=2025, save=False).rows)
    assert rz[nodata.code].rank == 4 and rz[nodata.code].outcome == "通报批评"


def test_cli_saves_and_publishes(scheme, year_data):
    err = io.StringIO()
    call_command(
        "assess", scheme=scheme.pk, year=2025, save=True, publish=True, stdout=io.StringIO(), stderr=err
    )
    assert "已保存并发布" in err.getvalue()
    assert Cluster.objects.get(code=A).star == 2
    with pytest.raises(Exception) as exc:
        call_command("assess", scheme=scheme.pk, year=2025, save=True, publish=True, stdout=io.StringIO())
    assert "理由" in str(exc.value)
    call_command(
        "assess",
        scheme=scheme.pk,
        year=2025,
        save=True,
        publish=True,
        reason="复核",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert Run.objects.filter(status="superseded").count() == 1


def test_star_history_names_the_run_on_the_page_and_in_the_api(scheme, year_data, monthly, login):
    from django.urls import reverse

    from clusterzone.registry import services as registry_services
    from clusterzone.registry.selectors import star_history

    admin = year_data.users["province_admin"]
    first = services.run_create(actor=admin, scheme=scheme, year=2025)
    services.run_publish(actor=admin, run=first)
    put(monthly, year_data.cluster_a, "revenue", "2025-12", 500000)  # a correction: A falls to 一星
    second = services.run_create(actor=admin, scheme=scheme, year=2025)
    services.run_publish(actor=admin, run=second, reason="更正主营业务收入")
    a = Cluster.objects.get(code=A)
    registry_services.cluster_update(actor=admin, cluster=a, data={"star": 3}, reason="人工调整")
    history = star_history(cluster=a)
    assert [(c["from"], c["to"]) for c in history] == [(1, 3), (2, 1), (0, 2)]
    assert history[0]["run"] is None and history[0]["reason"] == "人工调整"
    assert history[1]["run"]["id"] == second.pk and history[1]["run"]["status"] == "published"
    assert history[2]["run"] == {
        "id": first.pk,
        "scheme": scheme.name,
        "year": 2025,
        "status": "superseded",
        "status_display": "已被替代",
    }
    client = login(admin)
    page = client.get(reverse("registry:cluster_detail", args=[a.pk])).content.decode()
    section = page[page.index('data-testid="star-history"') :]
    assert f"#{first.pk}" in section and f"#{second.pk}" in section and "二星级" in section
    data = client.get(f"/api/clusters/{a.pk}/").json()
    assert [c["to_display"] for c in data["star_history"]] == ["三星级", "一星级", "二星级"]
    assert data["star_history"][1]["run"]["id"] == second.pk
    assert "star_history" not in client.get("/api/clusters/").json()["results"][0]


def test_a_bulletin_cites_only_results_published_by_its_date(scheme, year_data):
    import datetime as dt

    from django.utils import timezone

    from clusterzone.assessment.bulletins import build

    run = services.run_create(actor=SYSTEM, scheme=scheme, year=2025)
    services.run_publish(actor=SYSTEM, run=run)
    Run.objects.filter(pk=run.pk).update(published_at=timezone.make_aware(dt.datetime(2026, 1, 20, 10, 0)))
    before = build(user=None, region="411700", period="2025-04", issued=dt.date(2025, 5, 21))
    assert before.text("assessment") == "截至2025年5月21日，尚无已发布的考核评价结果。"
    assert not before.outcomes
    after = build(user=None, region="411700", period="2025-12", issued=dt.date(2026, 1, 21))
    assert after.outcomes and "参加排名" in after.text("assessment")
