"""List columns (page and Excel) of land models."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from clusterzone.core import units
from clusterzone.core.tables import Column, Table


def _money(v):
    return units.money(v) if v is not None else "—"


def _mu(v):
    return units.mu(v)


def _num(places=2):
    def fmt(v):
        if v is None:
            return "—"
        return f"{Decimal(v).quantize(Decimal(1).scaleb(-places))}"

    return fmt


def _date(d):
    return units.date_label(d) if d else "—"


def _pct(v):
    return units.percent(v)


LAND_POLICY_TABLE = Table(
    columns=[
        Column("cluster.name", _("集聚区"), order_by="cluster__code", link="land:policy_detail"),
        Column("min_intensity", _("最低投资强度（万元/亩）"), order_by="min_intensity", align="end"),
        Column("min_plot_ratio", _("最低容积率"), order_by="min_plot_ratio", align="end"),
        Column("min_leading_share", _("主导产业用地最低占比（%）"), align="end"),
        Column("min_tax_per_mu", _("最低亩均税收（万元/亩）"), align="end", display=_num()),
        Column("standard_factory_below", _("标准厂房规则：用地少于（亩）"), align="end", display=_num()),
        Column("idle_months", _("闲置认定期限（月）"), align="end"),
    ],
    default_order="cluster__code",
)  # fmt: skip

PARCEL_TABLE = Table(
    columns=[
        Column("code", _("地块编号"), order_by="code", link="land:parcel_detail"),
        Column("cluster.name", _("集聚区"), order_by="cluster__code"),
        Column("area", _("面积（亩）"), order_by="area", align="end"),
        Column("hectares", _("公顷"), align="end", display=_num()),
        Column("get_planned_use_display", _("规划用途"), order_by="planned_use"),
        Column("get_status_display", _("状态"), order_by="status"),
        Column("supply_date", _("供地日期"), order_by="supply_date", display=_date),
        Column("price", _("出让价款（万元）"), order_by="price", display=_money, align="end"),
        Column("project.name", _("项目")),
        Column("enterprise.name", _("用地企业")),
        Column("plot_ratio", _("容积率"), display=_num(), align="end"),
        Column("intensity", _("投资强度（万元/亩）"), display=_num(), align="end"),
    ],
    default_order="cluster__code,code",
)  # fmt: skip

ACQUISITION_TABLE = Table(
    columns=[
        Column("cluster.name", _("集聚区"), order_by="cluster__code", link="land:acquisition_detail"),
        Column("year", _("年度"), order_by="year"),
        Column("planned", _("计划征收（亩）"), order_by="planned", align="end"),
        Column("acquired", _("已征收（亩）"), order_by="acquired", align="end"),
    ],
    default_order="cluster__code,year",
)  # fmt: skip

QUOTA_TABLE = Table(
    columns=[
        Column("region.name", _("行政区划"), order_by="region__code", link="land:quota_detail"),
        Column("year", _("年度"), order_by="year"),
        Column("quota", _("指标（亩）"), order_by="quota", align="end"),
        Column("allocated", _("已分配（亩）"), order_by="allocated", align="end"),
        Column("remaining", _("剩余（亩）"), align="end"),
    ],
    default_order="region__code,year",
)  # fmt: skip

ALLOCATION_TABLE = Table(
    columns=[
        Column("quota", _("建设用地指标"), order_by="quota__region__code", link="land:allocation_detail"),
        Column("cluster.name", _("集聚区"), order_by="cluster__code"),
        Column("recipient", _("使用园区/项目")),
        Column("area", _("分配面积（亩）"), order_by="area", align="end"),
        Column("allocated_on", _("分配日期"), order_by="allocated_on", display=_date),
    ],
    default_order="quota__region__code,quota__year,id",
)  # fmt: skip

FIGURES_TABLE = Table(
    columns=[
        Column("enterprise.name", _("企业"), order_by="enterprise__name", link="land:figures_detail"),
        Column("enterprise.credit_code", _("统一社会信用代码")),
        Column("year", _("年度"), order_by="year"),
        Column("land_area", _("用地面积（亩）"), order_by="land_area", align="end"),
        Column("tax", _("税收（万元）"), order_by="tax", align="end"),
        Column("value_added", _("工业增加值（万元）"), order_by="value_added", align="end"),
        Column("revenue", _("主营业务收入（万元）"), order_by="revenue", align="end"),
        Column("energy", _("综合能耗（吨标准煤）"), order_by="energy", align="end"),
        Column("employees", _("从业人员"), order_by="employees", align="end"),
        Column("rnd", _("研发经费（万元）"), order_by="rnd", align="end"),
    ],
    default_order="-year,enterprise__name",
)  # fmt: skip

DIFFERENTIATED_TABLE = Table(
    columns=[
        Column("region.name", _("行政区划"), order_by="region__code", link="land:terms_detail"),
        Column("get_klass_display", _("类别"), order_by="klass"),
        Column("land", _("用地")),
        Column("power", _("用电")),
        Column("water", _("用水")),
        Column("discharge", _("排污")),
        Column("credit", _("信贷")),
    ],
    default_order="region__code,klass",
)  # fmt: skip

VILLAGE_TABLE = Table(
    columns=[
        Column("cluster.name", _("集聚区"), order_by="cluster__code"),
        Column("phase", _("期次"), order_by="phase", link="land:village_detail"),
        Column("villages", _("迁并村庄")),
        Column("village_count", _("村庄数"), align="end"),
        Column("households", _("户数"), order_by="households", align="end"),
        Column("people", _("人数"), order_by="people", align="end"),
        Column("land_freed", _("腾出土地（亩）"), order_by="land_freed", align="end"),
        Column("moved_households", _("已搬迁户数"), align="end"),
        Column("progress", _("进度"), display=_pct, align="end"),
    ],
    default_order="cluster__code,phase,id",
)  # fmt: skip

HOUSING_TABLE = Table(
    columns=[
        Column("name", _("名称"), order_by="name", link="land:housing_detail"),
        Column("cluster.name", _("集聚区"), order_by="cluster__code"),
        Column("get_kind_display", _("类型"), order_by="kind"),
        Column("floor_area", _("建筑面积（万平方米）"), align="end", display=_num()),
        Column("flats", _("套数"), order_by="flats", align="end"),
        Column("completed_flats", _("已建成套数"), align="end"),
        Column("capacity", _("可安置人数"), align="end"),
        Column("completion", _("竣工（计划）日期"), order_by="completion", display=_date),
    ],
    default_order="cluster__code,kind,name",
)  # fmt: skip

EMPLOYMENT_TABLE = Table(
    columns=[
        Column("cluster.name", _("集聚区"), order_by="cluster__code", link="land:employment_detail"),
        Column("year", _("年度"), order_by="year"),
        Column("get_kind_display", _("类型"), order_by="kind"),
        Column("person_times", _("人次"), order_by="person_times", align="end"),
        Column("training_unit", _("培训单位")),
    ],
    default_order="cluster__code,-year,kind",
)  # fmt: skip


def _points(code):
    def cell(points):
        v = (points or {}).get(f"{code}.value")
        return None if v is None else Decimal(str(v)).quantize(Decimal("0.01"))

    return cell


def evaluation_table():
    """The Excel export of one per-亩 evaluation (rows of land.selectors.evaluation_rows)."""
    from .evaluation import METRICS

    def score(r):
        return None if r.excluded else Decimal(r.score).quantize(Decimal("0.01"))

    def objections(items):
        return "；".join(
            f"{o.received_on:%Y-%m-%d} {o.reason}（{o.get_status_display()}"
            + (f"，{o.original_class}→{o.new_class}" if o.new_class else "") + "）"
            for o in items
        ) or None  # fmt: skip

    return Table(
        columns=[
            Column("result.rank", _("名次")),
            Column("result.subject_name", _("企业")),
            Column("result.subject_code", _("统一社会信用代码")),
            Column("result", _("综合得分"), export=score),
            Column("result.klass", _("类别")),
            Column("mu_tax", _("亩均税收（万元/亩）"), export=lambda v: v and v.quantize(Decimal("0.01"))),
            Column("mu_value_added", _("亩均增加值（万元/亩）"), export=lambda v: v and v.quantize(Decimal("0.01"))),
            *[
                Column("result.points", _("%(m)s得分") % {"m": label}, export=_points(code))
                for code, label in METRICS.items()
            ],
            Column("objections", _("异议"), export=objections),
        ]
    )  # fmt: skip
