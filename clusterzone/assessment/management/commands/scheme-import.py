"""clusterzone scheme-import FILE [--reason TEXT] [--user NAME]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clusterzone.assessment import schemes, services
from clusterzone.core.exceptions import DomainError

from .assess import _actor


class Command(BaseCommand):
    help = "导入考核方案（YAML 或 JSON，按扩展名）；同名同年度同区域的方案保存为新版本。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--reason", help="修改原因（记入变更历史）")
        parser.add_argument("--user", help="以该用户身份操作（默认系统）")

    def handle(self, *args, file, reason=None, user=None, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"文件不存在：{file}")
        try:
            obj = services.scheme_import(
                actor=_actor(user),
                text=path.read_text(encoding="utf-8"),
                fmt=schemes.fmt_of(path.name),
                reason=reason,
            )
        except DomainError as exc:
            detail = "；".join(m for msgs in exc.errors.values() for m in msgs) if exc.errors else exc.message
            raise CommandError(detail)
        self.stdout.write(f"方案 #{obj.pk} {obj.name} 第{obj.version}版")
