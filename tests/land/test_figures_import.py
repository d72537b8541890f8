"""`clusterzone import enterprise-figures FILE`: the issue's headers, either code, upsert by
enterprise and year, errors with row/column, scope, history."""

import csv
import io

import pytest
from django.core.management import call_command

from clusterzone.core.importing import get_importer
from clusterzone.land.models import EnterpriseFigures
from tests import factories as f

HEADER = [
    "统一社会信用代码", "组织机构代码", "年度", "用地面积（亩）", "税收（万元）", "工业增加值（万元）",
    "主营业务收入（万元）", "综合能耗（吨标准煤）", "从业人员", "研发经费（万元）",
]  # fmt: skip


def run(rows, actor=None, header=HEADER):
    buf = io.StringIO()
    csv.writer(buf).writerows([header, *rows])
    return get_importer("enterprise-figures").run(
        io.BytesIO(buf.getvalue().encode()), filename="亩均.csv", actor=actor
    )


@pytest.fixture
def org_ent(world):
    return f.EnterpriseFactory(cluster=world.cluster_a, credit_code=None, org_code=f.make_org_code(4242))


def test_import_by_either_code_then_update_and_unchanged(world, org_ent):
    rows = [
        [world.ent_a.credit_code, "", 2025, "45.5", 520, 3800, 15600, 2100, 260, 410],
        ["", org_ent.org_code, 2025, 12, 30, 200, 900, 80, 40, 5],
    ]
    result = run(rows)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (2, 0)
    fig = EnterpriseFigures.objects.get(enterprise=world.ent_a, year=2025)
    assert (fig.land_area, fig.tax, fig.employees) == (45.5, 520, 260)
    assert fig.history.first().history_change_reason == "Excel导入：亩均.csv"
    again = run(rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    rows[0][4] = 600
    third = run(rows)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    assert EnterpriseFigures.objects.get(enterprise=world.ent_a, year=2025).tax == 600
    assert EnterpriseFigures.objects.get(enterprise=world.ent_a).history.count() == 2


def test_errors_name_row_column_and_reason(world):
    result = run(
        [
            ["91411700MA00000000", "", 2025, 10, 1, 1, 1, 1, 1, 1],  # not a valid code
            [world.ent_a.credit_code, "", 2025, "-3", 1, 1, 1, 1, 1, 1],  # negative land
            [world.ent_a.credit_code, "", 2026, 10, 1, 1, 1, 1, "", 1],  # missing employees
            [world.ent_b.credit_code, "", 2025, 10, 1, 1, 1, 1, 1, 1],
            [world.ent_b.credit_code, "", 2025, 10, 2, 1, 1, 1, 1, 1],  # same enterprise and year
        ]
    )
    got = {(e.row, e.column) for e in result.errors}
    assert (2, "统一社会信用代码") in got
    assert (3, "用地面积（亩）") in got
    assert (4, "从业人员（人）") in got
    assert (6, "年度") in got
    assert EnterpriseFigures.objects.count() == 0


def test_wrong_unit_and_missing_code_columns(world):
    header = [h.replace("（万元）", "（元）") if h.startswith("税收") else h for h in HEADER[2:]]
    result = run([[2025, 10, 1, 1, 1, 1, 1, 1]], header=header)
    reasons = " ".join(e.reason for e in result.errors)
    assert "单位不符" in reasons and "至少要有一列" in reasons


def test_scope_outside_reads_as_unknown(world):
    reporter = world.users["cluster_reporter"]
    result = run([[world.ent_b.credit_code, "", 2025, 10, 1, 1, 1, 1, 1, 1]], actor=reporter)
    assert not result.ok and "不在您的权限范围内" in result.errors[0].reason
    ok = run([[world.ent_a.credit_code, "", 2025, 10, 1, 1, 1, 1, 1, 1]], actor=reporter)
    assert ok.ok and ok.created == 1
    readonly = run([[world.ent_a.credit_code, "", 2024, 10, 1, 1, 1, 1, 1, 1]], actor=world.users["readonly"])
    assert not readonly.ok


def test_cli(world, tmp_path):
    path = tmp_path / "亩均.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, [world.ent_a.credit_code, "", 2025, 10, 1, 1, 1, 1, 1, 1]])
    call_command("import", "enterprise-figures", str(path))
    assert EnterpriseFigures.objects.filter(enterprise=world.ent_a, year=2025).exists()
