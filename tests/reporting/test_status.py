"""Reporting status: the reporter's due list and the office's matrix, completeness and
timeliness, checked by hand on small cases; constant query counts."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from clusterzone.core.periods import Period
from clusterzone.reporting.models import DataSet, DataSetIndicator, Submission
from clusterzone.reporting.selectors.status import my_forms, reporting_status
from tests import factories as f

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


def submission(ds, cluster, period, status, submitted_at=None):
    p = Period.parse(period)
    return Submission.objects.create(
        dataset=ds,
        cluster=cluster,
        period=str(p),
        period_end=p.end,
        due_date=ds.due_date(p),
        status=status,
        submitted_at=submitted_at,
    )


@pytest.fixture
def four(world, monthly):
    """4 clusters × 2 months (due 2025-04-05 and 2025-05-05), states set by hand."""
    cluster_d = f.ClusterFactory(code="41042302", name="鲁山县第二产业集聚区", region=world.lushan)
    monthly.clusters.add(cluster_d)
    a, a2, b, d = world.cluster_a, world.cluster_a2, world.cluster_b, cluster_d
    submission(monthly, a, "2025-03", "approved", at(2025, 4, 3))  # on time
    submission(monthly, a, "2025-04", "submitted", at(2025, 5, 6))  # late (received)
    submission(monthly, a2, "2025-03", "submitted", at(2025, 4, 5, 23, 30))  # on time, local date
    submission(monthly, a2, "2025-04", "draft")  # not received, overdue
    submission(monthly, b, "2025-03", "approved", at(2025, 4, 8))  # late: 2 working days (清明)
    # b 2025-04: nothing at all
    submission(monthly, d, "2025-03", "returned", at(2025, 4, 2))  # returned: not received
    submission(monthly, d, "2025-04", "approved", at(2025, 5, 5, 18))  # on the due date
    world.cluster_d = cluster_d
    return monthly


# ---- completeness and timeliness ------------------------------------------------------------


def test_completeness_and_timeliness_hand_checked(world, four):
    st = reporting_status(
        user=world.users["province_admin"],
        dataset="monthly_test",
        periods=["2025-03", "2025-04"],
        today=date(2025, 5, 20),
    )
    assert [r.cluster_code for r in st.rows] == ["41042301", "41042302", "41170201", "41172201"]
    states = {r.cluster_code: [(c.state, c.late) for c in r.cells] for r in st.rows}
    assert states == {
        "41172201": [("approved", False), ("submitted", True)],
        "41170201": [("submitted", False), ("draft", True)],
        "41042301": [("approved", True), ("missing", True)],
        "41042302": [("returned", True), ("approved", False)],
    }
    march, april = st.by_period
    assert (march.expected, march.received, march.on_time) == (4, 3, 2)
    assert march.completeness == Decimal(75) and march.timeliness == Decimal(50)
    assert april.completeness == Decimal(50) and april.timeliness == Decimal(25)
    assert st.total.completeness == Decimal("62.5") and st.total.timeliness == Decimal("37.5")
    groups = {g.name: g for g in st.groups}
    assert set(groups) == {"驻马店市", "平顶山市"}
    assert groups["驻马店市"].total.completeness == Decimal(75)
    assert groups["驻马店市"].total.timeliness == Decimal(50)
    assert groups["平顶山市"].total.completeness == Decimal(50)
    assert groups["平顶山市"].total.timeliness == Decimal(25)
    assert [r.completeness for r in groups["平顶山市"].by_period] == [Decimal(50), Decimal(50)]
    late = [(i.cluster_code, str(i.period), i.kind, i.workdays_late) for i in st.late]
    assert late == [
        ("41042302", "2025-03", "missing", 30),  # 19 in April (27th 调休) + 11 in May
        ("41042301", "2025-03", "late", 2),  # due Sat 5 Apr (清明); Mon 7, Tue 8
        ("41042301", "2025-04", "missing", 11),
        ("41170201", "2025-04", "missing", 11),
        ("41172201", "2025-04", "late", 1),
    ]


def test_status_by_region_and_scope(world, four):
    # a city office sees its own city only; a region filter narrows to counties
    st = reporting_status(
        user=world.users["office_admin"], dataset="monthly_test", periods=["2025-03"], today=date(2025, 5, 20)
    )
    assert {r.cluster_code for r in st.rows} == {"41172201", "41170201"}
    # groups under 驻马店: its counties, and the city itself for a cluster placed on the city
    assert [(g.code, g.name, g.clusters) for g in st.groups] == [
        ("411700", "驻马店市", 1),
        ("411722", "上蔡县", 1),
    ]
    st = reporting_status(
        user=world.users["province_admin"],
        dataset="monthly_test",
        periods=["2025-03", "2025-04"],
        region="410400",
        today=date(2025, 5, 20),
    )
    assert {r.cluster_code for r in st.rows} == {"41042301", "41042302"}
    assert [(g.name, g.clusters) for g in st.groups] == [("鲁山县", 2)]
    assert st.total.completeness == Decimal(50)
    from clusterzone.core.exceptions import NotFound

    with pytest.raises(NotFound):  # 平顶山 is outside 驻马店's office
        reporting_status(
            user=world.users["office_admin"], dataset="monthly_test", periods=["2025-03"], region="410400"
        )


def test_not_yet_due_is_not_late(world, four):
    st = reporting_status(
        user=world.users["province_admin"],
        dataset="monthly_test",
        periods=["2025-04"],
        today=date(2025, 5, 5),
    )
    cells = {r.cluster_code: r.cells[0] for r in st.rows}
    assert cells["41042301"].state == "missing" and not cells["41042301"].late
    assert cells["41172201"].late  # received after its due date
    assert st.by_period[0].completeness == Decimal(50)


# ---- the pages and the API -----------------------------------------------------------------


def test_status_page_matrix_legend_and_percentages(world, four, login):
    client = login(world.users["province_admin"])
    url = reverse("reporting:status")
    assert url == "/reporting/status/"
    page = client.get(
        url, {"dataset": "monthly_test", "region": "410000", "from": "2025-03", "to": "2025-04"}
    )
    assert page.status_code == 200
    text = page.content.decode()
    for label in (
        "报送情况",
        "完整率",
        "及时率",
        "未填报",
        "草稿",
        "已上报",
        "已审核",
        "退回",
        "图例",
        "逾期未报",
        "迟报",
    ):
        assert label in text, label
    assert "2025年3月" in text and "2025年4月5日截止" in text
    assert 'data-testid="total-completeness">62.5%' in text
    assert 'data-testid="total-timeliness">37.5%' in text
    assert "bg-success-subtle" in text and "bg-danger-subtle" in text and "bg-secondary-subtle" in text
    assert text.count('data-testid="status-row"') == 4

    export = client.get(
        url, {"dataset": "monthly_test", "from": "2025-03", "to": "2025-04", "export": "xlsx"}
    )
    assert export.status_code == 200
    wb = load_workbook(io.BytesIO(export.content))
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("集聚区代码", "集聚区名称", "所属区划", "2025年3月", "2025年4月")
    by_code = {r[0]: r for r in rows[1:5]}
    assert by_code["41172201"][3:5] == ("已审核", "已上报（迟报）")
    assert by_code["41042301"][4] == "未填报"
    assert ("完整率", None, None, "75.0%", "50.0%") == rows[5][:5]
    assert {s.title for s in wb.worksheets} == {"报送情况", "分地区", "迟报和未报"}


def test_status_page_bad_input(world, four, login):
    client = login(world.users["province_admin"])
    url = reverse("reporting:status")
    bad = client.get(url, {"dataset": "monthly_test", "from": "2025Q1", "to": "2025Q2"})
    assert bad.status_code == 400 and "报送周期" in bad.content.decode()
    assert client.get(url, {"dataset": "nope"}).status_code == 404
    default = client.get(url, {"dataset": "monthly_test"})
    assert default.status_code == 200


def test_status_page_lists_the_first_late_items_and_the_export_all(world, four, login, monkeypatch):
    """At province scale the late list runs to a thousand rows: the page lists the first ones
    and says how many there are; the Excel export holds every one."""
    from clusterzone.reporting.views import status as views

    monkeypatch.setattr(views, "LATE_ROWS", 2)
    client = login(world.users["province_admin"])
    params = {"dataset": "monthly_test", "from": "2025-03", "to": "2025-04"}
    text = client.get(reverse("reporting:status"), params).content.decode()
    table = text.split('data-testid="late-table"')[1].split("</table>")[0]
    assert table.count("<tr>") == 1 + 2  # the head and two items
    export = client.get(reverse("reporting:status"), {**params, "export": "xlsx"})
    late = load_workbook(io.BytesIO(export.content))["迟报和未报"]
    n = late.max_row - 1
    assert n > 2
    assert f"共{n}项，此处列出前2项，全部见导出Excel" in text


def test_status_api(world, four):
    client = APIClient()
    client.force_authenticate(world.users["province_admin"])
    r = client.get("/api/reporting-status/", {"dataset": "monthly_test", "period": "2025-03,2025-04"})
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["total"]["completeness_pct"] == 62.5 and data["total"]["timeliness_pct"] == 37.5
    assert [p["completeness_pct"] for p in data["periods"]] == [75.0, 50.0]
    assert [p["due_date"] for p in data["periods"]] == ["2025-04-05", "2025-05-05"]
    assert {g["name"]: g["completeness_pct"] for g in data["regions"]} == {"驻马店市": 75.0, "平顶山市": 50.0}
    assert len(data["late"]) >= 5
    assert client.get("/api/reporting-status/", {"period": "2025-03"}).status_code == 400
    assert (
        client.get("/api/reporting-status/", {"dataset": "monthly_test", "period": "2025"}).status_code == 400
    )
    assert client.get("/api/reporting-status/", {"dataset": "nope", "period": "2025-03"}).status_code == 404


# ---- the reporter's due list --------------------------------------------------------------


def test_due_list_working_days_around_may_day(world, monthly):
    """On Mon 28 Apr 2025 the April report is due Mon 5 May: the 1–5 May holiday leaves 2
    working days; March (due Sat 5 Apr) is 17 working days overdue (the Sunday 27 Apr
    调休 counts as a working day)."""
    a = world.cluster_a
    for k in range(3, 13):  # 2024-03 … 2024-12 approved
        submission(monthly, a, f"2024-{k:02d}", "approved", at(2024, k, 28))
    submission(monthly, a, "2025-01", "submitted", at(2025, 2, 3))
    submission(monthly, a, "2025-02", "draft")
    r = submission(monthly, a, "2025-03", "returned", at(2025, 4, 3))
    r.return_reason = "税收数据有误"
    r.save()
    forms = my_forms(user=world.users["cluster_reporter"], today=date(2025, 4, 28))
    got = [(x.period_code, x.status, x.due_label, x.due_text) for x in forms]
    assert got == [
        ("2025-02", "draft", "2025年3月5日", "已逾期38个工作日"),  # 18 in March, 3 + 17 in April
        ("2025-03", "returned", "2025年4月5日", "已逾期17个工作日"),
        ("2025-04", "missing", "2025年5月5日", "剩余2个工作日"),
    ]
    assert [x.status_label for x in forms] == ["草稿", "退回", "未填报"]
    assert forms[1].return_reason == "税收数据有误"
    assert forms[2].url == "/reporting/open/monthly_test/41172201/2025-04/"
    assert all(x.cluster_code == "41172201" for x in forms)  # own cluster only


def test_due_list_half_monthly_due_dates(world, catalog):
    ds = DataSet.objects.create(
        scope_rule="explicit",
        code="construction",
        name="半月报",
        period_kind="half_monthly",
        due_days=2,
        region=world.henan,
    )
    DataSetIndicator.objects.create(dataset=ds, indicator=catalog["fai_infrastructure"])
    ds.clusters.set([world.cluster_a])
    assert ds.due_date(Period.parse("2025-04H1")) == date(2025, 4, 17)
    assert ds.due_date(Period.parse("2025-04H2")) == date(2025, 5, 2)
    assert ds.due_date(Period.parse("2025-02H2")) == date(2025, 3, 2)
    forms = my_forms(user=world.users["cluster_reporter"], today=date(2025, 4, 10))
    upcoming = [x for x in forms if not x.overdue]
    assert [(x.period_code, x.due_label, x.due_text) for x in upcoming] == [
        ("2025-04H1", "2025年4月17日", "剩余5个工作日")
    ]
    overdue = [x for x in forms if x.overdue]
    assert len(overdue) == 12  # up to 12 periods back
    assert (overdue[-1].period_code, overdue[-1].due_label) == ("2025-03H2", "2025年4月2日")
    forms = my_forms(user=world.users["cluster_reporter"], today=date(2025, 4, 17))
    assert [x.due_text for x in forms if x.period_code == "2025-04H1"] == ["今日截止"]
    assert [x.period_code for x in forms if not x.overdue] == ["2025-04H1", "2025-04H2"]


def test_due_list_only_for_reporters(world, monthly):
    assert my_forms(user=world.users["province_admin"], today=date(2025, 4, 28)) == []
    assert my_forms(user=world.users["readonly"], today=date(2025, 4, 28)) == []


def test_my_forms_page_snippet_and_api(world, monthly, login):
    client = login(world.users["cluster_reporter"])
    assert reverse("reporting:my_forms") == "/reporting/my-forms/"
    page = client.get(reverse("reporting:my_forms"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "待填报表" in text and "已逾期" in text and "填报" in text and "未填报" in text
    assert 'href="/reporting/open/monthly_test/41172201/' in text
    from django.template.loader import render_to_string

    snippet = render_to_string(
        "reporting/status/_my_forms.html",
        {"my_forms": my_forms(user=world.users["cluster_reporter"], today=date(2025, 4, 28))},
    )
    assert "剩余2个工作日" in snippet and "2025年5月5日" in snippet
    assert "目前没有待填报的报表" in render_to_string("reporting/status/_my_forms.html", {"my_forms": []})
    api = APIClient()
    api.force_authenticate(world.users["cluster_reporter"])
    data = api.get("/api/my-forms/").json()
    assert data and {"dataset", "period", "due_date", "due_text", "status", "status_label", "url"} <= set(
        data[0]
    )


# ---- query counts ----------------------------------------------------------------------------


def add_clusters(world, ds, start, n):
    from clusterzone.registry.models import Cluster

    clusters = Cluster.objects.bulk_create(
        [
            Cluster(
                code=f"Q{start + i:05d}",
                name=f"查询集聚区{start + i}",
                region=world.lushan if i % 2 else world.shangcai,
            )
            for i in range(n)
        ]
    )
    ds.clusters.add(*clusters)
    subs = []
    for i, c in enumerate(clusters):
        for m in (3, 4):
            p = Period.month(2025, m)
            subs.append(
                Submission(
                    dataset=ds,
                    cluster=c,
                    period=str(p),
                    period_end=p.end,
                    due_date=ds.due_date(p),
                    status=["approved", "submitted", "draft", "returned"][(i + m) % 4],
                    submitted_at=at(2025, m + 1, 1 + i % 9),
                )
            )
    Submission.objects.bulk_create(subs)


def count(client, url, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_status_page_and_api_query_counts_are_constant(world, four, login):
    client = login(world.users["province_admin"])
    api = APIClient()
    api.force_authenticate(world.users["province_admin"])
    params = {"dataset": "monthly_test", "from": "2025-03", "to": "2025-04"}
    counts = []
    for start, n in ((0, 1), (1, 55)):  # 5 clusters, then 60
        add_clusters(world, four, start, n)
        counts.append(
            (
                count(client, "/reporting/status/", params),
                count(client, "/reporting/status/", {**params, "export": "xlsx"}),
                count(api, "/api/reporting-status/", params),
            )
        )
    assert counts[0] == counts[1], counts
    assert (
        len(
            reporting_status(
                user=world.users["province_admin"], dataset="monthly_test", periods=["2025-03"]
            ).rows
        )
        == 60
    )


def test_my_forms_query_count_is_constant(world, monthly, login, catalog):
    client = login(world.users["cluster_reporter"])
    counts = []
    for start, n in ((0, 2), (2, 60)):
        add_clusters(world, monthly, start, n)
        extra = DataSet.objects.create(
            scope_rule="explicit",
            code=f"extra_{start}",
            name=f"附加报表{start}",
            period_kind="quarterly",
            due_days=10,
            region=world.henan,
        )
        extra.clusters.add(world.cluster_a)
        counts.append((count(client, "/reporting/my-forms/", {}), count(client, "/api/my-forms/", {})))
    assert counts[0] == counts[1], counts


def test_matrix_cells_are_rendered_in_one_pass_with_state_and_late_marks():
    """The page's cells (reporting_status.status_cells): state class and badge, and the red
    dot of a late report (迟报) or an overdue missing one (逾期未报); text is escaped."""
    from datetime import date

    from clusterzone.core.periods import Period
    from clusterzone.reporting.selectors.status import Cell
    from clusterzone.reporting.templatetags.reporting_status import status_cells

    p = Period.parse("2025-04")
    cells = [
        Cell(period=p, due_date=date(2025, 5, 5), state="approved", late=False, received=True, on_time=True),
        Cell(period=p, due_date=date(2025, 5, 5), state="submitted", late=True, received=True, on_time=False),
        Cell(period=p, due_date=date(2025, 5, 5), state="missing", late=True, received=False, on_time=False),
    ]
    html = str(status_cells(cells))
    assert html.count("<td ") == 3
    assert html.startswith(
        '<td class="text-center bg-success-subtle" data-state="approved"><span class="badge text-bg-success">已审核</span></td>'
    )
    assert 'data-state="submitted" data-late="1">' in html and 'title="迟报">●</span></td>' in html
    assert 'data-state="missing" data-late="1">' in html and 'title="逾期未报">●</span></td>' in html


def test_status_matrix_is_paged_by_100_clusters_with_the_regions_totals(world, four, login):
    """At national scale the matrix shows 100 clusters a page (core/_pager.html); the
    completeness and timeliness rows stay those of all clusters; the query count is the same
    at 10 and 500 clusters, on the first and on a later page."""
    client = login(world.users["province_admin"])
    params = {"dataset": "monthly_test", "from": "2025-03", "to": "2025-04"}
    counts = []
    for start, n in ((0, 6), (6, 490)):  # 4 + 6 = 10 clusters, then 500
        add_clusters(world, four, start, n)
        counts.append(
            (
                count(client, "/reporting/status/", params),
                count(client, "/reporting/status/", {**params, "page": 2}),
            )
        )
    assert counts[0] == counts[1], counts
    html = client.get("/reporting/status/", params).content.decode()
    assert html.count('data-testid="status-row"') == 100 and 'data-testid="pager"' in html
    last = client.get("/reporting/status/", {**params, "page": 5}).content.decode()
    assert last.count('data-testid="status-row"') == 100 and "共500个集聚区，第401–500个" in last
    full = reporting_status(
        user=world.users["province_admin"], dataset="monthly_test", periods=["2025-03", "2025-04"]
    )
    assert len(full.rows) == 500
    # the footer's rates are the region's: the same on every page
    foot = html[html.index("<tfoot") : html.index("</tfoot>")]
    assert foot == last[last.index("<tfoot") : last.index("</tfoot>")]
