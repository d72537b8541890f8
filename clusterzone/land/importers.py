"""Importers of land: enterprise annual figures (企业亩均数据).

    clusterzone import enterprise-figures FILE
        统一社会信用代码 or 组织机构代码, 年度, 用地面积（亩）, 税收（万元）, 工业增加值（万元）,
        主营业务收入（万元）, 综合能耗（吨标准煤）, 从业人员, 研发经费（万元）
Upsert key: the enterprise (by either code) and the year. An enterprise outside the
user's scope reads as unknown.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy
from clusterzone.core.importing import Importer, register
from clusterzone.core.importing import columns as c
from clusterzone.registry.importers import parse_credit_code, parse_org_code
from clusterzone.registry.models import Enterprise

from .models import EnterpriseFigures


@register
class EnterpriseFiguresImporter(Importer):
    kind = "enterprise-figures"
    title = _("企业亩均数据")
    model = EnterpriseFigures
    key_fields = ()  # enterprise + year, handled in find_existing
    scope_column = "统一社会信用代码"
    header_groups = (("统一社会信用代码", "组织机构代码"),)
    columns = [
        c.Column(
            "统一社会信用代码", None, parse_credit_code, aliases=("信用代码", "社会信用代码"),
            fmt=_("18位，与组织机构代码至少填一个"), example="91411700MA44XXXXXX", text_format=True,
        ),
        c.Column(
            "组织机构代码", None, parse_org_code, aliases=("机构代码",),
            fmt=_("9位（可带连字符），与统一社会信用代码至少填一个"), example="77943225-2", text_format=True,
        ),
        c.integer("年度", "year", required=True, example="2025"),
        c.decimal("用地面积", "land_area", unit="亩", required=True, example="45.5"),
        c.decimal("税收", "tax", unit="万元", required=True, example="520"),
        c.decimal("工业增加值", "value_added", unit="万元", required=True, example="3800"),
        c.decimal("主营业务收入", "revenue", unit="万元", required=True, example="15600"),
        c.decimal("综合能耗", "energy", unit="吨标准煤", required=True, example="2100"),
        c.integer("从业人员", "employees", required=True, unit="人", example="260"),
        c.decimal("研发经费", "rnd", unit="万元", required=True, example="410"),
    ]  # fmt: skip
    notes = (_("每家企业每年一行；企业须已在企业库中（按统一社会信用代码或组织机构代码查找）。"),)

    def _load(self, plans, ctx):
        super()._load(plans, ctx)
        credit = {p.values.get("统一社会信用代码") for p in plans} - {None}
        org = {p.values.get("组织机构代码") for p in plans} - {None}
        enterprises = list(
            Enterprise.objects.filter(credit_code__in=credit).select_related(
                "cluster__region", "cluster__committee"
            )
        ) + list(
            Enterprise.objects.filter(org_code__in=org).select_related(
                "cluster__region", "cluster__committee"
            )
        )
        ctx.loaded[(Enterprise, "credit_code")] = {e.credit_code: e for e in enterprises if e.credit_code}
        ctx.loaded[(Enterprise, "org_code")] = {e.org_code: e for e in enterprises if e.org_code}
        ctx.loaded[(EnterpriseFigures, "_key")] = {
            (f.enterprise_id, f.year): f
            for f in EnterpriseFigures.objects.filter(enterprise__in=enterprises).select_related(
                "enterprise__cluster__region", "enterprise__cluster__committee"
            )
        }

    def _enterprise(self, plan, ctx):
        found = None
        for header, field in (("统一社会信用代码", "credit_code"), ("组织机构代码", "org_code")):
            value = plan.values.get(header)
            if value is None:
                continue
            e = ctx.loaded.get((Enterprise, field), {}).get(value)
            if e is None or (ctx.checks_policy and not policy.can(ctx.actor, "view", e)):
                if ctx.checks_policy and not policy.is_global(ctx.actor):
                    reason = _("企业库中没有这个代码的企业，或它不在您的权限范围内。")
                else:
                    reason = _("企业库中没有这个代码的企业。")
                self.error(plan, header, reason)
                return None
            if found is not None and found.pk != e.pk:
                self.error(plan, header, _("统一社会信用代码与组织机构代码不是同一家企业。"))
                return None
            found = e
        if found is None:
            self.error(plan, "统一社会信用代码", _("统一社会信用代码和组织机构代码至少填写一个。"))
        return found

    def find_existing(self, plan, ctx):
        enterprise = self._enterprise(plan, ctx)
        plan.extra["enterprise"] = enterprise
        if enterprise is None:
            return None
        key = (enterprise.pk, plan.values.get("年度"))
        if key in plan.extra.setdefault("_seen", set()):
            return None
        seen = ctx.loaded.setdefault((EnterpriseFigures, "_rows"), {})
        if key in seen:
            self.error(
                plan, "年度", _("与第%(row)d行重复（同一企业同一年度只能出现一次）。") % {"row": seen[key]}
            )
            return None
        seen[key] = plan.row
        return ctx.loaded[(EnterpriseFigures, "_key")].get(key)

    def prepare(self, plan, ctx):
        enterprise = plan.extra.get("enterprise")
        if enterprise is not None:
            plan.data["enterprise"] = enterprise


# --- land policies, parcels, village relocation ------------------------------------------

from clusterzone.core.importing import Ref  # noqa: E402
from clusterzone.projects.models import Project  # noqa: E402
from clusterzone.registry.models import Cluster  # noqa: E402

from . import services  # noqa: E402
from .choices import ParcelStatus, PlannedUse  # noqa: E402
from .models import LandPolicy, Parcel, VillageRelocation  # noqa: E402


def _cluster_column():
    return c.code(
        "集聚区代码", "cluster", required=True, ref=Ref(Cluster, "code", _("集聚区")),
        pattern=r"[0-9A-Za-z][0-9A-Za-z\-]{1,19}", message=_("集聚区代码格式不正确。"), example="41042301",
    )  # fmt: skip


class _ClusterKeyed(Importer):
    """Rows keyed by the cluster's code and `key_header` (None: one row per cluster)."""

    key_fields = ()
    scope_column = "集聚区代码"
    key_header: str | None = None
    key_field: str | None = None

    def find_existing(self, plan, ctx):
        cache = ctx.loaded.get((self.model, "_key"))
        if cache is None:
            fields = ["cluster__code"] + ([self.key_field] if self.key_field else [])
            cache = {
                tuple(o.cluster.code if f == "cluster__code" else getattr(o, f) for f in fields): o
                for o in self.model.objects.select_related("cluster", "cluster__region", "cluster__committee")
            }
            ctx.loaded[(self.model, "_key")] = cache
        key = (plan.values.get("集聚区代码"),) + (
            (plan.values.get(self.key_header),) if self.key_header else ()
        )
        return cache.get(key)


