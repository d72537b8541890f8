"""The registry importers (clusters, enterprises) on the import rules: validate everything,
write all or nothing, idempotent re-import, history with the actor and the file name."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from clusterzone.core.importing import get_importer
from clusterzone.registry.models import Cluster, ClusterIndustry, Enterprise, Industry
from tests import factories as f

ENT_HEADERS = [
    "统一社会信用代码",
    "组织机构代码",
    "企业名称",
    "集聚区代码",
    "行业代码",
    "规上企业",
    "高新技术企业",
    "从业人员（人）",
    "注册资本（万元）",
    "地址",
]


def csv_bytes(rows, encoding="utf-8"):
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode(encoding)


def xlsx_bytes(rows):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def run(kind, rows, *, actor=None, filename="企业.csv", encoding="utf-8", dry_run=False):
    data = xlsx_bytes(rows) if filename.endswith(".xlsx") else csv_bytes(rows, encoding)
    return get_importer(kind).run(io.BytesIO(data), filename=filename, actor=actor, dry_run=dry_run)


def counts():
    return (
        Enterprise.objects.count(),
        Enterprise.history.count(),
        Cluster.objects.count(),
        Cluster.history.count(),
        ClusterIndustry.objects.count(),
    )


def errors_of(result):
    return [(e.row, e.column, e.value, e.reason) for e in result.errors]


@pytest.fixture
def industries(db):
    section_a, _ = Industry.objects.get_or_create(
        code="A", defaults={"name": "农、林、牧、渔业", "level": "section"}
    )
    Industry.objects.get_or_create(
        code="01", defaults={"name": "农业", "level": "division", "parent": section_a}
    )
    return {"30": f.industry("30"), "39": f.industry("39", "计算机、通信和其他电子设备制造业")}


def ent_row(n, *, cluster="41172201", industry="30", name=None, **over):
    row = {
        "统一社会信用代码": f.make_credit_code(n),
        "组织机构代码": "",
        "企业名称": name or f"导入企业{n}有限公司",
        "集聚区代码": cluster,
        "行业代码": industry,
        "规上企业": "是",
        "高新技术企业": "否",
        "从业人员（人）": "120",
        "注册资本（万元）": "5000.5",
        "地址": "上蔡县产业集聚区纬一路",
    }
    row.update(over)
    return [row[h] for h in ENT_HEADERS]


# --- enterprises: success paths ---------------------------------------------------------


def test_enterprise_import_creates_rows_with_history(world, industries):
    actor = world.users["cluster_reporter"]
    result = run("enterprises", [ENT_HEADERS, ent_row(1), ent_row(2, industry="39")], actor=actor)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged, result.total_rows) == (2, 0, 0, 2)
    ent = Enterprise.objects.get(credit_code=f.make_credit_code(1))
    assert ent.cluster == world.cluster_a
    assert ent.industry.code == "30"
    assert ent.above_size is True and ent.high_tech is False
    assert ent.employees == 120
    assert ent.registered_capital == Decimal("5000.5")
    record = ent.history.get()
    assert record.history_user == actor
    assert "企业.csv" in record.history_change_reason
    assert record.history_change_reason.startswith("Excel导入")


def test_reimport_same_file_changes_nothing(world, industries):
    actor = world.users["office_staff"]
    rows = [ENT_HEADERS, ent_row(1), ent_row(2, cluster="41170201")]
    first = run("enterprises", rows, actor=actor)
    assert (first.created, first.updated) == (2, 0)
    before = counts()
    second = run("enterprises", rows, actor=actor)
    assert second.ok
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert counts() == before


def test_update_one_field_records_before_and_after(world, industries):
    actor = world.users["office_staff"]
    run("enterprises", [ENT_HEADERS, ent_row(1)], actor=actor)
    result = run(
        "enterprises",
        [ENT_HEADERS, ent_row(1, **{"从业人员（人）": "150"})],
        actor=actor,
        filename="更新.csv",
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    ent = Enterprise.objects.get(credit_code=f.make_credit_code(1))
    assert ent.employees == 150
    newest, previous = ent.history.order_by("-history_id")[:2]
    delta = newest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("employees", 120, 150)]
    assert newest.history_user == actor
    assert "更新.csv" in newest.history_change_reason


def test_org_code_only_and_normalised_key(world, industries):
    headers = ["组织机构代码", "企业名称", "集聚区代码", "行业代码"]
    result = run("enterprises", [headers, ["779432252", "信阳示例企业", "41172201", "30"]])
    assert result.ok, result.errors
    ent = Enterprise.objects.get(org_code="77943225-2")
    assert ent.credit_code is None
    again = run("enterprises", [headers, ["77943225-2", "信阳示例企业", "41172201", "30"]])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_gbk_csv_imports(world, industries):
    result = run("enterprises", [ENT_HEADERS, ent_row(1, name="郑州宇通客车股份有限公司")], encoding="gbk")
    assert result.ok, result.errors
    assert Enterprise.objects.filter(name="郑州宇通客车股份有限公司").exists()


def test_utf8_bom_csv_imports(world, industries):
    result = run("enterprises", [ENT_HEADERS, ent_row(1)], encoding="utf-8-sig")
    assert result.ok, result.errors
    assert result.created == 1


def test_xlsx_imports_with_excel_floats_and_unit_free_headers(world, industries):
    headers = ["信用代码", "企业名称", "集聚区代码", "行业代码", "从业人员", "注册资本(万元)", "规上企业"]
    rows = [
        headers,
        [f.make_credit_code(5), "农业示例企业", 41172201, 1.0, 88.0, 1200, "Y"],
        [None, None, None, None, None, None, None],  # blank row skipped
        [f.make_credit_code(6), "建材示例企业", "41172201", "30", 10, 0.5, "√"],
    ]
    result = run("enterprises", rows, filename="企业.xlsx")
    assert result.ok, result.errors
    assert result.total_rows == 2
    ent = Enterprise.objects.get(credit_code=f.make_credit_code(5))
    assert ent.industry.code == "01"
    assert ent.employees == 88
    assert ent.registered_capital == Decimal("1200")
    assert ent.above_size is True
    assert Enterprise.objects.get(credit_code=f.make_credit_code(6)).above_size is True


def test_dry_run_writes_nothing_but_counts(world, industries):
    before = counts()
    result = run("enterprises", [ENT_HEADERS, ent_row(1)], dry_run=True)
    assert result.ok and result.created == 1 and result.dry_run
    assert counts() == before


# --- enterprises: errors (nothing written, row/column/reason right) ---------------------


def assert_single_error(result, row, column, value=None, reason_part=None):
    assert not result.ok
    assert result.created == result.updated == 0
    matching = [e for e in result.errors if e.row == row and e.column == column]
    assert matching, errors_of(result)
    err = matching[0]
    if value is not None:
        assert err.value == value
    if reason_part:
        assert reason_part in err.reason
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.reason)
    return err


def test_bad_credit_code_checksum(world, industries):
    good = f.make_credit_code(3)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    before = counts()
    result = run("enterprises", [ENT_HEADERS, ent_row(1), ent_row(3, **{"统一社会信用代码": bad})])
    assert counts() == before
    assert_single_error(result, 3, "统一社会信用代码", bad, "校验")


def test_bad_org_code_check_digit(world, industries):
    before = counts()
    result = run(
        "enterprises", [ENT_HEADERS, ent_row(1, **{"统一社会信用代码": "", "组织机构代码": "77943225-3"})]
    )
    assert counts() == before
    assert_single_error(result, 2, "组织机构代码", "77943225-3", "校验码错误")


def test_org_code_must_match_the_credit_code(world, industries):
    other = f.make_org_code(4242)
    result = run("enterprises", [ENT_HEADERS, ent_row(1, **{"组织机构代码": other})])
    assert_single_error(result, 2, "组织机构代码", other, "不一致")
    ok = run("enterprises", [ENT_HEADERS, ent_row(1, **{"组织机构代码": f.make_credit_code(1)[8:17]})])
    assert ok.ok, ok.errors
    assert Enterprise.objects.get(credit_code=f.make_credit_code(1)).org_code == f.make_org_code(1)


def test_neither_code(world, industries):
    result = run("enterprises", [ENT_HEADERS, ent_row(1, **{"统一社会信用代码": ""})])
    assert_single_error(result, 2, "统一社会信用代码", "", "至少填写一个")


def test_unknown_cluster_and_industry(world, industries):
    before = counts()
    result = run("enterprises", [ENT_HEADERS, ent_row(1, cluster="99999999"), ent_row(2, industry="98")])
    assert counts() == before
    assert_single_error(result, 2, "集聚区代码", "99999999", "没有这个集聚区代码")
    assert_single_error(result, 3, "行业代码", "98", "没有这个行业代码")


def test_duplicate_row_in_file_names_both_rows(world, industries):
    before = counts()
    result = run("enterprises", [ENT_HEADERS, ent_row(1), ent_row(2), ent_row(1, name="重复企业")])
    assert counts() == before
    err = assert_single_error(result, 4, "统一社会信用代码", f.make_credit_code(1), "第2行")
    assert "重复" in err.reason
    assert len(result.errors) == 1


def test_wrong_type_in_number_column(world, industries):
    before = counts()
    result = run("enterprises", [ENT_HEADERS, ent_row(1, **{"从业人员（人）": "约三百人"})])
    assert counts() == before
    assert_single_error(result, 2, "从业人员（人）", "约三百人", "整数")


def test_missing_required_header(world, industries):
    headers = [h for h in ENT_HEADERS if h != "集聚区代码"]
    row = [v for h, v in zip(ENT_HEADERS, ent_row(1), strict=True) if h != "集聚区代码"]
    before = counts()
    result = run("enterprises", [headers, row])
    assert counts() == before
    assert_single_error(result, 1, "集聚区代码", None, "缺少必填列")


def test_missing_both_code_headers(world, industries):
    headers = ["企业名称", "集聚区代码", "行业代码"]
    result = run("enterprises", [headers, ["某企业", "41172201", "30"]])
    assert_single_error(result, 1, "统一社会信用代码", None, "至少要有一列")


def test_wrong_unit_in_header(world, industries):
    headers = [h if h != "注册资本（万元）" else "注册资本（元）" for h in ENT_HEADERS]
    result = run("enterprises", [headers, ent_row(1)])
    assert_single_error(result, 1, "注册资本（元）", None, "万元")


def test_cluster_reporter_cannot_import_into_another_cluster(world, industries):
    actor = world.users["cluster_reporter"]
    before = counts()
    result = run("enterprises", [ENT_HEADERS, ent_row(1), ent_row(2, cluster="41042301")], actor=actor)
    assert counts() == before
    assert_single_error(result, 3, "集聚区代码", "41042301", "权限范围")
    # the city-level cluster next door is outside the reporter's scope too
    result = run("enterprises", [ENT_HEADERS, ent_row(3, cluster="41170201")], actor=actor)
    assert_single_error(result, 2, "集聚区代码", "41170201", "权限范围")
    assert counts() == before


def test_readonly_user_may_not_add(world, industries):
    before = counts()
    result = run("enterprises", [ENT_HEADERS, ent_row(1)], actor=world.users["readonly"])
    assert counts() == before
    assert_single_error(result, 2, "集聚区代码", "41172201", "无权")


def test_cannot_update_enterprise_outside_scope(world, industries):
    # ent_b sits in 鲁山 (cluster B); a 上蔡 reporter re-registering its code is refused
    actor = world.users["cluster_reporter"]
    row = ent_row(1, **{"统一社会信用代码": world.ent_b.credit_code})
    before = counts()
    result = run("enterprises", [ENT_HEADERS, row], actor=actor)
    assert counts() == before
    assert_single_error(result, 2, "集聚区代码", "41172201", "无权修改")
    assert Enterprise.objects.get(pk=world.ent_b.pk).cluster == world.cluster_b


def test_one_bad_row_blocks_all_good_rows(world, industries):
    before = counts()
    rows = [ENT_HEADERS] + [ent_row(n) for n in range(1, 6)] + [ent_row(9, **{"规上企业": "也许"})]
    result = run("enterprises", rows)
    assert counts() == before
    assert_single_error(result, 7, "规上企业", "也许", "是")


# --- clusters -------------------------------------------------------------------------------

CL_HEADERS = [
    "集聚区代码",
    "集聚区名称",
    "行政区划代码",
    "类别",
    "规划面积（平方公里）",
    "建成区面积",
    "土地储备（亩）",
    "星级",
    "设立日期",
    "主导产业",
    "辅助产业",
]


@pytest.fixture
def categories(db):
    return {name: f.category(name) for name in ("装备制造", "食品加工", "新型建材")}


def test_cluster_import_creates_with_leading_industries(world, categories):
    actor = world.users["province_admin"]
    row = ["41042302", "鲁山县南区产业园", "410423.0", "市级专业园区", "16.33", "9.65", "3700", "二星级",
           "2025年4月1日", "装备制造", "食品加工、新型建材"]  # fmt: skip
    result = run("clusters", [CL_HEADERS, row], actor=actor, filename="集聚区.csv")
    assert result.ok, result.errors
    cluster = Cluster.objects.get(code="41042302")
    assert cluster.region == world.lushan
    assert cluster.status == "city_park"
    assert cluster.planned_area == Decimal("16.33")
    assert cluster.star == 2
    assert str(cluster.founded) == "2025-04-01"
    roles = {link.category.name: link.role for link in cluster.leading_industries.all()}
    assert roles == {"装备制造": "main", "食品加工": "auxiliary", "新型建材": "auxiliary"}
    assert cluster.history.get().history_user == actor
    link_reasons = {r.history_change_reason for r in ClusterIndustry.history.all()}
    assert link_reasons == {"Excel导入：集聚区.csv"}

    before = counts()
    again = run("clusters", [CL_HEADERS, row], actor=actor)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert counts() == before

    # swap main and one auxiliary, drop the other
    row2 = row[:9] + ["食品加工", "装备制造"]
    third = run("clusters", [CL_HEADERS, row2], actor=actor)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 0), third.errors
    roles = {link.category.name: link.role for link in cluster.leading_industries.all()}
    assert roles == {"食品加工": "main", "装备制造": "auxiliary"}


def test_cluster_unknown_region_and_category(world, categories):
    before = counts()
    rows = [
        CL_HEADERS,
        ["41999901", "某集聚区", "419999", "", "", "", "", "", "", "", ""],
        ["41042303", "另一集聚区", "410423", "", "", "", "", "七星级", "", "不存在的产业", ""],
    ]
    result = run("clusters", rows, actor=world.users["province_admin"])
    assert counts() == before
    assert_single_error(result, 2, "行政区划代码", "419999", "没有这个行政区划代码")
    assert_single_error(result, 3, "星级", "七星级", "星级")


def test_cluster_unknown_category(world, categories):
    rows = [CL_HEADERS, ["41042303", "另一集聚区", "410423", "", "", "", "", "", "", "不存在的产业", ""]]
    result = run("clusters", rows)
    assert_single_error(result, 2, "主导产业", "不存在的产业", "主导产业类别")


def test_cluster_model_validation_maps_to_header(world, categories):
    rows = [CL_HEADERS, ["41042303", "另一集聚区", "410423", "", "5", "9", "", "", "", "", ""]]
    result = run("clusters", rows)
    assert_single_error(result, 2, "建成区面积（平方公里）", "9", "不能大于规划面积")


def test_cluster_staff_cannot_add_cluster(world, categories):
    rows = [CL_HEADERS, ["41172202", "上蔡县第二集聚区", "411722", "", "", "", "", "", "", "", ""]]
    before = counts()
    result = run("clusters", rows, actor=world.users["office_staff"])
    assert counts() == before
    assert_single_error(result, 2, "行政区划代码", "411722", "无权")


def test_cluster_reporter_may_update_own_cluster(world, categories):
    headers = ["集聚区代码", "集聚区名称", "行政区划代码", "土地储备（亩）"]
    rows = [headers, ["41172201", "上蔡县产业集聚区", "411722", "560"]]
    result = run("clusters", rows, actor=world.users["cluster_reporter"])
    assert (result.created, result.updated) == (0, 1), result.errors
    world.cluster_a.refresh_from_db()
    assert world.cluster_a.land_reserve == Decimal("560")
    # ...but not the neighbour's
    rows = [headers, ["41042301", "鲁山县产业集聚区", "410423", "560"]]
    result = run("clusters", rows, actor=world.users["cluster_reporter"])
    assert not result.ok


def test_new_enterprises_are_written_in_bulk_with_their_history(world, industries, django_assert_num_queries):
    """New rows go in with one bulk insert and one history insert: the statements do not grow
    with the rows (asserted at two sizes), and each row still gets its history record."""
    actor = world.users["office_admin"]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def statements(first, n):
        rows = [ENT_HEADERS] + [ent_row(first + k) for k in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            result = run("enterprises", rows, actor=actor)
        assert result.ok, result.errors
        assert result.created == n
        return len(ctx.captured_queries)

    assert statements(100, 3) == statements(200, 40)
    ent = Enterprise.objects.get(credit_code=f.make_credit_code(239))
    record = ent.history.get()
    assert (record.history_type, record.history_user) == ("+", actor)
    assert record.history_change_reason.startswith("Excel导入")
    assert record.created_at == ent.created_at and ent.lock_version == 1
