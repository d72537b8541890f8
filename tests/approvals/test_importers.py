"""Excel import of the matters catalog and of cases: every error with its row, column and
reason, nothing written on any error, re-import changes nothing."""

import io

from openpyxl import Workbook

from clusterzone.approvals.models import ApprovalCase, ApprovalMatter, ApprovalWindow, CaseEvent
from clusterzone.core.importing import get_importer


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


MATTER_HEADER = [
    "事项编码",
    "事项名称",
    "审批阶段",
    "审批部门",
    "窗口号",
    "法定时限（工作日）",
    "承诺时限（工作日）",
    "可并联办理",
]


def test_matter_import_and_reimport(appr, world):
    ApprovalWindow.objects.create(region=world.zmd, number=9, name="自然资源")
    data = _xlsx([MATTER_HEADER, ["M-201", "建设工程规划许可证", "工程建设许可", "驻马店市自然资源局", 9, 20, 5, "是"],
                  ["M-202", "人防工程设计审查", "2", "驻马店市自然资源局", None, 20, 5, "否"]])  # fmt: skip
    result = get_importer("approval-matters").run(data, filename="m.xlsx", actor=world.users["office_admin"])
    assert result.ok, [str(e) for e in result.errors]
    assert result.created == 2
    m = ApprovalMatter.objects.get(code="M-201")
    assert (m.stage, m.department, m.window.number, m.promised_days, m.parallel) == (2, appr.land, 9, 5, True)
    again = get_importer("approval-matters").run(data, filename="m.xlsx", actor=world.users["office_admin"])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_matter_import_errors(appr, world):
    data = _xlsx([MATTER_HEADER, ["N-301", "节能审查", "第五阶段", "驻马店市自然资源局", None, 20, 5, "是"],
                  ["N-302", "环评", "1", "不存在的局", None, 20, 5, "是"],
                  ["N-303", "水保", "1", "驻马店市自然资源局", 77, 20, 30, "是"],
                  ["N-304", "安评", "1", "平顶山市住建局", None, 20, 5, "是"]])  # fmt: skip
    result = get_importer("approval-matters").run(data, filename="m.xlsx", actor=world.users["office_admin"])
    errors = {(e.row, e.column) for e in result.errors}
    assert (2, "审批阶段") in errors
    assert (3, "审批部门") in errors
    assert (4, "窗口号") in errors
    assert (5, "审批部门") in errors  # another city's unit reads as unknown
    assert not ApprovalMatter.objects.filter(code__startswith="N-").exists()
    bad_unit = _xlsx(
        [
            ["事项编码", "事项名称", "审批阶段", "审批部门", "法定时限（天）", "承诺时限"],
            ["M-9", "x", "1", "驻马店市发改委", 1, 1],
        ]
    )
    result = get_importer("approval-matters").run(
        bad_unit, filename="m.xlsx", actor=world.users["office_admin"]
    )
    assert any("单位不符" in e.reason for e in result.errors)


CASE_HEADER = [
    "项目代码",
    "事项编码",
    "申请日期",
    "受理日期",
    "办结日期",
    "办理结果",
    "不予许可理由",
    "代办员",
]


def test_case_import_records_acts_as_late_entries(appr, world):
    data = _xlsx([CASE_HEADER, [appr.project.code, "M-101", "2026-09-27", "2026-09-28", "2026-10-19", "准予", None, "agent"],
                  [appr.project.code, "M-102", None, "2026-10-09", None, None, None, None]])  # fmt: skip
    result = get_importer("approval-cases").run(data, filename="c.xlsx", actor=world.users["office_admin"])
    assert result.ok, [str(e) for e in result.errors]
    assert result.created == 2
    done = ApprovalCase.objects.get(matter=appr.filing)
    assert (done.status, done.completed_on.isoformat(), done.result, done.agent) == (
        "completed",
        "2026-10-19",
        "approved",
        appr.agent,
    )
    assert set(CaseEvent.objects.filter(case=done).values_list("action", "late")) == {
        ("apply", True),
        ("accept", True),
        ("complete", True),
    }
    again = get_importer("approval-cases").run(data, filename="c.xlsx", actor=world.users["office_admin"])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    # completing the running one by a second file
    more = _xlsx(
        [
            CASE_HEADER,
            [appr.project.code, "M-102", None, "2026-10-09", "2026-10-30", "不予许可", "不符合规划", None],
        ]
    )
    result = get_importer("approval-cases").run(more, filename="c2.xlsx", actor=world.users["office_admin"])
    assert result.ok and result.updated == 1, [str(e) for e in result.errors]
    assert ApprovalCase.objects.get(matter=appr.siting).result == "refused"


def test_case_import_errors(appr, world):
    data = _xlsx([CASE_HEADER, [appr.project_b.code, "M-101", None, "2026-09-28", None, None, None, None],
                  [appr.project.code, "M-999", None, "2026-09-28", None, None, None, None],
                  [appr.project.code, "M-101", None, None, "2026-10-19", "准予", None, None],
                  [appr.project.code, "M-102", None, "2026-09-28", "2026-10-19", "不予许可", None, "nobody"]])  # fmt: skip
    result = get_importer("approval-cases").run(data, filename="c.xlsx", actor=world.users["office_admin"])
    errors = {(e.row, e.column) for e in result.errors}
    assert (2, "项目代码") in errors  # another region's project reads as unknown
    assert (3, "事项编码") in errors
    assert (4, "办结日期") in errors
    assert (5, "不予许可理由") in errors and (5, "代办员") in errors
    assert not ApprovalCase.objects.exists()
    # the committee may plan cases, but not record an acceptance: the row says why
    data = _xlsx([CASE_HEADER, [appr.project.code, "M-101", None, "2026-09-28", None, None, None, None]])
    result = get_importer("approval-cases").run(
        data, filename="c.xlsx", actor=world.users["cluster_reporter"]
    )
    assert not result.ok and "权限" in result.errors[0].reason
    assert not ApprovalCase.objects.exists()
