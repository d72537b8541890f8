"""The land API: create and read parcels with their derived figures, constant queries for 10
and 500 rows, recovery, a quota whose `allocated` cannot be written, If-Match, the balance
and idle-land endpoints, scope."""

from datetime import date
from decimal import Decimal as D

from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterzone.accounts.policy import SYSTEM
from clusterzone.land.models import LandQuota, Parcel
from clusterzone.projects import services as project_services
from tests.api import api_client


def _bulk(world, start, n):
    Parcel.objects.bulk_create(
        Parcel(cluster=world.cluster_a, code=f"B{i:04d}", area=D(10), planned_use="industrial",
               status="supplied", supply_date=date(2025, 1, 1))
        for i in range(start, start + n)
    )  # fmt: skip


def test_parcel_list_queries_constant_10_and_500(world):
    client = api_client(world.users["office_admin"])
    counts = []
    for made, size in ((0, 10), (10, 500)):
        _bulk(world, made, size - made)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/api/land/parcels/", {"page_size": 500})
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_parcel_create_derived_recover_and_scope(world):
    project = project_services.project_create(
        actor=SYSTEM, data={"name": "示例项目", "cluster": world.cluster_a, "total_investment": D(23000)}
    )
    client = api_client(world.users["office_admin"])
    response = client.post(
        "/api/land/parcels/",
        {"cluster": world.cluster_a.code, "code": "A-01", "area": "100", "planned_use": "industrial",
         "status": "supplied", "supply_date": "2025-01-01", "project": project.code, "building_area": "66667"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    assert D(body["intensity"]) == D(230) and D(body["plot_ratio"]) == D("1.00")
    pk = body["id"]
    idle = client.get(f"/api/land/clusters/{world.cluster_a.code}/idle/", {"on": "2026-01-02"}).json()
    assert [(i["code"], i["days_idle"]) for i in idle] == [("A-01", 366)]
    assert client.get(f"/api/land/clusters/{world.cluster_a.code}/idle/", {"on": "2026-01-01"}).json() == []
    balance = client.get(f"/api/land/clusters/{world.cluster_a.code}/balance/").json()
    assert D(balance["supplied"]) == D(100)
    recovered = client.post(
        f"/api/land/parcels/{pk}/recover/",
        {"on": "2026-12-01", "recovery_ref": "上集聚办〔2026〕3号"},
        format="json",
    )
    assert recovered.status_code == 200 and recovered.json()["status"] == "recovered"
    other = api_client(world.users["other_admin"])
    assert other.get(f"/api/land/parcels/{pk}/").status_code == 404
    assert other.get(f"/api/land/clusters/{world.cluster_a.code}/balance/").status_code == 404
    readonly = api_client(world.users["readonly"])
    assert (
        readonly.post("/api/land/parcels/", {"cluster": world.cluster_a.code}, format="json").status_code
        == 403
    )


def test_quota_allocated_is_read_only_and_if_match(world):
    client = api_client(world.users["office_admin"])
    response = client.post(
        "/api/land/quotas/",
        {"region": world.shangcai.code, "year": 2026, "quota": "11250", "allocated": "7200"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    quota = LandQuota.objects.get()
    assert quota.allocated == 0
    alloc = client.post(
        "/api/land/quota-allocations/",
        {"quota": quota.pk, "cluster": world.cluster_a.code, "recipient": "起重园区", "area": "2250"},
        format="json",
    )
    assert alloc.status_code == 201, alloc.json()
    detail = client.get(f"/api/land/quotas/{quota.pk}/")
    assert D(detail.json()["allocated"]) == D(2250) and D(detail.json()["remaining"]) == D(9000)
    etag = detail["ETag"]
    client.patch(f"/api/land/quotas/{quota.pk}/", {"quota": "12000"}, format="json", HTTP_IF_MATCH=etag)
    stale = client.patch(
        f"/api/land/quotas/{quota.pk}/", {"quota": "13000"}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    too_much = client.post(
        "/api/land/quota-allocations/",
        {"quota": quota.pk, "cluster": world.cluster_a.code, "area": "9751"},
        format="json",
    )
    assert too_much.status_code == 400
    assert "超过指标" in str(too_much.json())


def test_integration_endpoints(world):
    client = api_client(world.users["cluster_reporter"])
    r = client.post(
        "/api/land/landless-employment/",
        {"cluster": world.cluster_a.code, "year": 2026, "kind": "training", "person_times": 300,
         "training_unit": "县职业技术学校", "enterprises": [world.ent_a.credit_code]},
        format="json",
    )  # fmt: skip
    assert r.status_code == 201, r.json()
    assert r.json()["enterprises"] == [world.ent_a.credit_code]
    r = client.post(
        "/api/land/village-relocations/",
        {"cluster": world.cluster_b.code, "phase": "一期", "villages": "甲村", "village_count": 1,
         "households": 10, "people": 40},
        format="json",
    )  # fmt: skip
    assert r.status_code == 400  # another cluster's code reads as unknown
