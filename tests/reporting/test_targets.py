"""Annual targets (目标责任书) and plan milestones: services, policy, history, and the targets
importer (errors, idempotent re-import)."""

from decimal import Decimal

import pytest
from django.core.management import call_command

import clusterzone.reporting.importers  # noqa: F401  (registers the "targets" importer)
from clusterzone.core.exceptions import DomainError, PermissionDenied
from clusterzone.core.importing import get_importer
from clusterzone.reporting.models import PlanMilestone, Target
from clusterzone.reporting.targets import milestone_delete, milestone_save, target_delete, target_save

D = Decimal


def test_office_sets_a_target_with_its_document_and_history(world, catalog):
    office = world.users["other_admin"]  # 平顶山's office
    t = target_save(
        actor=office,
        target=Target(),
        data={
            "cluster": world.cluster_b,
            "indicator": catalog["fai"],
            "year": 2025,
            "value": D(600000),
            "document": "鲁集聚〔2025〕1号",
        },
    )
    assert t.pk and t.document == "鲁集聚〔2025〕1号"
    target_save(actor=office, target=t, data={"value": D(650000)}, reason="调整目标")
    record = t.history.first()
    assert record.history_user == office and record.history_change_reason == "调整目标"
    assert t.history.count() == 2
    target_delete(actor=office, target=t)
    assert not Target.objects.filter(pk=t.pk).exists()


def test_who_may_set_targets(world, catalog):
    data = {"cluster": world.cluster_a, "indicator": catalog["fai"], "year": 2025, "value": D(100)}
    for name in ("cluster_reporter", "readonly", "other_admin"):
        with pytest.raises(PermissionDenied):
            target_save(actor=world.users[name], target=Target(), data=dict(data))
    assert target_save(actor=world.users["office_staff"], target=Target(), data=dict(data)).pk


def test_target_rules(world, catalog):
    office = world.users["province_admin"]
    base = {"cluster": world.cluster_a, "indicator": catalog["fai"], "year": 2025, "value": D(100)}
    with pytest.raises(DomainError, match="年度"):
        target_save(actor=office, target=Target(), data={**base, "year": 1999})
    with pytest.raises(DomainError, match="不能为负数"):
        target_save(actor=office, target=Target(), data={**base, "value": D(-1)})
    target_save(actor=office, target=Target(), data=dict(base))
    with pytest.raises(DomainError, match="已存在"):
        target_save(actor=office, target=Target(), data=dict(base))


def test_cannot_move_a_target_out_of_scope(world, catalog):
    staff = world.users["office_staff"]  # 驻马店
    t = target_save(
        actor=staff,
        target=Target(),
        data={"cluster": world.cluster_a, "indicator": catalog["fai"], "year": 2025, "value": D(1)},
    )
    with pytest.raises(PermissionDenied):
        target_save(actor=staff, target=t, data={"cluster": world.cluster_b})


def test_plan_milestones(world, catalog):
    office = world.users["province_admin"]
    m = milestone_save(
        actor=office,
        milestone=PlanMilestone(),
        data={
            "cluster": world.cluster_b,
            "plan": "鲁山县产业集聚区发展规划",
            "indicator": catalog["revenue"],
            "year": 2027,
            "value": D(1000000),
        },
    )
    assert m.pk and m.history.count() == 1
    with pytest.raises(DomainError, match="规划名称"):
        milestone_save(actor=office, milestone=PlanMilestone(), data={"plan": " "})
    with pytest.raises(PermissionDenied):
        milestone_save(actor=world.users["cluster_reporter"], milestone=m, data={"value": D(1)})
    milestone_delete(actor=office, milestone=m)
    assert not PlanMilestone.objects.exists()


# --- import -------------------------------------------------------------------------------

HEADER = "集聚区代码,指标代码,年度,目标值（万元）,目标责任书文号\n"


def write(tmp_path, body, name="targets.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def run(path, actor=None):
    return get_importer("targets").run(path, actor=actor)


def test_import_targets_and_reimport_changes_nothing(world, catalog, tmp_path):
    path = write(
        tmp_path,
        "41042301,fai,2025,600000,鲁集聚〔2025〕1号\n41042301,revenue,2025,600000,鲁集聚〔2025〕1号\n",
    )
    result = run(path)
    assert result.ok, [str(e) for e in result.errors]
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    t = Target.objects.get(cluster=world.cluster_b, indicator=catalog["fai"], year=2025)
    assert t.value == D(600000) and t.document == "鲁集聚〔2025〕1号"
    assert t.history.first().history_change_reason == "Excel导入：targets.csv"
    again = run(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert t.history.count() == 1
    path = write(tmp_path, "41042301,fai,2025,650000,鲁集聚〔2025〕1号\n")
    changed = run(path)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 0)
    t.refresh_from_db()
    assert t.value == D(650000)


def test_import_errors_are_all_reported_and_nothing_is_written(world, catalog, tmp_path):
    path = write(
        tmp_path,
        "\n".join(
            [
                "41042301,fai,2025,600000,",  # row 2: fine
                "99999999,fai,2025,1,",  # row 3: unknown cluster
                "41042301,nope,2025,1,",  # row 4: unknown indicator
                "41042301,revenue,二〇二五,1,",  # row 5: bad year
                "41042301,revenue,1899,1,",  # row 6: year out of range
                "41042301,fai,2025,1,",  # row 7: duplicate of row 2
                "41042301,tax,2025,abc,",  # row 8: not a number
                "41042301,tax,2025,-5,",  # row 9: negative
            ]
        )
        + "\n",
    )
    result = run(path)
    assert not result.ok
    by_row = {e.row: e for e in result.errors}
    assert set(by_row) == {3, 4, 5, 6, 7, 8, 9}
    assert "集聚区" in by_row[3].reason and by_row[3].column == "集聚区代码"
    assert "指标" in by_row[4].reason
    assert "年度" in by_row[5].reason and "年度" in by_row[6].reason
    assert "与第2行重复" in by_row[7].reason
    assert "数字" in by_row[8].reason
    assert "负数" in by_row[9].reason
    assert not Target.objects.exists()


def test_import_checks_the_users_scope(world, catalog, tmp_path):
    path = write(tmp_path, "41042301,fai,2025,600000,\n")
    result = run(path, actor=world.users["office_admin"])  # 驻马店's office, 鲁山 is 平顶山's
    assert not result.ok and "权限" in result.errors[0].reason
    assert run(path, actor=world.users["other_admin"]).ok


def test_import_missing_column(world, catalog, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("集聚区代码,指标代码,目标值\n41042301,fai,1\n", encoding="utf-8")
    result = run(path)
    assert not result.ok and "年度" in result.errors[0].reason


def test_cli_import_targets(world, catalog, tmp_path, capsys):
    path = write(tmp_path, "41042301,fai,2025,600000,\n")
    call_command("import", "targets", str(path))
    assert Target.objects.filter(cluster=world.cluster_b).count() == 1
