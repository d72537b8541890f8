"""Assessments count 到资: a cluster scheme names `funds_in_place` (funds actually received in
the year against the agreements of the cluster's leads) or `signed_amount` (agreements signed
in the year) as it names a reported indicator; the investment module registers both sources
and the assessment reads them in one query each. Hand-made numbers."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterzone.accounts.policy import SYSTEM
from clusterzone.assessment import measures, services, sources
from clusterzone.core.exceptions import DomainError
from clusterzone.investment import services as investment

A, A2, B = "41172201", "41170201", "41042301"

SCHEME = {
    "name": "2025年度招商到资考核（测试）",
    "year": 2025,
    "region": "410000",
    "dimensions": [
        {
            "name": "招商实效",
            "indicators": [
                {"indicator": "funds_in_place", "measure": "value", "weight": 60, "method": "rank"},
                {"indicator": "signed_amount", "measure": "value", "weight": 40, "method": "rank"},
            ],
        }
    ],
}


def _signed(make_lead, cluster, amount, signed_on, unit=None):
    lead = make_lead(
        cluster=cluster,
        unit=unit or cluster.committee,
        company=f"{cluster.name}客商{amount}",
        first_contact=date(signed_on.year, 1, 2),
    )
    investment.lead_sign(actor=SYSTEM, lead=lead, signed_date=signed_on, amount=D(amount))
    return lead.agreement


def _pay(agreement, on, amount):
    investment.payment_record(
        actor=SYSTEM, agreement=agreement, data={"date": on, "amount": D(amount), "evidence": "银行进账单"}
    )


@pytest.fixture
def deals(world, make_lead):
    # A: signed 30000 in 2025, 8000 + 4000 in place in 2025 (and 2000 against a 2024 deal in 2024)
    a = _signed(make_lead, world.cluster_a, "30000", date(2025, 3, 10))
    _pay(a, date(2025, 6, 30), "8000")
    _pay(a, date(2025, 11, 20), "4000")
    a_old = _signed(make_lead, world.cluster_a, "5000", date(2024, 4, 1))
    _pay(a_old, date(2024, 9, 1), "2000")
    # B: signed 50000 in 2025 with only 3000 in place; a payment of 2026 is not 2025's
    b = _signed(make_lead, world.cluster_b, "50000", date(2025, 2, 1), unit=world.committee_b)
    _pay(b, date(2025, 12, 31), "3000")
    _pay(b, date(2026, 1, 5), "9000")
    # A2: signed 10000 in 2025, nothing in place
    _signed(make_lead, world.cluster_a2, "10000", date(2025, 7, 1), unit=world.committee_a)
    return world


def test_sources_registered_by_the_investment_module():
    assert {"funds_in_place", "signed_amount"} <= sources.codes()
    assert sources.names()["funds_in_place"] == "到资额"


def test_measures_read_funds_in_place_and_signed_amounts(deals):
    with CaptureQueriesContext(connection) as ctx:
        inputs = measures.read_inputs(SCHEME, 2025, "410000")
    # clusters, office inputs, last year's and the previous run, one query per source
    assert len(ctx.captured_queries) <= 7
    got = {code: inputs["clusters"][code]["measures"] for code in (A, A2, B)}
    assert got[A] == {"funds_in_place.value": "12000", "signed_amount.value": "30000"}
    assert got[B] == {"funds_in_place.value": "3000", "signed_amount.value": "50000"}
    # records, not reports: no payment in the year is 0 到资, not missing data
    assert got[A2] == {"funds_in_place.value": "0", "signed_amount.value": "10000"}
    assert inputs["clusters"][A]["history"]["2024"]["values"] == {
        "funds_in_place": "2000",
        "signed_amount": "5000",
    }


def test_yoy_of_funds_in_place(deals):
    scheme = {
        **SCHEME,
        "dimensions": [
            {"name": "增长", "indicators": [{"indicator": "funds_in_place", "measure": "yoy", "weight": 10, "method": "rank"}]}
        ],
    }  # fmt: skip
    inputs = measures.read_inputs(scheme, 2025, "410000")
    assert inputs["clusters"][A]["measures"] == {"funds_in_place.yoy": "500"}  # (12000 − 2000) / 2000
    assert inputs["clusters"][B]["measures"] == {"funds_in_place.yoy": None}  # nothing in 2024


def test_a_scheme_ranks_clusters_by_funds_in_place(deals):
    admin = deals.users["province_admin"]
    scheme = services.scheme_save(actor=admin, scheme=None, definition=SCHEME)
    run = services.run_create(actor=admin, scheme=scheme, year=2025)
    r = {x.cluster: x for x in run.rows}
    # 到资 12000 > 3000 > 0: ranks 1, 2, 3 → 60, 30, 0;
    # signed 50000 > 30000 > 10000 → B 40, A 20, A2 0
    assert r[A].points == {"funds_in_place.value": D(60), "signed_amount.value": D(20)}
    assert r[B].points == {"funds_in_place.value": D(30), "signed_amount.value": D(40)}
    assert r[A2].points == {"funds_in_place.value": D(0), "signed_amount.value": D(0)}
    assert [(x.cluster, x.score, x.rank) for x in run.rows] == [(A, D(80), 1), (B, D(70), 2), (A2, D(0), 3)]


def test_signed_amount_alone_ranks_otherwise(deals):
    admin = deals.users["province_admin"]
    definition = {
        **SCHEME,
        "name": "签约额考核（测试）",
        "dimensions": [{"name": "签约", "indicators": [{"indicator": "signed_amount", "weight": 100, "method": "rank"}]}],
    }  # fmt: skip
    run = services.run_create(
        actor=admin, scheme=services.scheme_save(actor=admin, scheme=None, definition=definition), year=2025
    )
    assert [x.cluster for x in run.rows] == [B, A, A2]


def test_an_unknown_source_code_is_refused(world):
    definition = {
        **SCHEME,
        "dimensions": [{"name": "x", "indicators": [{"indicator": "funds_in_plaec", "weight": 10, "method": "rank"}]}],
    }  # fmt: skip
    with pytest.raises(DomainError) as exc:
        services.scheme_save(actor=world.users["province_admin"], scheme=None, definition=definition)
    assert "funds_in_plaec" in str(exc.value.message)
