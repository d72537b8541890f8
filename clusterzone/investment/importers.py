"""Importers of leads (招商线索) and of funds in place (到资): `clusterzone import leads FILE`,
the import page and the API use these declarations on core.importing.

Upsert key: 线索编号 when given, otherwise the natural key (集聚区代码, 目标企业, 接洽日期),
backed by the database constraint lead_unique_contact. A new lead may start at
接洽/考察/洽谈/意向; 签约, 落地 and 流失 are done on the lead's page (they record an
agreement, create a project, need a reason), so the file cannot change a lead's stage.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from clusterzone.accounts.models import OrgUnit
from clusterzone.core.importing import Importer, Ref, register
from clusterzone.core.importing import columns as c
from clusterzone.registry.models import Cluster, Industry, IndustryCategory

from . import services
from .choices import CompanyType, LeadStage, SourceRegion
from .models import Agreement, FundsPayment, Lead

IMPORT_STAGES = [(v, label) for v, label in LeadStage.choices if v in services.CREATE_STAGES]


@register
class LeadImporter(Importer):
    kind = "leads"
    title = _("招商线索")
    model = Lead
    key_fields = ("code",)
    scope_column = "集聚区代码"
    select_related = ("cluster__region", "cluster__committee")
    columns = [
        c.code("线索编号", "code", pattern=r"[0-9A-Za-z\-]{2,32}", message=_("线索编号只能由字母、数字和连字符组成。"),
               example="XS411424010001", help=_("留空则新增并自动编号；填写已有编号则更新该线索")),
        c.text("目标企业", "company", required=True, aliases=("企业名称", "客商名称", "客商"), example="某某超硬材料股份有限公司"),
        c.text("拟建项目名称", "project_name", aliases=("项目名称", "拟建项目"), example="金刚石复合片项目"),
        c.code("集聚区代码", "cluster", required=True, ref=Ref(Cluster, "code", _("集聚区")),
               pattern=r"[0-9A-Za-z][0-9A-Za-z\-]{1,19}", message=_("集聚区代码格式不正确。"), example="41142401"),
        c.choice("来源地", "source_region", choices=SourceRegion.choices, required=True,
                 aliases={"珠三角地区": "prd", "长三角地区": "yrd", "省外": "other", "国外": "overseas"}, example="珠三角"),
        c.choice("企业类型", "company_type", choices=CompanyType.choices, required=True,
                 aliases={"世界五百强": "fortune500", "中国五百强": "china500", "龙头企业": "industry_leader",
                          "民营企业": "private", "外资企业": "foreign"}, example="行业龙头"),
        c.code("行业代码", "industry", digits=2, pad=2, aliases=("行业大类代码",),
               message=_("行业代码应为国民经济行业分类（GB/T 4754）的两位大类代码。"),
               ref=Ref(Industry, "code", _("行业"), filters={"level": "division"}), example="30"),
        c.text("主导产业", None, aliases=("产业",), example="超硬材料", help=_("系统中已有的主导产业类别名称")),
        c.decimal("意向投资", "intended_investment", unit="万元", required=True, aliases=("意向投资额", "投资额"),
                  example="30000"),
        c.text("责任单位", None, example="柘城县招商局", help=_("系统中已有的单位名称")),
        c.date("接洽日期", "first_contact", required=True, example="2025-03-01"),
        c.choice("阶段", "stage", choices=IMPORT_STAGES, help=_("新线索可为接洽、考察、洽谈、意向；留空为接洽"),
                 example="接洽"),
        c.text("客商联系人", "contact", aliases=("联系人",)),
        c.text("备注", "notes"),
    ]  # fmt: skip
    notes = (
        _("签约、落地、流失须在线索页面办理，不能通过导入改变已有线索的阶段。"),
        _("金额单位为万元；表头可写作“意向投资（万元）”。"),
    )

    def _by_company(self, ctx):
        cache = ctx.loaded.get((Lead, "cluster+company"))
        if cache is None:
            clusters = [o.pk for o in ctx.loaded.get((Cluster, "code"), {}).values()]
            cache = ctx.loaded[(Lead, "cluster+company")] = {
                (le.cluster_id, le.company, le.first_contact): le
                for le in Lead.objects.filter(cluster_id__in=clusters).select_related(*self.select_related)
            }
        return cache

    def find_existing(self, plan, ctx):
        found = super().find_existing(plan, ctx)
        if found is not None or plan.values.get("线索编号"):
            return found
        cluster = ctx.lookup(Cluster, "code", plan.values.get("集聚区代码"))
        if cluster is None:
            return None
        return self._by_company(ctx).get(
            (cluster.pk, plan.values.get("目标企业"), plan.values.get("接洽日期"))
        )

    def _units(self, ctx):
        cache = ctx.loaded.get((OrgUnit, "name"))
        if cache is None:
            cache = ctx.loaded[(OrgUnit, "name")] = {}
            for u in OrgUnit.objects.select_related("region"):
                cache.setdefault(u.name, []).append(u)
        return cache

    def prepare(self, plan, ctx):
        data = plan.data
        if not plan.creating:
            data.pop("code", None)
            stage = data.pop("stage", None)
            if stage and stage != plan.instance.stage:
                self.error(plan, "阶段", _("已有线索的阶段须在线索页面办理，不能通过导入修改。"))
        elif not data.get("stage"):
            data["stage"] = LeadStage.CONTACT
        if "主导产业" in ctx.present and plan.values.get("主导产业"):
            cats = ctx.loaded.get((IndustryCategory, "name"))
            if cats is None:
                cats = ctx.loaded[(IndustryCategory, "name")] = {
                    x.name: x for x in IndustryCategory.objects.all()
                }
            cat = cats.get(plan.values["主导产业"])
            if cat is None:
                self.error(
                    plan, "主导产业", _("没有名为“%(n)s”的主导产业类别。") % {"n": plan.values["主导产业"]}
                )
            else:
                data["category"] = cat
        if "责任单位" in ctx.present and plan.values.get("责任单位"):
            candidates = self._units(ctx).get(plan.values["责任单位"], [])
            cluster = data.get("cluster")
            if len(candidates) > 1 and cluster is not None:
                path = cluster.region.path
                candidates = [
                    u for u in candidates if path.startswith(u.region.path) or u.region.path.startswith(path)
                ]
            if not candidates:
                self.error(plan, "责任单位", _("系统中没有这个单位。"))
            elif len(candidates) > 1:
                self.error(plan, "责任单位", _("有多个同名单位，无法确定是哪一个。"))
            else:
                data["unit"] = candidates[0]
        if plan.creating and data.get("first_contact"):
            plan.instance.stage_entered_at = data["first_contact"]

    def save(self, plan, *, actor, reason):
        if plan.creating:
            return services.lead_create(actor=actor, data=plan.data, reason=reason)
        return services.lead_update(actor=actor, lead=plan.instance, data=plan.data, reason=reason)


@register
class FundsPaymentImporter(Importer):
    """到资记录: each payment received against a lead's signed agreement, the lead named by its
    code (线索编号); a row with the same lead, date and evidence updates it."""

    kind = "funds-payments"
    title = _("到资记录")
    model = FundsPayment
    key_fields = ()
    scope_column = "线索编号"
    columns = [
        c.code("线索编号", None, required=True, ref=Ref(Lead, "code", _("招商线索")), example="ZC-2025-001"),
        c.date("到资日期", "date", required=True, example="2025-06-30"),
        c.decimal("到资金额", "amount", unit="万元", required=True, example="8000"),
        c.text("资金来源地", "source_region", aliases=("来源地",), example="广东省深圳市"),
        c.text("到资凭证", "evidence", required=True, aliases=("凭证",), example="银行进账单"),
    ]  # fmt: skip

    def _load(self, plans, ctx):
        super()._load(plans, ctx)
        codes = sorted({p.values["线索编号"] for p in plans if p.values.get("线索编号")})
        ctx.agreements = {
            a.lead.code: a
            for a in Agreement.objects.filter(lead__code__in=codes).select_related(
                "lead", "lead__cluster__region", "lead__cluster__committee", "lead__unit"
            )
        }
        ctx.payments = {
            (p.agreement.lead.code, p.date, p.evidence): p
            for p in FundsPayment.objects.filter(agreement__lead__code__in=codes).select_related(
                "agreement__lead__cluster__region",
                "agreement__lead__cluster__committee",
                "agreement__lead__unit",
            )
        }

    def find_existing(self, plan, ctx):
        key = (plan.values.get("线索编号"), plan.values.get("到资日期"), plan.values.get("到资凭证"))
        return ctx.payments.get(key)

    def prepare(self, plan, ctx):
        agreement = ctx.agreements.get(plan.values.get("线索编号"))
        if agreement is None:
            self.error(plan, "线索编号", _("该线索尚未签约，不能登记到资。"))
            return
        plan.data["agreement"] = agreement

    def save(self, plan, *, actor, reason):
        data = {k: v for k, v in plan.data.items() if k != "agreement"}
        if plan.creating:
            agreement = plan.data["agreement"]
            return services.payment_record(actor=actor, agreement=agreement, data=data, reason=reason)
        return services.payment_update(actor=actor, payment=plan.instance, data=data, reason=reason)
