"""clusterzone scheme-export --scheme ID [--out FILE.yaml|FILE.json] [--format yaml|json]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clusterzone.assessment import schemes
from clusterzone.assessment.models import Scheme
from clusterzone.core.exceptions import DomainError


class Command(BaseCommand):
    help = "导出考核方案为 YAML 或 JSON 文件（格式由扩展名或 --format 决定）。"

    def add_arguments(self, parser):
        parser.add_argument("--scheme", type=int, required=True, help="方案编号（任一版本）")
        parser.add_argument("--out", help="输出文件；省略时写到标准输出")
        parser.add_argument("--format", choices=["yaml", "json"], help="省略时按扩展名，默认 yaml")

    def handle(self, *args, scheme, out=None, format=None, **options):
        obj = Scheme.objects.filter(pk=scheme).first()
        if obj is None:
            raise CommandError(f"方案 {scheme} 不存在。")
        try:
            fmt = format or (schemes.fmt_of(out) if out else "yaml")
        except DomainError as exc:
            raise CommandError(exc.message)
        text = schemes.dump(obj.definition, fmt)
        if out:
            Path(out).write_text(text, encoding="utf-8")
            self.stderr.write(f"已导出 {obj}（第{obj.version}版）到 {out}")
        else:
            self.stdout.write(text, ending="")
