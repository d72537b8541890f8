"""The matching, 到资 and tax-sharing lists (API and pages) issue a fixed number of SQL queries
whatever the number of rows: measured with 10 and with 500 rows, kept as data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterzone.accounts.choices import Role
from clusterzone.finance.models import (
    AttractedTax,
    FinancingNeed,
    Guarantee,
    Loan,
    MatchingEvent,
    NeedResponse,
    ServicePairing,
    TaxSharingRule,
)
from clusterzone.investment.models import Agreement, FundsPayment, Lead
from clusterzone.registry.models import Enterprise

from .. import factories as f
from ..api import api_client

QUERY_BUDGET = {
    ("/api/financing-needs/", "office_admin"): 9,  # + banks, responses, holiday overrides
    ("/api/financing-needs/", "bank"): 9,
    ("/api/need-responses/", "bank"): 6,
    ("/api/tax-sharing/?year=2025", "office_admin"): 10,  # taxes, rules, 到资, signed, units, incentive rules
    ("/api/funds-in-place/?period=2025", "office_admin"): 5,
    ("/api/matching-events/", "office_admin"): 9,  # + banks, enterprises with their clusters, needs
    ("/api/matching-events/", "bank"): 9,
    ("/api/service-pairings/", "office_admin"): 6,
    ("/api/guarantees/", "office_admin"): 6,
    ("/api/attracted-taxes/", "office_admin"): 6,
    ("/finance/needs/", "office_admin"): 9,  # the page: one page of needs, menu, filters, clusters by name
    ("/finance/needs/", "bank"): 9,
    ("/finance/tax-sharing/?year=2025", "office_admin"): 10,
}


def add_rows(world, banks, start, stop):
    ents = Enterprise.objects.bulk_create(
        Enterprise(credit_code=f.make_credit_code(800000 + i), name=f"需求企业{i}", cluster=world.cluster_a)
        for i in range(start, stop)
    )
    needs = FinancingNeed.objects.bulk_create(
        FinancingNeed(
            enterprise=e,
            amount=Decimal(100),
            purpose="流动资金",
            published_on=dt.date(2026, 9, 1),
            respond_by=dt.date(2026, 9, 8),
            open_to_all=bool(i % 2),
        )  # fmt: skip
        for i, e in enumerate(ents)
    )
    FinancingNeed.banks.through.objects.bulk_create(
        FinancingNeed.banks.through(financingneed_id=n.pk, orgunit_id=banks.shangcai.pk) for n in needs
    )
    NeedResponse.objects.bulk_create(
        NeedResponse(need=n, bank=banks.shangcai, kind="interested", responded_on=dt.date(2026, 9, 3))
        for n in needs
    )
    leads = Lead.objects.bulk_create(
        Lead(
            code=f"L{i}",
            company=f"客商{i}",
            source_region="prd",
            company_type="private",
            intended_investment=100,
            cluster=world.cluster_a,
            unit=world.committee_a,
            first_contact=dt.date(2025, 1, 1),
            stage="signed",
        )  # fmt: skip
        for i in range(start, stop)
    )
    agreements = Agreement.objects.bulk_create(
        Agreement(lead=lead, signed_date=dt.date(2025, 2, 1), amount=Decimal(100)) for lead in leads
    )
    FundsPayment.objects.bulk_create(
        FundsPayment(agreement=a, date=dt.date(2025, 3, 1), amount=Decimal(10), evidence="进账单")
        for a in agreements
    )
    AttractedTax.objects.bulk_create(AttractedTax(lead=lead, year=2025, tax=Decimal(5)) for lead in leads)
    events = MatchingEvent.objects.bulk_create(
        MatchingEvent(name=f"对接会{i}", region=world.shangcai, date=dt.date(2025, 5, 1))
        for i in range(start, stop)
    )
    MatchingEvent.banks.through.objects.bulk_create(
        MatchingEvent.banks.through(matchingevent_id=e.pk, orgunit_id=banks.shangcai.pk) for e in events
    )
    MatchingEvent.enterprises.through.objects.bulk_create(
        MatchingEvent.enterprises.through(matchingevent_id=e.pk, enterprise_id=ent.pk)
        for e, ent in zip(events, ents, strict=True)
    )
    officer = f.UserFactory(username=f"officer{start}", unit=banks.shangcai, roles=[Role.BANK_STAFF])
    ServicePairing.objects.bulk_create(
        ServicePairing(officer=officer, bank=banks.shangcai, enterprise=e, since=dt.date(2025, 1, 1))
        for e in ents
    )
    loans = Loan.objects.bulk_create(
        Loan(lender=banks.shangcai, borrower=e, amount=Decimal(100), balance=Decimal(100), kind="working_capital",
             issued_on=dt.date(2025, 1, 1), status_since=dt.date(2025, 1, 1))
        for e in ents
    )  # fmt: skip
    Guarantee.objects.bulk_create(
        Guarantee(loan=loan, guarantor="担保公司", amount=Decimal(50), start=dt.date(2025, 1, 1))
        for loan in loans
    )


def measure(client, url):
    if not url.startswith("/api/"):  # a page: rows counted in its table
        client.get(url)  # warm the session and content types
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, response.content[:500]
        return len(ctx.captured_queries), response.content.decode().count("<tr")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"page_size": 500} if "?" not in url else None)
    assert response.status_code == 200, response.content
    data = response.json()
    n = data["count"] if "count" in data else len(data.get("projects") or data.get("agreements"))
    return len(ctx.captured_queries), n


@pytest.mark.parametrize("url,who", list(QUERY_BUDGET))
def test_matching_lists_query_count_is_constant(world, banks, url, who):
    TaxSharingRule.objects.create(region=world.zmd, county_share=60, unit_share=20, cluster_share=20)
    user = banks.shangcai_user if who == "bank" else world.users[who]
    if url.startswith("/api/"):
        client = api_client(user)
    else:
        from django.test import Client

        client = Client()
        client.force_login(user)
    add_rows(world, banks, 0, 10)
    small, n_small = measure(client, url)
    add_rows(world, banks, 10, 500)
    large, n_large = measure(client, url)
    assert n_large > n_small or not url.startswith("/api/")  # a page shows one page of rows
    assert small == large, f"{url}: {small} queries with 10 rows, {large} with 500"
    assert large == QUERY_BUDGET[(url, who)], f"{url}: {large} queries, budget {QUERY_BUDGET[(url, who)]}"
