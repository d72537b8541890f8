"""Excel exchange: the per-data-set wide template and its import, and the long-table bulk load
(`clusterzone import values FILE --user U [--approve] [--overwrite-drafts]`), on the importer rules:
errors naming row, column, value and reason; all or nothing; idempotent re-import."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

import clusterzone.reporting.importers  # noqa: F401  (registers the "values" importer)
from clusterzone.core.importing import get_importer
from clusterzone.registry.models import Cluster
from clusterzone.reporting import services
from clusterzone.reporting.catalog import load_reporting_catalog
from clusterzone.reporting.exchange import import_wide, template_xlsx
from clusterzone.reporting.models import DataSet, Submission, SubmissionEvent, Value

D = Decimal


@pytest.fixture
def ds(world):
    load_reporting_catalog()
    return DataSet.objects.get(code="monthly_stats")


def xlsx_bytes(rows):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows, encoding="utf-8"):
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode(encoding)


def read_xlsx(content):
    wb = openpyxl.load_workbook(io.BytesIO(content))
    return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]


def errors_of(result):
    return [(e.row, e.column, e.value, e.reason) for e in result.errors]


def stored(cluster, period="2025-04"):
    return {
        code: v
        for code, v in Value.objects.filter(cluster=cluster, period=period).values_list(
            "indicator__code", "value"
        )
    }


def put(ds, cluster, period, values, status=None):
    """Store values as the system would (the statistics bureau's path)."""
    sub = services.submission_open(actor=None, dataset=ds, cluster=cluster, period=period)
    services.values_write_bulk(actor=None, submission=sub, values=values, reason="测试")
    if status:
        services.submission_force_status(actor=None, submission=sub, status=status, reason="测试")
    return sub


WIDE = [
    "集聚区代码",
    "集聚区名称",
    "主营业务收入（万元）",
    "固定资产投资（万元）",
    "工业项目投资（万元）",
    "基础设施投资（万元）",
]


def wide(ds, rows, *, actor=None, period="2025-04", filename="月度统计.xlsx"):
    data = xlsx_bytes(rows) if filename.endswith(".xlsx") else csv_bytes(rows)
    return import_wide(io.BytesIO(data), dataset=ds, period=period, actor=actor, filename=filename)


# --- the wide template -----------------------------------------------------------------------


def test_template_has_one_row_per_cluster_in_scope_and_one_column_per_reported_indicator(ds, world):
    put(ds, world.cluster_a, "2025-04", {"revenue": D(170000), "fai": D("150000.5")})
    rows = read_xlsx(template_xlsx(user=world.users["office_admin"], dataset=ds, period="2025-04"))
    header = rows[0]
    assert header[:4] == ["集聚区代码", "集聚区名称", "主营业务收入（万元）", "规模以上工业增加值（万元）"]
    assert "已开发土地面积（亩）" in header and "从业人员（人）" in header
    assert not any("投资强度" in h or "亩均税收" in h for h in header)  # derived: computed, never entered
    assert [r[0] for r in rows[1:]] == ["41170201", "41172201"]  # 驻马店's two, not 鲁山
    row_a = dict(zip(header, rows[2], strict=True))
    assert row_a["主营业务收入（万元）"] == 170000 and row_a["固定资产投资（万元）"] == 150000.5
    assert row_a["税收收入（万元）"] is None
    reporter_rows = read_xlsx(
        template_xlsx(user=world.users["cluster_reporter"], dataset=ds, period="2025-04")
    )
    assert [r[0] for r in reporter_rows[1:]] == ["41172201"]
    province_rows = read_xlsx(template_xlsx(user=world.users["province_admin"], dataset=ds, period="2025-04"))
    assert len(province_rows) == 4


def test_template_refuses_a_period_of_another_kind(ds, world):
    from clusterzone.core.exceptions import DomainError

    with pytest.raises(DomainError, match="报送周期"):
        template_xlsx(user=world.users["office_admin"], dataset=ds, period="2025-04H1")


# --- the wide import --------------------------------------------------------------------------


def test_wide_import_writes_through_the_services_and_is_idempotent(ds, world):
    admin = world.users["office_admin"]
    rows = [
        WIDE,
        ["41172201", "上蔡县产业集聚区", 170000, 150000, 92000, 10000],
        ["41170201", "", 5000, "", "", ""],
    ]
    result = wide(ds, rows, actor=admin)
    assert result.ok, errors_of(result)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert stored(world.cluster_a) == {
        "revenue": D(170000),
        "fai": D(150000),
        "fai_industrial": D(92000),
        "fai_infrastructure": D(10000),
    }
    sub = Submission.objects.get(cluster=world.cluster_a, dataset=ds, period="2025-04")
    assert sub.status == "draft"
    event = SubmissionEvent.objects.filter(submission=sub, action="import").get()
    assert event.actor == admin and "Excel导入：月度统计.xlsx" in event.reason
    record = Value.history.filter(indicator__code="revenue", cluster=world.cluster_a).first()
    assert record.history_user == admin and record.history_change_reason == "Excel导入：月度统计.xlsx"

    again = wide(ds, rows, actor=admin)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert SubmissionEvent.objects.filter(action="import").count() == 2

    rows[1][2] = 171000
    third = wide(ds, rows, actor=admin)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    assert stored(world.cluster_a)["revenue"] == D(171000)
    assert Value.history.filter(indicator__code="revenue", cluster=world.cluster_a).count() == 2


def test_headers_without_units_or_by_code_and_a_blank_cell_clears(ds, world):
    put(ds, world.cluster_a, "2025-04", {"revenue": D(100), "tax": D(5)})
    rows = [["集聚区代码", "主营业务收入", "tax"], ["41172201", 120, None]]
    result = wide(ds, rows, filename="x.csv")
    assert result.ok, errors_of(result)
    assert stored(world.cluster_a) == {"revenue": D(120)}


def test_a_header_in_another_unit_is_refused(ds, world):
    result = wide(ds, [["集聚区代码", "主营业务收入（亿元）"], ["41172201", 17]])
    assert errors_of(result) == [
        (
            1,
            "主营业务收入（亿元）",
            "主营业务收入（亿元）",
            "单位不符：本列应以“万元”为单位填写（表头写作“主营业务收入（万元）”）。",
        )
    ]


def test_wide_errors_name_row_column_value_and_reason_and_nothing_is_written(ds, world):
    admin = world.users["office_admin"]
    put(ds, world.cluster_a2, "2025-04", {"revenue": D(5000)}, status="approved")
    put(ds, world.cluster_a, "2025-03", {"revenue": D(100000)})
    other = Cluster.objects.create(code="41170299", name="未报送集聚区", region=world.zmd, status="city_park")
    third = Cluster.objects.create(code="41170288", name="第三集聚区", region=world.zmd)
    ds.clusters.add(third)
    rows = [
        WIDE,
        ["41172201", "", 90000, 150000, -1, 10],  # below March's 100000; negative
        ["41170201", "", 6000, "", "", ""],  # approved: locked
        ["41042301", "", 1, "", "", ""],  # 鲁山: outside the office's scope
        ["99999999", "", 1, "", "", ""],  # unknown
        [other.code, "", 1, "", "", ""],  # does not report the data set
        ["41172201", "", 1, "", "", ""],  # twice in the file
        [third.code, "", 1, "十五亿", "", ""],  # non-numeric
    ]
    before = Value.objects.count(), Value.history.count(), Submission.objects.count()
    result = wide(ds, rows, actor=admin)
    errors = errors_of(result)
    assert any(
        e[:3] == (2, "主营业务收入（万元）", "90000") and "小于上期累计" in e[3] and "累计数不能减少" in e[3]
        for e in errors
    )
    assert any(e[:3] == (2, "工业项目投资（万元）", "-1") and "不能为负数" in e[3] for e in errors)
    assert any(e[:3] == (3, "主营业务收入（万元）", "6000") and "已审核通过并锁定" in e[3] for e in errors)
    assert (4, "集聚区代码", "41042301", "系统中没有这个集聚区代码，或它不在您的权限范围内。") in errors
    assert (5, "集聚区代码", "99999999", "系统中没有这个集聚区代码，或它不在您的权限范围内。") in errors
    assert (6, "集聚区代码", "41170299", "该集聚区不在报表“月度统计”的报送范围内。") in errors
    assert (7, "集聚区代码", "41172201", "与第2行重复（同一集聚区只能占一行）。") in errors
    assert (8, "固定资产投资（万元）", "十五亿", "应为数字。") in errors
    assert len(errors) == 8
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert (Value.objects.count(), Value.history.count(), Submission.objects.count()) == before


def test_wide_validation_rules_block_the_import(ds, world):
    """fai_industrial + fai_infrastructure > fai, and a negative value, are errors."""
    rows = [WIDE, ["41172201", "", 170000, 100000, 92000, 10000], ["41170201", "", -5, "", "", ""]]
    result = wide(ds, rows)
    errors = errors_of(result)
    assert any(
        e[:3] == (2, "工业项目投资（万元）", "92000")
        and "工业项目投资与基础设施投资之和不能大于固定资产投资" in e[3]
        for e in errors
    )
    assert any(e[:3] == (3, "主营业务收入（万元）", "-5") and "不能为负数" in e[3] for e in errors)
    assert not Value.objects.exists()


def test_an_unchanged_row_of_an_approved_submission_passes(ds, world):
    put(ds, world.cluster_a, "2025-04", {"revenue": D(170000)}, status="approved")
    result = wide(ds, [["集聚区代码", "主营业务收入（万元）"], ["41172201", 170000]])
    assert result.ok and result.unchanged == 1


def test_a_reporter_imports_only_their_own_cluster(ds, world):
    reporter = world.users["cluster_reporter"]
    ok = wide(ds, [["集聚区代码", "主营业务收入（万元）"], ["41172201", 170000]], actor=reporter)
    assert ok.ok and ok.created == 1
    refused = wide(ds, [["集聚区代码", "主营业务收入（万元）"], ["41042301", 1]], actor=reporter)
    assert errors_of(refused)[0][:3] == (2, "集聚区代码", "41042301")


def test_round_trip_of_a_180_cluster_template_changes_nothing(ds, world):
    clusters = Cluster.objects.bulk_create(
        Cluster(code=f"4199{i:04d}", name=f"模拟产业集聚区{i}", region=world.zmd) for i in range(177)
    )
    ds.clusters.add(*clusters)
    for k, cluster in enumerate([*clusters[:20], world.cluster_a]):
        put(
            ds,
            cluster,
            "2025-04",
            {"revenue": D(1000 + k) + D("0.25"), "fai": D(500 * k), "employees": D(300)},
        )
    content = template_xlsx(user=world.users["province_admin"], dataset=ds, period="2025-04")
    assert len(read_xlsx(content)) == 181
    before = Value.objects.count(), Value.history.count(), SubmissionEvent.objects.count()
    result = import_wide(
        io.BytesIO(content),
        dataset=ds,
        period="2025-04",
        actor=world.users["province_admin"],
        filename="t.xlsx",
    )
    assert result.ok, errors_of(result)[:5]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 180)
    assert (Value.objects.count(), Value.history.count(), SubmissionEvent.objects.count()) == before


