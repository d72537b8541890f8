"""Demo data of the finance module, from the seeds: 平桥区农村信用合作联社's loans (seed 004:
信阳中泰置业's working-capital and mortgage loans, the 8,000万 syndicated loan to 毛尖集团 led by
浉河区农联社 with 平桥's 1,000万 share pending disbursement), a 金融机构用户 of the cooperative,
a financing need answered by it, 驻马店's five financing platforms against the 10亿 net-asset
minimum (seed 002) and the 6:2:2 tax sharing of attracted projects (seed 000). Idempotent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from clusterzone.accounts.choices import Role, UnitKind
from clusterzone.accounts.models import OrgUnit, Region, User
from clusterzone.accounts.policy import SYSTEM
from clusterzone.registry.demo import PASSWORD, demo_credit_code
from clusterzone.registry.models import Cluster, Enterprise

from . import services
from .models import FinancingNeed, FinancingPlatform, Loan, TaxSharingRule

PINGQIAO = "411503"
SHIHE = "411502"
XINYANG_CLUSTER = "41150301"

# seed 002: 上蔡, 正阳, 西平, 泌阳 and the 经济开发区 (the city's), net assets ≥ 10亿, 60亿 of
# financing among the five; the yearly figures are illustrative
PLATFORMS = [
    ("411722", "上蔡县投融资平台", "105000", "15000"),
    ("411724", "正阳县投融资平台", "86000", "9000"),
    ("411721", "西平县投融资平台", "112000", "14000"),
    ("411726", "泌阳县投融资平台", "97000", "11000"),
    ("411700", "驻马店经济开发区投融资平台", "138000", "21000"),
]


def _bank(region_code: str, name: str) -> OrgUnit:
    region = Region.objects.get(code=region_code)
    unit, _ = OrgUnit.objects.get_or_create(name=name, region=region, defaults={"kind": UnitKind.BANK})
    return unit


@transaction.atomic
def load_finance_demo(stdout=None) -> None:
    def say(msg: str) -> None:
        if stdout is not None:
            stdout.write(msg)

    pingqiao = _bank(PINGQIAO, "平桥区农村信用合作联社")
    shihe = _bank(SHIHE, "浉河区农村信用合作联社")
    user = User.objects.filter(username="pq_bank").first()
    if user is None:
        User.objects.create(
            username="pq_bank", full_name="平桥区农信社信贷员", unit=pingqiao, roles=[Role.BANK_STAFF],
            password=make_password(PASSWORD),
        )  # fmt: skip
    cluster = Cluster.objects.filter(code=XINYANG_CLUSTER).select_related("region").first()
    zhongtai = (
        Enterprise.objects.filter(org_code="77943225-2").first()
        or Enterprise.objects.filter(name="信阳中泰置业有限公司").first()
    )
    loans = 0
    if cluster is not None and zhongtai is not None and not Loan.objects.filter(borrower=zhongtai).exists():
        services.loan_create(actor=SYSTEM, data={
            "lender": pingqiao, "borrower": zhongtai, "amount": Decimal(1500), "kind": "working_capital",
            "issued_on": date(2011, 10, 20), "maturity": date(2012, 10, 19), "collateral": "土地使用权抵押",
            "notes": "种子004：2011年10月申请流动资金贷款1500万元。"}, reason="演示数据")  # fmt: skip
        loan = Loan.objects.filter(borrower=zhongtai, kind="working_capital").first()
        services.loan_status_change(actor=SYSTEM, loan=loan, status="settled", when=date(2012, 10, 19),
                                    reason="到期结清")  # fmt: skip
        services.loan_create(actor=SYSTEM, data={
            "lender": pingqiao, "borrower": zhongtai, "amount": Decimal(2273), "kind": "mortgage",
            "issued_on": date(2012, 9, 23), "maturity": date(2032, 9, 22), "rate": Decimal("6.55"),
            "collateral": "信阳国际商城商铺按揭",
            "notes": "种子004：信阳国际商城（2012-09-23开业）按揭贷款2273万元。"}, reason="演示数据")  # fmt: skip
        loans += 2
    if cluster is not None:
        maojian = Enterprise.objects.filter(name="河南信阳毛尖集团有限公司").first()
        if maojian is None:
            maojian = Enterprise.objects.create(
                name="河南信阳毛尖集团有限公司", cluster=cluster, registered_capital=Decimal(22154),
                credit_code=demo_credit_code(cluster.region.code, "河南信阳毛尖集团有限公司"),
            )  # fmt: skip
        if not Loan.objects.filter(borrower=maojian).exists():
            services.loan_create(actor=SYSTEM, data={
                "lender": shihe, "borrower": maojian, "amount": Decimal(8000), "kind": "syndicated",
                "issued_on": date(2026, 11, 16), "maturity": date(2029, 11, 15), "status": "pending",
                "notes": "种子004：浉河区农联社牵头的银团贷款8000万元，平桥区农联社份额1000万元，待解付。",
                "participants": [{"lender": shihe, "share": Decimal(7000)},
                                 {"lender": pingqiao, "share": Decimal(1000)}]}, reason="演示数据")  # fmt: skip
            loans += 1
        if zhongtai is not None and not FinancingNeed.objects.filter(enterprise=zhongtai).exists():
            need = services.need_publish(actor=SYSTEM, data={
                "enterprise": zhongtai, "amount": Decimal(3000), "purpose": "商城二期流动资金", "term_months": 24,
                "collateral": "商铺抵押", "deadline": date(2026, 12, 31), "published_on": date(2026, 11, 25),
                "banks": [pingqiao, shihe]}, reason="演示数据")  # fmt: skip
            services.need_respond(actor=SYSTEM, need=need, bank=pingqiao, kind="interested",
                                  reason="已安排客户经理上门调查", responded_on=date(2026, 11, 27))  # fmt: skip
    platforms = 0
    for code, name, net_assets, raised in PLATFORMS:
        region = Region.objects.filter(code=code).first()
        if region is None or FinancingPlatform.objects.filter(region=region, name=name).exists():
            continue
        platform = services.platform_save(actor=SYSTEM, platform=FinancingPlatform(), data={
            "name": name, "region": region, "net_assets_minimum": Decimal(100000), "financing_goal": Decimal(120000),
            "notes": "种子002：净资产达到10亿元以上，五个平台合计融资60亿元。"}, reason="演示数据")  # fmt: skip
        services.platform_year_set(actor=SYSTEM, platform=platform, year=2025, net_assets=Decimal(net_assets),
                                   financing_raised=Decimal(raised), reason="演示数据")  # fmt: skip
        platforms += 1
    zhecheng = Region.objects.filter(code="411424").first()
    if zhecheng is not None and not TaxSharingRule.objects.filter(region=zhecheng).exists():
        services.tax_rule_save(actor=SYSTEM, rule=TaxSharingRule(), data={
            "region": zhecheng, "county_share": Decimal(60), "unit_share": Decimal(20), "cluster_share": Decimal(20),
            "document": "种子000：招商引资项目税收按6:2:2分成"}, reason="演示数据")  # fmt: skip
    say(f"金融服务：贷款 {loans} 笔，投融资平台 {platforms} 个；金融机构用户 pq_bank（密码同上）。")
