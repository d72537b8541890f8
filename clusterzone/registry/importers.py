"""Importers of the registry: clusters (集聚区) and enterprises (企业)."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from clusterzone.accounts.models import Region
from clusterzone.core.importing import Importer, ParseError, Ref, register
from clusterzone.core.importing import columns as c
from clusterzone.core.validators import normalize_credit_code, normalize_org_code

from . import services
from .choices import ClusterStatus, IndustryLevel, IndustryRole
from .models import Cluster, ClusterIndustry, Enterprise, EnterpriseContact, Industry, IndustryCategory

REGION_CODE_MSG = _("行政区划代码应为6位数字（GB/T 2260）。")
_STAR_WORDS = {"无": 0, "无星级": 0, "零": 0}
for _i, _ch in enumerate("一二三四五六", start=1):
    for _form in (f"{_ch}星级", f"{_ch}星", f"{_i}星级", f"{_i}星"):
        _STAR_WORDS[_form] = _i


def parse_star(value) -> int:
    text = c.cell_text(value).replace(" ", "")
    if text in _STAR_WORDS:
        return _STAR_WORDS[text]
    try:
        star = c.parse_int(value)
    except ParseError:
        star = None
    if star is None or not 0 <= star <= 6:
        raise ParseError(_("星级应为0-6的整数，或“一星级”…“六星级”、“无”。"))
    return star


def parse_credit_code(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ParseError(_("代码被Excel存成了数字，可能已丢失精度；请把该列设为文本格式后重新填写。"))
    return normalize_credit_code(value)


def parse_org_code(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # a numeric code whose leading zeros Excel dropped
        text = c.make_code_parser()(value)
        return normalize_org_code(text.zfill(9) if text.isdigit() else text)
    return normalize_org_code(value)


@register
class ClusterImporter(Importer):
    kind = "clusters"
    title = _("集聚区")
    model = Cluster
    key_fields = ("code",)
    scope_column = "行政区划代码"
    select_related = ("region", "committee")
    columns = [
        c.code(
            "集聚区代码", "code", required=True, pattern=r"[0-9A-Za-z][0-9A-Za-z\-]{1,19}",
            message=_("集聚区代码只能由字母、数字和连字符组成，2-20位。"), example="41172201",
        ),
        c.text("集聚区名称", "name", required=True, aliases=("名称",), example="上蔡县产业集聚区"),
        c.code(
            "行政区划代码", "region", digits=6, required=True, aliases=("区划代码", "所在区划代码"),
            message=REGION_CODE_MSG, ref=Ref(Region, "code", _("行政区划")), example="411722",
        ),
        c.choice(
            "类别", "status", choices=ClusterStatus.choices,
            aliases={"省定": ClusterStatus.PROVINCIAL, "省级": ClusterStatus.PROVINCIAL,
                     "市级": ClusterStatus.CITY_PARK, "专业园区": ClusterStatus.CITY_PARK},
            example="省定产业集聚区", help=_("留空视为“省定产业集聚区”"),
        ),
        c.decimal("规划面积", "planned_area", unit="平方公里", example="16.33"),
        c.decimal("建成区面积", "built_area", unit="平方公里", example="9.65"),
        c.decimal("土地储备", "land_reserve", unit="亩", example="3700"),
        c.Column(
            "星级", "star", parse_star, fmt=_("0-6，或“一星级”…“六星级”、“无”"), example="二星级",
            help=_("留空视为无星级"),
        ),
        c.date("设立日期", "founded"),
        c.text("主导产业", None, example="装备制造", help=_("一个主导产业类别名称（“一主二辅”的“一主”）")),
        c.Column(
            "辅助产业", None, c.parse_name_list, fmt=_("产业类别名称，多个用“、”“，”或“；”分隔"),
            example="食品加工、新型建材",
        ),
        c.text("备注", "notes"),
    ]  # fmt: skip
    notes = (_("主导产业、辅助产业须是系统中已有的主导产业类别名称；列存在时，以文件为准增删。"),)

    def prepare(self, plan, ctx):
        if "主导产业" not in ctx.present and "辅助产业" not in ctx.present:
            return
        categories = _categories(ctx)
        wanted: dict[int, str] = {}
        main_name = plan.values.get("主导产业") if "主导产业" in ctx.present else None
        if main_name:
            category = categories.get(main_name)
            if category is None:
                self.error(plan, "主导产业", _("没有名为“%(n)s”的主导产业类别。") % {"n": main_name})
            else:
                wanted[category.pk] = IndustryRole.MAIN
        for name in plan.values.get("辅助产业") or []:
            category = categories.get(name)
            if category is None:
                self.error(plan, "辅助产业", _("没有名为“%(n)s”的主导产业类别。") % {"n": name})
            elif wanted.get(category.pk) == IndustryRole.MAIN:
                self.error(plan, "辅助产业", _("“%(n)s”已是主导产业，不能同时列为辅助产业。") % {"n": name})
            else:
                wanted[category.pk] = IndustryRole.AUXILIARY
        # roles whose column is in the file are taken from the file; the others are kept
        managed = set()
        if "主导产业" in ctx.present:
            managed.add(IndustryRole.MAIN)
        if "辅助产业" in ctx.present:
            managed.add(IndustryRole.AUXILIARY)
        current = (
            {}
            if plan.creating
            else {link.category_id: link for link in plan.instance.leading_industries.all()}
        )
        for category_id, link in current.items():
            if link.role not in managed and category_id not in wanted:
                wanted[category_id] = link.role
        plan.extra["industries"] = wanted
        plan.extra["current"] = current
        plan.extra["categories"] = {cat.pk: cat for cat in categories.values()}

    def extra_changed(self, plan):
        if "industries" not in plan.extra:
            return False
        current = {cid: link.role for cid, link in plan.extra["current"].items()}
        return current != plan.extra["industries"]

    def save(self, plan, *, actor, reason):
        if plan.creating:
            cluster = services.cluster_create(actor=actor, data=plan.data, reason=reason)
        else:
            cluster = services.cluster_update(
                actor=actor, cluster=plan.instance, data=plan.data, reason=reason
            )
        if "industries" in plan.extra:
            _set_industries(cluster, plan, actor=actor, reason=reason)
        return cluster


def _categories(ctx) -> dict[str, IndustryCategory]:
    cache = ctx.loaded.get((IndustryCategory, "name"))
    if cache is None:
        cache = ctx.loaded[(IndustryCategory, "name")] = {
            cat.name: cat for cat in IndustryCategory.objects.all()
        }
    return cache


def _set_industries(cluster: Cluster, plan, *, actor, reason: str) -> None:
    from simple_history.utils import update_change_reason

    wanted: dict[int, str] = plan.extra["industries"]
    current = {link.category_id: link for link in ClusterIndustry.objects.filter(cluster=cluster)}
    categories = plan.extra["categories"]
    # removals and demotions first, so the "one main industry" constraint holds throughout
    for category_id, link in current.items():
        if category_id not in wanted:
            link._change_reason = reason
            services.cluster_industry_delete(actor=actor, link=link)
    order = sorted(wanted.items(), key=lambda item: item[1] == IndustryRole.MAIN)
    for category_id, role in order:
        link = current.get(category_id)
        if link is not None and link.role == role:
            continue
        category = categories.get(category_id) or IndustryCategory.objects.get(pk=category_id)
        link = services.cluster_industry_set(actor=actor, cluster=cluster, category=category, role=role)
        update_change_reason(link, reason)


@register
class EnterpriseImporter(Importer):
    kind = "enterprises"
    title = _("企业")
    model = Enterprise
    key_fields = ("credit_code", "org_code")
    scope_column = "集聚区代码"
    select_related = ("cluster__region", "cluster__committee", "industry")
    header_groups = (("统一社会信用代码", "组织机构代码"),)
    # the codes are the only unique fields and the key fields; clean() enforces the
    # has-a-code constraint; a create is a plain instance_save
    bulk_create = True
    columns = [
        c.Column(
            "统一社会信用代码", "credit_code", parse_credit_code, aliases=("信用代码", "社会信用代码"),
            fmt=_("18位，与组织机构代码至少填一个"), example="91411700MA44XXXXXX", text_format=True,
        ),
        c.Column(
            "组织机构代码", "org_code", parse_org_code, aliases=("机构代码",),
            fmt=_("9位（可带连字符），与统一社会信用代码至少填一个"), example="77943225-2", text_format=True,
        ),
        c.text("企业名称", "name", required=True, aliases=("名称", "单位名称", "企业全称"), example="某某有限公司"),
        c.code(
            "集聚区代码", "cluster", required=True, ref=Ref(Cluster, "code", _("集聚区")),
            pattern=r"[0-9A-Za-z][0-9A-Za-z\-]{1,19}", message=_("集聚区代码格式不正确。"), example="41172201",
        ),
        c.code(
            "行业代码", "industry", digits=2, pad=2, required=True, aliases=("行业大类代码", "国民经济行业代码"),
            message=_("行业代码应为国民经济行业分类（GB/T 4754）的两位大类代码。"),
            ref=Ref(Industry, "code", _("行业"), filters={"level": IndustryLevel.DIVISION}),
            example="30", help=_("GB/T 4754-2017 大类，两位，如 01、30"),
        ),
        c.boolean("规上企业", "above_size", aliases=("规模以上企业", "是否规上")),
        c.boolean("高新技术企业", "high_tech", aliases=("高新企业", "是否高新技术企业")),
        c.boolean("龙头企业", "leading", aliases=("是否龙头企业",)),
        c.boolean("上市后备企业", "listing_reserve", aliases=("是否上市后备企业",)),
        c.integer("从业人员", "employees", unit="人", aliases=("从业人数", "职工人数"), example="320"),
        c.decimal("注册资本", "registered_capital", unit="万元", example="5000"),
        c.text("地址", "address", aliases=("企业地址", "注册地址")),
        c.date("成立日期", "founded", aliases=("注册日期",)),
    ]  # fmt: skip

    def prepare(self, plan, ctx):
        credit, org = plan.values.get("统一社会信用代码"), plan.values.get("组织机构代码")
        if not credit and not org:
            self.error(plan, "统一社会信用代码", _("统一社会信用代码和组织机构代码至少填写一个。"))
            return
        if not plan.creating:
            # a code column absent from the file (or empty) keeps the stored code
            for header, name in (("统一社会信用代码", "credit_code"), ("组织机构代码", "org_code")):
                if not plan.values.get(header):
                    plan.data[name] = getattr(plan.instance, name)
        if credit and org and re.fullmatch(r"[0-9A-Z]{18}", credit):
            embedded = normalize_org_code(credit[8:17])
            if embedded != org:
                self.error(
                    plan,
                    "组织机构代码",
                    _("与统一社会信用代码第9-17位（%(code)s）不一致。") % {"code": embedded},
                )

    def save(self, plan, *, actor, reason):
        if plan.creating:
            return services.enterprise_create(actor=actor, data=plan.data, reason=reason)
        return services.enterprise_update(
            actor=actor, enterprise=plan.instance, data=plan.data, reason=reason
        )


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


@register
class EnterpriseContactImporter(Importer):
    """领导联系企业: one leader following one enterprise per row; the pair (enterprise,
    leader) is the key, so a row for a pair already stored updates it and importing the same
    file twice changes nothing."""

    kind = "enterprise_contacts"
    title = _("领导联系企业")
    model = EnterpriseContact
    key_fields = ()  # composite key (enterprise, leader): find_existing
    scope_column = "企业信用代码"
    select_related = ("enterprise__cluster__region", "enterprise__cluster__committee", "leader")
    columns = [
        c.Column(
            "企业信用代码", "enterprise", parse_credit_code, required=True, aliases=("统一社会信用代码", "信用代码"),
            ref=Ref(Enterprise, "credit_code", _("企业")), fmt=_("18位统一社会信用代码（企业名录中的企业）"),
            example="91411700MA44XXXXXX", text_format=True,
        ),
        c.text(
            "联系领导", "leader", required=True, aliases=("领导账号", "联系领导账号"),
            ref=Ref(_user_model, "username", _("用户")), fmt=_("联系领导的登录账号"), example="zhangsan",
        ),
        c.date("联系日期", "since", required=True, aliases=("开始联系日期",)),
        c.boolean("挂牌保护", "protected", aliases=("是否挂牌保护", "重点企业挂牌保护")),
        c.date("保护开始日期", "protected_from"),
        c.date("保护截止日期", "protected_until"),
        c.text("保护规定", "protection_rules", aliases=("保护措施",)),
        c.text("备注", "note"),
    ]  # fmt: skip
    notes = (_("同一企业、同一领导在文件中只能出现一次；已有的联系按文件更新。"),)

    def _load(self, plans, ctx):
        super()._load(plans, ctx)
        codes = {p.values.get("企业信用代码") for p in plans} - {None}
        stored = {}
        if codes:
            for contact in self.queryset().filter(enterprise__credit_code__in=codes):
                stored[(contact.enterprise.credit_code, contact.leader.username)] = contact
        ctx.loaded[(EnterpriseContact, "key")] = stored
        ctx.loaded[(EnterpriseContact, "seen")] = {}

    def find_existing(self, plan, ctx):
        key = (plan.values.get("企业信用代码"), plan.values.get("联系领导"))
        seen = ctx.loaded[(EnterpriseContact, "seen")]
        if key in seen:
            self.error(
                plan,
                "联系领导",
                _("与第%(row)d行重复（同一企业、同一领导只能出现一次）。") % {"row": seen[key]},
            )
        else:
            seen[key] = plan.row
        return ctx.loaded[(EnterpriseContact, "key")].get(key)

    def save(self, plan, *, actor, reason):
        return services.contact_save(actor=actor, contact=plan.instance, data=plan.data, reason=reason)