# --- the long table ----------------------------------------------------------------------------

LONG = ["集聚区代码", "指标代码", "期间", "数值"]


def long(rows, *, status=None, actor=None, filename="统计局.csv", encoding="utf-8"):
    data = xlsx_bytes(rows) if filename.endswith(".xlsx") else csv_bytes(rows, encoding)
    importer = get_importer("values") if status is None else type(get_importer("values"))(status=status)
    return importer.run(io.BytesIO(data), filename=filename, actor=actor)


def test_long_table_bulk_load_submits_by_default_and_is_idempotent(ds, world):
    """鲁山 to the end of April (seed 003): 固定资产投资 15亿, 主营业务收入 17亿, tax 6000万."""
    rows = [
        LONG,
        ["41042301", "fai", "2025-04", 150000],
        ["41042301", "revenue", "2025-04", 170000],
        ["41042301", "tax", "2025-04", 6000],
        ["41042301", "employees", "2025Q1", 4350],
        ["41042301", "fai_infrastructure", "2025-04H1", 12000],
    ]
    result = long(rows)
    assert result.ok, errors_of(result)
    assert (result.created, result.updated, result.unchanged) == (5, 0, 0)
    assert stored(world.cluster_b) == {"fai": D(150000), "revenue": D(170000), "tax": D(6000)}
    subs = {s.dataset.code: s for s in Submission.objects.filter(cluster=world.cluster_b)}
    assert set(subs) == {"monthly_stats", "jjq201", "half_monthly_construction"}
    assert {s.status for s in subs.values()} == {"submitted"}
    assert subs["half_monthly_construction"].period == "2025-04H1"
    assert str(subs["half_monthly_construction"].due_date) == "2025-04-17"
    again = long(rows)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 5)


