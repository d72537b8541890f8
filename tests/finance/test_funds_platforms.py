"""Funds won from higher levels (the `superior_funds` indicator drawn from the records,
beside the reported figure) and the financing platforms' net-asset checks (seed 002: net
assets of at least 10亿)."""

import datetime as dt
from decimal import Decimal

from clusterzone.core.periods import Period
from clusterzone.finance import selectors, services
from clusterzone.finance.models import FinancingPlatform, SuperiorFund

from ..api import api_client, rows


def _fund(world, cluster, **kw):
    data = {"cluster": cluster, "source": "province", "programme": "省产业集聚区发展专项", "amount_applied": Decimal(800),
            "applied_on": dt.date(2025, 1, 10), **kw}  # fmt: skip
    return services.superior_fund_save(actor=world.users["office_admin"], fund=SuperiorFund(), data=data)


def test_superior_funds_total_and_comparison_with_the_report(world):
    from clusterzone.reporting.models import Indicator, Value

    _fund(world, world.cluster_a, amount_approved=Decimal(600), approved_on=dt.date(2025, 2, 1),
          amount_received=Decimal(500), received_on=dt.date(2025, 3, 20))  # fmt: skip
    _fund(world, world.cluster_a, source="central", programme="中央预算内投资", amount_applied=Decimal(1200),
          amount_approved=Decimal(1000), approved_on=dt.date(2025, 3, 1), amount_received=Decimal(1000),
          received_on=dt.date(2025, 4, 2))  # fmt: skip
    _fund(world, world.cluster_a, programme="未批复")  # applied only: no figure
    assert selectors.superior_funds_total(cluster=world.cluster_a, period=Period.parse("2025-03")) == Decimal(
        500
    )
    assert selectors.superior_funds_total(cluster=world.cluster_a, period=Period.parse("2025Q2")) == Decimal(
        1000
    )
    assert selectors.superior_funds_total(cluster=world.cluster_a, period=Period.parse("2025")) == Decimal(
        1500
    )
    assert selectors.superior_funds_total(cluster=world.cluster_a2, period=Period.parse("2025")) == Decimal(0)

    ind, _ = Indicator.objects.get_or_create(
        code="superior_funds", defaults={"name": "争取上级资金", "unit": "万元", "kind": "flow"}
    )
    from clusterzone.reporting.models import DataSet, Submission

    ds = DataSet.objects.create(
        scope_rule="explicit", code="m", name="月报", period_kind="monthly", due_days=5, region=world.henan
    )
    period = Period.parse("2025-03")
    for cluster, value in ((world.cluster_a, 650), (world.cluster_a2, 0)):
        sub = Submission.objects.create(dataset=ds, cluster=cluster, period="2025-03", period_end=period.end,
                                        due_date=ds.due_date(period), status="approved")  # fmt: skip
        Value.objects.create(submission=sub, cluster=cluster, indicator=ind, period="2025-03", year=2025,
                             value=Decimal(value))  # fmt: skip
    client = api_client(world.users["office_staff"])
    data = client.get("/api/superior-funds/comparison/", {"period": "2025-03"}).json()
    by_code = {r["cluster"]: r for r in data}
    assert set(by_code) == {"41172201", "41170201"}  # the 驻马店 office's clusters
    row = by_code["41172201"]
    assert (row["recorded"], Decimal(row["reported"]), Decimal(row["difference"]), row["flagged"]) == (
        "500.00",
        Decimal(650),
        Decimal(150),
        True,
    )
    assert by_code["41170201"]["flagged"] is False


