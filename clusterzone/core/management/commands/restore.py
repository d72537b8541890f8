"""clusterzone restore FILE — load a backup into an empty database (SQLite or PostgreSQL)."""

from django.core.management.base import BaseCommand, CommandError

from clusterzone.core.backup import restore_backup
from clusterzone.core.exceptions import DomainError


class Command(BaseCommand):
    help = (
        "从 clusterzone backup 生成的备份文件恢复全部数据与文件；目标数据库必须为空（会先执行数据库迁移）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件（.zip）")

    def handle(self, *args, file, **options):
        try:
            manifest = restore_backup(file)
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{file}")
        except DomainError as exc:
            raise CommandError(exc.message)
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"已从 {file} 恢复：{rows} 行数据，{len(manifest['files'])} 个文件。")