def test_long_table_approve_needs_a_named_user_with_the_approve_right(ds, world):
    rows = [LONG, ["41042301", "revenue", "2025-04", 170000]]
    system = long(rows, status="approved")
    assert not system.ok and "系统身份不能审核" in system.errors[0].reason
    refused = long(rows, status="approved", actor=world.users["office_admin"])  # 驻马店: not 鲁山
    assert not refused.ok and not Submission.objects.exists()
    ok = long(rows, status="approved", actor=world.users["province_admin"])
    assert ok.ok, errors_of(ok)
    sub = Submission.objects.get(cluster=world.cluster_b)
    assert sub.status == "approved"
    event = SubmissionEvent.objects.filter(submission=sub, action="import").latest("pk")
    assert (event.to_status, event.actor) == ("approved", world.users["province_admin"])  # the reviewer


def test_long_table_never_overwrites_a_report_in_the_reporters_hands(ds, world):
    draft = put(ds, world.cluster_b, "2025-04", {"revenue": D(100)})
    returned = put(ds, world.cluster_b, "2025-05", {"revenue": D(200)}, status="submitted")
    Submission.objects.filter(pk=returned.pk).update(status="returned")
    rows = [
        LONG,
        ["41042301", "revenue", "2025-04", 170000],
        ["41042301", "tax", "2025-04", 6000],
        ["41042301", "revenue", "2025-05", 210000],
        ["41042301", "revenue", "2025-06", 250000],
    ]
    result = long(rows, actor=world.users["province_admin"])
    assert result.ok, errors_of(result)
    assert (result.created, result.skipped) == (1, 3)
    assert "跳过 3 条" in result.summary()
    draft.refresh_from_db()
    returned.refresh_from_db()
    assert (draft.status, returned.status) == ("draft", "returned")
    assert stored(world.cluster_b) == {"revenue": D(100)}
    assert stored(world.cluster_b, "2025-05") == {"revenue": D(200)}
    forced = type(get_importer("values"))(overwrite_drafts=True).run(
        io.BytesIO(csv_bytes(rows[:3])), filename="v.csv", actor=world.users["province_admin"]
    )
    assert forced.ok and forced.skipped == 0
    assert stored(world.cluster_b) == {"revenue": D(170000), "tax": D(6000)}
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_gbk_csv_and_an_excel_date_period(ds, world):
    rows = [LONG, ["41042301", "revenue", "2025-04", "170,000"]]
    assert long(rows, encoding="gbk").ok
    import datetime as dt

    result = long([LONG, ["41042301", "revenue", dt.datetime(2025, 4, 1), 170000]], filename="x.xlsx")
    assert result.ok and result.unchanged == 1


