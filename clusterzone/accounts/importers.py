"""Importer of administrative regions (GB/T 2260): 行政区划代码, 名称, 级别, 上级代码.

A file may add a city and its counties in one go: a 上级代码 may name a row earlier in the
same file. 级别 is inferred from the code when left out (XX0000 省, XXXX00 市, else 县区).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from clusterzone.core.importing import Importer, Ref, register
from clusterzone.core.importing import columns as c

from .choices import RegionLevel
from .models import Region
from .services import region_save

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
