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
  year's), when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit
from clusterzone.core import units
from clusterzone.core.periods import MONTHLY, Period
from clusterzone.reporting.models import DataSet
from clusterzone.reporting.selectors import progress as prog
from clusterzone.reporting.selectors import status as status_sel

KEY_INDICATORS = ("fai", "revenue", "tax", "value_added")
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


def _latest_run(user, region, year):
    """(title, outcomes) of the latest published run, read through the assessment selectors."""
    try:
        from clusterzone.assessment import selectors as asel
    except ImportError:  # the assessment core not installed yet
        return "", []
    run = None
    for y in (year, year - 1):
        try:
            run = asel.latest_published_run(user=user, region=region, year=y)
        except Exception:  # noqa: BLE001 — a bulletin is still useful without the ranking
            run = None
        if run is not None:
            break
    if run is None:
        return "", []
    results = asel.run_results(user=user, run=run)
    out = []
    for r in results:
        label = getattr(r, "outcome", None) or ""
        if not label:
            continue
        out.append(
            Outcome(
                rank=getattr(r, "rank", None),
                cluster=r.cluster.name if hasattr(r, "cluster") else str(r),
                score=str(getattr(r, "score", "")),
                star=getattr(r, "star", 0) or 0,
                outcome=str(label),
            )
        )
    title = str(getattr(run, "title", "") or getattr(getattr(run, "scheme", None), "name", "") or run)
    return title, out


def build(*, user, region, period, issued: date | None = None, indicators=KEY_INDICATORS) -> Bulletin:
    """The bulletin of a region (its code or a Region) for a monthly period. user=None (CLI)
    reads everything."""
    actor = user if user is not None else policy.SYSTEM
    period = prog.parse_period(period)
    if period.kind != MONTHLY:
        period = Period(MONTHLY, period.year, period.month_of_year)
    reg = prog.resolve_region(user, region)
    known = set(prog._catalog(None).by_code)
    codes = [c for c in indicators if c in known]
    depth = reg.path.count("/")
    level = LEVEL_WORDS.get(depth, _("全区"))
    words = period_words(period)

    def in_key_order(rows):
        return sorted(rows, key=lambda r: codes.index(r.indicator))

    total_rows = (
        in_key_order(prog.progress(user=user, period=period, region=reg, indicators=codes)) if codes else []
    )
    sentences = []
    for row in total_rows:
        if row.value is None or not row.is_flow:
            continue
        sentences.append(row.sentence(VERBS.get(row.indicator, _("完成"))))
    if sentences:
        totals = f"{words}，{level}产业集聚区" + "；".join(sentences) + "。"
    else:
        totals = _("%(words)s，%(level)s产业集聚区暂无已审核的统计数据。") % {"words": words, "level": level}

    table = prog.progress_table(user=user, period=period, region=reg, indicators=codes) if codes else []
    table = [(c, in_key_order(rows)) for c, rows in table]
    rows_by_cluster = [rows for _c, rows in table]
    headers = [(r.indicator, r.name) for r in (rows_by_cluster[0] if rows_by_cluster else total_rows)]
    ranks = [_rank_strings(rows_by_cluster, i) for i in range(len(headers))]
    lines, lagging = [], []
    for ci, (cluster, rows) in enumerate(table):
        cells = []
        behind = []
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
            if row.lagging:
                behind.append(
                    _("%(name)s占全年目标的%(pct)s")
                    % {"name": row.name, "pct": units.percent(row.target_pct)}
                )
        lines.append(
            ClusterLine(code=cluster.code, name=cluster.name, region=cluster.region.name, cells=cells)
        )
        if behind:
            time_pct = units.percent(rows[0].time_pct)
            lagging.append(
                _("%(cluster)s：%(items)s，低于时间进度（%(time)s）")
                % {"cluster": cluster.name, "items": "、".join(behind), "time": time_pct}
            )

    late = []
    datasets = DataSet.objects.filter(
        period_kind=MONTHLY, clusters__region__path__startswith=reg.path
    ).distinct()
    for ds in datasets:
        late.extend(status_sel.reporting_status(user=actor, dataset=ds, periods=[period], region=reg).late)

    run_title, outcomes = _latest_run(user, reg, period.year)
    title = _("关于%(year)s年%(words)s%(region)s产业集聚区主要指标完成情况的通报") % {
        "year": period.year,
        "words": words,
        "region": reg.name,
    }
    return Bulletin(
        title=title,
        issuer=_issuer(reg),
        issued=issued or timezone.localdate(),
        period=period,
        region_name=reg.name,
        period_words=words,
        totals=totals,
        headers=headers,
        lines=lines,
        lagging=lagging,
        late=late,
        run_title=run_title,
        outcomes=outcomes,
    )
