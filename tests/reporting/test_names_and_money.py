"""Target and milestone lists show names, not codes; every amount goes through the platform's
one money formatter (core.units.money / the `money` filter); the Excel exports keep the codes
and raw numbers for re-import."""

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from clusterzone.core import units
from clusterzone.reporting.models import PlanMilestone, RegionTarget, Target


def _sheet(response):
    return [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]


def _page(client, user, url_name, **params):
    client.force_login(user)
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    return response.content.decode()


def test_target_list_shows_names_and_formatted_money_not_codes(world, catalog, client):
    Target.objects.create(cluster=world.cluster_a, indicator=catalog["fai"], year=2025, value=Decimal(600000))
    Target.objects.create(
        cluster=world.cluster_a, indicator=catalog["employees"], year=2025, value=Decimal(1200)
    )
    html = _page(client, world.users["office_admin"], "reporting:target_list")
    assert "上蔡县产业集聚区" in html and "固定资产投资" in html and "从业人员" in html
    assert "60亿元" in html and "1200人" in html  # money by the one formatter, other units after the number
    assert "集聚区代码" not in html and "指标代码" not in html and "计量单位" not in html
    assert world.cluster_a.code not in html.split('data-testid="filter-form"')[-1].split("<tbody")[-1]
    assert ">fai<" not in html and "600000" not in html
    rows = _sheet(client.get(reverse("reporting:target_list"), {"export": "xlsx"}))
    header = rows[0]
    assert {"集聚区代码", "指标代码", "目标值", "计量单位"} <= set(header)
    fai = next(r for r in rows[1:] if r[header.index("指标代码")] == "fai")
    assert fai[header.index("集聚区代码")] == world.cluster_a.code
    assert Decimal(str(fai[header.index("目标值")])) == 600000 and fai[header.index("计量单位")] == "万元"


def test_region_target_list_shows_region_names(world, catalog, client):
    RegionTarget.objects.create(
        region=world.zmd, indicator=catalog["revenue"], year=2025, value=Decimal(17000000)
    )
    html = _page(client, world.users["office_admin"], "reporting:regiontarget_list")
    assert "驻马店市" in html and "主营业务收入" in html and "1,700亿元" in html
    assert "行政区划代码" not in html.split("<thead")[-1] and world.zmd.code not in html.split("<tbody")[-1]


def test_milestone_list_and_pages_show_names_and_money(world, catalog, client):
    m = PlanMilestone.objects.create(
        cluster=world.cluster_a,
        plan="发展规划（2021—2030年）",
        indicator=catalog["revenue"],
        year=2030,
        value=Decimal(1000000),
    )
    html = _page(client, world.users["office_admin"], "reporting:milestone_list")
    assert "主营业务收入" in html and "100亿元" in html
    assert "集聚区代码" not in html and "指标代码" not in html and ">revenue<" not in html
    detail = client.get(reverse("reporting:milestone_detail", args=[m.pk])).content.decode()
    assert "100亿元" in detail
    assert m.value_label == units.money(m.value) == "100亿元"


def test_amount_is_the_one_formatter_for_values_with_units():
    assert units.amount(Decimal(6000), "万元") == units.money(6000) == "6,000万元"
    assert units.amount(Decimal(150000), "万元") == "15亿元"
    # thousands separators in 万元 and in 亿元, decimals trimmed, the sign kept
    assert units.money(Decimal("1500.50")) == "1,500.5万元" and units.money(-2500) == "-2,500万元"
    assert units.money(125_000_000) == "12,500亿元" and units.money(999) == "999万元"
    assert units.amount(Decimal("35.50"), "%") == "35.5%"
    assert units.amount(None, "万元") == "—"
    assert units.yi_number(Decimal(123456)) == 12.35 and units.yi_number(None) is None


def test_record_names_write_money_through_the_formatter(world):
    from clusterzone.projects.models import Quota

    q = Quota(region=world.shangcai, year=2025, min_amount=Decimal(100000), count=1)
    assert "≥10亿元" in str(q)
