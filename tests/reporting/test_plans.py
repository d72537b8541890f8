"""Multi-year plan milestones (规划节点目标, issue #3 item 6): list page with filters, Excel
export, create/edit/delete pages through reporting.targets, the "plan-milestones" importer
(errors, idempotent re-import, CLI) and the link from the cluster progress page.

Seed 000's plan: by year N, ≥10 projects, 10亿 investment, 15亿 output — here 鲁山's plan to
2027: fai 10亿 (100000 万元), revenue 15亿 (150000 万元), projects_settled 10 个.
"""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import clusterzone.reporting.importers  # noqa: F401  (registers the "plan-milestones" importer)
from clusterzone.core.importing import get_importer
from clusterzone.registry.models import Cluster
from clusterzone.reporting.models import Indicator, PlanMilestone
from tests import factories as f

D = Decimal
PLAN = "鲁山县产业集聚区发展规划（2021—2027年）"


@pytest.fixture
def projects(db):
    ind, _ = Indicator.objects.get_or_create(
        code="projects_settled", defaults={"name": "新入驻项目数", "unit": "个", "kind": "flow", "order": 20}
    )
    return ind


@pytest.fixture
def plan(world, catalog, projects):
    """鲁山's plan milestones for 2027 and one of 上蔡's."""
    rows = [
        (world.cluster_b, PLAN, catalog["fai"], 2027, D(100000)),
        (world.cluster_b, PLAN, catalog["revenue"], 2027, D(150000)),
        (world.cluster_b, PLAN, projects, 2027, D(10)),
        (world.cluster_a, "上蔡县产业集聚区“十四五”规划", catalog["fai"], 2025, D(80000)),
    ]
    return [
        PlanMilestone.objects.create(cluster=c, plan=p, indicator=i, year=y, value=v)
        for c, p, i, y, v in rows
    ]


# --- list page ------------------------------------------------------------------------------


def test_list_filters_by_cluster_plan_and_year(plan, login, world):
    client = login(world.users["province_admin"])
    url = reverse("reporting:milestone_list")
    r = client.get(url)
    assert r.status_code == 200
    html = r.content.decode()
    assert "规划节点目标" in html and PLAN in html
    assert reverse("core:import", args=["plan-milestones"]) in html
    assert reverse("reporting:milestone_add") in html
    assert len(r.context["rows"]) == 4
    r = client.get(url, {"cluster": world.cluster_b.code})
    assert {row["obj"].cluster.code for row in r.context["rows"]} == {"41042301"}
    assert len(r.context["rows"]) == 3
    r = client.get(url, {"plan": "十四五"})
    assert [row["obj"].cluster.code for row in r.context["rows"]] == ["41172201"]
    r = client.get(url, {"year": 2027, "indicator": "revenue"})
    assert [(row["obj"].indicator.code, row["obj"].value) for row in r.context["rows"]] == [
        ("revenue", D(150000))
    ]
    r = client.get(url, {"sort": "-value", "cluster": world.cluster_b.code})
    assert [row["obj"].value for row in r.context["rows"]] == [D(150000), D(100000), D(10)]


def test_list_is_scoped_and_reporter_has_no_add_button(plan, login, world):
    r = login(world.users["office_staff"]).get(reverse("reporting:milestone_list"))  # 驻马店
    assert {row["obj"].cluster.code for row in r.context["rows"]} == {"41172201"}
    r = login(world.users["cluster_reporter"]).get(reverse("reporting:milestone_list"))
    assert r.status_code == 200 and len(r.context["rows"]) == 1
    assert reverse("reporting:milestone_add") not in r.content.decode()


