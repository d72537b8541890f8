"""clusterzone assess --scheme-file FILE | --scheme ID --year 2025 [--json] [--save] [--user NAME]"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from clusterzone.accounts.policy import SYSTEM
from clusterzone.assessment import measures, schemes, services
from clusterzone.assessment.models import Scheme
from clusterzone.core.exceptions import DomainError
from clusterzone.reporting.models import Indicator


def _actor(username):
    if not username:
        return SYSTEM
    actor = get_user_model().objects.select_related("unit__region").filter(username=username).first()
    if actor is None or not actor.is_active:
        raise CommandError(f"用户“{username}”不存在或已停用。")
    return actor


def _json_row(row) -> dict:
    """cluster, name, score, rank, star (0 = none), below_threshold, outcome (null = none),
    flags, points (`<indicator>.<measure>` → points), then the extra fields."""
    return row.as_json()


class Command(BaseCommand):
    help = (
        "按考核方案计算综合得分、名次、星级与结果运用（只用已审核数据）；--save 保存为考核结果批次（草稿）。"
    )

    def add_arguments(self, parser):
        src = parser.add_mutually_exclusive_group(required=True)
        src.add_argument("--scheme-file", help="方案文件（.yaml/.yml/.json）")
        src.add_argument("--scheme", type=int, help="平台中的方案编号")
        parser.add_argument("--year", type=int, help="考核年度（默认取方案年度）")
        parser.add_argument("--json", action="store_true", help="输出 JSON 数组（按名次排序）")
        parser.add_argument("--save", action="store_true", help="保存为考核结果批次（草稿）")
        parser.add_argument(
            "--publish", action="store_true", help="保存后发布（星级与类别随之生效），须与 --save 同用"
        )
        parser.add_argument("--reason", help="再次发布同一方案、年度的结果时的理由（原结果标记为已被替代）")
        parser.add_argument("--user", help="以该用户身份操作（默认系统）")

    def handle(self, *args, scheme_file=None, scheme=None, year=None, save=False, user=None, **options):
        actor = _actor(user)
        try:
            if scheme_file:
                path = Path(scheme_file)
                if not path.exists():
                    raise CommandError(f"文件不存在：{scheme_file}")
                text = path.read_text(encoding="utf-8")
                fmt = schemes.fmt_of(path.name)
                if save:
                    obj = services.scheme_import(actor=actor, text=text, fmt=fmt, reason="命令行考核")
                else:
                    definition = schemes.load(text, fmt)
                    schemes.check(definition, catalog=set(Indicator.objects.values_list("code", flat=True)))
                    obj = Scheme(
                        key="file",
                        name=definition["name"],
                        year=definition["year"],
                        region=measures.resolve_region(definition["region"]),
                        version=0,
                        definition=definition,
                    )
            else:
                obj = Scheme.objects.select_related("region").filter(pk=scheme).first()
                if obj is None:
                    raise CommandError(f"方案 {scheme} 不存在。")
            if options.get("publish") and not save:
                raise CommandError("--publish 须与 --save 同用。")
            run = services.run_create(actor=actor, scheme=obj, year=year, save=save)
            if options.get("publish"):
                rows = run.rows
                run = services.run_publish(actor=actor, run=run, reason=options.get("reason"))
                run.rows = rows
        except DomainError as exc:
            detail = "；".join(m for msgs in exc.errors.values() for m in msgs) if exc.errors else exc.message
            raise CommandError(detail)
        rows = run.rows
        if options["json"]:
            self.stdout.write(json.dumps([_json_row(r) for r in rows], ensure_ascii=False, indent=2))
        else:
            for r in rows:
                rank = "否决" if r.vetoed else str(r.rank)
                star = f"{r.star}星" if r.star else "-"
                flags = f" ［{'；'.join(r.flags)}］" if r.flags else ""
                self.stdout.write(f"{rank:>4} {r.cluster} {r.name} {r.score} {star} {r.outcome or ''}{flags}")
        if save and options.get("publish"):
            self.stderr.write(f"已保存并发布考核结果批次 #{run.pk}，输入摘要 {run.input_hash[:12]}。")
        elif save:
            self.stderr.write(f"已保存考核结果批次 #{run.pk}（草稿），输入摘要 {run.input_hash[:12]}。")
