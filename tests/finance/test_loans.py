"""Loans through POST/GET /api/loans/: syndicated shares that add up and that do not
(refused, naming the difference, nothing written), a bank user's scope, dated status changes
and the figures per bank, region and period (seed 004's figures)."""

import datetime as dt
from decimal import Decimal

from clusterzone.core.periods import Period
from clusterzone.finance import selectors, services
from clusterzone.finance.models import Loan, LoanParticipant, LoanStatusChange

from .. import factories as f
from ..api import api_client, rows

LOANS = "/api/loans/"


def _snapshot():
    return (
        list(Loan.objects.values_list("pk", "amount")),
        list(LoanParticipant.objects.values_list("pk", "share")),
        LoanStatusChange.objects.count(),
        Loan.history.count(),
    )


def test_syndicated_shares_must_add_up_exactly(world, banks):
    client = api_client(world.users["office_admin"])
    body = {
        "lender": banks.city.pk,
        "borrower": world.ent_a.credit_code,
        "amount": "8000",
        "kind": "syndicated",
        "issued_on": "2012-03-01",
        "status": "pending",
        "participants": [
            {"lender": banks.city.pk, "share": "7000"},
            {"lender": banks.shangcai.pk, "share": "900"},
        ],
    }
    before = _snapshot()
    response = client.post(LOANS, body, format="json")
    assert response.status_code == 400
    message = response.json()["participants"][0]
    assert (
        message == "各参贷银行份额合计7,900万元，与贷款金额8,000万元少100万元，份额之和须与贷款金额相等。"
    ), message
    assert _snapshot() == before
    body["participants"][1]["share"] = "1100"
    response = client.post(LOANS, body, format="json")
    assert response.status_code == 400 and "多100万元" in response.json()["participants"][0]
    assert _snapshot() == before
    # a syndicated loan without participants, and participants on a plain loan
    assert client.post(LOANS, {**body, "participants": []}, format="json").status_code == 400
    plain = {**body, "kind": "working_capital"}
    assert client.post(LOANS, plain, format="json").status_code == 400
    assert _snapshot() == before

    body["participants"][1]["share"] = "1000"
    response = client.post(LOANS, body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["kind_display"] == "银团" and data["status_display"] == "待解付"
    assert [(p["lender"], p["share"]) for p in data["participants"]] == [
        (banks.city.pk, "7000.00"),
        (banks.shangcai.pk, "1000.00"),
    ]
    loan = Loan.objects.get(pk=data["id"])
    assert loan.balance == 0  # pending: not disbursed yet
    assert list(loan.status_changes.values_list("to_status", "date")) == [("pending", dt.date(2012, 3, 1))]


def test_borrower_by_organisation_code_and_bank_user_scope(world, banks):
    ent = f.EnterpriseFactory(
        cluster=world.cluster_a, name="信阳中泰置业有限公司", credit_code=None, org_code="77943225-2"
    )
    bank = api_client(banks.shangcai_user)
    body = {
        "lender": banks.shangcai.pk,
        "borrower": "779432252",
        "amount": "1500",
        "kind": "working_capital",
        "issued_on": "2011-10-20",
    }
    response = bank.post(LOANS, body, format="json")
    assert response.status_code == 201, response.content
    own = response.json()
    assert own["borrower"]["name"] == "信阳中泰置业有限公司" and own["balance"] == "1500.00"
    # a bank user cannot record a loan of another bank: nothing written
    before = _snapshot()
    response = bank.post(LOANS, {**body, "lender": banks.city.pk}, format="json")
    assert response.status_code == 403
    assert _snapshot() == before
    # another bank's loan, a syndicate the bank shares, a syndicate it does not
    other = services.loan_create(
        actor=banks.city_user,
        data={"lender": banks.city, "borrower": ent, "amount": Decimal(2273), "kind": "mortgage",
              "issued_on": dt.date(2012, 9, 23)},
    )  # fmt: skip
    shared = services.loan_create(
        actor=world.users["office_admin"],
        data={"lender": banks.lushan, "borrower": world.ent_a, "amount": Decimal(8000), "kind": "syndicated",
              "issued_on": dt.date(2012, 3, 1),
              "participants": [{"lender": banks.lushan, "share": Decimal(7000)},
                               {"lender": banks.shangcai, "share": Decimal(1000)}]},
    )  # fmt: skip
    foreign = services.loan_create(
        actor=banks.lushan_user,
        data={"lender": banks.lushan, "borrower": world.ent_b, "amount": Decimal(300), "kind": "working_capital",
              "issued_on": dt.date(2012, 3, 1)},
    )  # fmt: skip
    ids = {r["id"] for r in rows(bank.get(LOANS))}
    assert ids == {own["id"], shared.pk}
    assert bank.get(f"{LOANS}{other.pk}/").status_code == 404
    assert bank.get(f"{LOANS}{shared.pk}/").status_code == 200
    # a participant reads the syndicate but does not change it
    assert bank.patch(f"{LOANS}{shared.pk}/", {"notes": "x"}, format="json").status_code == 403
    # the 鲁山 bank leads the syndicate of an enterprise outside its region: it sees it
    lushan = {r["id"] for r in rows(api_client(banks.lushan_user).get(LOANS))}
    assert lushan == {shared.pk, foreign.pk}
    # the 驻马店 office sees its region's loans, not the 鲁山 enterprise's
    office = {r["id"] for r in rows(api_client(world.users["office_admin"]).get(LOANS))}
    assert office == {own["id"], other.pk, shared.pk}
    # bank users see the registry but not the offices' internal reports
    assert bank.get("/api/enterprises/").status_code == 200
    assert bank.get("/api/leads/").status_code == 403


def test_status_changes_and_figures_per_bank_region_period(world, banks):
    """The county cooperative's portfolio (seed 004): 4130万 balance at 2010-09, +32.75% on a
    year before, 5400万 disbursed in 2010, 607万 non-performing."""
    admin = world.users["office_admin"]
    coop = banks.shangcai

    def loan(amount, issued, kind="working_capital", **kw):
        return services.loan_create(
            actor=admin,
            data={"lender": coop, "borrower": world.ent_a, "amount": Decimal(amount), "kind": kind,
                  "issued_on": issued, **kw},
        )  # fmt: skip

    old = loan("3111.11", dt.date(2009, 3, 1))  # outstanding at 2009-09
    services.loan_status_change(actor=admin, loan=old, status="settled", when=dt.date(2010, 2, 1))
    loan(2000, dt.date(2010, 1, 15))
    b = loan(2400, dt.date(2010, 4, 10))
    c = loan(1000, dt.date(2010, 6, 1))
    services.loan_status_change(
        actor=admin, loan=c, status="npl", when=dt.date(2010, 8, 31), balance=Decimal(607)
    )
    services.loan_status_change(actor=admin, loan=b, when=dt.date(2010, 9, 10), balance=Decimal(1523))
    loan(500, dt.date(2010, 10, 5))  # after the period
    loan(8000, dt.date(2010, 5, 1), "syndicated", status="pending",
         participants=[{"lender": banks.city, "share": Decimal(7000)}, {"lender": coop, "share": Decimal(1000)}])  # fmt: skip

    (row,) = [
        r for r in selectors.loan_figures(user=admin, period=Period.parse("2010-09")) if r.key == str(coop.pk)
    ]
    assert row.balance == Decimal("4130.00")  # 2000 + 1523 + 607
    assert row.balance_last_year == Decimal("3111.11")
    assert row.growth == 32.8  # 32.75% shown to one decimal
    assert row.npl == Decimal("607.00")
    year = [
        r for r in selectors.loan_figures(user=admin, period=Period.parse("2010")) if r.key == str(coop.pk)
    ][0]
    assert year.disbursed == Decimal(
        "5900.00"
    )  # 2000 + 2400 + 1000 + 500; the pending share is not disbursed
    by_region = selectors.loan_figures(user=admin, period=Period.parse("2010-09"), by="region")
    assert [(r.key, r.balance) for r in by_region] == [("411722", Decimal("4130.00"))]
    # the status history through the API; a change dated before the last one is refused
    client = api_client(admin)
    history = client.get(f"{LOANS}{c.pk}/status-history/").json()
    assert [(h["to_status"], h["date"], h["balance"]) for h in history] == [
        ("normal", "2010-06-01", "1000.00"),
        ("npl", "2010-08-31", "607.00"),
    ]
    response = client.post(f"{LOANS}{c.pk}/status/", {"status": "watch", "date": "2010-08-01"}, format="json")
    assert response.status_code == 400
    response = client.post(
        f"{LOANS}{c.pk}/status/", {"status": "settled", "date": "2011-01-05"}, format="json"
    )
    assert response.status_code == 200 and response.json()["balance"] == "0.00"
    figures = client.get("/api/loan-figures/", {"period": "2010-09", "by": "bank"}).json()
    assert {r["name"]: r["balance"] for r in figures}["上蔡县农村信用合作联社"] == "4130.00"
    assert selectors.enterprises_with_loans(user=admin, clusters=[world.cluster_a])[0]["with_loans"] == 1
