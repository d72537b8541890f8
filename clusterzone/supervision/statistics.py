"""Statistics of the problem ledger per responsible unit and period, published monthly as
the 12345 systems do: problems received, closed, closed on time (按时办结率), average
working days to close (core.workdays), satisfaction (满意率: 满意 and 基本满意 among the
rated) and escalations; and the monthly supervision bulletin (督查通报) naming the red
items and the bottom-rated units of the 行风评议 (from the source the evaluation app sets),
in the official format (core.officialdoc), issued through the one register of issued
documents (core.documents) with its 发文字号."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit
from clusterzone.core import documents, officialdoc
from clusterzone.core.exceptions import DomainError
from clusterzone.core.models import DocumentKind, IssuedDocument
from clusterzone.core.periods import Period
from clusterzone.core.workdays import Calendar

from .choices import OPEN_STATUSES, ActionStatus, Light, ProblemActKind, Satisfaction
from .lights import attach_problem_lights
from .models import Problem, ProblemAct


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class UnitStats:
    unit: OrgUnit
    received: int = 0
    closed: int = 0
    on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    escalated: int = 0
    days: list[int] = field(default_factory=list)

    @property
    def on_time_rate(self) -> Decimal | None:
        return _pct(self.on_time, self.closed)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return _pct(self.satisfied, self.rated)

    @property
    def average_days(self) -> Decimal | None:
        if not self.days:
            return None
        return (Decimal(sum(self.days)) / len(self.days)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def unit_statistics(*, user, period: Period) -> list[UnitStats]:
    """One row per responsible unit with problems in the user's scope, busiest first; four
    queries whatever the number of units and problems."""
    problems = policy.scope(user, Problem)
    start, end = period.start, period.end
    rows: dict[int, UnitStats] = {}
    received = dict(
        problems.filter(raised_on__range=(start, end))
        .values("responsible_unit")
        .annotate(n=Count("id"))
        .values_list("responsible_unit", "n")
    )
    closed = list(
        problems.filter(closed_on__range=(start, end)).values_list(
            "responsible_unit", "raised_on", "closed_on", "deadline", "satisfaction"
        )
    )
    escalated = dict(
        ProblemAct.objects.filter(problem__in=problems, kind=ProblemActKind.ESCALATE, on__range=(start, end))
        .values("unit")
        .annotate(n=Count("id"))
        .values_list("unit", "n")
    )
    unit_ids = set(received) | {c[0] for c in closed} | set(escalated)
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in=unit_ids)}
    for pk in unit_ids:
        if pk in units:
            rows[pk] = UnitStats(unit=units[pk], received=received.get(pk, 0), escalated=escalated.get(pk, 0))
    if closed:
        cal = Calendar(min(c[1] for c in closed) - timedelta(days=1), end + timedelta(days=1))
        for unit_id, raised_on, closed_on, deadline, satisfaction in closed:
            row = rows.get(unit_id)
            if row is None:
                continue
            row.closed += 1
            row.on_time += closed_on <= deadline
            row.days.append(cal.between(raised_on, closed_on))
            if satisfaction:
                row.rated += 1
                row.satisfied += satisfaction in (Satisfaction.SATISFIED, Satisfaction.BASICALLY)
    return sorted(rows.values(), key=lambda r: (-r.received, -r.closed, r.unit.name))


def totals(rows: list[UnitStats]) -> UnitStats:
    total = UnitStats(unit=None)
    for r in rows:
        total.received += r.received
        total.closed += r.closed
        total.on_time += r.on_time
        total.rated += r.rated
        total.satisfied += r.satisfied
        total.escalated += r.escalated
        total.days += r.days
    return total


def red_items(*, user, as_of: date):
    """The open problems and action items red on `as_of` (overdue or far behind)."""
    from . import meetings

    problems = attach_problem_lights(
        policy.scope(user, Problem)
        .filter(status__in=OPEN_STATUSES, deadline__lt=as_of)
        .select_related("cluster", "responsible_unit", "level__region")
        .order_by("deadline", "id"),
        as_of,
    )
    actions = meetings.attach_action_lights(
        meetings.action_list(user=user).filter(status=ActionStatus.OPEN).order_by("deadline", "id"), as_of
    )
    return [p for p in problems if p.light == Light.RED], [a for a in actions if a.light == Light.RED]


# The bottom-rated units of a period (行风评议) for the bulletin: set by the evaluation app
# when it starts (supervision does not import it). Called as source(user=, period=) and
# returning [(unit name, score, rank)], or None when no evaluation was held.
_bottom_units_source = None


def set_bottom_units_source(source) -> None:
    global _bottom_units_source
    _bottom_units_source = source


def bottom_rated_units(*, user, period: Period):
    return _bottom_units_source(user=user, period=period) if _bottom_units_source else None


def _fmt(value, suffix=""):
    return "—" if value is None else f"{value}{suffix}"


@dataclass
class BulletinContent:
    """What a 督查通报 says: the figures per unit and the red items at the period's end."""

    period: Period
    rows: list[UnitStats]
    total: UnitStats
    red_problems: list
    red_actions: list

    def figures(self) -> dict:
        """The figures the issued document keeps (JSON), with the units it names."""
        units = {p.responsible_unit_id for p in self.red_problems} | {
            a.owner_unit_id for a in self.red_actions
        }
        return {
            "period": self.period.code,
            "received": self.total.received,
            "closed": self.total.closed,
            "on_time": self.total.on_time,
            "escalated": self.total.escalated,
            "units": [
                {"unit": r.unit.pk, "received": r.received, "closed": r.closed, "on_time": r.on_time}
                for r in self.rows
            ],
            "red_problems": [{"id": p.pk, "unit": p.responsible_unit_id} for p in self.red_problems],
            "red_actions": [{"id": a.pk, "unit": a.owner_unit_id} for a in self.red_actions],
            "named_units": sorted(units),
        }


