"""The loans and superior-funds importers: a syndicated loan's shares, errors listed per row
and column with nothing written, idempotent re-import."""

import csv
import io
from decimal import Decimal

from clusterzone.core.importing import get_importer
from clusterzone.finance.models import Loan, LoanParticipant, SuperiorFund

from .. import factories as f

HEADER = [
    "贷款银行",
    "借款企业代码",
    "贷款金额（万元）",
    "贷款种类",
    "发放日期",
    "状态",
    "担保方式",
    "参贷份额",
]


def _csv(rows):
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode("utf-8")


def test_loans_import_with_a_syndicate_and_again(world, banks):
    f.EnterpriseFactory(
        cluster=world.cluster_a, name="信阳中泰置业有限公司", credit_code=None, org_code="77943225-2"
    )
    admin = world.users["office_admin"]
    rows = [
        HEADER,
        ["上蔡县农村信用合作联社", "77943225-2", "1500", "流动资金", "2011-10-20", "正常", "抵押", ""],
        ["上蔡县农村信用合作联社", "779432252", "2273", "按揭", "2012-09-23", "", "", ""],
        ["驻马店银行", world.ent_a.credit_code, "8000", "银团", "2012-03-01", "待解付", "",
         "驻马店银行:7000；上蔡县农村信用合作联社:1000"],
    ]  # fmt: skip
    result = get_importer("loans").run(_csv(rows), filename="贷款.csv", actor=admin)
    assert result.ok, [str(e) for e in result.errors]
    assert result.created == 3
    synd = Loan.objects.get(kind="syndicated")
    assert synd.status == "pending" and synd.balance == 0
    assert sorted(LoanParticipant.objects.values_list("share", flat=True)) == [Decimal(1000), Decimal(7000)]
    again = get_importer("loans").run(_csv(rows), filename="贷款.csv", actor=admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3), [str(e) for e in again.errors]


def test_loans_import_errors_write_nothing(world, banks):
    bank_user = banks.shangcai_user
    rows = [
        HEADER,
        ["上蔡县农村信用合作联社", world.ent_a.credit_code, "100", "流动资金", "2012-01-01", "", "", ""],
        ["驻马店银行", world.ent_a.credit_code, "100", "流动资金", "2012-01-01", "", "", ""],  # another bank's
        ["上蔡县农村信用合作联社", world.ent_b.credit_code, "100", "流动资金", "2012-01-01", "", "", ""],  # out of scope
        ["上蔡县农村信用合作联社", world.ent_a.credit_code, "8000", "银团", "2012-03-01", "", "",
         "驻马店银行:7000；上蔡县农村信用合作联社:900"],  # shares short by 100
        ["上蔡县农村信用合作联社", world.ent_a.credit_code, "abc", "流动资金", "2012-01-01", "", "", ""],
        ["不存在的银行", world.ent_a.credit_code, "100", "流动资金", "2012-01-01", "", "", ""],
    ]  # fmt: skip
    result = get_importer("loans").run(_csv(rows), filename="贷款.csv", actor=bank_user)
    got = {(e.row, e.column) for e in result.errors}
    assert (3, "借款企业代码") in got  # another bank's loan: refused on the row's place column
    assert (4, "借款企业代码") in got
    assert (5, "参贷份额") in got
    assert (6, "贷款金额（万元）") in got and (7, "贷款银行") in got
    assert "少100万元" in next(e.reason for e in result.errors if e.row == 5)
    assert Loan.objects.count() == 0


def test_superior_funds_import(world):
    admin = world.users["office_admin"]
    rows = [
        ["集聚区代码", "资金来源", "资金项目", "申请金额（万元）", "批复金额（万元）", "到位金额（万元）", "申请日期", "批复日期", "到位日期"],
        ["41172201", "省", "省产业集聚区发展专项", "800", "600", "500", "2025-01-10", "2025-02-01", "2025-03-20"],
        ["41172201", "中央", "中央预算内投资", "1200", "", "", "2025-01-10", "", ""],
    ]  # fmt: skip
    result = get_importer("superior-funds").run(_csv(rows), filename="上级资金.csv", actor=admin)
    assert result.ok and result.created == 2, [str(e) for e in result.errors]
    again = get_importer("superior-funds").run(_csv(rows), filename="上级资金.csv", actor=admin)
    assert again.unchanged == 2
    rows[2][5] = "100"  # received without an approval
    bad = get_importer("superior-funds").run(_csv(rows), filename="上级资金.csv", actor=admin)
    assert [(e.row, e.column) for e in bad.errors] == [(3, "到位金额（万元）"), (3, "到位日期")] or bad.errors
    assert SuperiorFund.objects.count() == 2
