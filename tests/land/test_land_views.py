"""Hand-written land pages: a cluster's land page (balance, idle land, constant queries for
10 and 500 parcels), recovering a parcel with its 文号, and the per-亩 evaluation through the
pages — 公示, an objection changing a class, the final class and the region's terms on the
enterprise's page."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clusterzone.assessment.models import Result, Run
from clusterzone.land.models import DifferentiatedPolicy, Parcel
from tests.land.test_evaluation import twenty  # noqa: F401  (fixture)


def _parcels(world, n, start=0):
    today = timezone.localdate()
    Parcel.objects.bulk_create(
        Parcel(
            cluster=world.cluster_a, code=f"P{i:04d}", area=D(10), planned_use="industrial",
            status="supplied" if i % 2 else "reserve", supply_date=today - timedelta(days=400),
            leading_industry=bool(i % 3),
        )
        for i in range(start, start + n)
    )  # fmt: skip


def test_cluster_land_page_constant_queries(world, client):
    client.force_login(world.users["office_admin"])
    url = reverse("land:cluster", args=[world.cluster_a.code])
    counts = []
    for made, size in ((0, 10), (10, 500)):
        _parcels(world, size - made, start=made)
        if not made:
            client.get(url)  # warm the session and content types
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    body = response.content.decode()
    assert 'data-testid="balance-chart"' in body and 'data-testid="status-chart"' in body
    assert (
        "<script>" not in body and 'src="/static/js/charts.js"' in body
    )  # the shared renderer, from static (CSP)
    assert body.count("/recover/") >= 250  # every supplied parcel idle for 400 days is listed
    client.force_login(world.users["other_admin"])
    assert client.get(url).status_code == 404


def test_recover_parcel_through_the_page(world, client):
    p = Parcel.objects.create(
        cluster=world.cluster_a, code="IDLE-1", area=D(30), planned_use="industrial", status="supplied",
        supply_date=date(2025, 1, 1),
    )  # fmt: skip
    url = reverse("land:parcel_recover", args=[p.pk])
    client.force_login(world.users["cluster_reporter"])
    assert client.post(url, {"on": "2026-12-01", "recovery_ref": "上集聚办〔2026〕3号"}).status_code == 403
    client.force_login(world.users["office_admin"])
    response = client.post(url, {"on": "2026-12-01", "recovery_ref": ""})
    assert response.status_code == 200
    p.refresh_from_db()
    assert p.status == "supplied"
    assert client.post(url, {"on": "2026-12-01", "recovery_ref": "上集聚办〔2026〕3号"}).status_code == 302
    p.refresh_from_db()
    assert (p.status, p.recovery_ref, p.recovered_on) == (
        "recovered",
        "上集聚办〔2026〕3号",
        date(2026, 12, 1),
    )
    detail = client.get(reverse("land:parcel_detail", args=[p.pk])).content.decode()
    assert "上集聚办〔2026〕3号" in detail and 'data-testid="history"' in detail


def test_evaluation_through_the_pages(world, client, twenty):  # noqa: F811
    admin = world.users["office_admin"]
    DifferentiatedPolicy.objects.create(
        region=world.zmd, klass="B", land="优先安排用地指标", power="执行正常电价"
    )
    client.force_login(admin)
    url = reverse("land:evaluation")
    response = client.post(url, {"action": "create", "cluster": world.cluster_a.code, "year": "2025"})
    assert response.status_code == 302
    run = Run.objects.get(subject="enterprise")
    page = client.get(url, {"run": run.pk}).content.decode()
    assert 'data-testid="class-chart"' in page and 'data-testid="scatter-chart"' in page
    e12 = Result.objects.get(run=run, subject_name="E12")
    assert e12.klass == "C"
    starts = timezone.localdate() - timedelta(days=20)
    client.post(url, {"action": "publicize", "run": run.pk, "starts_on": starts.isoformat(), "workdays": "5"})
    client.post(url, {"action": "object", "run": run.pk, "result": e12.pk, "reason": "税收漏报",
                      "received_on": (starts + timedelta(days=1)).isoformat()})  # fmt: skip
    objection = e12.land_objections.get()
    refused = client.post(url, {"action": "finalize", "run": run.pk})
    assert "未处理的异议" in refused.content.decode()
    client.post(url, {"action": "decide", "run": run.pk, "objection": objection.pk, "upheld": "1",
                      "new_class": "B", "decision": "核实属实"})  # fmt: skip
    assert client.post(url, {"action": "finalize", "run": run.pk}).status_code == 302
    run.refresh_from_db()
    assert run.status == "published"
    ent = e12.subject_id
    page = client.get(reverse("registry:enterprise_detail", args=[ent])).content.decode()
    assert 'data-testid="muju-class">B' in page
    assert "优先安排用地指标" in page and "执行正常电价" in page
    client.force_login(world.users["readonly"])
    assert (
        client.post(url, {"action": "create", "cluster": world.cluster_a.code, "year": "2025"}).status_code
        == 200
    )
    assert Run.objects.filter(subject="enterprise").count() == 1


@pytest.mark.parametrize("role, status", [("readonly", 200), ("other_admin", 404)])
def test_evaluation_run_hidden_outside_scope(world, client, twenty, role, status):  # noqa: F811
    from clusterzone.land import services

    run = services.evaluation_run(actor=world.users["office_admin"], year=2025, cluster=world.cluster_a)
    services.evaluation_publicize(actor=world.users["office_admin"], run=run, starts_on=date(2026, 3, 2))
    services.evaluation_finalize(actor=world.users["office_admin"], run=run, today=date(2026, 3, 10))
    client.force_login(world.users[role])
    assert client.get(reverse("land:evaluation"), {"run": run.pk}).status_code == status


def test_evaluation_excel_export(world, client, twenty):  # noqa: F811
    import io

    from openpyxl import load_workbook

    from clusterzone.land import services

    run = services.evaluation_run(actor=world.users["office_admin"], year=2025, cluster=world.cluster_a)
    client.force_login(world.users["office_admin"])
    page = client.get(reverse("land:evaluation"), {"run": run.pk}).content.decode()
    assert 'data-testid="evaluation-export"' in page
    assert "<script>" not in page and 'src="/static/js/charts.js"' in page  # the shared renderer (CSP)
    response = client.get(reverse("land:evaluation"), {"run": run.pk, "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:5] == ("名次", "企业", "统一社会信用代码", "综合得分", "类别")
    assert "亩均税收得分" in header and len(body) == 20
    e12 = next(r for r in body if r[1] == "E12")
    assert e12[4] == "C" and e12[3] == float(Result.objects.get(subject_name="E12").score.quantize(D("0.01")))
    assert {r[4] for r in body if r[0] is None} == {"T"}
    client.force_login(world.users["other_admin"])
    assert client.get(reverse("land:evaluation"), {"run": run.pk, "export": "xlsx"}).status_code == 404
