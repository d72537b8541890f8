from django.utils.translation import gettext_lazy as _

from clusterzone.core import units
from clusterzone.core.tables import Column, Table

from .clocks import attach_clocks


def _money(v):
    return units.money(v) if v is not None else "—"


def _clock(c):
    return c.label if c is not None else "—"


class LeadTable(Table):
    """Attaches each row's stage clock (two queries for the page) before rendering."""

    def page_rows(self, objects):
        return super().page_rows(attach_clocks(objects))


LEAD_TABLE = LeadTable(
    columns=[
        Column("code", _("线索编号"), order_by="code"),
        Column("company", _("目标企业"), order_by="company", link="investment:lead_detail"),
        Column("project_name", _("拟建项目")),
        Column("cluster.name", _("集聚区"), order_by="cluster__code"),
        Column("unit.name", _("责任单位"), order_by="unit__name"),
        Column("get_source_region_display", _("来源地"), order_by="source_region"),
        Column("get_company_type_display", _("企业类型"), order_by="company_type"),
        Column("intended_investment", _("意向投资（万元）"), order_by="intended_investment",
               display=_money, align="end"),
        Column("get_stage_display", _("阶段"), order_by="stage"),
        Column("stage_entered_at", _("进入本阶段"), order_by="stage_entered_at",
               display=lambda d: units.date_label(d)),
        Column("clock", _("服务时限"), display=_clock, export=_clock),
    ],
    default_order="cluster__code,-first_contact,id",
)  # fmt: skip


CLOCK_RULE_TABLE = Table(
    columns=[
        Column("region", _("行政区划"), order_by="region__code", link="investment:clock_detail",
               display=lambda r: f"{r.code} {r.name}"),
        Column("get_stage_display", _("时限类型"), order_by="stage"),
        Column("workdays", _("时限（工作日）"), order_by="workdays", align="end"),
    ],
    default_order="region__code,stage,id",
)  # fmt: skip
