"""The reporting-burden meter on a hand-made month: fields asked, pre-filled and accepted,
overwritten, typed; the time from opening to submitting; scope and constant queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from clusterzone.reporting import services
from clusterzone.reporting.models import DataSet, DataSetIndicator, Indicator, Submission
from clusterzone.reporting.selectors.burden import reporting_burden

from .test_prefill import counts_ds, project  # noqa: F401 (fixture)


@pytest.fixture
def month(world, counts_ds, catalog):  # noqa: F811
    """April 2025: 上蔡 saves its monthly form (6 fields asked: fai typed, 新入驻 accepted, 新开工
    overwritten with a reason, the other three accepted) and submits it; 鲁山 opens its form only."""
    # a derived indicator is not asked
    derived = Indicator.objects.create(
        code="fai_share", name="工业投资占比", unit="%", kind="stock", formula="fai_industrial / fai * 100"
    )
    DataSetIndicator.objects.create(dataset=counts_ds, indicator=derived, order=99)
    project(world.cluster_a, sign_date=date(2025, 4, 30))
    project(world.cluster_a, sign_date=date(2025, 5, 1))  # next month: not in April's figure
    reporter = world.users["cluster_reporter"]
    sub = services.submission_open(
        actor=reporter, dataset=counts_ds, cluster=world.cluster_a, period="2025-04"
    )
    services.submission_save_values(
        actor=reporter,
        submission=sub,
        values={
            "fai": "1000",
            "projects_settled": "1",
            "projects_started": "2",
            "projects_in_production": "0",
            "projects_100m_building": "0",
            "enterprises_above_size": "0",
        },
        version=None,
        overrides={"projects_started": "两个项目开工尚未入库"},
    )
    Submission.objects.filter(pk=sub.pk).update(created_at=sub.created_at - timedelta(minutes=30))
    services.submission_submit(actor=reporter, submission=sub)
    Submission.objects.filter(pk=sub.pk).update(submitted_at=sub.created_at)  # 30 minutes after opening
    services.submission_open(
        actor=world.users["other_admin"], dataset=counts_ds, cluster=world.cluster_b, period="2025-04"
    )
    # a form of another month does not count in April
    services.submission_open(actor=reporter, dataset=counts_ds, cluster=world.cluster_a, period="2025-05")
    return sub


def test_burden_counts_on_a_hand_made_month(world, month):
    burden = reporting_burden(user=world.users["province_admin"], period="2025-04", region="410000")
    rows = {r.cluster_code: r for r in burden.rows}
    a = rows[world.cluster_a.code]
    ws = (a.forms, a.submitted, a.fields_asked, a.prefilled, a.overwritten, a.typed)
    assert ws == (1, 1, 6, 4, 1, 1)
    assert a.minutes_to_submit == 30
    b = rows[world.cluster_b.code]
    assert (b.forms, b.fields_asked, b.prefilled, b.overwritten, b.typed, b.minutes_to_submit) == (
        1,
        6,
        0,
        0,
        0,
        None,
    )
    total = burden.total
    assert (total.forms, total.fields_asked, total.prefilled) == (2, 12, 4)


def test_burden_api_contract_and_scope(world, month):
    api = APIClient()
    api.force_authenticate(world.users["office_admin"])  # 驻马店: sees 上蔡, not 鲁山
    r = api.get("/api/reporting-burden/", {"region": "411700", "period": "2025-04"})
    assert r.status_code == 200, r.content
    clusters = r.json()["clusters"]
    by_code = {c["cluster"]: c for c in clusters}
    assert world.cluster_b.code not in by_code
    row = by_code[world.cluster_a.code]
    assert {k: row[k] for k in ("fields_asked", "prefilled", "overwritten", "typed")} == {
        "fields_asked": 6,
        "prefilled": 4,
        "overwritten": 1,
        "typed": 1,
    }
    assert api.get("/api/reporting-burden/", {"region": "410400", "period": "2025-04"}).status_code == 404
    assert api.get("/api/reporting-burden/", {"region": "411700", "period": "2025Q1"}).status_code == 400
    api.force_authenticate(world.users["cluster_reporter"])
    mine = api.get("/api/reporting-burden/", {"period": "2025-04"}).json()["clusters"]
    assert [c["cluster"] for c in mine] == [world.cluster_a.code]


def test_burden_query_count_is_constant(world, month, catalog):
    from clusterzone.registry.models import Cluster

    api = APIClient()
    api.force_authenticate(world.users["province_admin"])
    ds = DataSet.objects.get(code="monthly_counts")
    counts = []
    for start, n in ((0, 10), (10, 490)):
        made = Cluster.objects.bulk_create(
            [
                Cluster(
                    code=f"Q{start + i:05d}",
                    name=f"负担集聚区{start + i}",
                    region=world.shangcai,
                    planned_area=1,
                    built_area=1,
                )
                for i in range(n)
            ]
        )
        Submission.objects.bulk_create(
            [
                Submission(
                    dataset=ds,
                    cluster=c,
                    period="2025-04",
                    period_end=date(2025, 4, 30),
                    due_date=date(2025, 5, 5),
                )
                for c in made
            ]
        )
        with CaptureQueriesContext(connection) as ctx:
            assert (
                api.get("/api/reporting-burden/", {"region": "410000", "period": "2025-04"}).status_code
                == 200
            )
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_burden_page_trend_and_datasets_asking_what_the_platform_has(world, month, login):
    page = login(world.users["province_admin"]).get(
        "/reporting/burden/", {"period": "2025-04", "region": "410000"}
    )
    assert page.status_code == 200
    text = page.content.decode()
    row = text.split(f'data-testid="burden-{world.cluster_a.code}"', 1)[1].split("</tr>", 1)[0]
    cells = [c.split(">", 1)[1].split("<", 1)[0] for c in row.split("<td")[1:]]
    assert cells[2:9] == ["1", "1", "6", "4", "1", "1", "30.0"]
    trend = text.split('data-testid="burden-trend"', 1)[1].split("</table>", 1)[0]
    assert "2024年11月" in trend and "2025年4月" in trend and "2025年5月" not in trend
    asks = text.split('data-testid="ask-monthly_counts"', 1)[1].split("</tr>", 1)[0]
    assert "新入驻项目数" in asks and "规模以上工业企业数" in asks and "固定资产投资" not in asks
    assert asks.rstrip().endswith('<td class="text-end">1</td>')  # only 固定资产投资 is typed by hand
    bad = login(world.users["province_admin"]).get("/reporting/burden/", {"period": "2025Q1"})
    assert bad.status_code == 400 and "期间应为月份" in bad.content.decode()
    # a committee's reporter sees its own cluster only
    mine = (
        login(world.users["cluster_reporter"])
        .get("/reporting/burden/", {"period": "2025-04"})
        .content.decode()
    )
    assert f'data-testid="burden-{world.cluster_a.code}"' in mine
    assert f'data-testid="burden-{world.cluster_b.code}"' not in mine


def test_burden_excel_export(world, month, login):
    import io

    from openpyxl import load_workbook

    r = login(world.users["province_admin"]).get(
        "/reporting/burden/", {"period": "2025-04", "region": "410000", "format": "xlsx"}
    )
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(r.content)).active.iter_rows()]
    assert rows[0][:4] == ["集聚区代码", "集聚区", "所属区划", "应报表数"]
    a = next(row for row in rows if row[0] == world.cluster_a.code)
    assert a[3:10] == [1, 1, 6, 4, 1, 1, 30]
    assert rows[-1][1] == "合计" and rows[-1][5] == 12
