"""The half-monthly report's items edited in place (page, API PATCH, history), exported to
Excel and imported back (all or nothing, errors by row and column, idempotent), and the
leaders who follow enterprises imported from Excel."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from clusterzone.core.importing import get_importer
from clusterzone.registry.models import EnterpriseContact
from clusterzone.reporting import items
from clusterzone.reporting.models import ReportItem

from ..api import api_client
from ..factories import make_credit_code
from .test_prefill import project
from .test_report_items import _open, _values, half  # noqa: F401  (fixture)


def _csv(rows) -> bytes:
    return "\n".join(",".join(str(c) for c in r) for r in rows).encode("utf-8")


HEAD = ["集聚区代码", "报表代码", "期间", "栏目", "项目代码", "名称", "投资（万元）", "本期开工", "内容"]


def test_an_item_is_edited_by_page_and_api_with_history(world, half, login):  # noqa: F811
    rep = world.users["cluster_reporter"]
    h1 = _open(world, half, "2025-04H1")
    item = items.item_add(actor=rep, submission=h1, data={"kind": "infrastructure", "name": "污水管网", "investment": "300"})  # fmt: skip
    client = login(rep)
    page = client.get(f"/reporting/submissions/{h1.pk}/items/{item.pk}/edit/")
    assert page.status_code == 200 and 'value="300.00"' in page.content.decode()
    r = client.post(
        f"/reporting/submissions/{h1.pk}/items/{item.pk}/edit/",
        {"name": "污水管网一期", "investment": "450", "text": "完成主管铺设", "reason": "按监理月报更正"},
    )
    assert r.status_code == 302
    item.refresh_from_db()
    assert (item.name, item.investment, item.text) == ("污水管网一期", Decimal("450"), "完成主管铺设")
    assert _values(h1)["fai_infrastructure"] == 450  # recomputed
    last = item.history.first()
    assert last.history_change_reason == "按监理月报更正" and last.history_user == rep
    assert item.history.count() == 2
    history = client.get(f"/reporting/submissions/{h1.pk}/items/{item.pk}/edit/").content.decode()
    assert "按监理月报更正" in history.split('data-testid="item-history"', 1)[1]
    # a bad value is refused with its reason, nothing changes
    r = client.post(f"/reporting/submissions/{h1.pk}/items/{item.pk}/edit/", {"investment": "abc"})
    assert r.status_code == 400 and "不是数字" in r.content.decode()
    # API PATCH: only the fields given change
    api = api_client(rep)
    r = api.patch(f"/api/submissions/{h1.pk}/items/{item.pk}/", {"investment": "500"}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["investment"] == "500.00" and r.json()["name"] == "污水管网一期"
    assert _values(h1)["fai_infrastructure"] == 500
    r = api.patch(f"/api/submissions/{h1.pk}/items/{item.pk}/", {"investment": "-1"}, format="json")
    assert r.status_code == 400
    hist = api.get(f"/api/submissions/{h1.pk}/items/history/").json()
    assert [h["action"] for h in hist] == ["change", "change", "add"]
    assert hist[1]["reason"] == "按监理月报更正" and hist[1]["user"]
    assert {"field": "investment", "old": "300.00", "new": "450.00"} in hist[1]["changes"]
    assert {"field": "name", "old": "污水管网", "new": "污水管网一期"} in hist[1]["changes"]
    # another cluster's reporter cannot see it
    other = api_client(world.users["other_admin"])
    assert other.patch(f"/api/submissions/{h1.pk}/items/{item.pk}/", {"investment": "1"}).status_code == 404


def test_items_export_and_import_round_trip(world, half, login):  # noqa: F811
    rep = world.users["cluster_reporter"]
    road = project(world.cluster_a, investment=5000)
    h1 = _open(world, half, "2025-04H1")
    items.item_add(actor=rep, submission=h1, data={"kind": "infrastructure", "project": road, "investment": "1200"})  # fmt: skip
    items.item_add(actor=rep, submission=h1, data={"kind": "progress", "text": "=完成基础设施投资"})
    r = login(rep).get(f"/reporting/submissions/{h1.pk}/items/export/")
    assert r.status_code == 200
    content = b"".join(r.streaming_content) if r.streaming else r.content
    ws = load_workbook(io.BytesIO(content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][:4] == ["集聚区代码", "报表代码", "期间", "栏目"]
    assert rows[1][3] == "基础设施建设" and rows[1][4] == road.code and rows[1][8] == 1200
    assert rows[2][13] == "=完成基础设施投资" and ws.cell(3, 14).data_type == "s"  # not a formula
    imp = get_importer("report_items")
    # the file as exported changes nothing
    result = imp.run(io.BytesIO(content), filename="明细.xlsx", actor=rep)
    assert result.ok, result.errors
    assert (result.created, result.unchanged) == (0, 2)
    # corrected and imported back: the report's items are replaced, figures recomputed
    ws.cell(2, 9).value = 1500
    ws.append(
        [world.cluster_a.code, half.code, "2025-04H1", "新上项目", "", "", "海威特种布", "", 30000, "是"]
    )
    buf = io.BytesIO()
    ws.parent.save(buf)
    result = imp.run(io.BytesIO(buf.getvalue()), filename="明细.xlsx", actor=rep)
    assert result.ok, result.errors
    assert result.created == 3
    assert _values(h1)["fai_infrastructure"] == 1500 and _values(h1)["projects_started"] == 1
    assert ReportItem.objects.get(submission=h1, kind="project").history.first().history_change_reason == (
        "Excel导入：明细.xlsx"
    )


def test_items_import_is_all_or_nothing_with_row_and_column(world, half):  # noqa: F811
    rep = world.users["cluster_reporter"]
    h1 = _open(world, half, "2025-04H1")
    cl, ds = world.cluster_a.code, half.code
    data = _csv(
        [
            HEAD,
            [cl, ds, "2025-04H1", "基础设施建设", "", "道路", "100", "", ""],  # good
            [cl, ds, "2025-04H1", "基础设施建设", "", "管网", "", "", ""],  # investment missing
            [cl, ds, "2025-04H1", "新闻", "", "x", "", "", ""],  # unknown section
            [cl, ds, "2025-05H1", "工作进展", "", "", "", "", "推进"],  # report not opened
            [cl, ds, "2025-04H1", "新上项目", "NOPE", "", "", "", ""],  # unknown project
        ]
    )
    result = get_importer("report_items").run(data, filename="x.csv", actor=rep)
    got = {(e.row, e.column) for e in result.errors}
    assert got == {(3, "投资（万元）"), (4, "栏目"), (5, "期间"), (6, "项目代码")}, result.errors
    assert "NOPE" in str([e for e in result.errors if e.row == 6][0])
    assert not ReportItem.objects.filter(submission=h1).exists()
    # a submitted report's items cannot be imported over
    items.item_add(actor=rep, submission=h1, data={"kind": "progress", "text": "推进"})
    from clusterzone.reporting import services

    services.submission_submit(actor=rep, submission=h1, comment="")
    result = get_importer("report_items").run(_csv([HEAD, [cl, ds, "2025-04H1", "工作进展", "", "", "", "", "x"]]), filename="x.csv", actor=rep)  # fmt: skip
    assert [(e.row, e.column) for e in result.errors] == [(2, "期间")] and "不能修改明细" in result.errors[
        0
    ].reason


def test_enterprise_contacts_import(world):
    office = world.users["office_admin"]
    leader = world.users["project_leader"]
    ent = world.ent_a
    if not ent.credit_code:
        ent.credit_code = make_credit_code(4242)
        ent.save()
    head = ["企业信用代码", "联系领导", "联系日期", "挂牌保护", "保护开始日期", "保护规定"]
    good = [ent.credit_code, leader.username, "2026-11-02", "是", "2026-11-02", "未经批准不得入企检查"]
    imp = get_importer("enterprise_contacts")
    bad = _csv([head, good, [ent.credit_code, "nobody", "2026-11-02", "", "", ""], [ent.credit_code, leader.username, "2026-11-03", "是", "", ""]])  # fmt: skip
    result = imp.run(bad, filename="c.csv", actor=office)
    got = {(e.row, e.column) for e in result.errors}
    assert (3, "联系领导") in got and any(e.row == 4 for e in result.errors), result.errors
    assert not EnterpriseContact.objects.exists()
    result = imp.run(_csv([head, good]), filename="c.csv", actor=office)
    assert result.ok and result.created == 1, result.errors
    c = EnterpriseContact.objects.get()
    assert (c.leader, c.since, c.protected, c.protected_from) == (
        leader,
        dt.date(2026, 11, 2),
        True,
        dt.date(2026, 11, 2),
    )
    again = imp.run(_csv([head, good]), filename="c.csv", actor=office)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 1)
    # an office of another city may not place a leader on an enterprise outside the scope
    outsider = world.users["other_admin"]
    assert not imp.run(_csv([head, good]), filename="c.csv", actor=outsider).ok


@pytest.mark.parametrize("kind", ["report_items", "enterprise_contacts"])
def test_templates_are_offered(kind):
    assert get_importer(kind).template_xlsx()[:2] == b"PK"


def test_the_data_set_setting_decides_whether_it_is_itemised(world, half):  # noqa: F811
    from importlib import import_module

    from django.apps import apps

    from clusterzone.core.exceptions import DomainError
    from clusterzone.reporting.models import DataSet

    rep = world.users["cluster_reporter"]
    half.itemised = False
    half.save()
    h1 = _open(world, half, "2025-04H1")
    with pytest.raises(DomainError, match="不按明细填报"):
        items.item_add(actor=rep, submission=h1, data={"kind": "progress", "text": "推进"})
    # the migration keeps today's behaviour: half-monthly data sets become itemised, others not
    monthly = DataSet.objects.create(
        code="m1", name="月报", period_kind="monthly", due_days=5, region=world.henan
    )
    import_module("clusterzone.reporting.migrations.0009_dataset_itemised").itemise_half_monthly(apps, None)
    half.refresh_from_db()
    monthly.refresh_from_db()
    assert (half.itemised, monthly.itemised) == (True, False)
    # any period kind may be itemised
    monthly.itemised = True
    monthly.clusters.set([world.cluster_a])
    monthly.save()
    m = _open(world, monthly, "2025-04")
    items.item_add(actor=rep, submission=m, data={"kind": "progress", "text": "推进"})
    assert ReportItem.objects.filter(submission=m).count() == 1
    assert "itemised" in api_client(world.users["office_admin"]).get("/api/datasets/m1/").json()


def test_items_import_page(world, half, login):  # noqa: F811
    from django.core.files.uploadedfile import SimpleUploadedFile

    rep = world.users["cluster_reporter"]
    h1 = _open(world, half, "2025-04H1")
    client = login(rep)
    assert client.get("/import/report_items/").status_code == 200
    row = [world.cluster_a.code, half.code, "2025-04H1", "基础设施建设", "", "道路", "100", "", "完成路基"]
    upload = SimpleUploadedFile("明细.csv", _csv([HEAD, row]), content_type="text/csv")
    r = client.post("/import/report_items/", {"file": upload})
    assert r.status_code == 200, r.content.decode()[:2000]
    assert _values(h1)["fai_infrastructure"] == 100
    # readonly users may not import
    assert login(world.users["readonly"]).get("/import/report_items/").status_code == 403


def test_items_list_history_and_export_queries_constant_for_10_and_500(world, half, login):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from simple_history.utils import bulk_create_with_history

    rep = world.users["cluster_reporter"]
    road = project(world.cluster_a, investment=5000)
    api, client = api_client(rep), login(rep)
    counts = []
    for n, period in ((10, "2025-04H1"), (500, "2025-04H2")):
        sub = _open(world, half, period)
        bulk_create_with_history(
            [
                ReportItem(
                    submission=sub,
                    kind="infrastructure",
                    project=road if i % 2 else None,
                    name="" if i % 2 else f"道路{i}",
                    investment=i,
                )  # fmt: skip
                for i in range(n)
            ],
            ReportItem,
        )
        queries = []
        for url in (f"/api/submissions/{sub.pk}/items/", f"/api/submissions/{sub.pk}/items/history/"):
            with CaptureQueriesContext(connection) as ctx:
                assert api.get(url).status_code == 200
            queries.append(len(ctx))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/reporting/submissions/{sub.pk}/items/export/").status_code == 200
        queries.append(len(ctx))
        counts.append(queries)
    assert counts[0] == counts[1], counts


def test_items_import_checks_rows_with_constant_queries(world, half):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rep = world.users["cluster_reporter"]
    _open(world, half, "2025-04H1")
    road = project(world.cluster_a, investment=5000)
    cl, ds = world.cluster_a.code, half.code
    counts = []
    for n in (10, 200):
        rows = [HEAD] + [
            [cl, ds, "2025-04H1", "基础设施建设", road.code if i % 2 else "NOPE", "", "100", "", ""]
            for i in range(n)
        ]
        with CaptureQueriesContext(connection) as ctx:
            result = get_importer("report_items").run(_csv(rows), filename="x.csv", actor=rep)
        assert len(result.errors) == n // 2 and not ReportItem.objects.exists()
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts
