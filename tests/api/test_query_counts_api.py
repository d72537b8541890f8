"""The API lists issue a fixed number of SQL queries whatever the number of rows: measured
with 10 and with 200 rows (page_size=500, so every row is serialised), and kept as data
(QUERY_BUDGET) so that a change raising a count shows in the diff."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterzone.accounts.choices import RegionLevel, UnitKind
from clusterzone.accounts.models import OrgUnit, Region, User
from clusterzone.registry.models import Cluster, ClusterIndustry, Enterprise, SubZone

from .. import factories as f
from . import api_client

# Queries per list request of office_admin (session login): session + user, the policy's
# unit + region (the user's scope), then count + page + prefetches.
QUERY_BUDGET = {
    "/api/regions/": 6,
    "/api/units/": 6,
    "/api/clusters/": 8,  # + sub-zones, leading industries (with their category)
    "/api/enterprises/": 6,
    "/api/users/": 6,
}


def add_rows(world, start: int, stop: int) -> None:
    """Rows numbered start..stop-1 of every listed model, in the office admin's scope (驻马店)."""
    categories = [f.category(name) for name in ("装备制造", "食品加工", "新型建材")]
    industry = f.industry("30", "非金属矿物制品业")
    committees = OrgUnit.objects.bulk_create(
        OrgUnit(name=f"批量管委会{i}", kind=UnitKind.COMMITTEE, region=world.shangcai)
        for i in range(start, stop)
    )
    clusters = Cluster.objects.bulk_create(
        Cluster(
            code=f"Q{i:05d}",
            name=f"批量产业集聚区{i}",
            region=world.shangcai if i % 2 else world.zmd,
            committee=committees[i - start],
            planned_area=10,
            built_area=5,
        )
        for i in range(start, stop)
    )
    SubZone.objects.bulk_create(
        SubZone(cluster=c, name=f"园区{k}", area=1) for c in clusters for k in range(2)
    )
    ClusterIndustry.objects.bulk_create(
        ClusterIndustry(cluster=c, category=categories[i % 3], role="main" if i % 2 else "auxiliary")
        for i, c in enumerate(clusters, start)
    )
    Enterprise.objects.bulk_create(
        Enterprise(
            credit_code=f.make_credit_code(500000 + i),
            name=f"批量企业{i}",
            cluster=clusters[i - start],
            industry=industry,
        )
        for i in range(start, stop)
    )
    Region.objects.bulk_create(
        Region(
            code=f"9{i:05d}",
            name=f"批量区划{i}",
            level=RegionLevel.COUNTY,
            parent=world.zmd,
            path=f"{world.zmd.path}9{i:05d}/",
        )
        for i in range(start, stop)
    )
    User.objects.bulk_create(
        User(username=f"bulk{i}", unit=committees[i - start], roles=["cluster_reporter"])
        for i in range(start, stop)
    )


def measure(client, url: str, **params) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {**params, "page_size": 500})
    assert response.status_code == 200, response.content
    data = response.json()
    assert len(data["results"]) == data["count"]
    return len(ctx.captured_queries), data["count"]


@pytest.mark.parametrize("url", list(QUERY_BUDGET))
def test_list_query_count_is_constant(world, url):
    client = api_client(world.users["office_admin"])
    add_rows(world, 0, 10)
    small, small_count = measure(client, url)
    add_rows(world, 10, 200)
    large, large_count = measure(client, url)
    assert large_count - small_count == 190
    assert small == large, f"{url}: {small} queries with 10 rows, {large} with 200"
    assert large == QUERY_BUDGET[url], f"{url}: {large} queries, budget {QUERY_BUDGET[url]}"


def test_filtered_cluster_list_is_constant_too(world):
    client = api_client(world.users["office_admin"])
    add_rows(world, 0, 10)
    params = {
        "region": "411700",
        "industry": f.category("装备制造").pk,
        "search": "批量",
        "ordering": "-enterprise_count",
    }
    small, _ = measure(client, "/api/clusters/", **params)
    add_rows(world, 10, 200)
    large, count = measure(client, "/api/clusters/", **params)
    assert count == 67  # i % 3 == 0 for i in 0..199
    # + the region code's path and the industry category's lookup by the FilterSet
    assert small == large == QUERY_BUDGET["/api/clusters/"] + 2