def test_overwriting_an_approved_value_is_an_error_naming_the_row(ds, world):
    put(ds, world.cluster_b, "2025-04", {"revenue": D(170000)}, status="approved")
    result = long(
        [LONG, ["41042301", "revenue", "2025-04", 170000], ["41042301", "revenue", "2025-05", 210000]]
    )
    assert result.ok  # the same approved value, and a new month, pass
    refused = long([LONG, ["41042301", "tax", "2025-04", 6000], ["41042301", "revenue", "2025-04", 171000]])
    assert [e[:3] for e in errors_of(refused)] == [(2, "数值", "6000"), (3, "数值", "171000")]
    assert "已审核通过并锁定" in refused.errors[1].reason and "原值 170000万元" in refused.errors[1].reason
    assert "重新打开" in refused.errors[1].reason
    assert "原值 无" in refused.errors[0].reason
    assert stored(world.cluster_b) == {"revenue": D(170000)}


def test_long_table_errors(ds, world):
    rows = [
        LONG,
        ["99999999", "revenue", "2025-04", 1],
        ["41042301", "turnover", "2025-04", 1],
        ["41042301", "tax_per_mu", "2025-04", 1],
        ["41042301", "revenue", "2025-13", 1],
        ["41042301", "revenue", "2025-05", "一百"],
        ["41042301", "revenue", "2025", 1],
        ["41042301", "revenue", "2025-06", 1],
        ["41042301", "revenue", "2025-06", 2],
        ["41042301", "revenue", "", 2],
    ]
    result = long(rows)
    errors = errors_of(result)
    assert (2, "集聚区代码", "99999999", "系统中没有这个集聚区代码。") in errors
    assert (3, "指标代码", "turnover", "系统中没有这个指标代码。") in errors
    assert (4, "指标代码", "tax_per_mu", "“亩均税收”是计算指标，由公式自动计算，不能导入。") in errors
    assert errors_of(result)[3][:3] == (5, "期间", "2025-13") and "格式不正确" in errors[3][3]
    assert (6, "数值", "一百", "应为数字。") in errors
    assert (7, "期间", "2025", "没有按该期间类型（年报）报送“主营业务收入”的报表。") in errors
    assert (9, "数值", "2", "与第8行重复（同一集聚区、指标、期间只能有一个数值）。") in errors
    assert (10, "期间", "", "必填，不能为空。") in errors
    assert not Value.objects.exists() and not Submission.objects.exists()


