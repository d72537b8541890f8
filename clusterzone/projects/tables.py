from django.utils.translation import gettext_lazy as _

from clusterzone.core import units
from clusterzone.core.tables import Column, Table


def _money(v):
    return units.money(v) if v is not None else "—"


def _date(v):
    return units.date_label(v) if v else "—"


def _user(u):
    return (u.full_name or u.username) if u else "—"


PROJECT_TABLE = Table(
    columns=[
        Column("code", _("项目代码"), order_by="code"),
        Column("name", _("项目名称"), order_by="name", link="projects:detail"),
        Column("cluster.name", _("集聚区"), order_by="cluster__code"),
        Column("get_kind_display", _("项目类别"), order_by="kind"),
        Column(
            "total_investment", _("总投资（万元）"), order_by="total_investment", display=_money, align="end"
        ),
        Column("get_band_display", _("规模档次"), order_by="band"),
        Column("get_key_level_display", _("重点项目"), order_by="key_level"),
        Column("get_stage_display", _("阶段"), order_by="stage"),
        Column("leader", _("分包领导"), order_by="leader__full_name", display=_user, export=_user),
        Column("start_date", _("开工日期"), order_by="start_date", display=_date),
        Column("invested", _("累计完成投资（万元）"), order_by="invested", display=_money, align="end"),
        Column("overdue_count", _("逾期节点"), order_by="overdue_count", align="end"),
    ],
    default_order="cluster__code,code",
)


QUOTA_TABLE = Table(
    columns=[
        Column("region", _("行政区划"), order_by="region__code", link="projects:quota_detail",
               display=lambda r: f"{r.code} {r.name}", excel=False),
        Column("region.code", _("行政区划代码"), page=False),
        Column("region.name", _("行政区划名称"), page=False),
        Column("year", _("年度"), order_by="year"),
        Column("band_label", _("投资规模"), order_by="min_amount", excel=False),
        Column("min_amount", _("下限（万元）"), page=False),
        Column("max_amount", _("上限（万元）"), page=False),
        Column("count", _("数量"), order_by="count", align="end"),
    ],
    default_order="region__code,-year,-min_amount,id",
)  # fmt: skip

UNIT_QUOTA_TABLE = Table(
    columns=[
        Column("unit.name", _("单位名称"), order_by="unit__name", link="projects:unit_quota_detail"),
        Column("unit.region.name", _("行政区划"), order_by="unit__region__code"),
        Column("unit.region.code", _("行政区划代码"), page=False),
        Column("year", _("年度"), order_by="year"),
        Column("band_label", _("投资规模"), order_by="min_amount", excel=False),
        Column("min_amount", _("下限（万元）"), page=False),
        Column("count", _("数量"), order_by="count", align="end"),
        Column("get_basis_display", _("计算口径"), order_by="basis"),
    ],
    default_order="unit__name,-year,-min_amount,id",
)  # fmt: skip
