"""Importers of projects (项目库), milestones (时间节点), monthly investment (月度投资) and
quotas (项目指标), declared on core.importing.

    clusterzone import projects FILE     项目代码, 项目名称, 集聚区代码, 总投资（万元）, 项目类别, 阶段,
                                         签约日期, 开工日期, 投产日期 …
    clusterzone import quotas FILE       行政区划代码, 年度, 下限, 上限, 数量 (万元)
    clusterzone import unit-quotas FILE  单位名称, 行政区划代码, 年度, 下限, 数量
    clusterzone import milestones FILE   项目代码, 节点名称, 计划完成日期, 实际完成日期, 责任单位
    clusterzone import investments FILE  项目代码, 月份, 完成投资（万元）

A project row creates the project, or updates the one with its code; a different 阶段 on an
existing project goes through the stage transition service (refused transitions are
reported on the row).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts.models import OrgUnit, Region
from clusterzone.core.importing import Importer, ParseError, Ref, register
from clusterzone.core.importing import columns as c
from clusterzone.core.periods import MONTHLY, Period, PeriodError
from clusterzone.registry.models import Cluster, Industry

from . import services
from .choices import KeyLevel, ProjectKind, Stage
from .codes import code_errors, next_platform_code, normalize_code, platform_code
from .models import Project, ProjectInvestment, ProjectMilestone, Quota, UnitQuota


def parse_project_code(value) -> str:
    text = normalize_code(c.cell_text(value))
    errors = code_errors(text, check_region=False)
    if errors:
        raise ParseError(errors[0])
    return text


def parse_month(value) -> str:
    if hasattr(value, "year") and hasattr(value, "month"):
        return f"{value.year:04d}-{value.month:02d}"
    try:
        p = Period.parse(c.cell_text(value))
    except PeriodError as exc:
        raise ParseError(str(exc))
    if p.kind != MONTHLY:
        raise ParseError(_("应为月份，如 2025-04。"))
    return str(p)


STAGE_ALIASES = {"前期": Stage.PLANNING, "洽谈": Stage.NEGOTIATING, "已签约": Stage.SIGNED, "已开工": Stage.STARTED,
                 "建设中": Stage.BUILDING, "已竣工": Stage.COMPLETED, "已投产": Stage.PRODUCING}  # fmt: skip


@register
class ProjectImporter(Importer):
    kind = "projects"
    title = _("项目")
    model = Project
    key_fields = ("code",)
    scope_column = "集聚区代码"
    select_related = ("cluster", "cluster__region")
    columns = [
        c.Column("项目代码", "code", parse_project_code, aliases=("一项一码",), text_format=True,
                 fmt=_("全国投资项目代码（24位）或平台代码 XM-集聚区代码-年度-序号；新项目可留空"),
                 example="2503-410423-04-01-123456"),
        c.text("项目名称", "name", required=True, example="海威特种布项目"),
        c.code("集聚区代码", "cluster", required=True, ref=Ref(Cluster, "code", _("集聚区")), example="41042301"),
        c.decimal("总投资", "total_investment", unit="万元", required=True, example="30000"),
        c.choice("项目类别", "kind", choices=ProjectKind.choices, example="工业"),
        c.choice("阶段", "stage", choices=Stage.choices, aliases=STAGE_ALIASES, example="签约"),
        c.date("签约日期", "sign_date"),
        c.date("开工日期", "start_date"),
        c.date("投产日期", "production_date"),
        c.text("投资方", "investor_name", aliases=("投资企业", "投资方名称")),
        c.code("行业代码", "industry", pad=2, ref=Ref(Industry, "code", _("国民经济行业大类"), {"level": "division"}),
               aliases=("行业大类代码",), example="17"),
        c.choice("重点项目级别", "key_level", choices=[x for x in KeyLevel.choices if x[0]],
                 aliases={"省重点项目": KeyLevel.PROVINCE, "市重点项目": KeyLevel.CITY, "县重点项目": KeyLevel.COUNTY}),
        c.decimal("用地面积", "land_area", unit="亩", example="150"),
        c.date("计划签约日期", "planned_sign_date"),
        c.date("计划开工日期", "planned_start_date"),
        c.date("计划投产日期", "planned_production_date"),
        c.text("终止原因", "terminated_reason"),
        c.text("建设内容", "description"),
    ]  # fmt: skip
    notes = (
        _("项目代码留空时系统按 XM-集聚区代码-年度-序号 生成平台代码；再次导入请填写该代码以更新。"),
        _("已有项目的阶段变化按阶段变更规则办理（如未开工不能直接投产）。"),
    )

    def find_existing(self, plan, ctx):
        """By 项目代码; a row without one by its natural key (集聚区, 项目名称), backed by the
        constraint project_unique_name, so importing a code-less file twice adds nothing."""
        found = super().find_existing(plan, ctx)
        if found is not None or plan.values.get("项目代码"):
            return found
        cluster = ctx.lookup(Cluster, "code", plan.values.get("集聚区代码"))
        name = plan.values.get("项目名称")
        if cluster is None or not name:
            return None
        cache = ctx.loaded.get((Project, "cluster+name"))
        if cache is None:
            clusters = [o.pk for o in ctx.loaded.get((Cluster, "code"), {}).values()]
            cache = ctx.loaded[(Project, "cluster+name")] = {
                (p.cluster_id, p.name): p
                for p in Project.objects.filter(cluster_id__in=clusters).select_related(*self.select_related)
            }
        return cache.get((cluster.pk, name))

    def prepare(self, plan, ctx):
        if plan.creating:
            plan.data.setdefault("stage", Stage.PLANNING)
            if not plan.data.get("code") and plan.data.get("cluster") is not None:
                plan.data["code"] = self._platform_code(plan, ctx)
        else:
            if not plan.data.get("code"):
                plan.data.pop("code", None)  # found by its natural key: keep the stored code
            new_stage = plan.data.pop("stage", None)
            if new_stage and new_stage != plan.instance.stage:
                plan.extra["stage"] = new_stage
        if plan.data.get("stage") == Stage.TERMINATED and not plan.data.get("terminated_reason"):
            self.error(plan, "阶段", _("终止项目须填写终止原因。"))

    def extra_changed(self, plan):
        return "stage" in plan.extra

    def _platform_code(self, plan, ctx) -> str:
        """The next platform code of the row's cluster and year, counting the codes given to
        earlier rows of the same file."""
        cluster = plan.data["cluster"]
        day = plan.data.get("sign_date") or plan.data.get("start_date")
        year = day.year if day else timezone.localdate().year
        issued = ctx.__dict__.setdefault("platform_codes", {})
        key = (cluster.code, year)
        if key not in issued:
            code = next_platform_code(cluster, year)
            issued[key] = int(code.rsplit("-", 1)[1])
        else:
            issued[key] += 1
        return platform_code(cluster.code, year, issued[key])

    def save(self, plan, *, actor, reason):
        if plan.creating:
            data = dict(plan.data)
            data.setdefault("code", "")
            return services.project_create(actor=actor, data=data, reason=reason)
        project = services.project_update(actor=actor, project=plan.instance, data=plan.data, reason=reason)
        if "stage" in plan.extra:
            to = plan.extra["stage"]
            date = {Stage.SIGNED: project.sign_date, Stage.STARTED: project.start_date,
                    Stage.PRODUCING: project.production_date}.get(to)  # fmt: skip
            services.project_transition(
                actor=actor,
                project=project,
                to_stage=to,
                date=date,
                reason=project.terminated_reason or reason,
            )
            project.refresh_from_db()
        return project


class _ProjectChildImporter(Importer):
    scope_column = "项目代码"
    project_column = c.Column("项目代码", "project", parse_project_code, required=True, text_format=True,
                              ref=Ref(Project, "code", _("项目")), example="2503-410423-04-01-123456")  # fmt: skip

    def find_existing(self, plan, ctx):
        return ctx.loaded.get((self.model, "_key"), {}).get(self.row_key(plan))

    def row_key(self, plan):  # pragma: no cover - subclasses
        raise NotImplementedError

    def _load(self, plans, ctx):
        super()._load(plans, ctx)
        projects = ctx.loaded.get((Project, "code"), {}).values()
        existing = {}
        for obj in self.model._default_manager.filter(project__in=list(projects)).select_related("project"):
            existing[self.stored_key(obj)] = obj
        ctx.loaded[(self.model, "_key")] = existing

    def check_policy(self, actor, action, instance):
        # rows of a project are governed by the project's change right
        return super().check_policy(actor, "view" if action == "view" else "change", instance)


@register
class MilestoneImporter(_ProjectChildImporter):
    kind = "milestones"
    title = _("项目时间节点")
    model = ProjectMilestone
    key_fields = ()
    columns = [
        _ProjectChildImporter.project_column,
        c.text("节点名称", "name", required=True, example="主体封顶"),
        c.date("计划完成日期", "planned_date", required=True),
        c.date("实际完成日期", "actual_date"),
        c.text("责任单位", None, help=_("系统中已有的单位名称")),
        c.text("备注", "notes"),
    ]

    def row_key(self, plan):
        project = plan.values.get("项目代码")
        return (project, plan.values.get("节点名称"))

    def stored_key(self, obj):
        return (obj.project.code, obj.name)

    def prepare(self, plan, ctx):
        name = plan.values.get("责任单位") if "责任单位" in ctx.present else None
        if name:
            unit = OrgUnit.objects.filter(name=name).first()
            if unit is None or (ctx.checks_policy and not ctx.importer.check_policy(ctx.actor, "view", unit)):
                self.error(plan, "责任单位", _("系统中没有名为“%(n)s”的单位。") % {"n": name})
            else:
                plan.data["responsible_unit"] = unit
        elif "责任单位" in ctx.present:
            plan.data["responsible_unit"] = None

    def save(self, plan, *, actor, reason):
        return services.milestone_save(actor=actor, milestone=plan.instance, data={}, reason=reason)


@register
class InvestmentImporter(_ProjectChildImporter):
    kind = "investments"
    title = _("项目月度投资")
    model = ProjectInvestment
    key_fields = ()
    columns = [
        _ProjectChildImporter.project_column,
        c.Column("月份", None, parse_month, required=True, fmt=_("如 2025-04"), example="2025-04"),
        c.decimal(
            "完成投资", "amount", unit="万元", required=True, aliases=("当月完成投资",), example="4500"
        ),
    ]

    def row_key(self, plan):
        return (plan.values.get("项目代码"), plan.values.get("月份"))

    def stored_key(self, obj):
        return (obj.project.code, obj.period)

    def prepare(self, plan, ctx):
        month = plan.values.get("月份")
        if month:
            p = Period.parse(month)
            plan.data.update(period=month, year=p.year, month=p.index)

    def save(self, plan, *, actor, reason):
        return services.investment_record(
            actor=actor, project=plan.instance.project, period=plan.instance.period,
            amount=plan.instance.amount, reason=reason,
        )  # fmt: skip


@register
class QuotaImporter(Importer):
    kind = "quotas"
    title = _("项目指标")
    model = Quota
    key_fields = ()
    scope_column = "行政区划代码"
    columns = [
        c.code("行政区划代码", "region", digits=6, required=True, ref=Ref(Region, "code", _("行政区划")), example="410423"),
        c.integer("年度", "year", required=True, example="2025"),
        c.decimal("下限", "min_amount", unit="万元", required=True, example="100000"),
        c.decimal("上限", "max_amount", unit="万元", example="", help=_("留空表示不设上限")),
        c.integer("数量", "count", required=True, unit="个", example="1"),
    ]  # fmt: skip
    notes = (_("“1233工程”：每县 10亿以上1个（下限100000、上限留空）、5–10亿2个、1–5亿3个；金额单位万元。"),)

    def _load(self, plans, ctx):
        super()._load(plans, ctx)
        regions = list(ctx.loaded.get((Region, "code"), {}).values())
        ctx.loaded[(Quota, "_key")] = {
            (q.region.code, q.year, q.min_amount): q
            for q in Quota.objects.filter(region__in=regions).select_related("region")
        }

    def find_existing(self, plan, ctx):
        key = (plan.values.get("行政区划代码"), plan.values.get("年度"), plan.values.get("下限"))
        for (code, year, lo), q in ctx.loaded.get((Quota, "_key"), {}).items():
            if (code, year) == key[:2] and key[2] is not None and lo == key[2]:
                return q
        return None


@register
class UnitQuotaImporter(Importer):
    kind = "unit-quotas"
    title = _("单位招商指标")
    model = UnitQuota
    key_fields = ()
    scope_column = "单位名称"
    columns = [
        c.text("单位名称", None, required=True, example="鲁山县张官营镇"),
        c.code("行政区划代码", None, digits=6, required=True, example="410423"),
        c.integer("年度", "year", required=True, example="2025"),
        c.decimal("下限", "min_amount", unit="万元", required=True, example="5000"),
        c.integer("数量", "count", unit="个", example="1"),
    ]  # fmt: skip

    def prepare(self, plan, ctx):
        unit = OrgUnit.objects.filter(
            name=plan.values.get("单位名称"), region__code=plan.values.get("行政区划代码")
        ).first()
        if unit is None:
            self.error(plan, "单位名称", _("该行政区划下没有这个单位。"))
            return
        existing = UnitQuota.objects.filter(
            unit=unit, year=plan.data.get("year"), min_amount=plan.data.get("min_amount")
        ).first()
        if existing is not None:
            plan.instance, plan.creating = existing, False
        plan.data["unit"] = unit
        if plan.data.get("count") is None:
            plan.data["count"] = 1
