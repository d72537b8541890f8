"""Importer of administrative regions (GB/T 2260): 行政区划代码, 名称, 级别, 上级代码.

A file may add a city and its counties in one go: a 上级代码 may name a row earlier in the
same file. 级别 is inferred from the code when left out (XX0000 省, XXXX00 市, else 县区).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from clusterzone.core.importing import Importer, ParseError, Ref, register
from clusterzone.core.importing import columns as c

from . import policy
from .choices import RegionLevel, Role, UnitKind
from .models import OrgUnit, Region, User
from .services import region_save, user_save

LEVEL_ORDER = [RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY]
REGION_CODE_MSG = _("行政区划代码应为6位数字（GB/T 2260）。")


def infer_level(code: str) -> str:
    if code.endswith("0000"):
        return RegionLevel.PROVINCE
    if code.endswith("00"):
        return RegionLevel.CITY
    return RegionLevel.COUNTY


@register
class RegionImporter(Importer):
    kind = "regions"
    title = _("行政区划")
    model = Region
    key_fields = ("code",)
    scope_column = "上级代码"
    select_related = ("parent",)
    columns = [
        c.code(
            "行政区划代码", "code", digits=6, required=True, aliases=("区划代码", "代码"),
            message=REGION_CODE_MSG, example="411722", help=_("GB/T 2260 六位代码"),
        ),
        c.text("名称", "name", required=True, aliases=("区划名称", "行政区划名称"), example="上蔡县"),
        c.choice(
            "级别", "level", choices=RegionLevel.choices,
            aliases={"省级": "province", "市级": "city", "地级市": "city", "县": "county", "区": "county",
                     "县级": "county", "县级市": "county", "县市区": "county"},
            example="县区", help=_("留空时按代码推断：XX0000 为省，XXXX00 为市，其余为县区"),
        ),
        c.code(
            "上级代码", "parent", digits=6, aliases=("上级区划代码", "上级行政区划代码"),
            message=REGION_CODE_MSG, ref=Ref(Region, "code", _("行政区划")), example="411700",
            help=_("省级留空；可以是同一文件中前面几行新增的区划"),
        ),
    ]  # fmt: skip

    def prepare(self, plan, ctx):
        code = plan.values["行政区划代码"]
        if not plan.data.get("level"):
            plan.data["level"] = infer_level(code)
        level = plan.data["level"]
        if "上级代码" in ctx.present:
            parent = plan.data.get("parent")
        else:
            parent = plan.instance.parent if not plan.creating else None
            plan.data["parent"] = parent
        if parent is None and level != RegionLevel.PROVINCE:
            self.error(plan, "上级代码", _("除省级外，必须填写上级代码。"))
            return
        if parent is not None and LEVEL_ORDER.index(level) <= LEVEL_ORDER.index(parent.level):
            self.error(plan, "上级代码", _("上级区划的级别必须高于本级。"))

    def check_policy(self, actor, action, instance):
        # a parent added earlier in this file is not saved yet: the row may be written where
        # that parent may be (checked when its own row was accepted)
        parent = instance.parent if action != "view" else None
        if parent is not None and parent.pk is None:
            return self.check_policy(actor, "add", parent)
        return super().check_policy(actor, action, instance)

    def save(self, plan, *, actor, reason):
        return region_save(actor=actor, region=plan.instance, data=plan.data, reason=reason)


def _role_parser():
    by_name = {}
    for value, label in Role.choices:
        by_name[str(label)] = value
        by_name[value] = value
    labels = "、".join(str(label) for _v, label in Role.choices)

    def parse(value) -> list[str]:
        roles = []
        for name in c.parse_name_list(value):
            if name not in by_name:
                raise ParseError(
                    _("未知角色“%(name)s”，应为：%(labels)s。") % {"name": name, "labels": labels}
                )
            roles.append(by_name[name])
        return roles

    return parse


@register
class UserImporter(Importer):
    """Accounts of a region's units: 用户名, 姓名, 单位 (a unit's name in the importer's scope,
    or its id), 角色 (names or codes, several separated by “、”), 手机. New accounts get no
    usable password until one is set."""

    kind = "users"
    title = _("用户")
    model = User
    key_fields = ("username",)
    scope_column = "单位"
    select_related = ("unit", "unit__region")
    columns = [
        c.text("用户名", "username", required=True, aliases=("账号", "登录名"), example="zhangsan"),
        c.text("姓名", "full_name", required=True, example="张三"),
        c.text("单位", None, required=True, aliases=("所属单位", "单位名称"), example="上蔡县农村信用合作联社",
               help=_("系统中已有的单位名称（或单位编号）")),
        c.Column("角色", "roles", _role_parser(), required=True, fmt=_("角色名称或代码，多个用“、”分隔"),
                 example="金融机构用户"),
        c.text("手机", "phone", aliases=("电话", "手机号"), example="13800000000"),
    ]  # fmt: skip
    notes = (_("新建的用户暂无可用密码，由管理员设置后方可登录。"),)

    def _units(self, ctx):
        if not hasattr(ctx, "units_by_name"):
            qs = OrgUnit.objects.select_related("region")
            if ctx.checks_policy:
                qs = policy.scope(ctx.actor, qs)
            ctx.units_by_name, ctx.units_by_id = {}, {}
            for unit in qs:
                ctx.units_by_name.setdefault(unit.name, []).append(unit)
                ctx.units_by_id[str(unit.pk)] = unit
        return ctx.units_by_name, ctx.units_by_id

    def prepare(self, plan, ctx):
        name = plan.values.get("单位")
        by_name, by_id = self._units(ctx)
        found = by_name.get(name, [])
        if len(found) > 1:
            self.error(plan, "单位", _("有多个同名单位，请改填单位编号。"))
            return
        unit = found[0] if found else by_id.get(name)
        if unit is None:
            self.error(plan, "单位", _("系统中没有这个单位，或它不在您的权限范围内。"))
            return
        plan.data["unit"] = unit
        if plan.creating:
            plan.instance.set_unusable_password()
        if Role.BANK_STAFF in (plan.data.get("roles") or []) and unit.kind != UnitKind.BANK:
            self.error(plan, "角色", _("金融机构用户须属于“金融机构”类型的单位。"))

    def save(self, plan, *, actor, reason):
        return user_save(actor=actor, user=plan.instance, data=plan.data, reason=reason)
