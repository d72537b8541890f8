"""`clusterzone import leads FILE`: headers with unit suffix, all-or-nothing errors with row,
column, value and reason, idempotent re-import, policy per row."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from clusterzone.core.importing import get_importer
from clusterzone.investment.models import Lead

from .. import factories as f

HEADER = ["线索编号", "目标企业", "集聚区代码", "来源地", "企业类型", "行业代码", "主导产业", "意向投资（万元）",
          "责任单位", "接洽日期", "阶段"]  # fmt: skip


def xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def refs(world):
    f.industry("30")
    f.category("超硬材料")
    return world


GOOD = [
    ["", "深圳某超硬材料公司", "41172201", "珠三角", "行业龙头", "30", "超硬材料", 30000, "上蔡县产业集聚区管委会",
     "2025-03-01", "考察"],
    ["XS-A-2", "上海某钻石公司", "41172201", "长三角", "民营", 30, "", "12000.5", "", date(2025, 3, 2), ""],
]  # fmt: skip


def test_import_creates_then_is_idempotent(refs, tmp_path):
    path = tmp_path / "leads.xlsx"
    path.write_bytes(xlsx(GOOD))
    call_command("import", "leads", str(path))
    a = Lead.objects.get(company="深圳某超硬材料公司")
    assert (a.code, a.stage, a.source_region, a.company_type) == (
        "XS411722010001",
        "visit",
        "prd",
        "industry_leader",
    )
    assert (
        a.intended_investment == Decimal("30000")
        and a.category.name == "超硬材料"
        and a.unit == refs.committee_a
    )
    assert a.stage_entered_at == date(2025, 3, 1)
    b = Lead.objects.get(code="XS-A-2")
    assert b.intended_investment == Decimal("12000.5") and b.stage == "contact"
    result = get_importer("leads").run(path)
    assert result.ok and (result.created, result.updated, result.unchanged) == (0, 0, 2)
    changed = [[*GOOD[0][:7], 31000, *GOOD[0][8:]], GOOD[1]]
    result = get_importer("leads").run(xlsx(changed), filename="x.xlsx")
    assert result.ok and result.updated == 1  # matched by (集聚区代码, 目标企业)
    assert Lead.objects.count() == 2


def test_import_errors_all_or_nothing(refs):
    bad = [
        GOOD[0],
        ["", "", "41172201", "火星", "民营", "99", "不存在的产业", "abc", "没有的单位", "2025-13-01", "签约"],
        ["", "x", "99999999", "省内", "民营", "", "", 1, "", "2025-03-01", ""],
    ]
    result = get_importer("leads").run(xlsx(bad), filename="bad.xlsx")
    assert not result.ok and Lead.objects.count() == 0
    text = [str(e) for e in result.errors]
    assert any("第3行 [目标企业]" in t and "必填" in t for t in text)
    assert any("第3行 [来源地]" in t and "珠三角" in t for t in text)
    assert any("第3行 [意向投资（万元）]" in t and "应为数字" in t for t in text)
    assert any("第3行 [接洽日期]" in t for t in text)
    assert any("第3行 [阶段]" in t for t in text)
    assert any("第4行 [集聚区代码]" in t and "没有这个集聚区" in t for t in text)


def test_import_reference_errors_and_unit_suffix(refs):
    rows = [
        ["", "某公司", "41172201", "省内", "民营", "30", "不存在的产业", 100, "没有的单位", "2025-03-01", ""]
    ]
    result = get_importer("leads").run(xlsx(rows), filename="r.xlsx")
    text = [str(e) for e in result.errors]
    assert any("[主导产业]" in t and "不存在的产业" in t for t in text)
    assert any("[责任单位]" in t and "没有这个单位" in t for t in text)
    header = [h if h != "意向投资（万元）" else "意向投资（亩）" for h in HEADER]
    result = get_importer("leads").run(xlsx(GOOD, header), filename="u.xlsx")
    assert any("单位不符" in str(e) for e in result.errors)


def test_import_cannot_change_stage_or_touch_other_clusters(refs):
    get_importer("leads").run(xlsx(GOOD), filename="a.xlsx")
    again = [[*GOOD[0][:10], "意向"]]
    result = get_importer("leads").run(xlsx(again), filename="b.xlsx")
    assert any("阶段须在线索页面办理" in str(e) for e in result.errors)
    rows = [["", "鲁山客商", "41042301", "省内", "民营", "", "", 100, "", "2025-03-01", ""]]
    result = get_importer("leads").run(xlsx(rows), filename="c.xlsx", actor=refs.users["cluster_reporter"])
    assert not result.ok and "权限范围" in str(result.errors[0])
    result = get_importer("leads").run(xlsx(rows), filename="c.xlsx", actor=refs.users["other_admin"])
    assert (
        result.ok
        and Lead.objects.get(company="鲁山客商").history.first().history_user == refs.users["other_admin"]
    )


def test_template_has_headers(refs):
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(get_importer("leads").template_xlsx())).worksheets[0]
    headers = [c.value for c in ws[1]]
    assert "意向投资（万元）" in headers and "目标企业" in headers
