"""到资 (funds actually in place) against signed agreements: payments through the API,
cumulative against the agreed amount per agreement and unit and period, the funnel's 到资
stage and its conversion, and a unit quota counted by 到资 instead of the signed amount."""

from datetime import date
from decimal import Decimal

from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.periods import Period
from clusterzone.investment import selectors, services
from clusterzone.investment.models import FundsPayment
from clusterzone.projects.models import UnitQuota
from clusterzone.projects.selectors import quota_check

from ..api import api_client


def _signed(make_lead, amount="30000", **kw):
    lead = make_lead(**kw)
    services.lead_sign(actor=SYSTEM, lead=lead, signed_date=date(2025, 5, 6), amount=Decimal(amount))
    return lead


def test_payments_against_the_agreement(world, make_lead):
    lead = _signed(make_lead)
    other = make_lead(company="未签约企业")
    client = api_client(world.users["office_admin"])
    url = f"/api/leads/{lead.pk}/payments/"
    body = {"date": "2025-06-30", "amount": "8000", "source_region": "广东省深圳市", "evidence": "银行进账单"}
    assert client.post(url, body, format="json").status_code == 201
    assert (
        client.post(url, {**body, "date": "2025-11-20", "amount": "4000"}, format="json").status_code == 201
    )
    # before the signing, without evidence, on an unsigned lead: refused, nothing written
    bad = client.post(url, {**body, "date": "2025-05-01"}, format="json")
    assert bad.status_code == 400 and "不能早于签约日期" in str(bad.json())
    assert client.post(url, {**body, "evidence": ""}, format="json").status_code == 400
    assert client.post(f"/api/leads/{other.pk}/payments/", body, format="json").status_code == 400
    assert FundsPayment.objects.count() == 2
    # another city's office does not reach this lead
    assert api_client(world.users["other_admin"]).post(url, body, format="json").status_code == 404
    assert FundsPayment.objects.count() == 2

    [row] = selectors.funds_in_place(user=world.users["office_admin"], period=Period.parse("2025Q3"))
    assert (row.agreed, row.in_place, row.in_period, row.rate) == (Decimal(30000), Decimal(8000), 0, 26.7)
    [row] = selectors.funds_in_place(user=world.users["office_admin"], period=Period.parse("2025"))
    assert (row.in_place, row.in_period, row.outstanding) == (Decimal(12000), Decimal(12000), Decimal(18000))
    data = client.get("/api/funds-in-place/", {"period": "2025-11"}).json()
    assert data["agreements"][0]["in_period"] == "4000.00" and data["agreements"][0]["rate"] == 40.0
    assert (
        data["by_unit"][0]["unit"] == world.committee_a.name and data["by_unit"][0]["in_place"] == "12000.00"
    )

    funnel = selectors.funnel(user=world.users["office_admin"])
    step = funnel.steps[-1]
    assert (step.stage, step.label, step.count, step.amount) == ("in_place", "到资", 1, Decimal(12000))
    assert step.conversion == 100.0 and funnel.in_place_amount == Decimal(12000)


def test_unit_quota_counted_by_funds_in_place(world, make_lead):
    lead = _signed(make_lead, amount="60000")
    services.lead_land(actor=SYSTEM, lead=lead, when=date(2025, 6, 1))
    UnitQuota.objects.create(
        unit=world.committee_a, year=2025, min_amount=Decimal(50000), count=1, basis="in_place"
    )
    result = quota_check(region=world.shangcai, year=2025)
    assert result["units"][0].achieved == 0  # signed 6亿 but nothing in place yet
    services.payment_record(actor=SYSTEM, agreement=lead.agreement,
                            data={"date": date(2025, 9, 1), "amount": Decimal(50000), "evidence": "验资报告"})  # fmt: skip
    result = quota_check(region=world.shangcai, year=2025)
    assert result["units"][0].achieved == 1 and result["units"][0].as_dict()["basis"] == "in_place"
    # the same quota by signed amount counts it regardless
    UnitQuota.objects.update(basis="signed")
    assert quota_check(region=world.shangcai, year=2024 + 1)["units"][0].achieved == 1