def bulletin_content(*, user, period: Period) -> BulletinContent:
    rows = unit_statistics(user=user, period=period)
    red_problems, red_actions = red_items(user=user, as_of=period.end)
    return BulletinContent(period, rows, totals(rows), red_problems, red_actions)


def bulletin_document(
    *,
    user,
    period: Period,
    issuer: str,
    signed_on: date,
    content: BulletinContent | None = None,
    number: str = "",
) -> officialdoc.OfficialDocument:
    """督查通报 of one period: the figures per unit and the red items at the period's end."""
    c = content or bulletin_content(user=user, period=period)
    rows, total, red_problems, red_actions = c.rows, c.total, c.red_problems, c.red_actions
    blocks = [
        officialdoc.Heading(_("一、总体情况")),
        officialdoc.Paragraph(
            _(
                "%(label)s，共受理问题%(r)d件，办结%(c)d件，其中按时办结%(t)d件，按时办结率%(rate)s；"
                "满意率%(sat)s；上报上一层级%(e)d件。"
            )
            % {
                "label": period.label,
                "r": total.received,
                "c": total.closed,
                "t": total.on_time,
                "rate": _fmt(total.on_time_rate, "%"),
                "sat": _fmt(total.satisfaction_rate, "%"),
                "e": total.escalated,
            }  # fmt: skip
        ),
        officialdoc.Heading(_("二、各单位办理情况")),
        officialdoc.Table(
            [
                _("单位"),
                _("受理"),
                _("办结"),
                _("按时办结率"),
                _("平均用时（工作日）"),
                _("满意率"),
                _("上报"),
            ],
            [
                [
                    r.unit.name,
                    r.received,
                    r.closed,
                    _fmt(r.on_time_rate, "%"),
                    _fmt(r.average_days),
                    _fmt(r.satisfaction_rate, "%"),
                    r.escalated,
                ]
                for r in rows
            ],  # fmt: skip
        ),
        officialdoc.Heading(_("三、红灯事项")),
    ]
    if not red_problems and not red_actions:
        blocks.append(officialdoc.Paragraph(_("本期无红灯事项。")))
    for n, p in enumerate(red_problems, start=1):
        blocks.append(
            officialdoc.Paragraph(
                _("%(n)d. 【问题】%(t)s（%(c)s，责任单位：%(u)s，期限%(d)s，超期未办结）")
                % {
                    "n": n,
                    "t": p.title,
                    "c": p.cluster.name,
                    "u": p.responsible_unit.name,
                    "d": officialdoc.chinese_date(p.deadline),
                }  # fmt: skip
            )
        )
    for n, a in enumerate(red_actions, start=len(red_problems) + 1):
        blocks.append(
            officialdoc.Paragraph(
                _("%(n)d. 【督办事项】%(t)s（责任单位：%(u)s，时限%(d)s，完成%(a)d%%）")
                % {
                    "n": n,
                    "t": a.content,
                    "u": a.owner_unit.name,
                    "d": officialdoc.chinese_date(a.deadline),
                    "a": a.actual,
                }  # fmt: skip
            )
        )
    bottom = bottom_rated_units(user=user, period=period)
    if bottom is not None:
        blocks.append(officialdoc.Heading(_("四、行风评议后位单位")))
        if not bottom:
            blocks.append(officialdoc.Paragraph(_("本期行风评议无通报单位。")))
        for n, (name, score, rank) in enumerate(bottom, start=1):
            blocks.append(
                officialdoc.Paragraph(
                    _("%(n)d. %(u)s（综合得分%(s)s分，排名第%(r)d位），予以通报并问责。")
                    % {"n": n, "u": name, "s": score, "r": rank}
                )
            )
    blocks.append(officialdoc.Paragraph(_("请红灯事项责任单位限期整改，并将整改情况报送联席会议办公室。")))
    return officialdoc.OfficialDocument(
        issuer=issuer,
        title=_("关于%(label)s问题办理和督办事项落实情况的通报") % {"label": period.label},
        addressees=_("联席会议各成员单位、各产业集聚区管委会："),
        blocks=blocks,
        signed_on=signed_on,
        number=number,
    )


