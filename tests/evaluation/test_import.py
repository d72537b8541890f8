"""Excel/CSV import of monthly ratings: one row per rater × unit × month, a column per
criterion; units by name or short name; every error listed with its row and column, and
nothing written unless the whole file is right; re-importing changes nothing."""

from decimal import Decimal

from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit
from clusterzone.core.importing import get_importer
from clusterzone.evaluation.models import Rating

HEAD = "月份,被评单位,评议单位,评议企业,服务态度,办事效率,意见\n"


def _run(data, actor):
    return get_importer("unit-ratings").run(data.encode(), filename="评议.csv", actor=actor)


def test_import_by_short_names_and_reimport(ev):
    data = HEAD + (
        "2026-04,市发改委,上蔡县产业集聚区管委会,,90,满意,窗口热情\n"
        "2026-04,工信局,上蔡县产业集聚区管委会,,75,基本满意,\n"
        "2026-04,驻马店市财政局,上蔡县产业集聚区管委会,上蔡示例企业有限公司,60,不满意,拨付慢\n"
        "2026-04,驻马店市人社局,上蔡县产业集聚区管委会,,88,,\n"
    )
    result = _run(data, ev.world.users["cluster_reporter"])
    assert result.ok, [str(e) for e in result.errors]
    assert result.created == 7
    a = Rating.objects.get(unit=ev.A, criterion=ev.attitude)
    assert (a.score, a.comment, a.rater_unit, a.rater_enterprise) == (
        Decimal(90),
        "窗口热情",
        ev.committee,
        None,
    )
    assert Rating.objects.get(unit=ev.C, criterion=ev.efficiency).rater_enterprise == ev.enterprise
    assert not Rating.objects.filter(unit=ev.D, criterion=ev.efficiency).exists()  # empty cell: not rated
    again = _run(data, ev.world.users["cluster_reporter"])
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 7)
    changed = _run(data.replace(",90,满意,", ",95,满意,"), ev.world.users["cluster_reporter"])
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 6)
    assert Rating.objects.get(unit=ev.A, criterion=ev.attitude).score == Decimal(95)


def test_row_and_field_errors_write_nothing(ev):
    OrgUnit.objects.create(name="驻马店市产业集聚区管委会", kind=UnitKind.COMMITTEE, region=ev.world.zmd)
    data = HEAD + (
        "2026-04,市发改委,上蔡县产业集聚区管委会,,90,满意,\n"  # row 2: fine
        "2026-13,市发改委,上蔡县产业集聚区管委会,,90,满意,\n"  # row 3: month
        "2026-04,宣传部,上蔡县产业集聚区管委会,,90,满意,\n"  # row 4: unknown unit
        "2026-04,工信局,驻马店市产业集聚区管委会,,90,满意,\n"  # row 5: not the user's unit
        "2026-04,财政局,上蔡县产业集聚区管委会,,120,很好,\n"  # row 6: score and level
        "2026-04,人社局,上蔡县产业集聚区管委会,鲁山示例企业有限公司,80,满意,\n"  # row 7: enterprise
        "2026-04,市发改委,上蔡县产业集聚区管委会,,80,满意,\n"  # row 8: duplicate of row 2
        "2026-04,住建局,上蔡县产业集聚区管委会,,,,\n"  # row 9: nothing rated
    )
    result = _run(data, ev.world.users["cluster_reporter"])
    assert not result.ok
    got = {(e.row, e.column) for e in result.errors}
    assert {(3, "月份"), (4, "被评单位"), (5, "评议单位"), (6, "服务态度"), (6, "办事效率"),
            (7, "评议企业"), (8, "被评单位"), (9, "被评单位")} == got  # fmt: skip
    messages = {(e.row, e.column): e.reason for e in result.errors}
    assert messages[(6, "服务态度")] == "应为1–100之间的分数。"
    assert messages[(6, "办事效率")] == "应填“满意”“基本满意”或“不满意”。"
    assert "与第2行重复" in messages[(8, "被评单位")]
    assert Rating.objects.count() == 0


def test_the_office_imports_for_any_committee_of_its_region(ev):
    OrgUnit.objects.create(name="驻马店市产业集聚区管委会", kind=UnitKind.COMMITTEE, region=ev.world.zmd)
    data = HEAD + (
        "2026-04,市发改委,上蔡县产业集聚区管委会,,90,满意,\n"
        "2026-04,市发改委,驻马店市产业集聚区管委会,,70,基本满意,\n"
    )
    result = _run(data, ev.world.users["office_staff"])
    assert result.ok, [str(e) for e in result.errors]
    assert Rating.objects.filter(unit=ev.A).count() == 4
    denied = _run(data, ev.world.users["department_liaison"])
    assert not denied.ok


def test_import_page_and_template(client, ev):
    client.force_login(ev.world.users["cluster_reporter"])
    r = client.get("/import/unit-ratings/")
    assert r.status_code == 200
    template = get_importer("unit-ratings").template_xlsx()
    from io import BytesIO

    from openpyxl import load_workbook

    headers = [c.value for c in next(load_workbook(BytesIO(template)).worksheets[0].iter_rows(max_row=1))]
    assert headers[:3] == ["月份", "被评单位", "评议单位"] and "服务态度" in headers and "意见" in headers
