"""The finance lists and readings issue a fixed number of SQL queries whatever the number of
rows: measured with 10 and with 500 rows, as office and as bank user, kept as data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterzone.core.periods import Period
from clusterzone.finance import selectors
from clusterzone.finance.models import (
    FinancingPlatform,
    Loan,
    LoanParticipant,
    LoanStatusChange,
    PlatformYear,
    SuperiorFund,
)
from clusterzone.registry.models import Enterprise

from .. import factories as f
from ..api import api_client

# session + user, the policy's unit + region, count + page + prefetches
QUERY_BUDGET = {
    ("/api/loans/", "office_admin"): 7,  # + participants (with their banks)
    ("/api/loans/", "bank"): 7,
    ("/api/superior-funds/", "office_admin"): 6,
    ("/api/financing-platforms/", "office_admin"): 7,  # + years
    ("/api/loan-figures/?period=2010-09", "office_admin"): 7,  # loans, participants, status changes
    ("/api/loan-figures/?period=2010-09", "bank"): 7,
}


def add_rows(world, banks, start, stop):
    ents = Enterprise.objects.bulk_create(
        Enterprise(credit_code=f.make_credit_code(700000 + i), name=f"贷款企业{i}", cluster=world.cluster_a)
        for i in range(start, stop)
    )
    loans = Loan.objects.bulk_create(
        Loan(
            lender=banks.shangcai if i % 2 else banks.city,
            borrower=ents[i - start],
            amount=Decimal(1000),
            balance=Decimal(1000),
            kind="syndicated" if i % 5 == 0 else "working_capital",
            issued_on=dt.date(2010, 1 + i % 9, 1),
            status_since=dt.date(2010, 1, 1),
        )  # fmt: skip
        for i in range(start, stop)
    )
    LoanParticipant.objects.bulk_create(
        LoanParticipant(loan=loan, lender=bank, share=Decimal(500))
        for loan in loans
        if loan.kind == "syndicated"
        for bank in (banks.city, banks.shangcai)
    )
    LoanStatusChange.objects.bulk_create(
        LoanStatusChange(loan=loan, to_status="normal", date=loan.issued_on, balance=loan.amount)
        for loan in loans
    )
    SuperiorFund.objects.bulk_create(
        SuperiorFund(
            cluster=world.cluster_a,
            source="province",
            programme=f"专项{i}",
            amount_applied=Decimal(10),
            applied_on=dt.date(2025, 1, 1),
        )  # fmt: skip
        for i in range(start, stop)
    )
    platforms = FinancingPlatform.objects.bulk_create(
        FinancingPlatform(name=f"平台{i}", region=world.shangcai) for i in range(start, stop)
    )
    PlatformYear.objects.bulk_create(
        PlatformYear(platform=p, year=y, net_assets=Decimal(90000 + y))
        for p in platforms
        for y in (2013, 2014)
    )


def measure(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"page_size": 500} if "?" not in url else None)
    assert response.status_code == 200, response.content
    data = response.json()
    n = data["count"] if isinstance(data, dict) else len(data)
    return len(ctx.captured_queries), n


@pytest.mark.parametrize("url,who", list(QUERY_BUDGET))
def test_finance_lists_query_count_is_constant(world, banks, url, who):
    user = banks.shangcai_user if who == "bank" else world.users[who]
    client = api_client(user)
    add_rows(world, banks, 0, 10)
    small, n_small = measure(client, url)
    add_rows(world, banks, 10, 500)
    large, n_large = measure(client, url)
    if "figures" not in url:
        assert n_large > n_small
    assert small == large, f"{url}: {small} queries with 10 rows, {large} with 500"
    assert large == QUERY_BUDGET[(url, who)], f"{url}: {large} queries, budget {QUERY_BUDGET[(url, who)]}"


def test_readings_query_count_is_constant(world, banks):
    user = world.users["office_admin"]
    counts = []
    for start, stop in ((0, 10), (10, 500)):
        add_rows(world, banks, start, stop)
        with CaptureQueriesContext(connection) as ctx:
            selectors.monthly_balances(user=user, year=2010)
            selectors.enterprises_with_loans(user=user)
            selectors.superior_funds_comparison(user=user, period=Period.parse("2025"))
            selectors.platform_checks(user=user)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
