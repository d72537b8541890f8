"""clusterzone backup FILE — a consistent, compressed, versioned dump of all data and stored files."""

from django.core.management.base import BaseCommand, CommandError

from clusterzone.core.backup import write_backup
from clusterzone.core.exceptions import DomainError


class Command(BaseCommand):
    help = "备份全部数据与平台保存的文件（附件、已印发文件）到一个压缩文件；可用 clusterzone restore 恢复到任一数据库。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件（.zip）")

    def handle(self, *args, file, **options):
        try:
            manifest = write_backup(file)
        except (DomainError, OSError) as exc:
            raise CommandError(getattr(exc, "message", str(exc)))
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"已备份到 {file}：{len(manifest['counts'])} 张表，{rows} 行数据，{len(manifest['files'])} 个文件"
            f"（格式版本 {manifest['format_version']}，数据库 {manifest['engine']}）。"
        )
