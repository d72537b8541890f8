"""clusterzone progress --cluster CODE | --region CODE --period 2025-04 [--json] [--user NAME]"""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from clusterzone.core import units
from clusterzone.core.exceptions import DomainError, NotFound
from clusterzone.core.periods import Period
from clusterzone.reporting.selectors.progress import as_dict, parse_period, progress


class Command(BaseCommand):
    help = (
        "某集聚区或行政区划某期的进度：累计值、同比、占全年目标、时间进度与排名。"
        "不带 --user 时读取全部数据（管理员的命令行通道）。"
    )

    def add_arguments(self, parser):
        place = parser.add_mutually_exclusive_group(required=True)
        place.add_argument("--cluster", help="集聚区代码，如 41042301")
        place.add_argument("--region", help="行政区划代码，如 410000（其下各集聚区合计）")
        parser.add_argument(
            "--period", required=True, help="期间：2025-04、2025Q1、2025、2025-04H1 或 2025-04D1"
        )
        parser.add_argument("--indicators", help="只列这些指标代码，逗号分隔，如 fai,revenue")
        parser.add_argument("--json", action="store_true", help="输出 JSON 数组")
        parser.add_argument("--user", help="按该用户的权限范围读取")
        parser.add_argument("--include-unapproved", action="store_true", help="包含未审核的数据")

    def handle(self, *args, cluster=None, region=None, period, indicators=None, user=None, **options):
        actor = None
        if user:
            actor = get_user_model().objects.select_related("unit__region").filter(username=user).first()
            if actor is None or not actor.is_active:
                raise CommandError(f"用户“{user}”不存在或已停用。")
        codes = [c.strip() for c in indicators.split(",") if c.strip()] if indicators else None
        try:
            p = parse_period(period)
            rows = progress(
                user=actor,
                period=p,
                cluster=cluster,
                region=region,
                indicators=codes,
                include_unapproved=options["include_unapproved"],
            )
        except NotFound:
            raise CommandError("对象不存在或不在您的权限范围内。")
        except DomainError as exc:
            raise CommandError(exc.message)
        if options["json"]:
            self.stdout.write(json.dumps([as_dict(r) for r in rows], ensure_ascii=False, indent=2))
            return
        self.stdout.write(_heading(p))
        for row in rows:
            if row.value is None:
                self.stdout.write(f"  {row.name}：无数据")
                continue
            line = f"  {row.sentence(verb='' if row.is_flow else '期末')}"
            if row.lagging:
                line += "（低于时间进度）"
            if row.rank is not None:
                line += f"；排名第{row.rank}"
            share = row.share_text("全市" if cluster else "上级合计")
            if share:
                line += f"；{share}"
            self.stdout.write(line + "。")
        self.stdout.write(f"  时间进度：{units.percent(rows[0].time_pct) if rows else '—'}")


def _heading(p: Period) -> str:
    if p.kind == "monthly":
        return f"止{p.year}年{p.index}月底："
    return f"{p.label}："
