"""Tax sharing of attracted projects (seed 000's 6:2:2) on a hand-made year, the rule's
shares adding up to 100, the tax read from the enterprise's figures when not entered, and
the attraction incentives per unit from configured rules."""

from datetime import date
from decimal import Decimal

from clusterzone.accounts.policy import SYSTEM
from clusterzone.finance import selectors
from clusterzone.finance.models import AttractedTax, IncentiveRule, TaxSharingRule
from clusterzone.investment import services as inv

from ..api import api_client


def _lead(world, company, amount, unit=None):
    lead = inv.lead_create(actor=SYSTEM, data={
        "company": company, "source_region": "prd", "company_type": "private",
        "intended_investment": Decimal(amount), "cluster": world.cluster_a, "unit": unit or world.committee_a,
        "first_contact": date(2025, 1, 6)})  # fmt: skip
    inv.lead_sign(actor=SYSTEM, lead=lead, signed_date=date(2025, 3, 3), amount=Decimal(amount))
    return lead


def test_six_two_two_split_of_a_hand_made_year(world):
    admin = api_client(world.users["office_admin"])
    bad = admin.post("/api/tax-sharing-rules/", {"region": world.shangcai.code, "county_share": "60",
                                                 "unit_share": "20", "cluster_share": "25"}, format="json")  # fmt: skip
    assert bad.status_code == 400 and "合计应为100%，现为105%" in str(bad.json())
    assert not TaxSharingRule.objects.exists()
    ok = admin.post("/api/tax-sharing-rules/", {"region": world.shangcai.code, "county_share": "60",
                                                "unit_share": "20", "cluster_share": "20",
                                                "document": "上蔡县招商引资税收分成办法"}, format="json")  # fmt: skip
    assert ok.status_code == 201, ok.content
    a = _lead(world, "甲电子科技有限公司", "20000")
    b = _lead(world, "乙食品有限公司", "8000")
    unsigned = inv.lead_create(actor=SYSTEM, data={
        "company": "丙", "source_region": "prd", "company_type": "private", "intended_investment": Decimal(1),
        "cluster": world.cluster_a, "first_contact": date(2025, 1, 6)})  # fmt: skip
    for lead, tax in ((a, "350"), (b, "123.45")):
        r = admin.post("/api/attracted-taxes/", {"lead": lead.code, "year": 2025, "tax": tax}, format="json")
        assert r.status_code == 201, r.content
    r = admin.post("/api/attracted-taxes/", {"lead": unsigned.code, "year": 2025, "tax": "5"}, format="json")
    assert r.status_code == 400 and "尚未签约" in str(r.json())
    assert AttractedTax.objects.count() == 2

    data = admin.get("/api/tax-sharing/", {"year": 2025}).json()
    rows = {p["company"]: p for p in data["projects"]}
    assert (rows["甲电子科技有限公司"]["county"], rows["甲电子科技有限公司"]["attracting_unit"],
            rows["甲电子科技有限公司"]["cluster_share"]) == ("210.00", "70.00", "70.00")  # fmt: skip
    # 123.45 × 20% = 24.69 each to the unit and the cluster, the county takes 74.07
    assert (rows["乙食品有限公司"]["county"], rows["乙食品有限公司"]["attracting_unit"]) == ("74.07", "24.69")
    assert data["totals"]["county"] == "284.07"
    assert data["totals"]["units"] == {world.committee_a.name: "94.69"}

    # incentives: 1% of the year's 到资 capped at 50万, and 10% of the unit's tax share
    IncentiveRule.objects.create(
        region=world.zmd, name="到资奖励", basis="in_place", rate=Decimal(1), cap=Decimal(50)
    )
    IncentiveRule.objects.create(region=world.zmd, name="税收奖励", basis="tax", rate=Decimal(10))
    inv.payment_record(actor=SYSTEM, agreement=a.agreement,
                       data={"date": date(2025, 6, 1), "amount": Decimal(6000), "evidence": "进账单"})  # fmt: skip
    [unit] = selectors.incentives(user=world.users["office_admin"], year=2025)
    assert [(line["rule"], line["base"], line["amount"]) for line in unit["lines"]] == [
        ("到资奖励", "6000.00", "50.00"), ("税收奖励", "94.69", "9.47")
    ]  # fmt: skip
    assert unit["total"] == "59.47"


def test_attracted_taxes_import_errors_and_again(world):
    import csv
    import io

    from clusterzone.core.importing import get_importer

    lead = _lead(world, "甲电子科技有限公司", "20000")

    def run(rows):
        buf = io.StringIO()
        csv.writer(buf).writerows([["线索编号", "年度", "税收（万元）"], *rows])
        return get_importer("attracted-taxes").run(buf.getvalue().encode(), filename="税收.csv",
                                                   actor=world.users["office_admin"])  # fmt: skip

    bad = run([[lead.code, "2025", "350"], ["NO-SUCH", "2025", "10"], [lead.code, "2024", "-5"]])
    assert not bad.ok and AttractedTax.objects.count() == 0
    assert {(e.row, e.column) for e in bad.errors} == {(3, "线索编号"), (4, "税收（万元）")}, [
        str(e) for e in bad.errors
    ]
    ok = run([[lead.code, "2025", "350"]])
    assert ok.ok and ok.created == 1
    again = run([[lead.code, "2025", "360"]])
    assert again.ok and again.updated == 1 and AttractedTax.objects.get().tax == Decimal(360)