def test_long_table_rules_see_the_other_rows_of_the_file(ds, world):
    """鲁山 Q1 (seed 003): industrial 9.2亿 + infrastructure 1亿 ≤ 10.2亿 passes; 9亿 does not;
    April below March (both in the file) is refused."""
    ok = long(
        [
            LONG,
            ["41042301", "fai", "2025-03", 102000],
            ["41042301", "fai_industrial", "2025-03", 92000],
            ["41042301", "fai_infrastructure", "2025-03", 10000],
        ],
        status="submitted",
    )
    assert ok.ok, errors_of(ok)
    bad = long(
        [
            LONG,
            ["41042301", "fai_industrial", "2025-04", 92000],
            ["41042301", "fai_infrastructure", "2025-04", 10000],
            ["41042301", "fai", "2025-04", 90000],
            ["41042301", "revenue", "2025-05", 170000],
            ["41042301", "revenue", "2025-06", 160000],
        ]
    )
    errors = errors_of(bad)
    assert any(e[0] == 2 and "之和不能大于固定资产投资" in e[3] for e in errors)
    assert any(e[0] == 4 and "小于上期累计" in e[3] for e in errors)  # 90000 < March's 102000
    assert any(e[0] == 6 and "小于上期累计" in e[3] for e in errors)  # June below May, both in the file