def test_excel_export_has_the_rows_shown(plan, login, world):
    client = login(world.users["other_admin"])  # 平顶山: sees 鲁山 only
    r = client.get(reverse("reporting:milestone_list"), {"export": "xlsx", "year": 2027})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == (
        "集聚区代码",
        "集聚区",
        "规划名称",
        "目标年度",
        "指标",
        "指标代码",
        "目标值",
        "计量单位",
    )
    body = sorted(rows[1:], key=lambda row: row[5])
    assert [(row[0], row[2], row[3], row[5], D(str(row[6])), row[7]) for row in body] == [
        ("41042301", PLAN, 2027, "fai", D(100000), "万元"),
        ("41042301", PLAN, 2027, "projects_settled", D(10), "个"),
        ("41042301", PLAN, 2027, "revenue", D(150000), "万元"),
    ]


def _add_milestones(world, n, indicator):
    city = f.region("419900", "测试市", world.henan)
    start = Cluster.objects.filter(code__startswith="T").count()
    Cluster.objects.bulk_create(
        [
            Cluster(code=f"T{i:05d}", name=f"测试集聚区{i}", region=f.region(str(418000 + i + 1), "县", city))
            for i in range(start, n)
        ]
    )
    PlanMilestone.objects.bulk_create(
        [
            PlanMilestone(cluster=c, plan="测试规划", indicator=indicator, year=2027, value=100)
            for c in Cluster.objects.filter(code__startswith="T", plan_milestones__isnull=True)
        ]
    )


@pytest.mark.parametrize("export", [False, True])
def test_list_issues_a_fixed_number_of_queries(plan, login, world, catalog, export):
    client = login(world.users["province_admin"])
    url = reverse("reporting:milestone_list")
    params = {"export": "xlsx"} if export else {}
    client.get(url, params)
    counts = []
    for n in (3, 60):
        _add_milestones(world, n, catalog["fai"])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, params).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert PlanMilestone.objects.count() == 64
    assert counts[0] == counts[1], counts


# --- create / edit / delete pages -------------------------------------------------------------


def _form(world, catalog, **over):
    data = {
        "cluster": world.cluster_b.pk,
        "plan": PLAN,
        "indicator": catalog["fai"].pk,
        "year": 2027,
        "value": "100000",
    }
    data.update(over)
    return data


def test_office_creates_edits_and_deletes_a_milestone(world, catalog, login):
    client = login(world.users["other_admin"])  # 平顶山's office sets 鲁山's plan
    r = client.get(reverse("reporting:milestone_add"), {"cluster": world.cluster_b.code})
    assert r.status_code == 200 and "新增规划节点目标" in r.content.decode()
    r = client.post(reverse("reporting:milestone_add"), _form(world, catalog))
    assert r.status_code == 302, r.content.decode()[:2000]
    m = PlanMilestone.objects.get()
    assert (m.cluster, m.plan, m.year, m.value) == (world.cluster_b, PLAN, 2027, D(100000))
    detail = client.get(reverse("reporting:milestone_detail", args=[m.pk])).content.decode()
    assert "10亿元" in detail and PLAN in detail and "2027年" in detail
    r = client.post(reverse("reporting:milestone_edit", args=[m.pk]), _form(world, catalog, value="120000"))
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.value == D(120000) and m.history.count() == 2
    assert m.history.first().history_user == world.users["other_admin"]
    r = client.post(reverse("reporting:milestone_delete", args=[m.pk]))
    assert r.status_code == 302 and not PlanMilestone.objects.exists()


def test_form_errors_are_shown_in_chinese(world, catalog, login):
    client = login(world.users["other_admin"])
    r = client.post(reverse("reporting:milestone_add"), _form(world, catalog, value="-1"))
    assert r.status_code == 400 and "不能为负数" in r.content.decode()
    r = client.post(reverse("reporting:milestone_add"), _form(world, catalog, year="1999"))
    assert r.status_code == 400 and "年度应为" in r.content.decode()
    r = client.post(reverse("reporting:milestone_add"), _form(world, catalog, plan="  "))
    assert r.status_code == 400 and "规划名称" in r.content.decode()
    assert not PlanMilestone.objects.exists()


