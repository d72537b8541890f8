"""Region-level targets and shares: a region's 占全年目标 is against its own target when set,
against the sum of its clusters' targets only when every cluster counted has one, otherwise —
with the reason; 占全市比重 and 贡献率 of a cluster within its city."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from clusterzone.core.importing import get_importer
from clusterzone.reporting.models import Indicator, RegionTarget, Target
from clusterzone.reporting.selectors.progress import as_dict, progress
from tests import factories as f

from .test_progress import by_code, load_lushan, put

D = Decimal


@pytest.fixture
def pds(world, catalog, monthly, lushan_targets):
    """平顶山: 鲁山 (seed 003 to the end of April 2025) and 舞钢 with its own figures."""
    load_lushan(world, monthly)
    wugang = f.ClusterFactory(
        code="41048101", name="舞钢市产业集聚区", region=f.region("410481", "舞钢市", world.pds)
    )
    monthly.clusters.add(wugang)
    put(monthly, wugang, "fai", "2025-04", 78000)
    put(monthly, wugang, "fai", "2024-04", 70000)
    put(monthly, wugang, "tax", "2025-04", 3000)
    Target.objects.create(
        cluster=wugang, indicator=Indicator.objects.get(code="fai"), year=2025, value=240000
    )
    # 鲁山 has a tax target, 舞钢 none: the bug "占全年目标的61%" summed one against the other
    Target.objects.create(
        cluster=world.cluster_b, indicator=Indicator.objects.get(code="tax"), year=2025, value=15000
    )
    return wugang


def test_region_own_target_wins(pds, world):
    RegionTarget.objects.create(
        region=world.pds, indicator=Indicator.objects.get(code="fai"), year=2025, value=1000000
    )
    fai = by_code(progress(user=None, period="2025-04", region="410400"))["fai"]
    assert fai.target == D(1000000)
    assert fai.target_pct == D(228000) / D(1000000) * 100


def test_region_target_is_the_clusters_sum_when_every_counted_cluster_has_one(pds):
    fai = by_code(progress(user=None, period="2025-04", region="410400"))["fai"]
    assert fai.target == D(600000 + 240000) and fai.target_note == ""


def test_region_target_is_missing_when_a_counted_cluster_has_none(pds):
    tax = by_code(progress(user=None, period="2025-04", region="410400"))["tax"]
    assert tax.value == D(9000)
    assert tax.target is None and tax.target_pct is None and tax.lagging is None
    assert tax.target_note == "部分集聚区未设目标"
    assert "占全年目标—（部分集聚区未设目标）" in tax.sentence()
    assert "占全年目标的" not in tax.sentence()
    assert as_dict(tax)["target_pct"] is None and as_dict(tax)["target_note"] == "部分集聚区未设目标"
    out = io.StringIO()
    call_command("progress", region="410400", period="2025-04", json=True, stdout=out)
    rows = {r["indicator"]: r for r in json.loads(out.getvalue())}
    assert rows["tax"]["target_pct"] is None and rows["tax"]["target_note"] == "部分集聚区未设目标"


def test_share_of_the_city_and_contribution(pds, world):
    fai = by_code(progress(user=None, period="2025-04", cluster=world.cluster_b))["fai"]
    assert fai.share_pct == D(150000) / D(228000) * 100  # 占全市比重 65.8%
    assert fai.contribution_pct == D(150000 - 92993) / D(228000 - 162993) * 100
    assert as_dict(fai)["share_pct"] == 65.8
    assert "占全市比重65.8%" in fai.share_text()


def test_targets_importer_takes_region_codes(world, catalog):
    """驻马店's 2014 city-wide goals (seed 002): 固定资产投资900亿, 主营业务收入1700亿."""
    data = "行政区划代码,指标代码,年度,目标值\n411700,fai,2014,9000000\n411700,revenue,2014,17000000\n"
    result = get_importer("targets").run(
        io.BytesIO(data.encode()), filename="市目标.csv", actor=world.users["office_admin"]
    )
    assert result.ok, [str(e) for e in result.errors]
    assert RegionTarget.objects.get(region=world.zmd, indicator__code="fai", year=2014).value == D(9000000)
    # a county office cannot set another city's target
    other = "行政区划代码,指标代码,年度,目标值\n410400,fai,2014,100\n"
    result = get_importer("targets").run(
        io.BytesIO(other.encode()), filename="x.csv", actor=world.users["office_admin"]
    )
    assert not result.ok and not RegionTarget.objects.filter(region=world.pds).exists()


def test_region_target_file_refuses_a_repeated_key_and_a_negative_target(world, catalog):
    data = "行政区划代码,指标代码,年度,目标值\n411700,fai,2014,9000000\n411700,fai,2014,8000000\n411700,revenue,2014,-1\n"
    result = get_importer("region-targets").run(
        io.BytesIO(data.encode()), filename="市目标.csv", actor=world.users["office_admin"]
    )
    reasons = {e.row: str(e.reason) for e in result.errors}
    assert not result.ok and not RegionTarget.objects.exists()
    assert "与第2行重复（同一行政区划、指标、年度只能出现一次）" in reasons[3]
    assert "负数" in reasons[4]


def test_demo_sets_zhumadian_city_targets_as_region_targets(world):
    from clusterzone.reporting.demo import load_reporting_demo

    load_reporting_demo()
    got = dict(
        RegionTarget.objects.filter(region=world.zmd, year=2014).values_list("indicator__code", "value")
    )
    assert got == {"value_added": 4300000, "fai": 9000000, "revenue": 17000000, "tax": 430000}
    assert load_reporting_demo()["targets"] == 0  # idempotent


def test_pages_show_the_region_rule_and_the_shares(pds, world, login):
    from django.urls import reverse

    client = login(world.users["province_admin"])
    page = client.get(
        reverse("reporting:overview"), {"region": "410400", "period": "2025-04"}
    ).content.decode()
    total = page[page.index('data-testid="overview-total"') :]
    total = total[: total.index("</tr>")]
    assert "平顶山市合计" in total
    tax = total[total.index('data-indicator="tax"') :]
    assert tax[: tax.index("</td>")].endswith(
        '—<span class="small text-secondary">（部分集聚区未设目标）</span>'
    )
    fai = total[total.index('data-indicator="fai"') :]
    assert fai[: fai.index("</td>")].endswith(">27.1%")  # 22.8亿 of 60亿 + 24亿
    export = client.get(
        reverse("reporting:overview"), {"region": "410400", "period": "2025-04", "export": "xlsx"}
    )
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(export.content)).active
    header = [c.value for c in ws[2]]
    last = {h: c.value for h, c in zip(header, ws[ws.max_row], strict=False)}
    assert last["集聚区"] == "平顶山市合计"
    assert last["固定资产投资占全年目标（%）"] == 27.1
    assert last["税收收入占全年目标（%）"] == "部分集聚区未设目标"
    page = client.get(reverse("reporting:cluster_progress", args=["41042301"]), {"period": "2025-04"})
    row = page.content.decode()
    row = row[row.index('data-indicator="fai"') :]
    row = row[: row.index("</tr>")]
    assert 'data-col="share">65.8%' in row and 'data-col="contribution">87.7%' in row
