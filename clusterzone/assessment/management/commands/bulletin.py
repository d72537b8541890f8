"""clusterzone bulletin --region CODE --period 2025-04 --out FILE.docx [--xlsx FILE.xlsx]"""

from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from clusterzone.assessment.bulletins import build
from clusterzone.assessment.bulletins import docx as bulletin_docx
from clusterzone.assessment.bulletins import xlsx as bulletin_xlsx
from clusterzone.core.exceptions import DomainError, NotFound


class Command(BaseCommand):
    help = (
        "生成某行政区划某月的产业集聚区通报（Word，另可输出同样表格的 Excel）。不带 --user 时读取全部数据。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="行政区划代码，如 410400")
        parser.add_argument("--period", required=True, help="月份，如 2025-04")
        parser.add_argument("--out", help="Word 文件路径（.docx）")
        parser.add_argument("--xlsx", help="Excel 文件路径（.xlsx）")
        parser.add_argument("--date", help="成文日期，如 2025-05-21（默认今天）")
        parser.add_argument("--user", help="按该用户的权限范围读取")

    def handle(self, *args, region, period, out=None, xlsx=None, date=None, user=None, **options):
        if not out and not xlsx:
            raise CommandError("请用 --out 指定 Word 文件或用 --xlsx 指定 Excel 文件。")
        actor = None
        if user:
            actor = get_user_model().objects.select_related("unit__region").filter(username=user).first()
            if actor is None or not actor.is_active:
                raise CommandError(f"用户“{user}”不存在或已停用。")
        try:
            issued = _parse_date(date) if date else None
            b = build(user=actor, region=region, period=period, issued=issued)
        except (DomainError, NotFound) as exc:
            raise CommandError(exc.message)
        if out:
            Path(out).write_bytes(bulletin_docx.render(b))
            self.stdout.write(f"已生成通报：{out}")
        if xlsx:
            Path(xlsx).write_bytes(bulletin_xlsx.render(b))
            self.stdout.write(f"已生成表格：{xlsx}")


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DomainError(gettext("无效日期：%(text)s（应为 2025-05-21）") % {"text": text})