def test_who_may_open_the_milestone_pages(plan, world, catalog, login):
    lushan_fai = plan[0]
    edit = reverse("reporting:milestone_edit", args=[lushan_fai.pk])
    # another city's office: outside its scope → 404, nothing changed
    r = login(world.users["office_admin"]).post(edit, _form(world, catalog, value="1"))
    assert r.status_code == 404
    # the reporter sees its own cluster's milestone but may not change or add
    shangcai = plan[3]
    reporter = login(world.users["cluster_reporter"])
    assert reporter.get(reverse("reporting:milestone_detail", args=[shangcai.pk])).status_code == 200
    assert reporter.get(reverse("reporting:milestone_edit", args=[shangcai.pk])).status_code == 403
    assert reporter.post(reverse("reporting:milestone_delete", args=[shangcai.pk])).status_code == 403
    assert reporter.get(reverse("reporting:milestone_add")).status_code == 403
    # an office cannot create a milestone for a cluster outside its scope (form refuses it)
    r = login(world.users["office_admin"]).post(reverse("reporting:milestone_add"), _form(world, catalog))
    assert r.status_code == 400
    assert PlanMilestone.objects.filter(value=D(1)).count() == 0
    assert PlanMilestone.objects.count() == 4


def test_cluster_progress_page_links_to_the_milestones(plan, world, login):
    client = login(world.users["other_admin"])
    html = client.get(reverse("reporting:cluster_progress", args=[world.cluster_b.code])).content.decode()
    assert f"{reverse('reporting:milestone_list')}?cluster=41042301" in html
    assert f"{reverse('reporting:milestone_add')}?cluster=41042301" in html
    assert reverse("reporting:milestone_detail", args=[plan[0].pk]) in html
    reporter = login(world.users["cluster_reporter"])
    html = reporter.get(reverse("reporting:cluster_progress", args=[world.cluster_a.code])).content.decode()
    assert f"{reverse('reporting:milestone_list')}?cluster=41172201" in html
    assert reverse("reporting:milestone_add") not in html


# --- import -----------------------------------------------------------------------------------

HEADER = "集聚区代码,规划名称,指标代码,目标年度,目标值\n"


def write(tmp_path, body, name="plans.csv", header=HEADER):
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def run(path, actor=None):
    return get_importer("plan-milestones").run(path, actor=actor)


def test_import_and_reimport_changes_nothing(world, catalog, projects, tmp_path):
    body = (
        f"41042301,{PLAN},fai,2027,100000\n"
        f"41042301,{PLAN},revenue,2027,150000\n"
        f"41042301,{PLAN},projects_settled,2027,10\n"
    )
    path = write(tmp_path, body)
    result = run(path)
    assert result.ok, [str(e) for e in result.errors]
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    m = PlanMilestone.objects.get(cluster=world.cluster_b, indicator=catalog["revenue"])
    assert (m.plan, m.year, m.value) == (PLAN, 2027, D(150000))
    assert m.history.first().history_change_reason == "Excel导入：plans.csv"
    again = run(path)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert m.history.count() == 1
    # a changed value updates the stored milestone; a new year is a new milestone
    path = write(tmp_path, f"41042301,{PLAN},revenue,2027,160000\n41042301,{PLAN},revenue,2030,300000\n")
    changed = run(path)
    assert (changed.created, changed.updated, changed.unchanged) == (1, 1, 0)
    m.refresh_from_db()
    assert m.value == D(160000) and m.history.count() == 2
    assert PlanMilestone.objects.count() == 4


def test_import_unit_suffix_and_alias_headers(world, catalog, tmp_path):
    path = write(
        tmp_path,
        f"41042301,{PLAN},fai,2027,100000\n",
        header="集聚区代码,规划,指标代码,年度,目标值（万元）\n",
    )
    result = run(path)
    assert result.ok, [str(e) for e in result.errors]
    assert PlanMilestone.objects.get().value == D(100000)


