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


# --- acquisition plans, quotas and allocations, differentiated terms, housing, employment ---

from clusterzone.accounts.models import Region  # noqa: E402

from .choices import EmploymentKind, EvaluationClass, HousingKind  # noqa: E402
from .models import (  # noqa: E402
    AcquisitionPlan,
    DifferentiatedPolicy,
    Housing,
    LandlessEmployment,
    LandQuota,
    QuotaAllocation,
)

REGION_CODE_MSG = _("行政区划代码应为6位数字。")


def _region_column(field="region"):
    return c.code(
        "行政区划代码", field, digits=6, required=True, aliases=("区划代码",),
        ref=Ref(Region, "code", _("行政区划")) if field else None, message=REGION_CODE_MSG, example="410728",
    )  # fmt: skip


class _Keyed(Importer):
    """Rows keyed by a tuple of stored attributes (`key_paths`, read off a stored row) matched
    against the file's `key_headers` (the cells of the row, in the same order). Everything the
    importer updates is loaded once; a key repeated in the file is a row error."""

    key_fields = ()
    key_headers: tuple[str, ...] = ()
    key_paths: tuple[str, ...] = ()
    related: tuple[str, ...] = ()

    @staticmethod
    def _attr(obj, path):
        for part in path.split("__"):
            obj = getattr(obj, part)
        return obj

    def _row_key(self, plan):
        return tuple(plan.values.get(h) if plan.values.get(h) is not None else "" for h in self.key_headers)

    def find_existing(self, plan, ctx):
        cache = ctx.loaded.get((self.model, "_key"))
        if cache is None:
            qs = self.model._default_manager.select_related(*self.related)
            cache = {tuple(self._attr(o, p) for p in self.key_paths): o for o in qs}
            ctx.loaded[(self.model, "_key")] = cache
        key = self._row_key(plan)
        seen = ctx.loaded.setdefault((self.model, "_rows"), {})
        if key in seen:
            self.error(
                plan,
                self.key_headers[-1],
                _("与第%(row)d行重复（%(h)s相同的行只能出现一次）。")
                % {"row": seen[key], "h": "、".join(self.key_headers)},
            )
            return None
        seen[key] = plan.row
        return cache.get(key)

    def save(self, plan, *, actor, reason):
        return self.saver(actor=actor, instance=plan.instance if plan.instance.pk else None, data=plan.data,
                          reason=reason)  # fmt: skip


_CLUSTER_RELATED = ("cluster", "cluster__region", "cluster__committee")


@register
class AcquisitionPlanImporter(_Keyed):
    kind = "acquisition-plans"
    title = _("征收计划")
    model = AcquisitionPlan
    scope_column = "集聚区代码"
    key_headers, key_paths, related = ("集聚区代码", "年度"), ("cluster__code", "year"), _CLUSTER_RELATED
    saver = staticmethod(services.acquisition_plan_save)
    columns = [
        _cluster_column(),
        c.integer("年度", "year", required=True, example="2025"),
        c.decimal("计划征收", "planned", unit="亩", required=True, example="10000"),
        c.decimal("已征收", "acquired", unit="亩", example="3700"),
    ]  # fmt: skip
    notes = (_("每个集聚区每年一行；已有的年度按本表更新。"),)


@register
class LandQuotaImporter(_Keyed):
    kind = "land-quotas"
    title = _("建设用地指标")
    model = LandQuota
    scope_column = "行政区划代码"
    key_headers, key_paths, related = ("行政区划代码", "年度"), ("region__code", "year"), ("region",)
    saver = staticmethod(services.land_quota_save)
    columns = [
        _region_column(),
        c.integer("年度", "year", required=True, example="2010"),
        c.decimal("指标", "quota", unit="亩", required=True, example="11250"),
    ]  # fmt: skip
    notes = (_("每个行政区划每年一行；已分配面积由“指标分配”导入或录入后自动合计，不在本表填写。"),)


@register
class QuotaAllocationImporter(_Keyed):
    kind = "quota-allocations"
    title = _("指标分配")
    model = QuotaAllocation
    scope_column = "行政区划代码"
    key_headers = ("行政区划代码", "年度", "集聚区代码", "使用园区/项目")
    key_paths = ("quota__region__code", "quota__year", "cluster__code", "recipient")
    related = ("quota__region", "cluster")
    saver = staticmethod(services.quota_allocation_save)
    columns = [
        _region_column(None),
        c.integer("年度", None, required=True, example="2010", help=_("建设用地指标的年度")),
        _cluster_column(),
        c.text("使用园区/项目", "recipient", example="起重园区"),
        c.decimal("分配面积", "area", unit="亩", required=True, example="2250"),
        c.date("分配日期", "allocated_on"),
    ]  # fmt: skip
    notes = (
        _("行政区划代码与年度指向一项已有的建设用地指标；按行政区划、年度、集聚区和使用园区/项目更新。"),
        _("分配合计不能超过指标，超过时整个文件不导入。"),
    )

    def find_existing(self, plan, ctx):
        quotas = ctx.loaded.get((LandQuota, "_key"))
        if quotas is None:
            quotas = ctx.loaded[(LandQuota, "_key")] = {
                (q.region.code, q.year): q for q in LandQuota.objects.select_related("region")
            }
        quota = quotas.get((plan.values.get("行政区划代码"), plan.values.get("年度")))
        if quota is None or (ctx.checks_policy and not policy.can(ctx.actor, "view", quota)):
            self.error(plan, "年度", _("没有这个行政区划该年度的建设用地指标，或它不在您的权限范围内。"))
            return None
        plan.extra["quota"] = quota
        return super().find_existing(plan, ctx)

    def prepare(self, plan, ctx):
        if "quota" in plan.extra:
            plan.data["quota"] = plan.extra["quota"]


