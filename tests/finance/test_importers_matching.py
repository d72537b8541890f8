"""Importers of the matching records and the rules users exchange: financing needs (the
response deadline counted in working days), matching events (banks and enterprises named),
financing-service officers' pairings, loan guarantees (the loan found by bank, borrower and
date) and tax-sharing rules. Each: created, re-imported unchanged, and its row/column errors
with nothing written."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from clusterzone.accounts.choices import Role
from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.importing import get_importer
from clusterzone.core.workdays import add_workdays
from clusterzone.finance import services
from clusterzone.finance.models import (
    FinancingNeed,
    Guarantee,
    MatchingEvent,
    ServicePairing,
    TaxSharingRule,
)

from .. import factories as f


def _csv(rows):
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode("utf-8")


def _run(kind, rows, actor):
    return get_importer(kind).run(_csv(rows), filename=f"{kind}.csv", actor=actor)


def _errors(result):
    return {(e.row, e.column) for e in result.errors}


NEED_HEADER = [
    "企业代码",
    "融资金额（万元）",
    "资金用途",
    "期限（月）",
    "发布日期",
    "发布银行",
    "向所有银行发布",
]


def test_needs_import_publish_with_the_clock_and_again(world, banks):
    admin = world.users["office_admin"]
    rows = [
        NEED_HEADER,
        [world.ent_a.credit_code, "1500", "流动资金周转", "12", "2026-09-28", "上蔡县农村信用合作联社；驻马店银行", ""],
        [world.ent_a.credit_code, "800", "设备更新", "", "2026-09-28", "", "是"],
    ]  # fmt: skip
    result = _run("financing-needs", rows, admin)
    assert result.ok and result.created == 2, [str(e) for e in result.errors]
    need = FinancingNeed.objects.get(purpose="流动资金周转")
    # five working days from Monday 2026-09-28, past the National Day holiday
    assert need.respond_by == add_workdays(dt.date(2026, 9, 28), 5) and need.status == "published"
    assert sorted(b.name for b in need.banks.all()) == ["上蔡县农村信用合作联社", "驻马店银行"]
    assert FinancingNeed.objects.get(purpose="设备更新").open_to_all
    again = _run("financing-needs", rows, admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2), [str(e) for e in again.errors]
    # the banks of a need changed by the file: updated, not duplicated
    rows[1][5] = "驻马店银行"
    changed = _run("financing-needs", rows, admin)
    assert (changed.updated, changed.unchanged) == (1, 1)
    assert [b.name for b in FinancingNeed.objects.get(purpose="流动资金周转").banks.all()] == ["驻马店银行"]
    # the bank sees the need published to it
    assert need.history.count() >= 2


def test_needs_import_errors_write_nothing(world, banks):
    admin = world.users["office_admin"]
    rows = [
        NEED_HEADER,
        [world.ent_a.credit_code, "1500", "流动资金周转", "12", "2026-09-28", "上蔡县农村信用合作联社", ""],  # fine
        [world.ent_a.credit_code, "1500", "无银行", "12", "2026-09-28", "", ""],  # neither banks nor all
        [world.ent_a.credit_code, "1500", "未知银行", "12", "2026-09-28", "不存在的银行", ""],
        ["91410000000000000X", "1500", "未知企业", "12", "2026-09-28", "驻马店银行", ""],
        [world.ent_b.credit_code, "1500", "他市企业", "12", "2026-09-28", "驻马店银行", ""],  # out of scope
        [world.ent_a.credit_code, "-5", "负数", "12", "2026-09-28", "驻马店银行", ""],
        [world.ent_a.credit_code, "100", "坏日期", "12", "2026-13-45", "驻马店银行", ""],
    ]  # fmt: skip
    result = _run("financing-needs", rows, admin)
    got = _errors(result)
    assert (3, "发布银行") in got and (4, "发布银行") in got
    assert (5, "企业代码") in got and (6, "企业代码") in got
    assert (7, "融资金额（万元）") in got and (8, "发布日期") in got
    assert (2, "企业代码") not in got
    assert FinancingNeed.objects.count() == 0
    # a bank's user may not publish needs
    assert not _run("financing-needs", rows[:2], banks.shangcai_user).ok
    assert FinancingNeed.objects.count() == 0


EVENT_HEADER = ["活动名称", "区划代码", "日期", "参加银行", "参加企业代码", "签约金额（万元）"]


def test_matching_events_import(world, banks):
    admin = world.users["office_admin"]
    rows = [
        EVENT_HEADER,
        ["上蔡县2025年银企对接会", "411722", "2025-05-20", "上蔡县农村信用合作联社；驻马店银行",
         world.ent_a.credit_code, "12000"],
    ]  # fmt: skip
    result = _run("matching-events", rows, admin)
    assert result.ok and result.created == 1, [str(e) for e in result.errors]
    event = MatchingEvent.objects.get()
    assert event.amount_signed == Decimal(12000) and event.region == world.shangcai
    assert event.banks.count() == 2 and list(event.enterprises.all()) == [world.ent_a]
    assert _run("matching-events", rows, admin).unchanged == 1
    rows[1][3] = "驻马店银行"
    assert _run("matching-events", rows, admin).updated == 1
    assert [b.name for b in MatchingEvent.objects.get().banks.all()] == ["驻马店银行"]

    bad = [
        EVENT_HEADER,
        ["鲁山对接会", "410423", "2025-05-20", "鲁山县农村信用合作联社", "", "100"],  # another city
        ["未知区划", "419999", "2025-05-20", "", "", ""],
        ["未知企业", "411722", "2025-05-20", "", "91410000000000000X", ""],
        ["负金额", "411722", "2025-05-21", "", "", "-1"],
    ]
    result = _run("matching-events", bad, admin)
    got = _errors(result)
    assert (2, "区划代码") in got and (3, "区划代码") in got
    assert (4, "参加企业代码") in got and (5, "签约金额（万元）") in got
    assert MatchingEvent.objects.count() == 1


def test_pairings_import(world, banks):
    admin = world.users["office_admin"]
    f.UserFactory(username="not_a_banker", unit=world.zmd_office, roles=[Role.OFFICE_STAFF])
    header = ["金融服务员", "企业代码", "结对日期", "结束日期"]
    rows = [header, ["bank_sc", world.ent_a.credit_code, "2025-03-01", ""]]
    result = _run("service-pairings", rows, admin)
    assert result.ok and result.created == 1, [str(e) for e in result.errors]
    pairing = ServicePairing.objects.get()
    assert pairing.bank == banks.shangcai and pairing.officer == banks.shangcai_user
    assert _run("service-pairings", rows, admin).unchanged == 1
    rows[1][3] = "2025-12-31"
    assert _run("service-pairings", rows, admin).updated == 1

    bad = [
        header,
        ["nobody", world.ent_a.credit_code, "2025-03-01", ""],
        ["not_a_banker", world.ent_a.credit_code, "2025-03-01", ""],
        ["bank_city", world.ent_a.credit_code, "2025-03-01", "2025-01-01"],  # ends before it starts
        ["bank_city", world.ent_b.credit_code, "2025-03-01", ""],  # out of scope
    ]
    result = _run("service-pairings", bad, admin)
    got = _errors(result)
    assert (2, "金融服务员") in got and (3, "金融服务员") in got
    assert (4, "结束日期") in got and (5, "企业代码") in got
    assert ServicePairing.objects.count() == 1


GUARANTEE_HEADER = ["贷款银行", "借款企业代码", "发放日期", "贷款种类", "担保人", "担保金额（万元）", "担保起始日", "担保到期日"]  # fmt: skip


def _loan(world, bank, kind="working_capital", amount="1500", issued=dt.date(2025, 3, 1)):
    return services.loan_create(
        actor=SYSTEM,
        data={
            "lender": bank,
            "borrower": world.ent_a,
            "amount": Decimal(amount),
            "kind": kind,
            "issued_on": issued,
        },
    )


def test_guarantees_import(world, banks):
    admin = world.users["office_admin"]
    loan = _loan(world, banks.shangcai)
    rows = [
        GUARANTEE_HEADER,
        ["上蔡县农村信用合作联社", world.ent_a.credit_code, "2025-03-01", "", "驻马店市中小企业融资担保公司", "1000", "2025-03-01", "2026-03-01"],
    ]  # fmt: skip
    result = _run("guarantees", rows, admin)
    assert result.ok and result.created == 1, [str(e) for e in result.errors]
    assert Guarantee.objects.get().loan == loan
    assert _run("guarantees", rows, admin).unchanged == 1

    _loan(world, banks.shangcai, kind="project", amount="3000")  # a second loan the same day
    bad = [
        GUARANTEE_HEADER,
        ["上蔡县农村信用合作联社", world.ent_a.credit_code, "2025-03-01", "", "甲担保公司", "100", "2025-03-01", ""],
        ["上蔡县农村信用合作联社", world.ent_a.credit_code, "2025-03-02", "", "乙担保公司", "100", "2025-03-01", ""],
        ["上蔡县农村信用合作联社", world.ent_a.credit_code, "2025-03-01", "流动资金", "丙担保公司", "2000", "2025-03-01", ""],
        ["不存在的银行", world.ent_a.credit_code, "2025-03-01", "", "丁担保公司", "100", "2025-03-01", ""],
    ]  # fmt: skip
    result = _run("guarantees", bad, admin)
    got = _errors(result)
    assert (2, "贷款种类") in got  # two loans that day: the kind is needed
    assert (3, "发放日期") in got  # no loan that day
    assert (4, "担保金额（万元）") in got  # more than the 1500 loan
    assert (5, "贷款银行") in got
    assert Guarantee.objects.count() == 1


def test_tax_sharing_rules_import(world):
    header = ["区划代码", "县区分成（%）", "引进单位分成（%）", "集聚区分成（%）", "依据文件"]
    admin = world.users["office_admin"]
    rows = [header, ["411722", "60", "20", "20", "上政〔2011〕12号"]]
    result = _run("tax-sharing-rules", rows, admin)
    assert result.ok and result.created == 1, [str(e) for e in result.errors]
    rule = TaxSharingRule.objects.get()
    assert (rule.county_share, rule.unit_share, rule.cluster_share) == (Decimal(60), Decimal(20), Decimal(20))
    assert _run("tax-sharing-rules", rows, admin).unchanged == 1
    rows[1][1:4] = ["50", "30", "20"]
    assert _run("tax-sharing-rules", rows, admin).updated == 1

    bad = [
        header,
        ["411722", "60", "30", "20", ""],
        ["410423", "60", "20", "20", ""],
        ["419999", "60", "20", "20", ""],
    ]
    result = _run("tax-sharing-rules", bad, admin)
    got = _errors(result)
    assert (2, "集聚区分成（%）") in got  # 110%
    assert "110" in next(e.reason for e in result.errors if e.row == 2)
    assert (3, "区划代码") in got and (4, "区划代码") in got
    # an office's staff (not an administrator) may not set the rule
    assert not _run("tax-sharing-rules", rows, world.users["office_staff"]).ok
    assert TaxSharingRule.objects.get().county_share == Decimal(50)


@pytest.mark.parametrize(
    "kind",
    [
        "financing-needs",
        "matching-events",
        "service-pairings",
        "guarantees",
        "tax-sharing-rules",
        "funds-payments",
    ],
)
def test_templates(kind):
    import openpyxl

    importer = get_importer(kind)
    sheet = openpyxl.load_workbook(io.BytesIO(importer.template_xlsx())).worksheets[0]
    assert [cell.value for cell in sheet[1]] == importer.headers