def test_import_errors_are_all_reported_and_nothing_is_written(world, catalog, tmp_path):
    formula, _ = Indicator.objects.get_or_create(
        code="tax_per_mu", defaults={"name": "亩均税收", "unit": "万元", "kind": "flow", "formula": "tax / 1"}
    )
    path = write(
        tmp_path,
        "\n".join(
            [
                f"41042301,{PLAN},fai,2027,100000",  # row 2: fine
                f"99999999,{PLAN},fai,2027,1",  # row 3: unknown cluster
                f"41042301,{PLAN},nope,2027,1",  # row 4: unknown indicator
                f"41042301,{PLAN},revenue,二〇二七,1",  # row 5: bad year
                f"41042301,{PLAN},revenue,1899,1",  # row 6: year out of range
                f"41042301,{PLAN},fai,2027,5",  # row 7: duplicate of row 2
                f"41042301,{PLAN},tax,2027,abc",  # row 8: not a number
                f"41042301,{PLAN},tax,2027,-5",  # row 9: negative
                "41042301,,tax,2027,5",  # row 10: no plan name
                f"41042301,{PLAN},tax_per_mu,2027,5",  # row 11: derived indicator
            ]
        )
        + "\n",
    )
    result = run(path)
    assert not result.ok
    by_row = {e.row: e for e in result.errors}
    assert set(by_row) == {3, 4, 5, 6, 7, 8, 9, 10, 11}, [str(e) for e in result.errors]
    assert "集聚区" in by_row[3].reason and by_row[3].column == "集聚区代码"
    assert "指标" in by_row[4].reason and by_row[4].column == "指标代码"
    assert "年度" in by_row[5].reason and "年度" in by_row[6].reason
    assert "与第2行重复" in by_row[7].reason
    assert "数字" in by_row[8].reason
    assert "负数" in by_row[9].reason
    assert by_row[10].column == "规划名称"
    assert "计算指标" in by_row[11].reason
    assert not PlanMilestone.objects.exists()


def test_import_missing_column(world, catalog, tmp_path):
    path = write(tmp_path, "41042301,fai,2027,1\n", header="集聚区代码,指标代码,目标年度,目标值\n")
    result = run(path)
    assert not result.ok and "规划名称" in result.errors[0].reason
    assert not PlanMilestone.objects.exists()


def test_import_checks_the_users_scope_and_rights(world, catalog, tmp_path):
    path = write(tmp_path, f"41042301,{PLAN},fai,2027,100000\n")
    result = run(path, actor=world.users["office_admin"])  # 驻马店's office; 鲁山 is 平顶山's
    assert not result.ok and "权限" in result.errors[0].reason
    path_a = write(tmp_path, "41172201,上蔡规划,fai,2027,100000\n", name="a.csv")
    result = run(path_a, actor=world.users["cluster_reporter"])  # sees its cluster, may not set plans
    assert not result.ok and "您无权" in result.errors[0].reason
    assert not PlanMilestone.objects.exists()
    assert run(path, actor=world.users["other_admin"]).ok


def test_import_page_and_template(world, catalog, login):
    client = login(world.users["other_admin"])
    url = reverse("core:import", args=["plan-milestones"])
    assert client.get(url).status_code == 200
    r = client.get(url, {"template": 1})
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    headers = [c.value for c in ws[1]]
    assert [h.split("（")[0] if h else h for h in headers[:5]] == [
        "集聚区代码",
        "规划名称",
        "指标代码",
        "目标年度",
        "目标值",
    ]
    assert login(world.users["cluster_reporter"]).get(url).status_code == 403


def test_cli_import_plan_milestones(world, catalog, tmp_path):
    path = write(tmp_path, f"41042301,{PLAN},fai,2027,100000\n")
    call_command("import", "plan-milestones", str(path))
    assert PlanMilestone.objects.filter(cluster=world.cluster_b).count() == 1
    call_command("import", "plan-milestones", str(path))
    assert PlanMilestone.objects.filter(cluster=world.cluster_b).count() == 1
