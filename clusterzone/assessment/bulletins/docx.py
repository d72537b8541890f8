"""The bulletin as an official document (core.officialdoc, GB/T 9704-2012): 版头, 发文字号,
title, 主送, the chosen sections (overall, per-cluster table, lagging, reporting status,
assessment, commendation and criticism, 下一步工作要求), 落款 and 版记."""

from __future__ import annotations

from django.utils.translation import gettext as _

from clusterzone.core import officialdoc as od
from clusterzone.core import units

from .content import SECTIONS, Bulletin

DOCX_MIME = od.DOCX_MIME
NUMERALS = "一二三四五六七八九十"
STARS = {n: f"{NUMERALS[n - 1]}星级" for n in range(1, 7)}


def star_label(star: int | None) -> str:
    """一星级 … 六星级; — for none."""
    return STARS.get(star or 0, "—")


def cluster_table_rows(b: Bulletin) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of the cluster table (as text, for the Word document)."""
    header = [_("序号"), _("集聚区")]
    for _code, name in b.headers:
        header += [name, _("同比"), _("占目标"), _("排名")]
    rows = []
    for i, line in enumerate(b.lines, 1):
        row = [str(i), line.name]
        for c in line.cells:
            row += [c.value, c.yoy, c.target_pct, c.rank]
        rows.append(row)
    return header, rows


def document(b: Bulletin, *, number: str = "", office=None) -> od.OfficialDocument:
    blocks: list = []
    n = 0
    for key in b.sections:
        text = b.text(key)
        if key == "requirements" and not text:
            continue
        n += 1
        blocks.append(od.Heading(f"{NUMERALS[n - 1]}、{SECTIONS[key]}"))
        for para in [t for t in text.split("\n") if t.strip()]:
            blocks.append(od.Paragraph(para.strip()))
        if key == "table" and b.lines:
            header, rows = cluster_table_rows(b)
            blocks.append(od.Table(header, rows))
        elif key == "reporting" and b.late:
            blocks.append(
                od.Table(
                    [_("集聚区"), _("期间"), _("截止日期"), _("情况"), _("逾期工作日")],
                    [
                        [
                            i.cluster_name,
                            i.period.label,
                            units.date_label(i.due_date),
                            i.kind_label,
                            i.workdays_late,
                        ]
                        for i in b.late
                    ],
                )
            )
        elif key == "assessment" and (b.outcomes or b.unranked):
            rows = [
                [str(o.rank), o.cluster, o.score, star_label(o.star), o.outcome or "—"] for o in b.outcomes
            ]
            rows += [[_("数据缺失"), o.cluster, "—", "—", "—"] for o in b.unranked]
            blocks.append(od.Table([_("排名"), _("集聚区"), _("综合得分"), _("星级"), _("结果运用")], rows))
    return od.OfficialDocument(
        issuer=b.issuer,
        number=number,
        title=b.title,
        addressees=(office.addressees if office else _("各产业集聚区管委会、联席会议各成员单位：")),
        blocks=blocks,
        signed_on=b.issued,
        cc=office.cc if office else "",
        printer=(office.printer if office and office.printer else b.issuer),
        red_header=office.red_header if office else True,
    )


def render(b: Bulletin, *, number: str = "", office=None) -> bytes:
    return od.render(document(b, number=number, office=office))
