from django.utils.translation import gettext_lazy as _

from clusterzone.core import units
from clusterzone.core.tables import Column, Table

from .choices import Role

ROLE_LABELS = dict(Role.choices)

REGION_TABLE = Table(
    columns=[
        Column("code", _("行政区划代码"), order_by="code"),
        Column("name", _("名称"), order_by="name", link="accounts:region_detail"),
        Column("get_level_display", _("级别"), order_by="level"),
        Column("parent.code", _("上级代码"), order_by="parent__code"),
        Column("parent.name", _("上级区划")),
    ],
    default_order="code",
)

UNIT_TABLE = Table(
    columns=[
        Column("name", _("单位名称"), order_by="name", link="accounts:unit_detail"),
        Column("get_kind_display", _("单位类型"), order_by="kind"),
        Column("region.code", _("行政区划代码"), order_by="region__code"),
        Column("region.name", _("所属区划")),
    ],
    default_order="region__code,kind,name",
)


def _roles(value):
    return "、".join(str(ROLE_LABELS.get(r, r)) for r in value or [])


USER_TABLE = Table(
    columns=[
        Column("username", _("用户名"), order_by="username", link="accounts:user_edit"),
        Column("full_name", _("姓名"), order_by="full_name"),
        Column("unit.name", _("所属单位"), order_by="unit__name"),
        Column("roles", _("角色"), display=_roles, export=_roles),
        Column("is_active", _("启用"), order_by="is_active"),
        Column(
            "last_login",
            _("最近登录"),
            order_by="last_login",
            display=units.datetime_label,
        ),
    ],
    default_order="username",
)