@register
class DifferentiatedPolicyImporter(_Keyed):
    kind = "differentiated-policies"
    title = _("差别化政策")
    model = DifferentiatedPolicy
    scope_column = "行政区划代码"
    key_headers, key_paths, related = ("行政区划代码", "类别"), ("region__code", "klass"), ("region",)
    saver = staticmethod(services.differentiated_policy_save)
    columns = [
        _region_column(),
        c.choice(
            "类别", "klass", required=True, example="A",
            choices=[(v, label) for v, label in EvaluationClass.choices if v != EvaluationClass.T],
            aliases={"A类": "A", "B类": "B", "C类": "C", "D类": "D"},
        ),
        c.text("用地", "land", example="优先保障新增用地"),
        c.text("用电", "power"),
        c.text("用水", "water"),
        c.text("排污", "discharge"),
        c.text("信贷", "credit"),
    ]  # fmt: skip
    notes = (_("每个行政区划每个类别一行（A、B、C、D）；已有的按本表更新。"),)


@register
class HousingImporter(_Keyed):
    kind = "housing"
    title = _("安置社区与公租房")
    model = Housing
    scope_column = "集聚区代码"
    key_headers, key_paths, related = ("集聚区代码", "名称"), ("cluster__code", "name"), _CLUSTER_RELATED
    saver = staticmethod(services.housing_save)
    columns = [
        _cluster_column(),
        c.choice("类型", "kind", choices=HousingKind.choices, required=True, example="安置社区",
                 aliases={"公租房": HousingKind.PUBLIC_RENTAL}),
        c.text("名称", "name", required=True, example="露峰社区"),
        c.decimal("建筑面积", "floor_area", unit="万平方米", example="18.6"),
        c.integer("套数", "flats", required=True, unit="套", example="1600"),
        c.integer("已建成套数", "completed_flats", unit="套", example="1200"),
        c.integer("可安置人数", "capacity", unit="人", example="6000"),
        c.date("竣工（计划）日期", "completion"),
    ]  # fmt: skip
    notes = (_("按集聚区和名称更新。"),)


@register
class LandlessEmploymentImporter(_Keyed):
    kind = "landless-employment"
    title = _("失地农民就业培训")
    model = LandlessEmployment
    scope_column = "集聚区代码"
    key_headers = ("集聚区代码", "年度", "类型", "培训单位")
    key_paths = ("cluster__code", "year", "kind", "training_unit")
    related = _CLUSTER_RELATED
    columns = [
        _cluster_column(),
        c.integer("年度", "year", required=True, example="2025"),
        c.choice("类型", "kind", choices=EmploymentKind.choices, required=True, example="失地农民就业",
                 aliases={"就业": EmploymentKind.EMPLOYMENT, "培训": EmploymentKind.TRAINING}),
        c.integer("人次", "person_times", required=True, example="3800"),
        c.text("培训单位", "training_unit", help=_("委托用工培训必填")),
        c.Column(
            "服务企业", None, c.parse_name_list, aliases=("服务企业统一社会信用代码",),
            fmt=_("企业的统一社会信用代码，多个用“、”“，”或“；”分隔；列存在时以文件为准"),
            example="91411700MA44XXXXXX", text_format=True,
        ),
        c.text("备注", "notes"),
    ]  # fmt: skip
    notes = (_("按集聚区、年度、类型和培训单位更新。"),)

    def _load(self, plans, ctx):
        super()._load(plans, ctx)
        wanted = {code for p in plans for code in (p.values.get("服务企业") or [])}
        ctx.loaded[(Enterprise, "_served")] = {
            e.credit_code: e
            for e in Enterprise.objects.filter(credit_code__in=wanted).select_related(
                "cluster__region", "cluster__committee"
            )
        }

    def prepare(self, plan, ctx):
        if plan.errors or "服务企业" not in ctx.present:
            return
        codes = plan.values.get("服务企业") or []
        known = ctx.loaded[(Enterprise, "_served")]
        chosen = []
        for code in codes:
            e = known.get(code)
            if e is None or (ctx.checks_policy and not policy.can(ctx.actor, "view", e)):
                self.error(plan, "服务企业", _("企业库中没有统一社会信用代码为%(c)s的企业，或它不在您的权限范围内。")
                           % {"c": code})  # fmt: skip
                return
            chosen.append(e)
        plan.extra["enterprises"] = chosen

    def extra_changed(self, plan):
        if "enterprises" not in plan.extra:
            return False
        current = set() if plan.creating else set(plan.instance.enterprises.values_list("pk", flat=True))
        return current != {e.pk for e in plan.extra["enterprises"]}

    def save(self, plan, *, actor, reason):
        data = dict(plan.data)
        if "enterprises" in plan.extra:
            data["enterprises"] = plan.extra["enterprises"]
        return services.landless_employment_save(
            actor=actor, instance=plan.instance if plan.instance.pk else None, data=data, reason=reason
        )
