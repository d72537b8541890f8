"""The submissions API: open, values (with version), submit, approve, return, reopen; the
same permissions as the pages, 400 with Chinese messages, 404 outside the scope, and a
constant query count for the list."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterzone.reporting import services
from clusterzone.reporting.models import Submission, Value

from ..api import api_client


@pytest.fixture
def reporter(world):
    return api_client(world.users["cluster_reporter"])


@pytest.fixture
def office(world):
    return api_client(world.users["office_staff"])


def open_a(client, world, period="2025-04"):
    return client.post(
        "/api/submissions/open/", {"dataset": "monthly_test", "cluster": world.cluster_a.code, "period": period},
        format="json",
    )  # fmt: skip


def test_the_whole_path_over_the_api(world, monthly, reporter, office):
    response = open_a(reporter, world)
    assert response.status_code == 201, response.json()
    sub = response.json()
    assert sub["status"] == "draft" and sub["version"] == 1 and sub["due_date"] == "2025-05-05"
    assert sub["period_label"] == "2025年4月" and sub["values"] == {}
    assert open_a(reporter, world).status_code == 200  # opened again: the same one

    url = f"/api/submissions/{sub['id']}/"
    response = reporter.put(url + "values/", {"values": {"revenue": "170,000", "fai": 150000}, "version": 1},
                            format="json")  # fmt: skip
    assert response.status_code == 200, response.json()
    assert response.json()["values"] == {"revenue": "170000", "fai": "150000"}
    assert response.json()["version"] == 2 and response.json()["warnings"] == {}

    assert reporter.post(url + "submit/", {}, format="json").json()["status"] == "submitted"
    assert reporter.post(url + "approve/").status_code == 403
    assert office.post(url + "approve/").json()["status"] == "approved"

    response = reporter.put(url + "values/", {"values": {"revenue": "1"}, "version": 4}, format="json")
    assert response.status_code == 400 and "锁定" in str(response.json())
    response = office.post(url + "reopen/", {"reason": ""}, format="json")
    assert response.status_code == 400 and response.json() == {
        "reason": ["重新打开已审核的报表必须填写原因。"]
    }
    response = office.post(url + "reopen/", {"reason": "统计局核定数调整"}, format="json")
    assert response.json()["status"] == "returned" and response.json()["return_reason"] == "统计局核定数调整"
    detail = reporter.get(url).json()
    assert detail["values"]["fai"] == "150000" and detail["version"] == 5


def test_errors_are_400_keyed_by_indicator_in_chinese(world, monthly, reporter):
    sub = open_a(reporter, world).json()
    url = f"/api/submissions/{sub['id']}/values/"
    response = reporter.put(url, {"values": {"revenue": "abc", "tax": "-3"}, "version": 1}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["revenue"] == ["主营业务收入 的值“abc”不是有效的数字。"]
    assert body["tax"] == ["税收收入 不能为负数（填报值 -3万元）。"]
    assert not Value.objects.exists()
    response = reporter.put(url, {"values": {"revenue": "1"}}, format="json")
    assert response.status_code == 400 and "version" in response.json()


def test_concurrent_put_with_the_same_version_is_refused(world, monthly, reporter, office):
    sub = open_a(reporter, world).json()
    url = f"/api/submissions/{sub['id']}/values/"
    assert reporter.put(url, {"values": {"revenue": "100"}, "version": 1}, format="json").status_code == 200
    response = office.put(url, {"values": {"revenue": "200"}, "version": 1}, format="json")
    assert response.status_code == 400
    assert response.json() == {"version": ["该报表已被他人修改（版本2），请刷新后重新填写。"]}
    assert Value.objects.get().value == Decimal(100)


def test_return_needs_reason_and_warning_needs_comment(world, monthly, reporter, office):
    services.submission_open(actor=None, dataset=monthly, cluster=world.cluster_a, period="2024-04")
    last = Submission.objects.get(period="2024-04")
    services.values_write_bulk(actor=None, submission=last, values={"revenue": Decimal(100)}, reason="x")
    sub = open_a(reporter, world).json()
    url = f"/api/submissions/{sub['id']}/"
    response = reporter.put(url + "values/", {"values": {"revenue": "500"}, "version": 1}, format="json")
    assert response.json()["warnings"]["revenue"][0].startswith(
        "主营业务收入 与上年同期（100万元）相比变动 +400.0%"
    )
    response = reporter.post(url + "submit/", {"comment": ""}, format="json")
    assert response.status_code == 400 and "说明" in response.json()["comment"][0]
    assert reporter.post(url + "submit/", {"comment": "新企业投产"}, format="json").status_code == 200
    response = office.post(url + "return/", {}, format="json")
    assert response.status_code == 400 and response.json() == {"reason": ["退回报表必须填写退回原因。"]}
    assert office.post(url + "return/", {"reason": "请核实"}, format="json").json()["status"] == "returned"


def test_scope_404_and_readonly_403(world, monthly, reporter):
    sub_b = services.submission_open(actor=None, dataset=monthly, cluster=world.cluster_b, period="2025-04")
    assert reporter.get(f"/api/submissions/{sub_b.pk}/").status_code == 404
    assert reporter.post(f"/api/submissions/{sub_b.pk}/submit/").status_code == 404
    response = reporter.post(
        "/api/submissions/open/", {"dataset": "monthly_test", "cluster": world.cluster_b.code, "period": "2025-04"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400 and "权限范围" in response.json()["cluster"][0]
    ro = api_client(world.users["readonly"])
    sub_a = services.submission_open(actor=None, dataset=monthly, cluster=world.cluster_a, period="2025-04")
    assert ro.get(f"/api/submissions/{sub_a.pk}/").status_code == 200
    assert ro.put(f"/api/submissions/{sub_a.pk}/values/", {"values": {}, "version": 1}, format="json").status_code == 403  # fmt: skip
    assert open_a(ro, world, "2025-05").status_code == 403
    assert api_client().get("/api/submissions/").status_code == 401


def test_list_filters_and_constant_query_count(world, monthly):
    from clusterzone.registry.models import Cluster

    client = api_client(world.users["province_admin"])

    def add(start, n):
        clusters = Cluster.objects.bulk_create(
            [Cluster(code=f"Y{start + i:05d}", name=f"接口集聚区{start + i}", region=world.shangcai,
                     planned_area=1, built_area=1) for i in range(n)]
        )  # fmt: skip
        monthly.clusters.add(*clusters)
        for c in clusters:
            sub = services.submission_open(actor=None, dataset=monthly, cluster=c, period="2025-04")
            services.values_write_bulk(
                actor=None, submission=sub, values={"revenue": Decimal(1), "fai": Decimal(2)}, reason="x"
            )

    counts = []
    for start, n in ((0, 5), (5, 100)):
        add(start, n)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/api/submissions/", {"page_size": 500, "period": "2025-04", "dataset": "monthly_test"})  # fmt: skip
        assert response.status_code == 200
        data = response.json()
        assert len(data["results"]) == data["count"] == start + n
        assert data["results"][0]["values"] == {"revenue": "1", "fai": "2"}
        counts.append(len(ctx))
    # session, user, unit + region (scope), count, page, values prefetch, filter lookups
    assert counts[0] == counts[1] == 8, counts
    status = client.get("/api/submissions/", {"status": "approved"}).json()
    assert status["count"] == 0


def test_value_history_over_the_api(world, monthly, reporter, office):
    """GET /api/submissions/{id}/history/: who, when, old, new and the reason of every change."""
    sub = open_a(reporter, world).json()
    url = f"/api/submissions/{sub['id']}/"
    reporter.put(url + "values/", {"values": {"revenue": 170000}, "version": 1}, format="json")
    services.values_write_bulk(
        actor=world.users["office_staff"],
        submission=Submission.objects.get(pk=sub["id"]),
        values={"revenue": Decimal(171000)},
        reason="统计局核定",
    )
    rows = reporter.get(url + "history/").json()
    assert [(r["indicator"], r["old"], r["new"]) for r in rows] == [
        ("revenue", "170000.0000", "171000.0000"),
        ("revenue", None, "170000.0000"),
    ]
    assert rows[0]["user"] == str(world.users["office_staff"]) and rows[0]["reason"] == "统计局核定"
    assert rows[1]["user"] == str(world.users["cluster_reporter"]) and rows[0]["at"]
    other = api_client(world.users["other_admin"])  # 平顶山: not 上蔡
    assert other.get(url + "history/").status_code == 404
