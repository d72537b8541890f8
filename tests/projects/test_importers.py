"""Importers: projects (with unit-suffixed headers), quotas, milestones, investments; errors."""

import datetime as dt
from decimal import Decimal

from clusterzone.core.importing import get_importer
from clusterzone.projects.choices import Stage
from clusterzone.projects.models import Project, ProjectInvestment, ProjectMilestone, Quota

HEADER = "项目代码,项目名称,集聚区代码,总投资（万元）,项目类别,阶段,签约日期,开工日期,投产日期\n"


def run(kind, text, actor=None, name="x.csv"):
    return get_importer(kind).run(text.encode("utf-8"), filename=name, actor=actor)


def test_import_projects_and_reimport_idempotent(world):
    text = HEADER + (
        "2503-410423-04-01-123456,海亮工业园,41042301,500000,工业,签约,2025-03-01,,\n"
        ",海威特种布,41042301,30000,工业,开工,2025-01-10,2025-03-01,\n"
    )
    result = run("projects", text)
    assert result.ok, [str(e) for e in result.errors]
    assert result.created == 2
    hl = Project.objects.get(code="2503-410423-04-01-123456")
    assert hl.total_investment == Decimal(500000) and hl.band == "b10y" and hl.stage == Stage.SIGNED
    assert hl.stage_changes.get().date == dt.date(2025, 3, 1)
    hw = Project.objects.get(name="海威特种布")
    assert hw.code == "XM-41042301-2025-0001" and hw.stage_date == dt.date(2025, 3, 1)
    again = run(
        "projects", HEADER + "2503-410423-04-01-123456,海亮工业园,41042301,500000,工业,签约,2025-03-01,,\n"
    )
    assert again.ok and again.unchanged == 1 and again.created == 0


def test_import_stage_change_goes_through_transition(world):
    run("projects", HEADER + "2503-410423-04-01-123456,海亮工业园,41042301,500000,工业,签约,2025-03-01,,\n")
    bad = run(
        "projects",
        HEADER + "2503-410423-04-01-123456,海亮工业园,41042301,500000,工业,投产,2025-03-01,,2025-06-01\n",
    )
    assert not bad.ok and "尚未开工" in str(bad.errors[0])
    ok = run(
        "projects",
        HEADER + "2503-410423-04-01-123456,海亮工业园,41042301,500000,工业,开工,2025-03-01,2025-04-01,\n",
    )
    assert ok.ok and ok.updated == 1
    p = Project.objects.get(code="2503-410423-04-01-123456")
    assert p.stage == Stage.STARTED and p.stage_date == dt.date(2025, 4, 1)


def test_import_project_errors(world):
    text = HEADER + (
        "2503-410423-04-01-12345,坏代码,41042301,1000,工业,谋划,,,\n"
        ",未知集聚区,99999999,1000,工业,谋划,,,\n"
        ",坏金额,41042301,很多,工业,谋划,,,\n"
        ",坏类别,41042301,1000,农业,谋划,,,\n"
        ",坏日期,41042301,1000,工业,签约,2025-02-30,,\n"
        ",日期倒置,41042301,1000,工业,开工,2025-03-01,2025-02-01,\n"
    )
    result = run("projects", text)
    assert not result.ok and Project.objects.count() == 0
    by_row = {e.row: e for e in result.errors}
    assert "项目代码格式不正确" in by_row[2].reason
    assert "集聚区" in by_row[3].reason
    assert by_row[4].reason == "应为数字。"
    assert "应为以下之一" in by_row[5].reason
    assert "日期不存在" in by_row[6].reason
    assert "开工日期不能早于签约日期" in by_row[7].reason


def test_import_wrong_unit_suffix_and_missing_column(world):
    result = run("projects", "项目名称,集聚区代码,总投资（亩）\n甲,41042301,1\n")
    assert not result.ok
    assert any("单位不符" in e.reason for e in result.errors)


def test_import_reporter_cannot_import_into_other_cluster(world):
    result = run(
        "projects", HEADER + ",越权项目,41042301,1000,工业,谋划,,,\n", actor=world.users["cluster_reporter"]
    )
    assert not result.ok and "权限" in result.errors[0].reason


def test_import_quotas_1233(world):
    text = "行政区划代码,年度,下限（万元）,上限（万元）,数量\n410423,2025,100000,,1\n410423,2025,50000,100000,2\n410423,2025,10000,50000,3\n"
    result = run("quotas", text)
    assert result.ok and result.created == 3
    assert list(Quota.objects.order_by("-min_amount").values_list("count", flat=True)) == [1, 2, 3]
    again = run("quotas", text)
    assert again.ok and again.unchanged == 3
    bad = run("quotas", "行政区划代码,年度,下限,上限,数量\n410423,2025,50000,10000,2\n")
    assert not bad.ok and "上限应大于下限" in bad.errors[0].reason


def test_import_milestones_and_investments(world):
    run(
        "projects",
        HEADER + "2503-410423-04-01-123456,海亮工业园,41042301,500000,工业,开工,2025-03-01,2025-04-01,\n",
    )
    ms = run(
        "milestones",
        "项目代码,节点名称,计划完成日期,责任单位\n2503-410423-04-01-123456,主体封顶,2025-09-30,鲁山县产业集聚区管委会\n",
    )
    assert ms.ok, [str(e) for e in ms.errors]
    assert ProjectMilestone.objects.get().responsible_unit == world.committee_b
    assert (
        run(
            "milestones", "项目代码,节点名称,计划完成日期\n2503-410423-04-01-123456,主体封顶,2025-09-30\n"
        ).unchanged
        == 1
    )
    inv = run(
        "investments",
        "项目代码,月份,完成投资（万元）\n2503-410423-04-01-123456,2025-04,6000\n2503-410423-04-01-123456,2025-05,4500\n",
    )
    assert inv.ok and inv.created == 2
    assert sum(ProjectInvestment.objects.values_list("amount", flat=True)) == Decimal(10500)
    bad = run(
        "investments",
        "项目代码,月份,完成投资\n2503-410423-04-01-999999,2025-04,1\n2503-410423-04-01-123456,2025Q1,1\n",
    )
    assert not bad.ok and len(bad.errors) == 2
