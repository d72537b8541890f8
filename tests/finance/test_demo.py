"""The finance demo loads on top of the registry demo from the seeds and is idempotent."""

from decimal import Decimal

from clusterzone.accounts.models import User
from clusterzone.finance import selectors
from clusterzone.finance.demo import load_finance_demo
from clusterzone.finance.models import FinancingNeed, FinancingPlatform, Loan, TaxSharingRule
from clusterzone.registry.models import Enterprise

from .. import factories as f


def _places():
    """The regions, cluster, enterprise and administrator the finance demo hangs on (the
    registry demo's, made by hand to keep the test quick)."""
    henan = f.region("410000", "河南省")
    xy = f.region("411500", "信阳市", henan)
    f.region("411502", "浉河区", xy)
    pq = f.region("411503", "平桥区", xy)
    zmd = f.region("411700", "驻马店市", henan)
    for code, name in (
        ("411721", "西平县"),
        ("411722", "上蔡县"),
        ("411724", "正阳县"),
        ("411726", "泌阳县"),
    ):
        f.region(code, name, zmd)
    f.region("411424", "柘城县", f.region("411400", "商丘市", henan))
    committee = f.OrgUnitFactory(name="信阳市平桥产业集聚区管委会", region=pq, kind="committee")
    cluster = f.ClusterFactory(code="41150301", name="信阳市平桥产业集聚区", region=pq, committee=committee)
    Enterprise.objects.create(name="信阳中泰置业有限公司", org_code="77943225-2", cluster=cluster)
    office = f.OrgUnitFactory(name="省联席办", region=henan, kind="joint_office")
    f.UserFactory(username="admin", unit=office, roles=["office_admin"])


def test_finance_demo_from_the_seeds(db):
    _places()
    load_finance_demo()
    load_finance_demo()  # idempotent
    zhongtai = Loan.objects.filter(borrower__name="信阳中泰置业有限公司").order_by("issued_on")
    assert [(loan.kind, loan.amount, loan.status) for loan in zhongtai] == [
        ("working_capital", Decimal(1500), "settled"), ("mortgage", Decimal(2273), "normal")
    ]  # fmt: skip
    syndicate = Loan.objects.get(borrower__name="河南信阳毛尖集团有限公司")
    assert (syndicate.amount, syndicate.status) == (Decimal(8000), "pending")
    shares = {p.lender.name: p.share for p in syndicate.participants.select_related("lender")}
    assert shares == {"浉河区农村信用合作联社": Decimal(7000), "平桥区农村信用合作联社": Decimal(1000)}
    bank_user = User.objects.get(username="pq_bank")
    assert set(selectors.loan_list(user=bank_user)) == {*zhongtai, syndicate}
    assert FinancingNeed.objects.get().responses.count() == 1
    checks = {
        c.platform.name: c.meets for c in selectors.platform_checks(user=User.objects.get(username="admin"))
    }
    assert len(checks) == 5 and checks["正阳县投融资平台"] is False and checks["西平县投融资平台"] is True
    assert FinancingPlatform.objects.filter(net_assets_minimum=100000).count() == 5
    rule = TaxSharingRule.objects.get()
    assert (rule.county_share, rule.unit_share, rule.cluster_share) == (60, 20, 20)
