from django.utils.translation import gettext_lazy as _

from clusterzone.core import units
from clusterzone.core.tables import Column, Table


def _money(v):
    return units.money(v) if v is not None else "—"


LOAN_TABLE = Table(
    columns=[
        Column("borrower.name", _("借款企业"), order_by="borrower__name"),
        Column("borrower.code", _("企业代码")),
        Column("borrower.cluster.name", _("集聚区"), order_by="borrower__cluster__code"),
        Column("lender.name", _("贷款银行"), order_by="lender__name"),
        Column("get_kind_display", _("贷款种类"), order_by="kind"),
        Column("amount", _("贷款金额（万元）"), order_by="amount", display=_money, align="end"),
        Column("balance", _("贷款余额（万元）"), order_by="balance", display=_money, align="end"),
        Column("issued_on", _("发放日期"), order_by="issued_on", display=units.date_label),
        Column(
            "maturity", _("到期日"), order_by="maturity", display=lambda d: units.date_label(d) if d else "—"
        ),
        Column("rate", _("年利率（%）"), order_by="rate", align="end"),
        Column("get_status_display", _("状态"), order_by="status"),
        Column("status_since", _("状态日期"), order_by="status_since", display=units.date_label),
        Column("collateral", _("担保方式")),
    ],
    default_order="-issued_on,id",
)

SUPERIOR_FUND_TABLE = Table(
    columns=[
        Column("cluster.name", _("集聚区"), order_by="cluster__code"),
        Column("programme", _("资金项目（专项）"), order_by="programme"),
        Column("get_source_display", _("资金来源"), order_by="source"),
        Column("project.code", _("项目代码")),
        Column("amount_applied", _("申请金额（万元）"), order_by="amount_applied", display=_money, align="end"),
        Column("amount_approved", _("批复金额（万元）"), order_by="amount_approved", display=_money, align="end"),
        Column("amount_received", _("到位金额（万元）"), order_by="amount_received", display=_money, align="end"),
        Column("applied_on", _("申请日期"), order_by="applied_on", display=units.date_label),
        Column("received_on", _("到位日期"), order_by="received_on",
               display=lambda d: units.date_label(d) if d else "—"),
        Column("document", _("批复文号")),
    ],
    default_order="cluster__code,-applied_on,id",
)  # fmt: skip

PLATFORM_TABLE = Table(
    columns=[
        Column("name", _("平台名称"), order_by="name"),
        Column("region.name", _("行政区划"), order_by="region__code"),
        Column("cluster.name", _("集聚区")),
        Column("registered_capital", _("注册资本（万元）"), display=_money, align="end"),
        Column("check.year", _("年度")),
        Column("check.net_assets", _("净资产（万元）"), display=_money, align="end"),
        Column("net_assets_minimum", _("净资产最低要求（万元）"), display=_money, align="end"),
        Column("check.meets", _("是否达标")),
        Column("check.shortfall", _("差额（万元）"), display=_money, align="end"),
        Column("check.financing_total", _("累计融资（万元）"), display=_money, align="end"),
        Column("financing_goal", _("融资目标（万元）"), display=_money, align="end"),
    ],
    default_order="region__code,name",
)


class PlatformTable(Table):
    def page_rows(self, objects):
        from .selectors import platform_check

        objects = list(objects)
        for p in objects:
            p.check = platform_check(p)
        return super().page_rows(objects)


PLATFORM_TABLE = PlatformTable(columns=PLATFORM_TABLE.columns, default_order=PLATFORM_TABLE.default_order)

NEED_TABLE = Table(
    columns=[
        Column("enterprise.name", _("企业"), order_by="enterprise__name", link="finance:need_detail"),
        Column("enterprise.cluster.name", _("集聚区"), order_by="enterprise__cluster__code"),
        Column("amount", _("融资金额（万元）"), order_by="amount", display=_money, align="end"),
        Column("purpose", _("资金用途")),
        Column("term_months", _("期限（月）"), align="end"),
        Column("collateral", _("可提供担保/抵押")),
        Column("published_on", _("发布日期"), order_by="published_on", display=units.date_label),
        Column("respond_by", _("响应期限"), order_by="respond_by", display=units.date_label),
        Column("get_status_display", _("状态"), order_by="status"),
    ],
    default_order="-published_on,id",
)

MATCHING_EVENT_TABLE = Table(
    columns=[
        Column("name", _("活动名称"), order_by="name"),
        Column("region.name", _("行政区划"), order_by="region__code"),
        Column("date", _("日期"), order_by="date", display=units.date_label),
        Column("n_banks", _("参加银行数"), align="end"),
        Column("n_enterprises", _("参加企业数"), align="end"),
        Column("amount_signed", _("签约金额（万元）"), order_by="amount_signed", display=_money, align="end"),
    ],
    default_order="-date,id",
)

PAIRING_TABLE = Table(
    columns=[
        Column("__str__", _("结对")),
        Column("bank.name", _("所属银行"), order_by="bank__name"),
        Column("enterprise.cluster.name", _("集聚区"), order_by="enterprise__cluster__code"),
        Column("since", _("结对日期"), order_by="since", display=units.date_label),
        Column("until", _("结束日期"), order_by="until", display=lambda d: units.date_label(d) if d else "—"),
    ],
    default_order="bank__name,since,id",
)

GUARANTEE_TABLE = Table(
    columns=[
        Column("guarantor", _("担保人/担保机构"), order_by="guarantor"),
        Column("loan.borrower.name", _("借款企业"), order_by="loan__borrower__name"),
        Column("loan.lender.name", _("贷款银行"), order_by="loan__lender__name"),
        Column("loan.issued_on", _("贷款发放日期"), display=units.date_label),
        Column("amount", _("担保金额（万元）"), order_by="amount", display=_money, align="end"),
        Column("start", _("担保起始日"), order_by="start", display=units.date_label),
        Column("end", _("担保到期日"), order_by="end", display=lambda d: units.date_label(d) if d else "—"),
    ],
    default_order="loan__issued_on,id",
)

TAX_RULE_TABLE = Table(
    columns=[
        Column("__str__", _("分成规则")),
        Column("region.name", _("行政区划"), order_by="region__code"),
        Column("county_share", _("县区分成（%）"), align="end"),
        Column("unit_share", _("引进单位分成（%）"), align="end"),
        Column("cluster_share", _("集聚区分成（%）"), align="end"),
        Column("document", _("依据文件")),
    ],
    default_order="region__code",
)