@register
class LandPolicyImporter(_ClusterKeyed):
    kind = "land-policies"
    title = _("供地政策")
    model = LandPolicy
    columns = [
        _cluster_column(),
        c.decimal("最低投资强度", "min_intensity", unit="万元/亩", required=True, example="216"),
        c.decimal("最低容积率", "min_plot_ratio", required=True, example="1.0"),
        c.decimal("主导产业用地最低占比", "min_leading_share", unit="%", required=True, example="70"),
        c.decimal("最低亩均税收", "min_tax_per_mu", unit="万元/亩", example="11"),
        c.decimal("标准厂房规则：用地少于", "standard_factory_below", unit="亩", example="30"),
        c.integer("闲置认定期限", "idle_months", unit="月", required=True, example="12"),
    ]  # fmt: skip
    notes = (_("每个集聚区一行；已有供地政策的集聚区按本表更新。"),)

    def save(self, plan, *, actor, reason):
        if plan.instance.pk:
            return services.land_policy_update(
                actor=actor, instance=plan.instance, data=plan.data, reason=reason
            )
        data = dict(plan.data)
        return services.land_policy_save(actor=actor, cluster=data.pop("cluster"), data=data, reason=reason)


@register
class ParcelImporter(_ClusterKeyed):
    kind = "parcels"
    title = _("地块")
    model = Parcel
    key_header, key_field = "地块编号", "code"
    columns = [
        _cluster_column(),
        c.text("地块编号", "code", required=True, example="LS-2025-07"),
        c.decimal("面积", "area", unit="亩", required=True, example="120"),
        c.choice("规划用途", "planned_use", choices=PlannedUse.choices, required=True, example="工业"),
        c.choice("状态", "status", choices=ParcelStatus.choices, required=True, example="已供应",
                 help=_("收回须在地块页办理，不能导入")),
        c.date("供地日期", "supply_date", example="2025-09-15"),
        c.decimal("出让价款", "price", unit="万元", example="2400"),
        c.code("项目代码", "project", ref=Ref(Project, "code", _("项目"))),
        c.boolean("主导产业用地", "leading_industry", example="是"),
        c.date("计划开工日期", "planned_start"),
        c.date("实际开工日期", "actual_start"),
        c.decimal("建筑面积", "building_area", unit="平方米", example="90000"),
    ]  # fmt: skip

    def prepare(self, plan, ctx):
        if plan.data.get("status") == ParcelStatus.RECOVERED:
            stored = (
                plan.instance.pk
                and Parcel.objects.filter(pk=plan.instance.pk).values_list("status", flat=True).first()
            )
            if stored != ParcelStatus.RECOVERED:
                self.error(plan, "状态", _("收回地块须在地块页办理并填写收回决定文号，不能导入。"))

    def save(self, plan, *, actor, reason):
        return services.parcel_save(
            actor=actor, instance=plan.instance if plan.instance.pk else None, data=plan.data, reason=reason
        )


@register
class VillageRelocationImporter(_ClusterKeyed):
    kind = "village-relocations"
    title = _("村庄迁并")
    model = VillageRelocation
    key_header, key_field = "期次", "phase"
    columns = [
        _cluster_column(),
        c.text("期次", "phase", required=True, example="首批"),
        c.text("迁并村庄", "villages", required=True, example="大王庄、军王、詹营"),
        c.integer("村庄数", "village_count", required=True, example="3"),
        c.integer("户数", "households", required=True, example="1500"),
        c.integer("人数", "people", required=True, example="6000"),
        c.decimal("腾出土地", "land_freed", unit="亩", example="800"),
        c.integer("已搬迁户数", "moved_households", example="600"),
        c.date("计划完成日期", "planned_finish"),
    ]  # fmt: skip
