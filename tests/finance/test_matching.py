"""Bank–enterprise matching (银企对接): a need published to chosen banks → a bank responds
within the working-day clock → credit granted → a loan of that bank; declined needs a
reason; the banks' scope; matching events, guarantees and the officers' assessment."""

import datetime as dt
from decimal import Decimal

from clusterzone.core.workdays import add_workdays, workdays_between
from clusterzone.finance import selectors, services
from clusterzone.finance.models import FinancingNeed, Loan, NeedClockRule, NeedResponse

from ..api import api_client, rows

NEEDS = "/api/financing-needs/"

# 2026-09-30 is a Wednesday before the National Day holiday (10-01 … 10-08)
PUBLISHED = "2026-09-28"


def _publish(world, b, **extra):
    client = api_client(world.users["office_admin"])
    body = {
        "enterprise": world.ent_a.credit_code, "amount": "1500", "purpose": "流动资金周转",
        "term_months": 12, "collateral": "厂房抵押", "banks": [b.shangcai.pk],
        "published_on": PUBLISHED, **extra,
    }  # fmt: skip
    response = client.post(NEEDS, body, format="json")
    assert response.status_code == 201, response.content
    return FinancingNeed.objects.get(pk=response.json()["id"])


def test_need_to_response_to_credit_to_loan_with_the_clock(world, banks):
    need = _publish(world, banks)
    # five working days from Monday 2026-09-28 run past the National Day holiday
    assert need.respond_by == add_workdays(dt.date(2026, 9, 28), 5)
    assert need.respond_by > dt.date(2026, 10, 8)
    bank = api_client(banks.shangcai_user)
    other = api_client(banks.lushan_user)
    assert rows(bank.get(NEEDS)) and [r["id"] for r in rows(bank.get(NEEDS))] == [need.pk]
    assert rows(other.get(NEEDS)) == []
    assert other.post(f"{NEEDS}{need.pk}/respond/", {"kind": "interested"}, format="json").status_code == 404

    # declined without a reason is refused
    response = bank.post(f"{NEEDS}{need.pk}/respond/", {"kind": "declined"}, format="json")
    assert response.status_code == 400 and "原因" in str(response.json())
    response = bank.post(
        f"{NEEDS}{need.pk}/respond/",
        {"kind": "granted", "amount": "1500", "responded_on": "2026-09-30"},
        format="json",
    )
    assert response.status_code == 201, response.content
    need.refresh_from_db()
    assert need.status == "granted"
    clock = api_client(world.users["office_admin"]).get(f"{NEEDS}{need.pk}/").json()["clock"]
    assert clock["responses"] == [{"bank": "上蔡县农村信用合作联社", "responded_on": "2026-09-30",
                                   "workdays": 2, "on_time": True}]  # fmt: skip
    assert clock["waiting"] == [] and clock["overdue"] is False

    resp_id = response.json()["id"]
    response = bank.post(
        f"/api/need-responses/{resp_id}/loan/",
        {"kind": "working_capital", "issued_on": "2026-10-12", "rate": "5.6"},
        format="json",
    )
    assert response.status_code == 201, response.content
    loan = Loan.objects.get(pk=response.json()["id"])
    assert (loan.lender, loan.borrower, loan.amount) == (banks.shangcai, world.ent_a, Decimal(1500))
    need.refresh_from_db()
    assert need.status == "loaned" and NeedResponse.objects.get(pk=resp_id).loan == loan
    # a second conversion is refused
    assert bank.post(f"/api/need-responses/{resp_id}/loan/", {}, format="json").status_code == 400
    # the office sees the whole funnel
    funnel = api_client(world.users["office_admin"]).get(f"{NEEDS}funnel/").json()
    assert [s["count"] for s in funnel] == [1, 1, 1, 1]


def test_clock_overdue_and_configurable(world, banks):
    NeedClockRule.objects.create(region=world.zmd, workdays=2)
    need = _publish(world, banks, banks=[banks.shangcai.pk, banks.city.pk])
    assert need.respond_by == dt.date(2026, 9, 30)
    services.need_respond(
        actor=banks.city_user,
        need=need,
        bank=banks.city,
        kind="interested",
        responded_on=dt.date(2026, 9, 29),
    )
    need = selectors.need_list(user=world.users["office_admin"]).get(pk=need.pk)
    clock = selectors.need_clock(need, today=dt.date(2026, 10, 12))
    assert clock.waiting == ["上蔡县农村信用合作联社"]
    assert clock.overdue_days == workdays_between(dt.date(2026, 9, 30), dt.date(2026, 10, 12))
    assert clock.overdue_days >= 2


