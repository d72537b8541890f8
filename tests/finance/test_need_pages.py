"""The financing-need pages: an office publishes a need on the page (the clock counted in
working days), the bank it was published to responds on the need's page and turns the
granted credit into a loan; another bank neither sees the need nor may respond."""

import datetime as dt
from decimal import Decimal

from clusterzone.core.workdays import add_workdays
from clusterzone.finance.models import FinancingNeed, Loan, NeedResponse


def test_publish_respond_and_loan_on_the_pages(world, banks, client):
    client.force_login(world.users["office_admin"])
    page = client.get("/finance/needs/add/")
    assert page.status_code == 200 and "发布银行" in page.content.decode()
    response = client.post(
        "/finance/needs/add/",
        {"enterprise": world.ent_a.pk, "amount": "1500", "purpose": "流动资金周转", "term_months": "12",
         "published_on": "2026-09-28", "banks": [banks.shangcai.pk]},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    need = FinancingNeed.objects.get()
    assert need.respond_by == add_workdays(dt.date(2026, 9, 28), 5)
    listing = client.get("/finance/needs/").content.decode()
    assert (
        "上蔡示例企业有限公司" in listing
        and "Excel导入" in listing
        and f"/finance/needs/{need.pk}/" in listing
    )

    # another bank: the need is not published to it
    client.force_login(banks.lushan_user)
    assert client.get(f"/finance/needs/{need.pk}/").status_code == 404
    assert (
        client.post(f"/finance/needs/{need.pk}/respond/", {"respond-kind": "interested"}).status_code == 404
    )

    client.force_login(banks.shangcai_user)
    detail = client.get(f"/finance/needs/{need.pk}/").content.decode()
    assert 'data-testid="respond-form"' in detail and "待响应" in detail
    # declined without a reason: refused, nothing written
    client.post(
        f"/finance/needs/{need.pk}/respond/",
        {"respond-kind": "declined", "respond-responded_on": "2026-09-29"},
    )
    assert NeedResponse.objects.count() == 0
    client.post(
        f"/finance/needs/{need.pk}/respond/",
        {"respond-kind": "granted", "respond-amount": "1500", "respond-responded_on": "2026-09-30"},
    )
    granted = NeedResponse.objects.get()
    assert (
        granted.kind == "granted"
        and granted.bank == banks.shangcai
        and granted.officer == banks.shangcai_user
    )
    detail = client.get(f"/finance/needs/{need.pk}/").content.decode()
    assert 'data-testid="to-loan-form"' in detail and "已授信" in detail
    response = client.post(
        f"/finance/responses/{granted.pk}/loan/",
        {"loan-kind": "working_capital", "loan-issued_on": "2026-10-09", "loan-rate": "4.35"},
    )
    assert response.status_code == 302
    loan = Loan.objects.get()
    assert (loan.lender, loan.borrower, loan.amount, loan.issued_on) == (
        banks.shangcai,
        world.ent_a,
        Decimal(1500),
        dt.date(2026, 10, 9),
    )
    need.refresh_from_db()
    assert need.status == "loaned"
    # the office sees the loan on the cluster's financing page
    client.force_login(world.users["office_staff"])
    html = client.get("/finance/cluster/41172201/", {"period": "2026-10"}).content.decode()
    assert "上蔡县农村信用合作联社" in html and "1,500万元" in html and "已放贷" in html
