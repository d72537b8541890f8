"""`clusterzone quota-check --region CODE --year 2025 [--json]`: the region's project quotas
("1233工程" and per-unit quotas): required, achieved and missing per band and per unit."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from clusterzone.accounts.models import Region
from clusterzone.core import units
from clusterzone.projects import selectors


def _band_label(lo, hi) -> str:
    if hi is None:
        return _("%(lo)s以上") % {"lo": units.money(lo)}
    return f"{units.money(lo)}–{units.money(hi)}"


class Command(BaseCommand):
    help = "项目指标完成情况（1233工程等）：按档次、按单位列出应完成、已完成和缺口。"

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="行政区划代码，如 410423")
        parser.add_argument("--year", required=True, type=int, help="年度，如 2025")
        parser.add_argument("--json", action="store_true", help="以JSON输出")

    def handle(self, *args, region, year, **options):
        obj = Region.objects.filter(code=region).first()
        if obj is None:
            raise CommandError(_("行政区划代码“%(c)s”不存在。") % {"c": region})
        result = selectors.quota_check(region=obj, year=year)
        if options["json"]:
            self.stdout.write(json.dumps(selectors.quota_check_json(result), ensure_ascii=False, indent=2))
            return
        self.stdout.write(_("%(r)s %(y)d年项目指标完成情况") % {"r": obj.name, "y": year})
        for line in result["bands"]:
            self.stdout.write(
                f"  {_band_label(line.min, line.max)}：应完成 {line.required}，已完成 {line.achieved}，缺口 {line.missing}"
            )
        for line in result["units"]:
            self.stdout.write(
                f"  {line.unit}（{units.money(line.min)}以上）：应完成 {line.required}，"
                f"已完成 {line.achieved}，缺口 {line.missing}"
            )
        if not result["bands"] and not result["units"]:
            self.stdout.write(_("  该地区该年度没有项目指标。"))
