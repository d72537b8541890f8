"""clusterzone import <kind> FILE [--user USERNAME] [--dry-run] [--template OUT.xlsx]"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from clusterzone.core.exceptions import DomainError
from clusterzone.core.importing import get_importer, importer_kinds


class Command(BaseCommand):
    help = (
        "从 Excel（.xlsx）或 CSV 文件导入数据：先检查全部行，有任何错误则不写入任何数据。"
        "不带 --user 时以“系统”身份导入（管理员的命令行通道：不做权限检查，变更历史不记录用户）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="导入类型：" + "、".join(importer_kinds()))
        parser.add_argument("file", nargs="?", help="要导入的 .xlsx 或 .csv 文件")
        parser.add_argument(
            "--user",
            help="以该用户身份导入（按其权限检查每一行，历史记录该用户）；省略时以系统身份导入，不检查权限",
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查、不写入")
        parser.add_argument("--template", metavar="OUT.xlsx", help="写出该类型的导入模板后退出")
        parser.add_argument(
            "--status",
            choices=["approved", "submitted"],
            help="仅用于 values：导入后报表的状态，approved（已审核，默认：统计部门批量导入）或 submitted（已上报）",
        )

    def handle(self, *args, kind, file=None, user=None, dry_run=False, template=None, status=None, **options):
        try:
            importer = get_importer(kind)
            if status:
                if kind != "values":
                    raise CommandError("--status 只适用于 values 导入。")
                importer = type(importer)(status=status)
        except DomainError as exc:
            raise CommandError(exc.message)
        if template:
            with open(template, "wb") as out:
                out.write(importer.template_xlsx())
            self.stdout.write(f"已写出{importer.title}导入模板：{template}")
            return
        if not file:
            raise CommandError("请指定要导入的文件。")
        actor = None
        if user:
            actor = get_user_model().objects.select_related("unit__region").filter(username=user).first()
            if actor is None or not actor.is_active:
                raise CommandError(f"用户“{user}”不存在或已停用。")
        try:
            result = importer.run(file, actor=actor, dry_run=dry_run)
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{file}")
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"导入失败：共 {len(result.errors)} 处错误，未写入任何数据。", returncode=1)
        self.stdout.write(result.summary())
