"""The reporting scope by rule (reporting.scope): a data set's clusters are every cluster of its
region's subtree (optionally of one status), plus additions, minus exclusions, from a first
period; the due list, the reporting status, completeness and the values importers agree."""

import csv
import io
from datetime import date

import pytest
from django.apps import apps

from clusterzone.core.exceptions import DomainError
from clusterzone.core.importing import get_importer
from clusterzone.core.periods import Period
from clusterzone.registry.choices import ClusterStatus
from clusterzone.registry.models import Cluster
from clusterzone.reporting import scope, services
from clusterzone.reporting.catalog import load_reporting_catalog
from clusterzone.reporting.models import DataSet, Value
from clusterzone.reporting.selectors.status import NOT_OWED, reporting_status
from clusterzone.workbench.selectors import open_periods


@pytest.fixture
def ds(world):
    load_reporting_catalog()
    return DataSet.objects.select_related("region").get(code="monthly_stats")


def long_csv(rows):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["集聚区代码", "指标代码", "期间", "数值"])
    w.writerows(rows)
    return io.BytesIO(buf.getvalue().encode("utf-8"))


def test_cluster_registered_later_owes_reports_and_its_values_import(ds, world):
    late = Cluster.objects.create(code="41172301", name="平舆县产业集聚区", region=world.shangcai)
    assert scope.in_scope(ds, late, Period.parse("2025-04"))
    status = reporting_status(
        user=world.users["province_admin"], dataset=ds, periods=["2025-04"], today=date(2025, 6, 1)
    )
    assert "41172301" in [row.cluster_code for row in status.rows]
    assert status.total.expected == 4  # the world's three clusters and the new one
    result = get_importer("values").run(
        long_csv([["41172301", "fai", "2025-04", 150000]]),
        filename="v.csv",
        actor=world.users["province_admin"],
    )
    assert result.ok, [str(e) for e in result.errors]
    assert Value.objects.get(cluster=late, indicator__code="fai", period="2025-04").value == 150000
    # the office's open periods count it as expected
    item = next(
        o for o in open_periods(user=world.users["province_admin"], today=date(2025, 5, 3)) if o.dataset == ds
    )
    assert item.expected == 4 and item.received == 1 and late not in item.missing


def test_status_rule_and_exclusion(ds, world):
    park = Cluster.objects.create(
        code="41172302", name="西平县专业园区", region=world.zmd, status=ClusterStatus.CITY_PARK
    )
    assert not scope.in_scope(ds, park)  # the shipped data sets: provincial clusters only
    ds.excluded_clusters.add(world.cluster_a2)
    assert not scope.in_scope(ds, world.cluster_a2)
    assert {c.code for c in scope.dataset_clusters(ds)} == {world.cluster_a.code, world.cluster_b.code}
    result = get_importer("values").run(
        long_csv([[world.cluster_a2.code, "fai", "2025-04", 1000]]),
        filename="v.csv",
        actor=world.users["province_admin"],
    )
    assert not result.ok
    assert "不在报表“月度统计”的报送范围内" in str(result.errors[0])
    with pytest.raises(DomainError):
        services.submission_open(
            actor=world.users["province_admin"], dataset=ds, cluster=world.cluster_a2, period="2025-04"
        )
    # an explicit addition brings the park in; the page's count follows the rule
    ds.clusters.add(park)
    assert scope.in_scope(ds, park)
    assert DataSet.objects.annotate(n=scope.cluster_count_expression()).get(pk=ds.pk).n == 3


def test_first_period_and_founding_date(ds, world):
    ds.first_period = "2025-03"
    ds.save()
    b = world.cluster_b
    b.founded = date(2025, 4, 10)
    b.save()
    a = world.cluster_a
    assert not scope.owes(ds, a, Period.parse("2025-02")) and scope.owes(ds, a, Period.parse("2025-03"))
    assert not scope.owes(ds, b, Period.parse("2025-03")) and scope.owes(ds, b, Period.parse("2025-04"))
    status = reporting_status(
        user=world.users["province_admin"],
        dataset=ds,
        periods=["2025-02", "2025-03", "2025-04"],
        today=date(2025, 6, 1),
    )
    row_b = next(r for r in status.rows if r.cluster_code == b.code)
    assert [c.state for c in row_b.cells][:2] == [NOT_OWED, NOT_OWED]
    assert row_b.rate.expected == 1
    assert status.total.expected == 2 + 2 + 1  # a and a2 from March, b from April
    assert not any(item.cluster_code == b.code and str(item.period) == "2025-03" for item in status.late)
    result = get_importer("values").run(
        long_csv([[b.code, "fai", "2025-03", 1000]]), filename="v.csv", actor=world.users["province_admin"]
    )
    assert not result.ok and "不在报送期间内" in str(result.errors[0])


def test_migration_keeps_the_meaning_of_hand_kept_lists(world, catalog):
    from importlib import import_module

    keep_meaning = import_module("clusterzone.reporting.migrations.0006_dataset_scope_rule").keep_meaning
    partial = DataSet.objects.create(code="partial", name="部分", period_kind="monthly", region=world.henan)
    partial.clusters.set([world.cluster_a])
    everyone = DataSet.objects.create(code="everyone", name="全部", period_kind="monthly", region=world.henan)
    everyone.clusters.set([world.cluster_a, world.cluster_a2, world.cluster_b])
    keep_meaning(apps, None)
    partial.refresh_from_db()
    everyone.refresh_from_db()
    assert partial.scope_rule == "explicit"
    assert [c.code for c in scope.dataset_clusters(partial)] == [world.cluster_a.code]
    assert everyone.scope_rule == "subtree"
    later = Cluster.objects.create(code="41172303", name="汝南县产业集聚区", region=world.zmd)
    assert scope.in_scope(everyone, later) and not scope.in_scope(partial, later)


def test_api_writes_and_returns_exclusions_and_first_period(ds, world):
    from tests.api import api_client

    admin = api_client(world.users["province_admin"])
    response = admin.patch(
        f"/api/datasets/{ds.code}/",
        {"excluded_clusters": ["41042301"], "first_period": "2025-03", "reason": "鲁山另行报送"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["excluded_clusters"] == ["41042301"] and body["first_period"] == "2025-03"
    assert admin.get(f"/api/datasets/{ds.code}/").json()["excluded_clusters"] == ["41042301"]
    ds.refresh_from_db()
    assert not scope.in_scope(ds, world.cluster_b, Period.parse("2025-04"))
    assert not scope.in_scope(ds, world.cluster_a, Period.parse("2025-02"))
    assert scope.in_scope(ds, world.cluster_a, Period.parse("2025-04"))
    # a cluster cannot be both added and excluded: refused, nothing changed
    response = admin.patch(
        f"/api/datasets/{ds.code}/",
        {"clusters": ["41172201"], "excluded_clusters": ["41172201"]},
        format="json",
    )
    assert response.status_code == 400 and "同时增列和排除" in str(response.json())
    assert list(ds.excluded_clusters.values_list("code", flat=True)) == ["41042301"]
    # lifting the exclusion
    response = admin.patch(f"/api/datasets/{ds.code}/", {"excluded_clusters": []}, format="json")
    assert response.status_code == 200 and response.json()["excluded_clusters"] == []
    assert scope.in_scope(ds, world.cluster_b, Period.parse("2025-04"))
    reporter = api_client(world.users["cluster_reporter"])
    assert (
        reporter.patch(f"/api/datasets/{ds.code}/", {"excluded_clusters": []}, format="json").status_code
        == 403
    )