def test_open_need_reaches_banks_of_the_region_only(world, banks):
    need = _publish(world, banks, banks=[], open_to_all=True)
    assert need in selectors.need_list(user=banks.shangcai_user)
    assert need in selectors.need_list(user=banks.city_user)  # the city's bank covers 上蔡
    assert need not in selectors.need_list(user=banks.lushan_user)
    # a bank cannot answer for another bank
    assert api_client(world.users["office_admin"]).post(NEEDS, {
        "enterprise": world.ent_a.credit_code, "amount": "10", "purpose": "x", "banks": []}, format="json"
    ).status_code == 400  # fmt: skip


def test_bank_cannot_turn_another_banks_credit_into_a_loan(world, banks):
    need = _publish(world, banks, banks=[banks.shangcai.pk, banks.city.pk])
    r = services.need_respond(
        actor=banks.city_user, need=need, bank=banks.city, kind="granted", amount=Decimal(800),
        responded_on=dt.date(2026, 9, 29),
    )  # fmt: skip
    before = Loan.objects.count()
    response = api_client(banks.shangcai_user).post(f"/api/need-responses/{r.pk}/loan/", {}, format="json")
    assert response.status_code == 404
    assert Loan.objects.count() == before


def test_matching_event_guarantee_and_officer_assessment(world, banks):
    admin = api_client(world.users["office_admin"])
    need = _publish(world, banks)
    response = admin.post("/api/matching-events/", {
        "name": "上蔡县银企对接会", "region": world.shangcai.code, "date": "2026-10-15",
        "banks": [banks.shangcai.pk, banks.city.pk], "enterprises": [world.ent_a.credit_code],
        "needs": [need.pk], "amount_signed": "5400"}, format="json")  # fmt: skip
    assert response.status_code == 201, response.content
    assert len(rows(api_client(banks.shangcai_user).get("/api/matching-events/"))) == 1
    assert rows(api_client(banks.lushan_user).get("/api/matching-events/")) == []

    response = admin.post("/api/service-pairings/", {
        "officer": banks.shangcai_user.username, "enterprise": world.ent_a.credit_code,
        "since": "2026-01-05"}, format="json")  # fmt: skip
    assert response.status_code == 201, response.content
    r = services.need_respond(
        actor=banks.shangcai_user, need=need, bank=banks.shangcai, kind="granted", amount=Decimal(1500),
        responded_on=dt.date(2026, 9, 30),
    )  # fmt: skip
    loan = services.response_to_loan(
        actor=banks.shangcai_user, response=r, data={"issued_on": dt.date(2026, 10, 12)}
    )
    [score] = admin.get("/api/service-pairings/assessment/").json()
    assert score["officer"] == banks.shangcai_user.full_name or banks.shangcai_user.username
    assert (score["enterprises"], score["needs"], score["responses"], score["on_time"]) == (1, 1, 1, 1)
    assert (score["avg_workdays"], score["granted"], score["granted_amount"], score["loans"]) == (
        2.0, 1, "1500.00", 1,
    )  # fmt: skip

    # guarantees: at most the loan's amount
    bad = admin.post("/api/guarantees/", {"loan": loan.pk, "guarantor": "上蔡县中小企业担保公司",
                                          "amount": "1600", "start": "2026-10-12"}, format="json")  # fmt: skip
    assert bad.status_code == 400 and "担保金额不能大于贷款金额" in str(bad.json())
    ok = admin.post("/api/guarantees/", {"loan": loan.pk, "guarantor": "上蔡县中小企业担保公司",
                                         "amount": "1000", "start": "2026-10-12"}, format="json")  # fmt: skip
    assert ok.status_code == 201, ok.content
    assert len(rows(api_client(banks.shangcai_user).get("/api/guarantees/"))) == 1
    assert rows(api_client(banks.lushan_user).get("/api/guarantees/")) == []


def test_pages_needs_cluster_funnel_and_tax_sharing(world, banks, client):
    need = _publish(world, banks)
    r = services.need_respond(
        actor=banks.shangcai_user, need=need, bank=banks.shangcai, kind="granted", amount=Decimal(1500),
        responded_on=dt.date(2026, 9, 30),
    )  # fmt: skip
    services.response_to_loan(
        actor=banks.shangcai_user, response=r, data={"issued_on": dt.date(2026, 10, 12)}
    )
    client.force_login(banks.shangcai_user)
    html = client.get("/finance/needs/").content.decode()
    assert "流动资金周转" in html and "已放贷" in html
    client.force_login(banks.lushan_user)
    assert "流动资金周转" not in client.get("/finance/needs/").content.decode()
    client.force_login(world.users["office_admin"])
    html = client.get(f"/finance/cluster/{world.cluster_a.code}/").content.decode()
    assert 'data-testid="matching-funnel"' in html and "转为贷款" in html and "上蔡县农村信用合作联社" in html
    assert "1,500万元" in html
    assert client.get("/finance/tax-sharing/", {"year": 2025}).status_code == 200
    assert client.get("/finance/needs/", {"export": "xlsx"}).status_code == 200
