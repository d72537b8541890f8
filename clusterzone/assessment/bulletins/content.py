"""What a bulletin (通报) says, computed once and written by docx.py and xlsx.py alike.

    build(user=…, region="410400", period="2025-04", issued=date(2025, 5, 21)) → Bulletin

- totals: one sentence per key flow indicator for the region as a whole, in the documents'
  own style: "1-4月，全市产业集聚区完成固定资产投资15亿元，同比增长61.3%，占全年目标的25%；…"
  (progress selector, region sums of approved values, targets summed over the clusters);
- table: every cluster in the region (and the user's scope) with value, 同比, 占目标 and rank
  for each key indicator; rank among the bulletin's clusters (1 = largest, ties share);
- lagging: clusters whose share of the annual target is below the share of the year gone
  ("时间过半、任务过半");
- late: late or missing reports of the period (reporting.selectors.status), every monthly
  data set the region's clusters report;
- outcomes: the latest published assessment run of the region (this year's, else last
  year's) already published on the bulletin's date, when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from clusterzone.accounts import policy
from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit
from clusterzone.core import units
from clusterzone.core.periods import MONTHLY, Period
from clusterzone.registry.models import Cluster
from clusterzone.reporting.selectors import progress as prog
from clusterzone.reporting.selectors import status as status_sel

KEY_INDICATORS = ("fai", "revenue", "tax", "value_added")
# the sections an office may choose, in the bulletin's order
SECTIONS = {
    "overall": _lazy("总体情况"),
    "table": _lazy("各产业集聚区主要指标完成情况"),
    "lagging": _lazy("进度滞后的产业集聚区"),
    "reporting": _lazy("报表报送情况"),
    "assessment": _lazy("考核评价结果"),
    "commendation": _lazy("通报表扬和通报批评"),
    "requirements": _lazy("下一步工作要求"),
}
DEFAULT_SECTIONS = ("overall", "table", "lagging", "reporting", "assessment", "commendation", "requirements")
EDITABLE = ("overall", "table", "lagging", "reporting", "assessment", "commendation", "requirements")
VERBS = {"revenue": "实现", "tax": "实现", "value_added": "实现", "profit": "实现"}
LEVEL_WORDS = {1: "全省", 2: "全市", 3: "全县"}


@dataclass
class Cell:
    value: str
    yoy: str
    target_pct: str
    rank: str
    lagging: bool = False
    raw: prog.ProgressRow | None = None


@dataclass
class ClusterLine:
    code: str
    name: str
    region: str
    cells: list[Cell]


@dataclass
class Outcome:
    rank: int | None
    cluster: str
    score: str
    star: int
    outcome: str


@dataclass
class Bulletin:
    title: str
    issuer: str
    issued: date
    period: Period
    region_name: str
    period_words: str  # "1-4月"
    totals: str  # the paragraph
    headers: list[tuple[str, str]]  # (code, name) of the key indicators in the table
    lines: list[ClusterLine]
    lagging: list[str]
    late: list[status_sel.LateItem]
    run_title: str = ""
    outcomes: list[Outcome] = field(default_factory=list)
    unranked: list[Outcome] = field(default_factory=list)  # 数据缺失 in the published run
    no_figures: list[str] = field(default_factory=list)  # clusters without approved figures
    reporting_expected: int = 0
    reporting_received: int = 0
    sections: list[str] = field(default_factory=lambda: list(DEFAULT_SECTIONS))
    paragraphs: dict[str, str] = field(default_factory=dict)  # section → generated (or edited) text
    region_code: str = ""

    def text(self, key: str) -> str:
        return self.paragraphs.get(key, "")

    def figures(self) -> dict:
        """What the bulletin says, as JSON (stored in the register with the issued files)."""

        def num(v):
            return None if v is None else str(v)

        return {
            "region": self.region_code,
            "period": str(self.period),
            "sections": self.sections,
            "paragraphs": self.paragraphs,
            "clusters": [
                {
                    "code": line.code,
                    "name": line.name,
                    "indicators": {
                        code: {
                            "value": num(c.raw.value if c.raw else None),
                            "yoy_pct": num(c.raw.yoy_pct if c.raw else None),
                            "target_pct": num(c.raw.target_pct if c.raw else None),
                            "rank": c.rank,
                        }
                        for (code, _n), c in zip(self.headers, line.cells, strict=False)
                    },
                }
                for line in self.lines
            ],
            "late": [
                {
                    "cluster": i.cluster_name,
                    "period": str(i.period),
                    "kind": i.kind,
                    "workdays": i.workdays_late,
                }
                for i in self.late
            ],
            "reporting": {"expected": self.reporting_expected, "received": self.reporting_received},
        }

    @property
    def issued_label(self) -> str:
        return units.date_label(self.issued)

    @property
    def filename_stem(self) -> str:
        return f"{self.region_name}产业集聚区{self.period.year}年{self.period_words}通报"


def period_words(period: Period) -> str:
    """'1-4月' for a month (cumulative since January); '1月' for January."""
    m = period.month_of_year
    return f"{m}月" if m == 1 else f"1-{m}月"


def _rank_strings(rows_by_cluster: list[list[prog.ProgressRow]], index: int) -> list[str]:
    values = [rows[index].value for rows in rows_by_cluster]
    present = sorted((v for v in values if v is not None), reverse=True)
    first: dict[Decimal, int] = {}
    for i, v in enumerate(present):
        first.setdefault(v, i + 1)
    return ["—" if v is None else str(first[v]) for v in values]


def _issuer(region) -> str:
    unit = (
        OrgUnit.objects.filter(region=region, kind=UnitKind.JOINT_OFFICE)
        .order_by("pk")
        .values_list("name", flat=True)
    ).first()
    return unit or _("%(region)s产业集聚区发展联席会议办公室") % {"region": region.name}


def _latest_run(user, region, year, as_of=None):
    """(title, ranked outcomes, unranked) of the latest run published by as_of (assessment
    selectors): a bulletin cites only results already published on its date."""
    from clusterzone.assessment import selectors as asel

    run = None
    for y in (year, year - 1):
        run = asel.latest_published_run(user=user, region=region, year=y, as_of=as_of)
        if run is not None:
            break
    if run is None:
        return "", [], []
    ranked, unranked = [], []
    for r in asel.run_results(user=user, run=run):
        name = r.cluster.name if r.cluster else r.subject_name
        o = Outcome(
            rank=r.rank, cluster=name, score=str(r.score), star=r.star or 0, outcome=str(r.outcome or "")
        )
        (ranked if r.rank is not None else unranked).append(o)
    title = str(getattr(run, "title", "") or run.scheme.name)
    return title, ranked, unranked


def _names(items) -> str:
    return "、".join(items)


def build(
    *,
    user,
    region,
    period,
    issued: date | None = None,
    indicators=KEY_INDICATORS,
    sections=DEFAULT_SECTIONS,
    edits: dict[str, str] | None = None,
) -> Bulletin:
    """The bulletin of a region (its code or a Region) for a monthly period. user=None (CLI)
    reads everything. Every sentence comes from figures that exist: a section without data
    says so and concludes nothing from absence. `edits` replaces generated paragraphs by the
    office's text (keys of EDITABLE); "requirements" (下一步工作要求) is the office's own text."""
    actor = user if user is not None else policy.SYSTEM
    period = prog.parse_period(period)
    if period.kind != MONTHLY:
        period = Period(MONTHLY, period.year, period.month_of_year)
    reg = prog.resolve_region(user, region)
    issued = issued or timezone.localdate()
    known = set(prog._catalog(None).by_code)
    codes = [c for c in indicators if c in known]
    depth = reg.path.count("/")
    level = LEVEL_WORDS.get(depth, _("全区"))
    words = period_words(period)
    as_of = units.date_label(issued)

    def in_key_order(rows):
        return sorted(rows, key=lambda r: codes.index(r.indicator))

    total_rows = (
        in_key_order(prog.progress(user=user, period=period, region=reg, indicators=codes)) if codes else []
    )
    sentences = [
        row.sentence(VERBS.get(row.indicator, _("完成")))
        for row in total_rows
        if row.value is not None and row.is_flow
    ]
    if sentences:
        totals = f"{words}，{level}产业集聚区" + "；".join(sentences) + "。"
    else:
        totals = _("截至%(date)s，%(level)s产业集聚区%(year)s年%(words)s尚无已审核数据。") % {
            "date": as_of,
            "level": level,
            "year": period.year,
            "words": words,
        }

    table = prog.progress_table(user=user, period=period, region=reg, indicators=codes) if codes else []
    table = [(c, in_key_order(rows)) for c, rows in table]
    rows_by_cluster = [rows for _c, rows in table]
    headers = [(r.indicator, r.name) for r in (rows_by_cluster[0] if rows_by_cluster else total_rows)]
    ranks = [_rank_strings(rows_by_cluster, i) for i in range(len(headers))]
    lines, lagging, on_track, no_figures = [], [], [], []
    time_pct = None
    for ci, (cluster, rows) in enumerate(table):
        cells, behind = [], []
        compared = False
        for i, row in enumerate(rows):
            cells.append(
                Cell(
                    value=prog.format_value(row.value, row.unit),
                    yoy=units.percent(row.yoy_pct),
                    target_pct=units.percent(row.target_pct),
                    rank=ranks[i][ci],
                    lagging=bool(row.lagging),
                    raw=row,
                )
            )
            time_pct = row.time_pct
            if row.lagging is not None:
                compared = True
            if row.lagging:
                behind.append(
                    _("%(name)s占全年目标的%(pct)s")
                    % {"name": row.name, "pct": units.percent(row.target_pct)}
                )
        lines.append(
            ClusterLine(code=cluster.code, name=cluster.name, region=cluster.region.name, cells=cells)
        )
        if all(r.value is None for r in rows):
            no_figures.append(cluster.name)
        if behind:
            lagging.append(
                _("%(cluster)s：%(items)s，低于时间进度（%(time)s）")
                % {
                    "cluster": cluster.name,
                    "items": "、".join(behind),
                    "time": units.percent(rows[0].time_pct),
                }
            )
        elif compared:
            on_track.append(cluster.name)

    late, expected, received = [], 0, 0
    from clusterzone.reporting import scope as reporting_scope

    under = Cluster.objects.filter(region__path__startswith=reg.path)
    datasets = [
        ds
        for ds, _members in reporting_scope.datasets_reported_by(under).values()
        if ds.period_kind == MONTHLY
    ]
    for ds in datasets:
        st = status_sel.reporting_status(user=actor, dataset=ds, periods=[period], region=reg, today=issued)
        late.extend(st.late)
        expected += st.total.expected
        received += st.total.received

    run_title, outcomes, unranked = _latest_run(user, reg, period.year, as_of=issued)

    # the paragraphs: each says what its figures show, and nothing where there are none
    paragraphs: dict[str, str] = {"overall": totals}
    if not lines:
        paragraphs["table"] = _("截至%(date)s，尚无报送范围内的产业集聚区。") % {"date": as_of}
    elif len(no_figures) == len(lines):
        paragraphs["table"] = _("截至%(date)s，各产业集聚区均尚无已审核数据，本期不排名。") % {"date": as_of}
    elif no_figures:
        paragraphs["table"] = _(
            "排名仅列有已审核数据的产业集聚区；%(names)s尚无已审核数据（未报送或数据缺失），不参加排名。"
        ) % {"names": _names(no_figures)}
    else:
        paragraphs["table"] = _("各产业集聚区主要指标完成情况见下表。")
    if lagging:
        paragraphs["lagging"] = "\n".join(t + "。" for t in lagging)
    elif on_track:
        paragraphs["lagging"] = _(
            "有已审核数据和全年目标的%(n)s个产业集聚区（%(names)s）均达到时间进度（%(time)s）。"
        ) % {
            "n": len(on_track),
            "names": _names(on_track),
            "time": units.percent(time_pct),
        }
    else:
        paragraphs["lagging"] = _("截至%(date)s，尚无可与时间进度比较的数据（已审核数据和全年目标）。") % {
            "date": as_of
        }
    if expected == 0:
        paragraphs["reporting"] = _("本期尚无应报送的报表。")
    elif not late and received == expected:
        paragraphs["reporting"] = _("本期应报%(n)s份报表，均按时报送。") % {"n": expected}
    else:
        missing = [i.cluster_name for i in late if i.kind == "missing"]
        tardy = [i.cluster_name for i in late if i.kind == "late"]
        parts = [_("本期应报%(n)s份报表，已报%(r)s份") % {"n": expected, "r": received}]
        if missing:
            parts.append(_("逾期未报：%(names)s") % {"names": _names(dict.fromkeys(missing))})
        if tardy:
            parts.append(_("迟报：%(names)s") % {"names": _names(dict.fromkeys(tardy))})
        if not missing and not tardy:
            parts.append(_("其余报表尚未到报送截止日期"))
        paragraphs["reporting"] = "；".join(parts) + "。"
    if outcomes or unranked:
        text = _("根据%(run)s，参加排名的产业集聚区%(n)s个。") % {"run": run_title, "n": len(outcomes)}
        if unranked:
            text += _("%(names)s数据缺失，未参加排名。") % {"names": _names(o.cluster for o in unranked)}
        paragraphs["assessment"] = text
    else:
        paragraphs["assessment"] = _("截至%(date)s，尚无已发布的考核评价结果。") % {"date": as_of}
    praised = [o.cluster for o in outcomes if "表扬" in o.outcome or "优秀" in o.outcome]
    criticised = [o.cluster for o in outcomes if "批评" in o.outcome or "黄牌" in o.outcome]
    parts = []
    if praised:
        parts.append(_("对%(names)s予以通报表扬") % {"names": _names(praised)})
    if criticised:
        parts.append(_("对%(names)s予以通报批评") % {"names": _names(criticised)})
    paragraphs["commendation"] = (
        "；".join(parts) + "。"
        if parts
        else _("已发布的考核评价结果中无通报表扬或通报批评事项。")
        if outcomes
        else _("尚无已发布的考核评价结果，本期不作表扬和批评。")
    )
    paragraphs["requirements"] = ""
    for key, text in (edits or {}).items():
        if key in EDITABLE and text is not None:
            paragraphs[key] = str(text).strip()

    title = _("关于%(year)s年%(words)s%(region)s产业集聚区主要指标完成情况的通报") % {
        "year": period.year,
        "words": words,
        "region": reg.name,
    }
    chosen = [k for k in SECTIONS if k in set(sections or DEFAULT_SECTIONS)]
    return Bulletin(
        title=title,
        issuer=_issuer(reg),
        issued=issued,
        period=period,
        region_name=reg.name,
        period_words=words,
        totals=paragraphs["overall"],
        headers=headers,
        lines=lines,
        lagging=lagging,
        late=late,
        run_title=run_title,
        outcomes=outcomes,
        unranked=unranked,
        no_figures=no_figures,
        reporting_expected=expected,
        reporting_received=received,
        sections=chosen,
        paragraphs=paragraphs,
        region_code=reg.code,
    )