def test_superior_fund_rules(world):
    client = api_client(world.users["cluster_reporter"])
    body = {"cluster": "41172201", "source": "city", "programme": "市级奖补", "amount_applied": "300",
            "applied_on": "2025-02-01", "amount_approved": "400", "approved_on": "2025-03-01"}  # fmt: skip
    response = client.post("/api/superior-funds/", body, format="json")
    assert response.status_code == 400 and "批复金额不能大于申请金额" in str(response.json())
    body["amount_approved"] = "300"
    body["amount_received"] = "200"
    response = client.post("/api/superior-funds/", body, format="json")
    assert response.status_code == 400 and "到位日期" in str(response.json())
    body["received_on"] = "2025-03-15"
    assert client.post("/api/superior-funds/", body, format="json").status_code == 201
    # a cluster outside the reporter's county reads as unknown; the office's staff may
    response = client.post("/api/superior-funds/", {**body, "cluster": "41170201"}, format="json")
    assert response.status_code == 400 and "权限范围" in response.json()["cluster"][0]
    # a cluster of the county not managed by the reporter's committee: refused
    from .. import factories as f

    f.ClusterFactory(code="41172202", name="上蔡县第二园区", region=world.shangcai)
    response = client.post("/api/superior-funds/", {**body, "cluster": "41172202"}, format="json")
    assert response.status_code == 403
    assert SuperiorFund.objects.count() == 1


def test_platform_net_asset_checks(world):
    client = api_client(world.users["office_admin"])
    created = []
    for name, net in (("上蔡县投融资平台", "120000"), ("驻马店市经济开发区投资公司", "85000")):
        response = client.post(
            "/api/financing-platforms/",
            {"name": name, "region": "411722" if "上蔡" in name else "411700", "registered_capital": "50000",
             "net_assets_minimum": "100000", "financing_goal": "200000"},
            format="json",
        )  # fmt: skip
        assert response.status_code == 201, response.content
        pk = response.json()["id"]
        created.append(pk)
        r = client.post(f"/api/financing-platforms/{pk}/years/", {"year": 2013, "net_assets": "70000",
                        "financing_raised": "30000"}, format="json")  # fmt: skip
        assert r.status_code == 200
        r = client.post(f"/api/financing-platforms/{pk}/years/", {"year": 2014, "net_assets": net,
                        "financing_raised": "50000"}, format="json")  # fmt: skip
        assert r.status_code == 200
    data = {r["name"]: r["check"] for r in rows(client.get("/api/financing-platforms/"))}
    assert data["上蔡县投融资平台"]["meets"] is True and data["上蔡县投融资平台"]["year"] == 2014
    assert data["上蔡县投融资平台"]["shortfall"] == "0"
    check = data["驻马店市经济开发区投资公司"]
    assert check["meets"] is False and check["shortfall"] == "15000.00" and check["net_assets"] == "85000.00"
    assert check["financing_total"] == "80000.00" and check["goal_share"] == 40.0
    p2013 = selectors.platform_check(FinancingPlatform.objects.get(pk=created[0]), 2013)
    assert p2013.meets is False and p2013.net_assets == Decimal(70000)
    # committees read but do not keep platforms
    reporter = api_client(world.users["cluster_reporter"])
    assert reporter.get("/api/financing-platforms/").status_code == 200
    assert reporter.post(f"/api/financing-platforms/{created[0]}/years/", {"year": 2015, "net_assets": "1"},
                         format="json").status_code == 403  # fmt: skip


def test_platform_list_picks_the_region_by_name(world, login):
    """The platforms' region filter is a list of region names in the user's scope, not a code
    box, and it filters the region and everything below it."""
    from clusterzone.finance.models import FinancingPlatform

    FinancingPlatform.objects.create(name="上蔡县投资公司", region=world.shangcai)
    FinancingPlatform.objects.create(name="驻马店市投资集团", region=world.zmd)
    client = login(world.users["province_admin"])
    html = client.get("/finance/platforms/").content.decode()
    assert '<select name="region"' in html and ">上蔡县<" in html
    listed = client.get("/finance/platforms/", {"region": world.shangcai.code}).content.decode()
    assert "上蔡县投资公司" in listed and "驻马店市投资集团" not in listed
    both = client.get("/finance/platforms/", {"region": world.zmd.code}).content.decode()
    assert "上蔡县投资公司" in both and "驻马店市投资集团" in both
