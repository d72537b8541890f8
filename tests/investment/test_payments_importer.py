"""The 到资 importer: payments against signed agreements named by the lead's code (线索编号),
created and re-imported unchanged; an unsigned lead, a lead out of scope, a payment dated
before the signing and a missing evidence are row errors and nothing is written."""

import csv
import io
from datetime import date
from decimal import Decimal

from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.importing import get_importer
from clusterzone.investment import services
from clusterzone.investment.models import FundsPayment

HEADER = ["线索编号", "到资日期", "到资金额（万元）", "资金来源地", "到资凭证"]


def _csv(rows):
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode("utf-8")


def _run(rows, actor):
    return get_importer("funds-payments").run(_csv(rows), filename="到资.csv", actor=actor)


def test_payments_import_and_errors(world, make_lead):
    admin = world.users["office_admin"]
    lead = make_lead()
    services.lead_sign(actor=SYSTEM, lead=lead, signed_date=date(2025, 5, 6), amount=Decimal(30000))
    unsigned = make_lead(company="未签约企业")
    other = make_lead(cluster=world.cluster_b, unit=world.committee_b, company="鲁山客商")
    services.lead_sign(actor=SYSTEM, lead=other, signed_date=date(2025, 5, 6), amount=Decimal(100))
    rows = [
        HEADER,
        [lead.code, "2025-06-30", "8000", "广东省深圳市", "银行进账单"],
        [lead.code, "2025-11-20", "4000", "", "验资报告"],
    ]
    result = _run(rows, admin)
    assert result.ok and result.created == 2, [str(e) for e in result.errors]
    assert sum(p.amount for p in FundsPayment.objects.all()) == Decimal(12000)
    assert _run(rows, admin).unchanged == 2
    rows[2][2] = "4500"
    assert _run(rows, admin).updated == 1

    bad = [
        HEADER,
        [unsigned.code, "2025-06-30", "100", "", "进账单"],
        [other.code, "2025-06-30", "100", "", "进账单"],  # another city's lead
        [lead.code, "2025-05-01", "100", "", "进账单"],  # before the signing
        [lead.code, "2025-07-01", "100", "", ""],  # no evidence
        ["ZC-NONE", "2025-07-01", "100", "", "进账单"],
        [lead.code, "2025-07-02", "0", "", "进账单"],
    ]
    result = _run(bad, admin)
    got = {(e.row, e.column) for e in result.errors}
    assert (2, "线索编号") in got and "尚未签约" in next(e.reason for e in result.errors if e.row == 2)
    assert (3, "线索编号") in got and (6, "线索编号") in got
    assert (4, "到资日期") in got and (5, "到资凭证") in got and (7, "到资金额（万元）") in got
    assert FundsPayment.objects.count() == 2


def test_payments_import_page_and_button(world, client):
    client.force_login(world.users["office_admin"])
    assert 'data-testid="import-payments"' in client.get("/investment/funnel/").content.decode()
    assert client.get("/import/funds-payments/").status_code == 200
    template = client.get("/import/funds-payments/", {"template": "1"})
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(world.users["readonly"])
    assert 'data-testid="import-payments"' not in client.get("/investment/funnel/").content.decode()
    assert client.get("/import/funds-payments/").status_code == 403
