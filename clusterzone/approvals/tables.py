from django.utils.translation import gettext_lazy as _

from clusterzone.core import units
from clusterzone.core.tables import Column, Table


def _date(v):
    return units.date_label(v) if v else "—"


def _user(u):
    return (u.full_name or u.username) if u else "—"


def _yes(v):
    return "—" if v is None else ("是" if v else "否")


MATTER_TABLE = Table(
    columns=[
        Column("code", _("事项编码"), order_by="code"),
        Column("name", _("事项名称"), order_by="name", link="approvals:matter_detail"),
        Column("get_stage_display", _("审批阶段"), order_by="stage"),
        Column("department.name", _("审批部门"), order_by="department__name"),
        Column("window", _("办理窗口"), order_by="window__number"),
        Column("statutory_days", _("法定时限（工作日）"), order_by="statutory_days", align="end"),
        Column("promised_days", _("承诺时限（工作日）"), order_by="promised_days", align="end"),
        Column("group.code", _("联审联批组"), order_by="group__code"),
        Column("parallel", _("可并联")),
        Column("regional_assessment", _("区域评估可替代")),
        Column("commitment", _("承诺制")),
        Column("active", _("在用")),
    ],
    default_order="stage,code",
)


class ClockTable(Table):
    """The case table: every page of rows gets its clocks first (two queries)."""

    def page_rows(self, objects):
        from .selectors import attach_clocks

        return super().page_rows(attach_clocks(objects))


CASE_TABLE = ClockTable(
    columns=[
        Column("project.code", _("项目代码"), order_by="project__code"),
        Column("project.name", _("项目名称"), order_by="project__name"),
        Column("matter.code", _("事项编码"), order_by="matter__code"),
        Column("matter.name", _("审批事项"), order_by="matter__name", link="approvals:case_detail"),
        Column("matter.get_stage_display", _("审批阶段"), order_by="matter__stage"),
        Column("matter.department.name", _("审批部门"), order_by="matter__department__name"),
        Column("get_status_display", _("状态"), order_by="status"),
        Column("applied_on", _("申请日期"), order_by="applied_on", display=_date),
        Column("accepted_on", _("受理日期"), order_by="accepted_on", display=_date),
        Column("clock.due", _("应办结日期"), display=_date),
        Column("clock.paused_days", _("暂停（工作日）"), align="end"),
        Column("completed_on", _("办结日期"), order_by="completed_on", display=_date),
        Column("get_result_display", _("办理结果"), order_by="result"),
        Column("clock.working_days_used", _("用时（工作日）"), align="end"),
        Column("clock.on_time", _("按时办结"), display=_yes, export=_yes),
        Column("clock.overdue_days", _("超期（工作日）"), align="end"),
        Column("agent", _("代办员"), order_by="agent__full_name", display=_user, export=_user),
        Column("handler", _("经办人"), order_by="handler__full_name", display=_user, export=_user),
    ],
    default_order="project__code,matter__stage,matter__code,id",
)
