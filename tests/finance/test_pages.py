"""Finance pages: the lists (with 导出Excel) and a cluster's financing page with its chart,
figures per bank and loans, under the policy."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl

from clusterzone.finance import services


def _loans(world, banks):
    admin = world.users["office_admin"]
    services.loan_create(
        actor=admin,
        data={"lender": banks.shangcai, "borrower": world.ent_a, "amount": Decimal(1500), "kind": "working_capital",
              "issued_on": dt.date(2011, 10, 20)},
    )  # fmt: skip
    services.loan_create(
        actor=admin,
        data={"lender": banks.city, "borrower": world.ent_a, "amount": Decimal(8000), "kind": "syndicated",
              "issued_on": dt.date(2011, 12, 1), "status": "pending",
              "participants": [{"lender": banks.city, "share": Decimal(7000)},
                               {"lender": banks.shangcai, "share": Decimal(1000)}]},
    )  # fmt: skip


def test_cluster_financing_page(world, banks, client):
    _loans(world, banks)
    client.force_login(world.users["office_staff"])
    response = client.get("/finance/cluster/41172201/", {"period": "2011-12"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "上蔡县农村信用合作联社" in html and "1,500万元" in html and "待解付" in html
    assert 'id="balance-chart"' in html and "balance-option" in html
    # outside the scope: 404; a bank user sees its loans there
    assert client.get("/finance/cluster/41042301/").status_code == 404
    client.force_login(banks.lushan_user)
    assert client.get("/finance/cluster/41172201/").status_code == 404


def test_lists_and_export(world, banks, client):
    _loans(world, banks)
    client.force_login(banks.shangcai_user)
    response = client.get("/finance/loans/")
    assert response.status_code == 200 and "信用合作联社" in response.content.decode()
    response = client.get("/finance/loans/", {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any("贷款金额（万元）" in (v or "") for v in values[0] + (values[1] if len(values) > 1 else []))
    assert client.get("/finance/superior-funds/").status_code == 403
    client.force_login(world.users["office_admin"])
    for url in ("/finance/superior-funds/", "/finance/platforms/", "/finance/platforms/?export=xlsx"):
        assert client.get(url).status_code == 200, url
    menu = client.get("/").content.decode()
    assert "贷款台账" in menu and "投融资平台" in menu
