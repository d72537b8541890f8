"""A cluster's reporter opens a lead, signs it (签约), lands it (落地) and opens the project
created from it."""

from datetime import date
from decimal import Decimal

import pytest

from clusterzone.accounts.policy import SYSTEM
from clusterzone.investment import services
from clusterzone.investment.models import Lead

from .. import factories as f
from ..factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def live_lead(transactional_db, world):
    lead = services.lead_create(
        actor=SYSTEM,
        data={
            "company": "深圳某超硬刀具股份有限公司", "project_name": "金刚石复合片生产线",
            "source_region": "prd", "company_type": "industry_leader", "intended_investment": Decimal("30000"),
            "cluster": world.cluster_a, "unit": world.committee_a, "first_contact": date(2025, 3, 3),
            "industry": f.industry("30"), "category": f.category("超硬材料"),
        },
    )  # fmt: skip
    services.lead_move(actor=SYSTEM, lead=lead, to_stage="intent", when=date(2025, 3, 20))
    return lead


def test_sign_land_and_open_project(live_server, live_lead, page, shot):
    page.goto(f"{live_server.url}/investment/leads/")
    page.fill("#id_username", "cluster_reporter")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector('[data-testid="list-table"]')
    table = page.inner_text('[data-testid="list-table"]')
    assert "深圳某超硬刀具股份有限公司" in table and "已超时" in table
    shot("lead-list")
    page.click("text=深圳某超硬刀具股份有限公司")
    page.wait_for_selector('[data-testid="lead-facts"]')
    assert page.inner_text('[data-testid="lead-stage"]') == "意向"

    page.fill("#sign_date", "2025-04-10")
    page.fill("#sign_amount", "32000")
    page.fill("#sign_document", "投资合作协议")
    page.click('[data-testid="do-sign"]')
    page.wait_for_selector('[data-testid="agreement"]')
    assert page.inner_text('[data-testid="lead-stage"]') == "签约"
    assert "2025年4月10日" in page.inner_text('[data-testid="agreement"]')
    assert "3.2亿元" in page.inner_text('[data-testid="agreement"]')

    page.fill('[data-testid="land-form"] input[name=date]', "2025-04-20")
    page.click('[data-testid="do-land"]')
    page.wait_for_selector('[data-testid="project-link"]')
    assert page.inner_text('[data-testid="lead-stage"]') == "落地"
    shot("lead-landed")
    lead = Lead.objects.get(pk=live_lead.pk)
    assert lead.project is not None

    page.click('[data-testid="project-link"]')
    page.wait_for_url(f"**/projects/{lead.project.pk}/")
    body = page.inner_text("main")
    assert "金刚石复合片生产线" in body and "上蔡县产业集聚区" in body
    shot("landed-project")