def test_long_table_permission_of_a_user(ds, world):
    reporter = world.users["cluster_reporter"]
    refused = long([LONG, ["41172201", "revenue", "2025-04", 1]], actor=reporter, status="approved")
    assert "无权" in refused.errors[0].reason  # a reporter may not approve
    ok = long([LONG, ["41172201", "revenue", "2025-04", 1]], actor=reporter)
    assert ok.ok, errors_of(ok)
    out = long([LONG, ["41042301", "revenue", "2025-04", 1]], actor=reporter, status="submitted")
    assert errors_of(out) == [
        (2, "集聚区代码", "41042301", "系统中没有这个集聚区代码，或它不在您的权限范围内。")
    ]


def test_unknown_status_is_refused():
    from clusterzone.core.exceptions import DomainError

    with pytest.raises(DomainError, match="approved"):
        type(get_importer("values"))(status="draft")


def test_cli_import_values_needs_a_user_or_a_system_reason(ds, world, tmp_path):
    """`clusterzone import values FILE` alone is refused; --system-reason is recorded; the
    default is 已上报 and a second file differing from a submitted figure writes nothing."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "统计局.csv"
    path.write_bytes(csv_bytes([LONG, ["41042301", "revenue", "2025-04", 170000]], "gbk"))
    with pytest.raises(CommandError, match="--user"):
        call_command("import", "values", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="--approve"):
        call_command("import", "values", str(path), "--approve", "--system-reason", "x", stdout=io.StringIO())
    assert not Submission.objects.exists()
    out = io.StringIO()
    call_command("import", "values", str(path), "--system-reason", "统计局年度核定", stdout=out)
    assert "新增 1 条" in out.getvalue()
    sub = Submission.objects.get(cluster=world.cluster_b)
    assert sub.status == "submitted"
    assert "统计局年度核定" in Value.history.latest("history_date").history_change_reason
    path.write_bytes(csv_bytes([LONG, ["41042301", "revenue", "2025-04", 1]]))
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command(
            "import",
            "values",
            str(path),
            "--user",
            "province_admin",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )


def test_cli_import_values_approve_and_skip_drafts(ds, world, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    put(ds, world.cluster_b, "2025-05", {"revenue": D(5)})  # a reporter's draft
    path = tmp_path / "v.csv"
    path.write_bytes(
        csv_bytes(
            [LONG, ["41042301", "revenue", "2025-04", 170000], ["41042301", "revenue", "2025-05", 210000]]
        )
    )
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command(
            "import", "values", str(path), "--user", "cluster_reporter", "--approve",
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
    out = io.StringIO()
    call_command("import", "values", str(path), "--user", "province_admin", "--approve", stdout=out)
    assert "跳过 1 条" in out.getvalue()
    statuses = dict(Submission.objects.filter(cluster=world.cluster_b).values_list("period", "status"))
    assert statuses == {"2025-04": "approved", "2025-05": "draft"}
    call_command(
        "import", "values", str(path), "--user", "province_admin", "--overwrite-drafts", stdout=io.StringIO()
    )
    assert stored(world.cluster_b, "2025-05") == {"revenue": D(210000)}


def test_values_import_page_works_with_the_same_rules(ds, world, client):
    client.force_login(world.users["province_admin"])
    page = client.get("/import/values/")
    assert page.status_code == 200 and "覆盖填报人手中的报表" in page.content.decode()
    upload = io.BytesIO(csv_bytes([LONG, ["41042301", "revenue", "2025-04", 170000]]))
    upload.name = "v.csv"
    response = client.post("/import/values/", {"file": upload})
    assert response.status_code == 200, response.content.decode()[:500]
    assert Submission.objects.get(cluster=world.cluster_b).status == "submitted"
    upload = io.BytesIO(csv_bytes([LONG, ["41042301", "revenue", "2025-04", 170000]]))
    upload.name = "v.csv"
    assert client.post("/import/values/", {"file": upload, "approve": "1"}).status_code == 200
    assert Submission.objects.get(cluster=world.cluster_b).status == "approved"
    client.force_login(world.users["readonly"])
    assert client.get("/import/values/").status_code == 403
