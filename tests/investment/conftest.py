"""Fixtures of the investment tests: a lead maker on the shared `world`."""

from datetime import date
from decimal import Decimal

import pytest

from clusterzone.accounts.policy import SYSTEM
from clusterzone.investment import services

from .. import factories as f


@pytest.fixture
def make_lead(world):
    made = {"n": 0}

    def _make(cluster=None, **kw):
        # (cluster, company, first contact) is a lead's natural key: later default leads
        # of a test get their own company name
        made["n"] += 1
        default = "深圳某超硬材料股份有限公司" + ("" if made["n"] == 1 else f"（{made['n']}）")
        data = {
            "company": kw.pop("company", default),
            "source_region": kw.pop("source_region", "prd"),
            "company_type": kw.pop("company_type", "industry_leader"),
            "intended_investment": Decimal(kw.pop("intended_investment", "30000")),
            "cluster": cluster or world.cluster_a,
            "unit": kw.pop("unit", world.committee_a),
            "first_contact": kw.pop("first_contact", date(2025, 3, 3)),
            "industry": kw.pop("industry", f.industry("30", "非金属矿物制品业")),
            "category": kw.pop("category", f.category("超硬材料")),
            **kw,
        }
        return services.lead_create(actor=SYSTEM, data=data)

    return _make
