"""Bank–enterprise matching in a real browser: the office publishes an enterprise's financing
need to a bank, the bank's user grants credit on the need's page and turns it into a loan, and
the office sees the loan on the cluster's financing page."""

import pytest

from clusterzone.accounts.choices import Role, UnitKind
from clusterzone.finance.models import FinancingNeed, Loan

from .. import factories as f
from ..factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def bank(transactional_db, world):
    unit = f.OrgUnitFactory(name="上蔡县农村信用合作联社", region=world.shangcai, kind=UnitKind.BANK)
    f.UserFactory(username="bank_sc", unit=unit, roles=[Role.BANK_STAFF])
    return unit


def _login(page, url, username):
    page.context.clear_cookies()
    page.goto(url)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def test_need_credit_loan_and_the_cluster_page(live_server, world, bank, page, shot):
    # the office publishes the enterprise's need to the bank
    _login(page, f"{live_server.url}/finance/needs/add/", "office_admin")
    page.wait_for_selector("#id_enterprise")
    page.select_option("#id_enterprise", label=world.ent_a.name)
    page.fill("#id_amount", "1500")
    page.fill("#id_purpose", "流动资金周转")
    page.fill("#id_term_months", "12")
    page.select_option("#id_banks", label="上蔡县农村信用合作联社")
    page.click("button[type=submit]")
    page.wait_for_selector('[data-testid="need-facts"]')
    assert page.inner_text('[data-testid="need-status"]') == "已发布"
    need = FinancingNeed.objects.get()
    shot("finance-need-published")

    # the bank's user grants credit on the need's page and turns it into a loan
    _login(page, f"{live_server.url}/finance/needs/", "bank_sc")
    page.wait_for_selector('[data-testid="list-table"]')
    assert world.ent_a.name in page.inner_text('[data-testid="list-table"]')
    page.click(f"text={world.ent_a.name}")
    page.wait_for_selector('[data-testid="respond-form"]')
    page.select_option("#id_respond-kind", "granted")
    page.fill("#id_respond-amount", "1500")
    page.click('[data-testid="do-respond"]')
    page.wait_for_selector('[data-testid="to-loan-form"]')
    assert page.inner_text('[data-testid="need-status"]') == "已授信"
    page.fill("#id_loan-rate", "4.35")
    page.click('[data-testid="do-loan"]')
    page.wait_for_selector('[data-testid="response-loan"]:has-text("已转为贷款")')
    assert page.inner_text('[data-testid="need-status"]') == "已放贷"
    loan = Loan.objects.get()
    assert loan.lender == bank and loan.borrower == world.ent_a and loan.amount == 1500
    need.refresh_from_db()
    assert need.status == "loaned"
    shot("finance-need-loaned")

    # the office sees the loan on the cluster's financing page
    _login(page, f"{live_server.url}/finance/cluster/{world.cluster_a.code}/", "office_staff")
    page.wait_for_selector("#balance-chart")
    body = page.inner_text("main")
    assert "上蔡县农村信用合作联社" in body and "1,500万元" in body and "已放贷" in body
    shot("finance-cluster-page")
