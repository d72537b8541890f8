"""clusterzone import <kind> FILE [--user USERNAME] [--dry-run] [--template OUT.xlsx]

values: `--user` is required unless `--system-reason` names why the system writes (recorded
in the history); figures are submitted (已上报) unless `--approve` (an office user with the
approve right, recorded as the reviewer); reports in a reporter's hands (draft/returned) are
skipped and counted unless `--overwrite-drafts`."""

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
            "--approve",
            action="store_true",
            help="仅用于 values：导入后直接审核通过（需 --user 指定具有审核权限的联席办用户，记为审核人）；默认为已上报",
        )
        parser.add_argument(
            "--overwrite-drafts",
            action="store_true",
            help="仅用于 values：覆盖填报人手中的报表（草稿或已退回）；默认跳过并报告跳过条数",
        )
        parser.add_argument(
            "--system-reason",
            help="仅用于 values：不指定 --user 时以系统身份导入的原因（必填，记入变更历史）",
        )

    def handle(
        self,
        *args,
        kind,
        file=None,
        user=None,
        dry_run=False,
        template=None,
        approve=False,
        overwrite_drafts=False,
        system_reason=None,
        **options,
    ):
        try:
            importer = get_importer(kind)
            if kind == "values":
                if file and not template and not user and not (system_reason or "").strip():
                    raise CommandError(
                        "导入指标数据必须用 --user 指定导入人；以系统身份导入时须用 --system-reason 说明原因。"
                    )
                if approve and not user:
                    raise CommandError("--approve 需要用 --user 指定具有审核权限的联席办用户（记为审核人）。")
                importer = type(importer)(
                    status="approved" if approve else "submitted",
                    overwrite_drafts=overwrite_drafts,
                    system_reason="" if user else (system_reason or ""),
                )
            elif approve or overwrite_drafts or system_reason:
                raise CommandError("--approve、--overwrite-drafts、--system-reason 只适用于 values 导入。")
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
