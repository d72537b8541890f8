from django.utils.translation import gettext_lazy as _

from clusterzone.core.tables import Column, Table


def _bool(value):
    return str(_("是")) if value else str(_("否"))


CRITERION_TABLE = Table(
    columns=[
        Column("region.name", _("区划"), order_by="region__code"),
        Column("position", _("排序"), order_by="position"),
        Column("name", _("评议项目"), order_by="name", link="evaluation:criterion_edit"),
        Column("code", _("代码"), order_by="code"),
        Column("get_source_display", _("来源")),
        Column("get_scale_display", _("评分方式")),
        Column("weight", _("权重（分）"), order_by="weight", align="end"),
        Column("active", _("启用"), display=_bool, export=_bool),
    ],
    default_order="region__code,position,id",
)

RATING_TABLE = Table(
    columns=[
        Column("month", _("月份"), order_by="month", link="evaluation:rating_detail"),
        Column("unit.name", _("被评单位"), order_by="unit__name"),
        Column("rater_label", _("评议单位")),
        Column("criterion.name", _("评议项目"), order_by="criterion__position"),
        Column("value_label", _("评分"), align="end"),
        Column("comment", _("意见")),
    ],
    default_order="-month,unit__name,criterion__position,id",
)
