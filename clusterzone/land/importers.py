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
