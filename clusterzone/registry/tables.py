from django.utils.translation import gettext_lazy as _

from clusterzone.core import units
from clusterzone.core.tables import Column, Table


def _industries(manager):
    return "、".join(
        f"{link.category.name}{'（主导）' if link.role == 'main' else ''}" for link in manager.all()
    )


def _star(value):
    return "—" if not value else f"{'一二三四五六'[value - 1]}星级"


def _num(v):
    return "—" if v is None else units._trim(v) if hasattr(v, "as_tuple") else str(v)


CLUSTER_TABLE = Table(
    columns=[
        Column("code", _("集聚区代码"), order_by="code"),
        Column("name", _("集聚区名称"), order_by="name", link="registry:cluster_detail"),
        Column("region.parent.name", _("所属市")),
        Column("region.name", _("县（市、区）"), order_by="region__code"),
        Column("get_status_display", _("类别"), order_by="status"),
        Column("star", _("星级"), order_by="star", display=_star, export=_star),
        Column("planned_area", _("规划面积（平方公里）"), order_by="planned_area", display=_num, align="end"),
        Column("built_area", _("建成区面积（平方公里）"), order_by="built_area", display=_num, align="end"),
        Column("leading_industries", _("主导产业"), display=_industries, export=_industries),
        Column("enterprise_count", _("企业数"), order_by="enterprise_count", align="end"),
    ],
    default_order="region__code,code",
)

ENTERPRISE_TABLE = Table(
    columns=[
        Column("name", _("企业名称"), order_by="name", link="registry:enterprise_detail"),
        Column("credit_code", _("统一社会信用代码"), order_by="credit_code"),
        Column("org_code", _("组织机构代码"), order_by="org_code"),
        Column("cluster.name", _("集聚区"), order_by="cluster__code"),
        Column("industry", _("行业大类"), order_by="industry__code"),
        Column("above_size", _("规上企业"), order_by="above_size"),
        Column("high_tech", _("高新技术企业"), order_by="high_tech"),
        Column("leading", _("龙头企业"), order_by="leading"),
        Column("employees", _("从业人员（人）"), order_by="employees", align="end"),
        Column(
            "registered_capital",
            _("注册资本（万元）"),
            order_by="registered_capital",
            display=lambda v: units.money(v, unit="万元") if v is not None else "—",
            align="end",
        ),
    ],
    default_order="cluster__code,name",
)


CONTACT_TABLE = Table(
    columns=[
        Column("enterprise.name", _("企业"), order_by="enterprise__name", link="registry:contact_detail"),
        Column("enterprise.cluster.name", _("集聚区"), order_by="enterprise__cluster__code"),
        Column(
            "leader", _("联系领导"), order_by="leader__username", display=lambda u: u.full_name or u.username
        ),
        Column("since", _("联系日期"), order_by="since", display=units.date_label),
        Column("protected", _("挂牌保护"), order_by="protected"),
        Column(
            "protected_from",
            _("保护开始"),
            order_by="protected_from",
            display=lambda d: units.date_label(d) if d else "—",
        ),
        Column(
            "protected_until",
            _("保护截止"),
            order_by="protected_until",
            display=lambda d: units.date_label(d) if d else "—",
        ),
    ],
    default_order="enterprise__cluster__code,enterprise__name",
)