def issuing_office(actor):
    """The office issuing a 督查通报: the joint-meeting office of the actor's region, else the
    actor's own unit."""
    unit = getattr(actor, "unit", None)
    if unit is None:
        raise DomainError(_("您不属于任何单位，不能印发督查通报。"))
    office = (
        OrgUnit.objects.filter(region_id=unit.region_id, kind=UnitKind.JOINT_OFFICE).order_by("pk").first()
    )
    return office or unit


def bulletin_issue(*, actor, period: Period, signed_on: date) -> IssuedDocument:
    """Issue the 督查通报 of a period through THE register (core.documents): numbered with the
    office's 发文字号 (e.g. 驻集聚办〔2026〕3号), rendered with that number, stored immutable with
    the figures it used. The units it names and the clusters' committees are told (see
    supervision.notify.on_document_issued)."""
    unit = issuing_office(actor)
    content = bulletin_content(user=actor, period=period)
    office = documents.document_office(unit)
    title = _("关于%(label)s问题办理和督办事项落实情况的通报") % {"label": period.label}

    def render(number):
        doc = bulletin_document(
            user=actor, period=period, issuer=unit.name, signed_on=signed_on, content=content, number=number
        )
        doc.red_header, doc.cc, doc.printer = office.red_header, office.cc, office.printer or unit.name
        doc.printed_on = signed_on
        return officialdoc.render(doc), None

    return documents.document_issue(
        actor=actor,
        unit=unit,
        kind=DocumentKind.SUPERVISION,
        title=title,
        signed_on=signed_on,
        render=render,
        figures=content.figures(),
        subject=f"{unit.region.code} {period.code}",
    )


def chart_rows(rows: list[UnitStats]) -> list[dict]:
    """Bars per unit for the page (按时办结率 and 满意率, 0–100)."""
    out = []
    for r in rows:
        out.append(
            {
                "unit": r.unit.name,
                "on_time": float(r.on_time_rate or 0),
                "satisfaction": float(r.satisfaction_rate or 0),
            }
        )
    return out
