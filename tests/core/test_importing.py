"""The importer framework: parsers, header matching, readers, templates, the regions
importer (references to rows earlier in the same file) and the `clusterzone import` CLI."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from clusterzone.accounts.models import Region
from clusterzone.core.exceptions import DomainError
from clusterzone.core.importing import ImportResult, RowError, get_importer, importer_kinds
from clusterzone.core.importing import columns as c
from clusterzone.core.importing.readers import read_sheet
from clusterzone.registry.models import Enterprise
from tests import factories as f


def csv_bytes(rows, encoding="utf-8"):
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode(encoding)


def xlsx_bytes(rows, start_row=1):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate(rows, start=start_row):
        for col, value in enumerate(row, start=1):
            ws.cell(row=r, column=col, value=value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- parsers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw,expected",
    [("是", True), ("否", False), ("Y", True), ("n", False), ("1", True), ("0", False), ("√", True),
     (1.0, True), (0, False), (True, True)],
)  # fmt: skip
def test_parse_bool(raw, expected):
    assert c.parse_bool(raw) is expected


def test_parse_bool_rejects_other_text():
    with pytest.raises(c.ParseError, match="是"):
        c.parse_bool("也许")


@pytest.mark.parametrize(
    "raw", ["2025-04-01", "2025/4/1", "2025年4月1日", "2025.4.1", "2025-04-01 00:00:00", 45748, 45748.0,
            dt.date(2025, 4, 1), dt.datetime(2025, 4, 1, 0, 0)],
)  # fmt: skip
def test_parse_date(raw):
    assert c.parse_date(raw) == dt.date(2025, 4, 1)


@pytest.mark.parametrize("raw", ["2025-02-30", "四月一日", "2025-4"])
def test_parse_date_errors(raw):
    with pytest.raises(c.ParseError):
        c.parse_date(raw)


@given(st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_parse_date_any_written_form(d):
    for text in (d.isoformat(), f"{d.year}/{d.month}/{d.day}", f"{d.year}年{d.month}月{d.day}日"):
        assert c.parse_date(text) == d
    serial = (d - dt.date(1899, 12, 30)).days
    assert c.parse_date(float(serial)) == d


@given(st.integers(min_value=110000, max_value=829999))
def test_region_code_as_float_or_text_is_the_same(n):
    parse = c.make_code_parser(digits=6)
    assert parse(float(n)) == parse(f"{n}.0") == parse(str(n)) == parse(n) == str(n)


def test_parse_numbers():
    assert c.parse_decimal("1,234.50") == Decimal("1234.50")
    assert c.parse_decimal(16.33) == Decimal("16.33")
    assert c.parse_int("1,200") == 1200
    assert c.parse_int(88.0) == 88
    assert c.parse_int("12.0") == 12
    for bad in ("约三百", "12.5", 12.5):
        with pytest.raises(c.ParseError, match="整数"):
            c.parse_int(bad)
    with pytest.raises(c.ParseError, match="数字"):
        c.parse_decimal("五千")


def test_code_parser_restores_excel_numbers():
    region = c.make_code_parser(digits=6)
    assert region(410000.0) == "410000"
    assert region("410423.0") == "410423"
    assert region(410423) == "410423"
    with pytest.raises(c.ParseError, match="6位"):
        region("41042")
    division = c.make_code_parser(digits=2, pad=2)
    assert division(1.0) == "01"
    assert division("1") == "01"
    assert division("30") == "30"
    with pytest.raises(c.ParseError, match="精度"):
        c.make_code_parser()(9.141170012345679e17)


def test_header_split_tolerates_units():
    assert c.split_header("注册资本（万元）") == ("注册资本", "万元")
    assert c.split_header("注册资本(万元)") == ("注册资本", "万元")
    assert c.split_header(" 注册资本 ") == ("注册资本", None)
    assert c.split_header("*企业名称") == ("企业名称", None)
    assert c.normalize_unit("km²") == c.normalize_unit("平方公里")


def test_name_list():
    assert c.parse_name_list("装备制造、食品加工，新型建材；装备制造") == ["装备制造", "食品加工", "新型建材"]


# --- readers --------------------------------------------------------------------------------


def test_reader_gbk_and_utf8_bom():
    rows = [["名称", "代码"], ["上蔡县", "411722"]]
    for encoding in ("gbk", "utf-8-sig", "utf-8"):
        sheet = read_sheet(io.BytesIO(csv_bytes(rows, encoding)), "x.csv")
        assert sheet.header == ["名称", "代码"]
        assert sheet.rows == [(2, ["上蔡县", "411722"])]


def test_reader_xlsx_keeps_excel_row_numbers_and_skips_blank_rows():
    data = xlsx_bytes([["名称", "代码"], ["上蔡县", 411722], [None, None], ["鲁山县", 410423]], start_row=3)
    sheet = read_sheet(io.BytesIO(data), "x.xlsx")
    assert sheet.header_row == 3
    assert [r for r, _cells in sheet.rows] == [4, 6]
    assert sheet.rows[0][1][:2] == ["上蔡县", 411722.0]


def test_reader_unknown_type():
    with pytest.raises(DomainError, match="不支持的文件类型"):
        read_sheet(io.BytesIO(b"x"), "data.pdf")


def test_unknown_file_type_is_a_result_error(db):
    result = get_importer("regions").run(io.BytesIO(b"x"), filename="区划.docx")
    assert not result.ok
    assert result.errors[0].row == 0
    assert "不支持的文件类型" in result.errors[0].reason
    assert "区划.docx" in str(result.errors[0])


# --- registry and templates -----------------------------------------------------------------


def test_kinds_and_public_interface():
    assert set(importer_kinds()) >= {"regions", "clusters", "enterprises"}
    imp = get_importer("enterprises")
    assert (imp.kind, str(imp.title)) == ("enterprises", "企业")
    assert imp.headers[:3] == ["统一社会信用代码", "组织机构代码", "企业名称"]
    assert "注册资本（万元）" in imp.headers
    assert ImportResult(kind="x").ok
    assert (
        str(RowError(3, "行业代码", "98", "系统中没有这个行业代码。"))
        == "第3行 [行业代码] 值「98」：系统中没有这个行业代码。"
    )
    with pytest.raises(DomainError, match="未知的导入类型"):
        get_importer("nothing")


@pytest.mark.parametrize("kind", ["regions", "clusters", "enterprises"])
def test_template(kind):
    imp = get_importer(kind)
    wb = openpyxl.load_workbook(io.BytesIO(imp.template_xlsx()))
    ws = wb.worksheets[0]
    headers = [cell.value for cell in ws[1]]
    assert headers == imp.headers
    assert all(cell.font.bold for cell in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width >= 12
    notes = wb["填写说明"]
    listed = [notes.cell(row=r, column=1).value for r in range(2, len(imp.headers) + 2)]
    assert listed == imp.headers
    required = {col.display_header for col in imp.columns if col.required}
    for r in range(2, len(imp.headers) + 2):
        assert notes.cell(row=r, column=2).value == (
            "必填" if notes.cell(row=r, column=1).value in required else "选填"
        )
        assert notes.cell(row=r, column=3).value  # a format for every column


def test_empty_template_imports_as_nothing(db):
    imp = get_importer("enterprises")
    result = imp.run(io.BytesIO(imp.template_xlsx()), filename="模板.xlsx")
    assert result.ok and result.total_rows == 0 and result.created == 0


# --- regions --------------------------------------------------------------------------------

RG_HEADERS = ["行政区划代码", "名称", "级别", "上级代码"]


def test_regions_city_and_county_in_one_file(world):
    admin = world.users["province_admin"]
    rows = [RG_HEADERS, ["411600", "周口市", "", "410000"], ["411602", "川汇区", "县区", "411600.0"]]
    result = get_importer("regions").run(io.BytesIO(csv_bytes(rows)), filename="区划.csv", actor=admin)
    assert result.ok, result.errors
    assert result.created == 2
    county = Region.objects.get(code="411602")
    assert county.parent.code == "411600"
    assert county.level == "county"
    assert Region.objects.get(code="411600").level == "city"
    assert county.path == "410000/411600/411602/"
    record = county.history.get()
    assert record.history_user == admin and record.history_change_reason == "Excel导入：区划.csv"

    again = get_importer("regions").run(io.BytesIO(csv_bytes(rows)), filename="区划.csv", actor=admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Region.history.filter(code__in=["411600", "411602"]).count() == 2


def test_regions_county_before_its_new_parent_is_an_error(world):
    rows = [RG_HEADERS, ["411602", "川汇区", "", "411600"], ["411600", "周口市", "", "410000"]]
    before = Region.objects.count()
    result = get_importer("regions").run(io.BytesIO(csv_bytes(rows)), filename="r.csv")
    assert Region.objects.count() == before
    assert [(e.row, e.column, e.value) for e in result.errors] == [(2, "上级代码", "411600")]


def test_city_admin_adds_counties_under_a_new_sub_tree_only_in_scope(world):
    admin = world.users["office_admin"]  # 驻马店市
    rows = [RG_HEADERS, ["411723", "平舆县", "", "411700"], ["411724", "正阳县", "县区", "411700"]]
    result = get_importer("regions").run(io.BytesIO(csv_bytes(rows)), filename="r.csv", actor=admin)
    assert result.ok and result.created == 2, result.errors
    rows = [RG_HEADERS, ["410425", "郏县", "", "410400"]]  # 平顶山: not theirs
    before = Region.objects.count()
    result = get_importer("regions").run(io.BytesIO(csv_bytes(rows)), filename="r.csv", actor=admin)
    assert Region.objects.count() == before
    assert (result.errors[0].row, result.errors[0].column) == (2, "上级代码")


def test_regions_errors(world):
    rows = [
        RG_HEADERS,
        ["41172", "短代码", "", "411700"],
        ["411725", "确山县", "", ""],
        ["411726", "泌阳县", "省", "411700"],
        ["411727", "汝南县", "", "419900"],
    ]
    before = Region.objects.count(), Region.history.count()
    result = get_importer("regions").run(io.BytesIO(csv_bytes(rows)), filename="r.csv")
    assert (Region.objects.count(), Region.history.count()) == before
    got = {(e.row, e.column): e.reason for e in result.errors}
    assert "6位数字" in got[(2, "行政区划代码")]
    assert "必须填写上级代码" in got[(3, "上级代码")]
    assert "级别" in got[(4, "上级代码")]
    assert "没有这个行政区划代码" in got[(5, "上级代码")]


def test_regions_update_name_records_history(world):
    admin = world.users["province_admin"]
    rows = [RG_HEADERS, ["411722", "上蔡县（新）", "", "411700"], ["410423", "鲁山县", "", "410400"]]
    result = get_importer("regions").run(io.BytesIO(csv_bytes(rows)), filename="r.csv", actor=admin)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    world.shangcai.refresh_from_db()
    assert world.shangcai.name == "上蔡县（新）"
    newest = world.shangcai.history.order_by("-history_id").first()
    assert newest.history_user == admin
    assert newest.prev_record.name == "上蔡县"


def test_system_actor_writes_history_without_user(world):
    rows = [RG_HEADERS, ["411600", "周口市", "", "410000"]]
    result = get_importer("regions").run(io.BytesIO(csv_bytes(rows)), filename="r.csv", actor=None)
    assert result.ok
    record = Region.objects.get(code="411600").history.get()
    assert record.history_user is None
    assert record.history_change_reason == "Excel导入：r.csv"


# --- the CLI --------------------------------------------------------------------------------

ENT_HEADERS = ["统一社会信用代码", "企业名称", "集聚区代码", "行业代码", "从业人员（人）"]


def test_cli_success(world, tmp_path, capsys):
    f.industry("30")
    path = tmp_path / "企业.csv"
    path.write_bytes(
        csv_bytes([ENT_HEADERS, [f.make_credit_code(1), "甲企业", "41172201", "30", "10"]], "gbk")
    )
    call_command("import", "enterprises", str(path), "--user", "cluster_reporter")
    out = capsys.readouterr().out
    assert "新增 1 条，更新 0 条，未变 0 条" in out
    ent = Enterprise.objects.get(credit_code=f.make_credit_code(1))
    assert ent.history.get().history_user == world.users["cluster_reporter"]
    call_command("import", "enterprises", str(path))
    assert "新增 0 条，更新 0 条，未变 1 条" in capsys.readouterr().out


def test_cli_errors_exit_1(world, tmp_path, capsys):
    f.industry("30")
    path = tmp_path / "企业.csv"
    rows = [ENT_HEADERS, [f.make_credit_code(1), "甲企业", "41042301", "30", "十个"]]
    path.write_bytes(csv_bytes(rows))
    before = Enterprise.objects.count()
    with pytest.raises(CommandError) as excinfo:
        call_command("import", "enterprises", str(path), "--user", "cluster_reporter")
    assert excinfo.value.returncode == 1
    err = capsys.readouterr().err.splitlines()
    assert "第2行 [从业人员（人）] 值「十个」：应为整数。" in err
    assert Enterprise.objects.count() == before


def test_cli_subprocess_exit_status(world, tmp_path, capsys):
    """The console script exits with status 1 on errors (CommandError → SystemExit(1))."""
    from clusterzone.cli import main

    f.industry("30")
    path = tmp_path / "企业.csv"
    path.write_bytes(csv_bytes([ENT_HEADERS, ["", "甲企业", "41172201", "30", ""]]))
    with pytest.raises(SystemExit) as excinfo:
        main(["clusterzone", "import", "enterprises", str(path)])
    assert excinfo.value.code == 1
    assert "第2行 [统一社会信用代码]" in capsys.readouterr().err


def test_cli_dry_run_and_template(world, tmp_path, capsys):
    f.industry("30")
    path = tmp_path / "企业.csv"
    path.write_bytes(csv_bytes([ENT_HEADERS, [f.make_credit_code(1), "甲企业", "41172201", "30", "10"]]))
    call_command("import", "enterprises", str(path), "--dry-run")
    assert "试运行" in capsys.readouterr().out
    assert not Enterprise.objects.filter(credit_code=f.make_credit_code(1)).exists()
    out = tmp_path / "模板.xlsx"
    call_command("import", "enterprises", "--template", str(out))
    assert openpyxl.load_workbook(out).worksheets[0]["A1"].value == "统一社会信用代码"


def test_cli_unknown_user_and_kind(world, tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(csv_bytes([ENT_HEADERS]))
    with pytest.raises(CommandError, match="不存在"):
        call_command("import", "enterprises", str(path), "--user", "nobody")
    with pytest.raises(CommandError, match="未知的导入类型"):
        call_command("import", "things", str(path))
