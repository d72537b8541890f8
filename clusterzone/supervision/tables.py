from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from clusterzone.core import units
from clusterzone.core.tables import Column, Table

from .choices import Light
from .lights import attach_problem_lights

LIGHT_LABELS = dict(Light.choices)


def light_label(value):
    return str(LIGHT_LABELS.get(value, "—")) if value else "—"


def _flag(value):
    return str(_("应上报")) if value else ""


@dataclass
class ProblemTable(Table):
    """Attaches each row's light as of `as_of` (two queries for the page)."""

    as_of: date | None = None

    def page_rows(self, objects):
        return super().page_rows(attach_problem_lights(objects, self.as_of))


PROBLEM_COLUMNS = [
    Column("title", _("问题"), order_by="title", link="supervision:problem_detail"),
    Column("cluster.name", _("集聚区"), order_by="cluster__code"),
    Column("get_category_display", _("类别"), order_by="category"),
    Column("responsible_unit.name", _("责任单位"), order_by="responsible_unit__name"),
    Column("raised_on", _("提出日期"), order_by="raised_on", display=units.date_label),
    Column("deadline", _("办理期限"), order_by="deadline", display=units.date_label),
    Column("level.name", _("层级"), order_by="level__order"),
    Column("get_status_display", _("状态"), order_by="status"),
    Column("light", _("灯色"), display=light_label, export=light_label),
    Column("should_escalate", _("提示"), display=_flag, export=_flag),
]


def problem_table(as_of: date) -> ProblemTable:
    return ProblemTable(columns=PROBLEM_COLUMNS, default_order="-raised_on,-id", as_of=as_of)
