"""THE progress selector: every figure read three ways, as the work reports write them
("止4月底，完成固定资产投资15亿元，同比增长61.3%，占全年目标的25%").

Pages, the API, the CLI, bulletins and the assessment all read progress here:

    progress(user=…, period="2025-04", cluster="41042301")      → list[ProgressRow]
    progress(user=…, period="2025-04", region="410400")         → list[ProgressRow] (sums)
    progress_table(user=…, period="2025-04", region="410000")   → [(cluster, [ProgressRow])]
    progress_series(user=…, period="2025-04", cluster=…)        → monthly series for charts

Rules:
- value: the stored value of the period — the year-to-date cumulative for a flow (1–N月累计),
  the end-of-period figure for a stock (期末数; never summed over months). A quarterly or
  annual period falls back to the monthly value of its last month (2025Q1 → 2025-03).
- last_year: the same period of the previous year; yoy_pct = (value − last_year) /
  last_year × 100, None if either is missing or last_year is 0.
- target: the annual target of period.year (目标责任书); target_pct = value / target × 100;
  time_pct = share of the year elapsed × 100 (months elapsed / 12); lagging (flows only):
  target_pct < time_pct ("时间过半、任务过半"), None without a target or value.
- rank: by value, 1 = largest, among the clusters of the same city (for a county's cluster:
  its region's parent subtree; a cluster placed directly in a city ranks within that city);
  for a region: among its sibling regions (None for the province). Ties share a rank.
  Ranking is a published reading, so it counts every cluster of the group, not only those
  in the user's scope (only the rank itself is shown, never the others' values).
- A region's value is the sum over its clusters that have a value; all missing → None
  (missing data is never read as zero). Its target is its own (RegionTarget) when set;
  otherwise the sum of its clusters' targets only when every cluster counted in its total has
  one; otherwise none, with target_note "部分集聚区未设目标" (占全年目标 shown as —).
- share_pct (占全市比重): the value as a share of the enclosing region's total (a cluster: its
  city, the ranking group; a region: its parent); contribution_pct (贡献率): its growth on
  last year as a share of the enclosing region's growth. Additive indicators only.
- Derived indicators are computed with `reporting.formulas` over the component values (for
  a region: over the summed components), never stored.
- Only approved values count unless include_unapproved=True (a reporter's own view: the
  unapproved values of the clusters shown are then included; others stay approved-only).
- Percentages are exact Decimals; `as_dict` rounds them to one decimal (core.units).

Query count is fixed whatever the number of clusters: one query each for the place, the
indicators, the clusters of the ranking group, the values and the targets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.accounts.models import Region
from clusterzone.core import units
from clusterzone.core.dbrouting import replica_read
from clusterzone.core.exceptions import DomainError, NotFound
from clusterzone.core.gcpause import paused_gc
from clusterzone.core.periods import ANNUAL, MONTHLY, QUARTERLY, Period, PeriodError
from clusterzone.core.ranking import competition_ranks
from clusterzone.registry.models import Cluster

from .. import formulas
from ..choices import IndicatorKind, SubmissionStatus
from ..models import Indicator, PlanMilestone, RegionTarget, Submission, Target, Value

HUNDRED = Decimal(100)
JSON_KEYS = (
    "indicator",
    "name",
    "unit",
    "value",
    "last_year",
    "yoy_pct",
    "target",
    "target_pct",
    "time_pct",
    "lagging",
    "rank",
    "target_note",
    "share_pct",
    "contribution_pct",
)
NO_TARGET_PARTIAL = "部分集聚区未设目标"  # why a region's 占全年目标 is shown as —
NON_ADDITIVE_UNITS = {"%", "万元/亩"}


@dataclass(slots=True)  # tens of thousands at national scale: no per-row __dict__
class ProgressRow:
    # _cluster_rows builds rows positionally, in this field order
    indicator: str
    name: str
    unit: str
    kind: str
    decimals: int
    is_derived: bool
    value: Decimal | None
    last_year: Decimal | None
    yoy_pct: Decimal | None
    target: Decimal | None
    target_pct: Decimal | None
    time_pct: Decimal
    lagging: bool | None
    rank: int | None
    rank_of: int | None = None  # how many places were ranked
    target_note: str = ""  # why there is no target share (a region: "部分集聚区未设目标")
    # the enclosing region's total and its growth on last year (additive indicators only):
    # share_pct and contribution_pct are read from them
    group_total: Decimal | None = None
    group_growth: Decimal | None = None

    @property
    def share_pct(self) -> Decimal | None:
        """占全市比重: the value as a share of the enclosing region's total."""
        if self.value is None or not self.group_total:
            return None
        return self.value / self.group_total * HUNDRED

    @property
    def contribution_pct(self) -> Decimal | None:
        """贡献率: its growth on last year as a share of the enclosing region's growth."""
        if self.value is None or self.last_year is None or not self.group_growth:
            return None
        return (self.value - self.last_year) / self.group_growth * HUNDRED

    @property
    def is_flow(self) -> bool:
        return self.kind == IndicatorKind.FLOW

    @property
    def is_money(self) -> bool:
        return self.unit == "万元"

    def sentence(self, verb: str = "") -> str:
        """The reports' sentence: 完成固定资产投资15亿元，同比增长61.3%，占全年目标的25%."""
        parts = [f"{verb or _('完成')}{self.name}{format_value(self.value, self.unit)}"]
        if self.yoy_pct is not None:
            rounded = units.round_pct(self.yoy_pct)
            word = _("同比增长") if rounded >= 0 else _("同比下降")
            parts.append(f"{word}{_trim_pct(abs(Decimal(str(rounded))))}%")
        if self.target_pct is not None:
            parts.append(
                _("占全年目标的%(p)s%%") % {"p": _trim_pct(Decimal(str(units.round_pct(self.target_pct))))}
            )
        elif self.target_note:
            parts.append(_("占全年目标—（%(why)s）") % {"why": self.target_note})
        return "，".join(parts)

    def share_text(self, whole: str = "") -> str:
        """ "占全市比重41.2%，贡献率50%" (empty when neither is known)."""
        parts = []
        if self.share_pct is not None:
            parts.append(
                _("占%(whole)s比重%(p)s%%")
                % {"whole": whole or _("全市"), "p": _trim_pct(Decimal(str(units.round_pct(self.share_pct))))}
            )
        if self.contribution_pct is not None:
            parts.append(
                _("贡献率%(p)s%%") % {"p": _trim_pct(Decimal(str(units.round_pct(self.contribution_pct))))}
            )
        return "，".join(parts)


def _trim_pct(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_value(value, unit: str) -> str:
    """A value with its unit as the documents write it (core.units.amount)."""
    return units.amount(value, unit)


def _num(value: Decimal | None):
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def as_dict(row: ProgressRow) -> dict:
    """The JSON object of one row (API and CLI): numbers as ints/floats, percentages rounded
    to one decimal, missing as null."""
    return {
        "indicator": row.indicator,
        "name": row.name,
        "unit": row.unit,
        "value": _num(row.value),
        "last_year": _num(row.last_year),
        "yoy_pct": units.round_pct(row.yoy_pct),
        "target": _num(row.target),
        "target_pct": units.round_pct(row.target_pct),
        "time_pct": units.round_pct(row.time_pct),
        "lagging": row.lagging,
        "rank": row.rank,
        "target_note": row.target_note,
        "share_pct": units.round_pct(row.share_pct),
        "contribution_pct": units.round_pct(row.contribution_pct),
    }


# --- resolving the arguments ------------------------------------------------------------


def parse_period(period) -> Period:
    if isinstance(period, Period):
        return period
    try:
        return Period.parse(period)
    except PeriodError as exc:
        raise DomainError(str(exc), field="period")


def resolve_cluster(user, cluster) -> Cluster:
    """A Cluster (or its code) the user may see. For a user, an unknown code and a cluster
    outside the scope answer alike (NotFound, 404), so codes outside the scope are not
    revealed; the system (user None) gets a DomainError naming the unknown code."""
    if isinstance(cluster, Cluster):
        code = cluster.code
    else:
        code = str(cluster or "").strip()
    qs = Cluster.objects.select_related("region")
    obj = qs.filter(code=code).first()
    if user is not None and (obj is None or not policy.can(user, "view", obj)):
        raise NotFound(_("没有代码为“%(code)s”的集聚区，或它不在您的权限范围内。") % {"code": code})
    if obj is None:
        raise DomainError(_("没有代码为“%(code)s”的集聚区。") % {"code": code}, field="cluster")
    return obj


def resolve_region(user, region) -> Region:
    code = region.code if isinstance(region, Region) else str(region or "").strip()
    obj = Region.objects.filter(code=code).first()
    if user is not None and (
        obj is None
        or (
            not policy.is_global(user)  # the whole tree: no scope query
            and not policy.scope(user, Region).filter(pk=obj.pk).exists()
        )
    ):
        raise NotFound(_("没有代码为“%(code)s”的行政区划，或它不在您的权限范围内。") % {"code": code})
    if obj is None:
        raise DomainError(_("没有代码为“%(code)s”的行政区划。") % {"code": code}, field="region")
    return obj


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def _path(segments: list[str]) -> str:
    return "/".join(segments) + "/" if segments else ""


def rank_group_path(region_path: str) -> str:
    """The subtree a cluster is ranked in: its city (province/city)."""
    return _path(_segments(region_path)[:2])


def _common_path(paths: Iterable[str]) -> str:
    paths = [_segments(p) for p in paths]
    if not paths:
        return ""
    common = paths[0]
    for segs in paths[1:]:
        n = 0
        while n < min(len(common), len(segs)) and common[n] == segs[n]:
            n += 1
        common = common[:n]
    return _path(common)


# --- the catalog ------------------------------------------------------------------------


@dataclass
class _Catalog:
    shown: list[Indicator]  # the rows to produce, catalog order
    reported: dict[int, Indicator]  # reported indicators whose values are loaded (by id)
    derived: list[tuple[Indicator, formulas.Formula]]  # dependency order
    by_code: dict[str, Indicator] = field(default_factory=dict)


_parse_formula = lru_cache(maxsize=1024)(formulas.parse)  # a Formula is immutable


def _catalog(indicators) -> _Catalog:
    everything = list(Indicator.objects.filter(is_active=True).order_by("order", "code"))
    by_code = {i.code: i for i in everything}
    if indicators:
        codes = [c.code if isinstance(c, Indicator) else str(c) for c in indicators]
        unknown = [c for c in codes if c not in by_code]
        if unknown:
            raise DomainError(
                _("未知的指标代码：%(codes)s。") % {"codes": "、".join(unknown)}, field="indicators"
            )
        wanted = set(codes)
        shown = [i for i in everything if i.code in wanted]
    else:
        shown = everything
    # derived indicators need their components (recursively), shown or not
    parsed: dict[str, formulas.Formula] = {}
    for ind in everything:
        if ind.formula:
            try:
                parsed[ind.code] = _parse_formula(ind.formula)
            except formulas.FormulaError:
                continue
    needed: set[str] = set()
    stack = [i.code for i in shown]
    while stack:
        code = stack.pop()
        if code in needed or code not in by_code:
            continue
        needed.add(code)
        if code in parsed:
            f = parsed[code]
            stack.extend(f.names | {c for _fn, c in f.shifted})
    try:
        order = formulas.dependency_order({c: parsed[c] for c in needed if c in parsed})
    except formulas.FormulaError:
        order = []
    derived = [(by_code[c], parsed[c]) for c in order]
    reported = {by_code[c].pk: by_code[c] for c in needed if c not in parsed}
    return _Catalog(shown=shown, reported=reported, derived=derived, by_code=by_code)


# --- loading ----------------------------------------------------------------------------


def value_periods(period: Period) -> list[str]:
    """Stored periods that give a period's reading, preferred first (2025Q1 → 2025Q1, 2025-03)."""
    out = [str(period)]
    if period.kind in (QUARTERLY, ANNUAL):
        out.append(str(Period(MONTHLY, period.year, period.month_of_year)))
    return out


def _load_values(
    period: Period,
    base_path: str,
    cat: _Catalog,
    *,
    include_unapproved_for: Iterable[int] = (),
    by_code: bool = False,
) -> tuple[dict, dict]:
    """{cluster_id: {code: value}} for the period and for the same period last year
    ({code: {cluster_id: value}} with by_code).

    One query over the periods that give the two readings (the preferred period first for a
    quarter or a year), read as text with the stored scale and made Decimals here in one pass
    (no per-value converter, no model instances, no grouping in SQL)."""
    current, last = value_periods(period), value_periods(period.last_year)
    qs = Value.objects.filter(period__in=current + last, indicator_id__in=list(cat.reported))
    if base_path:
        qs = qs.filter(cluster__region__path__startswith=base_path)
    # approved: among the approved submissions of these periods (a value's period is its
    # submission's), one list the database builds once from the (period, status) index
    # instead of a lookup of each value's submission
    approved = Q(
        submission_id__in=Submission.objects.filter(
            status=SubmissionStatus.APPROVED, period__in=current + last
        ).values("pk")
    )
    own = list(include_unapproved_for)
    qs = qs.filter(approved | Q(cluster_id__in=own) if own else approved)
    rows = (
        qs.order_by()
        .annotate(text=ValueText("value"))
        .values_list("cluster_id", "indicator_id", "period", "text")
    )
    code_of = {pk: ind.code for pk, ind in cat.reported.items()}
    cur: dict = {}
    ly: dict = {}
    if by_code and len(current) == 1:  # a month: one stored period per reading
        dest = {
            current[0]: {pk: cur.setdefault(code, {}) for pk, code in code_of.items()},
            last[0]: {pk: ly.setdefault(code, {}) for pk, code in code_of.items()},
        }
        for cluster_id, indicator_id, p, text in rows:
            dest[p][indicator_id][cluster_id] = Decimal(text)
        return cur, ly
    # period → (the reading it gives, its preference: 0 = the period itself)
    slot = {p: (cur, k) for k, p in enumerate(current)} | {p: (ly, k) for k, p in enumerate(last)}
    fallback: dict[tuple, int] = {}  # (reading, cluster, code) → preference kept, fallbacks only
    single = len(current) == 1
    for cluster_id, indicator_id, p, text in rows:
        reading, preference = slot[p]
        code = code_of[indicator_id]
        outer, inner = (code, cluster_id) if by_code else (cluster_id, code)
        values = reading.get(outer)
        if values is None:
            values = reading[outer] = {}
        if not single:  # a quarter or a year: its own value wins over its last month's
            key = (id(reading), cluster_id, code)
            if fallback.get(key, len(current)) < preference:
                continue
            fallback[key] = preference
        values[inner] = Decimal(text)
    return cur, ly


class ValueText(Cast):
    """A stored value (decimal_places=4) as text with its four places ('1234.5000'), so
    Decimal(text) is the Decimal the ORM would give, without a quantize per value.
    PostgreSQL prints numeric(20, 4) with its scale; SQLite stores a REAL, printed here."""

    def __init__(self, expression):
        super().__init__(expression, CharField())

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="printf('%%%%.4f', %(expressions)s)", **extra)


def _readings_by_code(period: Period, base_path: str, cat: _Catalog, own: Iterable[int]):
    """({code: {cluster_id: value}}, the same for last year), derived indicators included
    (computed per cluster first when the catalog has any)."""
    if not cat.derived:
        return _load_values(period, base_path, cat, include_unapproved_for=own, by_code=True)
    cur, ly = _load_values(period, base_path, cat, include_unapproved_for=own)
    _add_derived(cat, cur, ly)
    return _by_code(cur), _by_code(ly)


def _targets(qs) -> dict[int, dict[int, Decimal]]:
    """{indicator_id: {cluster_id: target}} of a Target queryset, values read as text."""
    out: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for cid, iid, text in (
        qs.order_by().annotate(text=ValueText("value")).values_list("cluster_id", "indicator_id", "text")
    ):
        out[iid][cid] = Decimal(text)
    return out


def _sum_into(groups: dict[str, list[int]], per_cluster: dict[int, dict[str, Decimal]]):
    """{entity: {code: sum over its clusters that have a value}} (all missing → absent)."""
    out: dict[str, dict[str, Decimal]] = {}
    for entity, cluster_ids in groups.items():
        sums: dict[str, Decimal] = {}
        for cid in cluster_ids:
            for code, v in per_cluster.get(cid, {}).items():
                sums[code] = sums.get(code, Decimal(0)) + v
        out[entity] = sums
    return out


def _add_derived(cat: _Catalog, cur: dict, ly: dict) -> None:
    """Compute derived indicators in place for every entity (current and last year)."""
    for entity in set(cur) | set(ly):
        c = cur.setdefault(entity, {})
        p = ly.setdefault(entity, {})
        for ind, f in cat.derived:
            # last year's derived value first: the current one may use last_year(x)
            vp = f.evaluate(p, lambda fn, code: None)
            vc = f.evaluate(c, lambda fn, code, p=p: p.get(code) if fn == "last_year" else None)
            if vp is not None:
                p[ind.code] = vp
            if vc is not None:
                c[ind.code] = vc


def _ranks(entities: list, values: dict, code: str) -> tuple[dict, int]:
    """Competition ranks of the entities' values of `code` (one sort), and how many had one."""
    present = {}
    for e in entities:
        v = values.get(e, {}).get(code)
        if v is not None:
            present[e] = v
    return competition_ranks(present), len(present)


def _additive(ind: Indicator) -> bool:
    return not ind.is_derived and ind.unit not in NON_ADDITIVE_UNITS


def _shares(row: ProgressRow, total, total_last) -> None:
    """The enclosing region's total and growth, which 占全市比重 and 贡献率 are read from."""
    row.group_total = total
    if total is not None and total_last is not None:
        row.group_growth = total - total_last


def _group_total(ids, values, code):
    present = [values.get(i, {}).get(code) for i in ids]
    present = [v for v in present if v is not None]
    return sum(present, Decimal(0)) if present else None


def region_target(ind: Indicator, own, cluster_ids, cur, cluster_targets) -> tuple[Decimal | None, str]:
    """A region's annual target of `ind` and, without one, the reason: its own target when
    set; otherwise the sum of its clusters' targets only when every cluster counted in its
    total (those with a value; all its clusters when none has one yet) has a target."""
    if ind.is_derived:
        return None, ""
    if own is not None:
        return own, ""
    counted = [cid for cid in cluster_ids if cur.get(cid, {}).get(ind.code) is not None] or list(cluster_ids)
    of_indicator = cluster_targets.get(ind.pk, {})
    targets = [of_indicator.get(cid) for cid in counted]
    if counted and all(t is not None for t in targets):
        return sum(targets, Decimal(0)), ""
    if any(t is not None for t in targets):
        return None, _(NO_TARGET_PARTIAL)
    return None, ""


def _pct(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None or b is None or b == 0:
        return None
    return a / b * HUNDRED


def _row(ind: Indicator, period: Period, value, last, target, rank, rank_of) -> ProgressRow:
    time_pct = period.year_share * HUNDRED
    target_pct = _pct(value, target)
    lagging = None
    if ind.kind == IndicatorKind.FLOW and target_pct is not None:
        lagging = target_pct < time_pct
    yoy = None
    if value is not None and last is not None and last != 0:
        yoy = (value - last) / last * HUNDRED
    return ProgressRow(
        indicator=ind.code,
        name=ind.name,
        unit=ind.unit,
        kind=ind.kind,
        decimals=ind.decimals,
        is_derived=ind.is_derived,
        value=value,
        last_year=last,
        yoy_pct=yoy,
        target=target,
        target_pct=target_pct,
        time_pct=time_pct,
        lagging=lagging,
        rank=rank if value is not None else None,
        rank_of=rank_of if value is not None else None,
    )


def _by_code(per_cluster: dict[int, dict[str, Decimal]]) -> dict[str, dict[int, Decimal]]:
    """{cluster: {code: v}} turned into {code: {cluster: v}} (one dict lookup per reading)."""
    out: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for cid, values in per_cluster.items():
        for code, v in values.items():
            out[code][cid] = v
    return out


def _cluster_rows(
    cat: _Catalog, period: Period, cluster_ids: list[int], group_of: dict[int, str], cur_of, ly_of, targets
) -> dict[int, list[ProgressRow]]:
    """Rows for each cluster in cluster_ids, ranked within its group (every cluster of
    `group_of` with the same group path), from the readings by code (`_readings_by_code`).
    One pass per group × indicator: one sort for the ranks, one sum for the group's totals,
    then the rows of the group's shown clusters."""
    members: dict[str, list[int]] = defaultdict(list)
    for cid, g in group_of.items():
        members[g].append(cid)
    shown_in: dict[str, list[int]] = defaultdict(list)
    for cid in cluster_ids:
        g = group_of.get(cid)
        if g is None:  # not in any group: ranked alone
            g = f"#{cid}"
            members[g] = [cid]
        shown_in[g].append(cid)
    time_pct = period.year_share * HUNDRED
    empty: dict = {}
    out: dict[int, list[ProgressRow]] = {cid: [] for cid in cluster_ids}
    for ind in cat.shown:
        code, pk, name, unit, kind = ind.code, ind.pk, ind.name, ind.unit, ind.kind
        decimals, derived = ind.decimals, ind.is_derived
        flow = kind == IndicatorKind.FLOW
        additive = _additive(ind)
        this_year, last_year = cur_of.get(code, empty), ly_of.get(code, empty)
        targets_of = targets.get(pk, empty)
        head = (code, name, unit, kind, decimals, derived)
        for g, ids in shown_in.items():
            group = members[g]
            present = {m: this_year[m] for m in group if m in this_year}
            ranks = competition_ranks(present)
            n = len(present)
            total = growth = None
            if additive and present:
                total = sum(present.values(), Decimal(0))
                lasts = [last_year[m] for m in group if m in last_year]
                if lasts:
                    growth = total - sum(lasts, Decimal(0))
            for cid in ids:  # rows built positionally (one per cluster × indicator)
                value = present.get(cid)
                last = last_year.get(cid)
                target = targets_of.get(cid)
                if value is None:
                    row = ProgressRow(*head, None, last, None, target, None, time_pct, None, None, None)
                else:
                    target_pct = yoy = lagging = None
                    if target:
                        target_pct = value / target * HUNDRED
                        if flow:
                            lagging = target_pct < time_pct
                    if last:
                        yoy = (value - last) / last * HUNDRED
                    row = ProgressRow(
                        *head, value, last, yoy, target, target_pct, time_pct, lagging, ranks[cid], n, "",
                        total, growth,
                    )  # fmt: skip
                out[cid].append(row)
    return out


# --- the public reads -------------------------------------------------------------------


@replica_read
def progress(
    *,
    user,
    period,
    cluster=None,
    region=None,
    indicators=None,
    include_unapproved: bool = False,
) -> list[ProgressRow]:
    """Progress of one cluster or one region (sum over its clusters) for a period: one row
    per indicator (reported and derived) in catalog order. user=None reads everything (CLI)."""
    period = parse_period(period)
    if (cluster is None) == (region is None):
        raise DomainError(_("请指定集聚区或行政区划（二者选一）。"))
    if cluster is not None:
        obj = resolve_cluster(user, cluster)
        cat = _catalog(indicators)
        base = rank_group_path(obj.region.path)
        group_of = {
            cid: rank_group_path(path)
            for cid, path in Cluster.objects.filter(region__path__startswith=base).values_list(
                "id", "region__path"
            )
        }
        group_of[obj.pk] = base
        cur_of, ly_of = _readings_by_code(period, base, cat, [obj.pk] if include_unapproved else [])
        targets = _targets(Target.objects.filter(cluster=obj, year=period.year))
        return _cluster_rows(cat, period, [obj.pk], group_of, cur_of, ly_of, targets)[obj.pk]

    reg = resolve_region(user, region)
    cat = _catalog(indicators)
    segs = _segments(reg.path)
    depth = len(segs)
    base = _path(segs[:-1]) if depth > 1 else reg.path
    clusters = list(Cluster.objects.filter(region__path__startswith=base).values_list("id", "region__path"))
    entity_of = {cid: _path(_segments(path)[:depth]) for cid, path in clusters}
    groups: dict[str, list[int]] = defaultdict(list)
    for cid, entity in entity_of.items():
        groups[entity].append(cid)
    own_ids = groups.get(reg.path, []) if include_unapproved else []
    raw_cur, raw_ly = _load_values(period, base, cat, include_unapproved_for=own_ids)
    cur = _sum_into(groups, raw_cur)
    ly = _sum_into(groups, raw_ly)
    cur.setdefault(reg.path, {})
    ly.setdefault(reg.path, {})
    _add_derived(cat, cur, ly)
    cluster_targets = _targets(
        Target.objects.filter(cluster__region__path__startswith=reg.path, year=period.year)
    )
    own_targets = dict(
        RegionTarget.objects.filter(region=reg, year=period.year).values_list("indicator_id", "value")
    )
    own_clusters = groups.get(reg.path, [])
    siblings = list(groups) if depth > 1 else [reg.path]
    rows = []
    for ind in cat.shown:
        if depth > 1:
            ranks, n = _ranks(siblings, cur, ind.code)
        else:
            ranks, n = {}, None
        target, note = region_target(ind, own_targets.get(ind.pk), own_clusters, raw_cur, cluster_targets)
        row = _row(
            ind,
            period,
            cur[reg.path].get(ind.code),
            ly[reg.path].get(ind.code),
            target,
            ranks.get(reg.path),
            n,
        )
        row.target_note = note if row.value is not None else ""
        if depth > 1 and _additive(ind):
            _shares(
                row,
                _group_total(siblings, cur, ind.code),
                _group_total(siblings, ly, ind.code),
            )
        rows.append(row)
    return rows


TABLE_CLUSTER_COLUMNS = {"id", "code", "name", "region_id"}
TABLE_REGION_COLUMNS = {"id", "code", "name", "path", "level", "parent_id"}


def _in_model_order(model, names: set[str]) -> tuple[str, ...]:
    """The columns in the model's field order, as Model.from_db takes them."""
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname in names)


def _table_clusters(user, reg: Region) -> tuple[list[Cluster], dict[int, str]]:
    """The clusters in the user's scope under the region, in region-code/cluster-code order,
    each with its region, and {cluster id: its ranking group}. One query read as values, the
    model objects made here (2,700 clusters: a third of the time of select_related rows)."""
    qs = Cluster.objects.filter(region__path__startswith=reg.path)
    if user is not None:
        qs = policy.scope(user, qs)
    cluster_columns = _in_model_order(Cluster, TABLE_CLUSTER_COLUMNS)
    region_columns = _in_model_order(Region, TABLE_REGION_COLUMNS)
    rows = qs.order_by().values_list(*cluster_columns, *(f"region__{c}" for c in region_columns))
    attach = Cluster.region.field.set_cached_value  # what select_related does
    n = len(cluster_columns)
    regions: dict[int, Region] = {}
    shown = []
    for row in rows:
        region = regions.get(row[n])  # the region's id
        if region is None:
            region = regions[row[n]] = Region.from_db(qs.db, region_columns, row[n:])
        cluster = Cluster.from_db(qs.db, cluster_columns, row[:n])
        attach(cluster, region)
        shown.append(cluster)
    shown.sort(key=lambda c: (c.region.code, c.code))
    return shown, {c.pk: rank_group_path(c.region.path) for c in shown}


@replica_read
@paused_gc()  # national scale: tens of thousands of readings built at once
def progress_table(
    *, user, period, region, indicators=None, include_unapproved: bool = False
) -> list[tuple[Cluster, list[ProgressRow]]]:
    """The region overview: every cluster in the user's scope under the region, each with its
    rows (same rules as `progress`), in region-code/cluster-code order. Fixed query count."""
    period = parse_period(period)
    reg = resolve_region(user, region)
    cat = _catalog(indicators)
    shown, group_of = _table_clusters(user, reg)
    if not shown:
        return []
    base = _common_path(set(group_of[c.pk] for c in shown))
    everything = False  # whether the ranking groups hold every cluster there is
    if base == reg.path and (user is None or policy.is_global(user)):
        # the province office's table holds every cluster: its reads need no join to the
        # regions' paths
        everything = len(group_of) == Cluster.objects.count()
    else:  # the ranking groups reach outside the clusters shown: read every cluster of them
        group_of = {
            cid: rank_group_path(path)
            for cid, path in Cluster.objects.filter(region__path__startswith=base).values_list(
                "id", "region__path"
            )
        }
    ids = [c.pk for c in shown]
    cur_of, ly_of = _readings_by_code(
        period, "" if everything else base, cat, ids if include_unapproved else []
    )
    targets = Target.objects.filter(year=period.year)
    if not (everything and base == reg.path):
        targets = targets.filter(cluster__region__path__startswith=reg.path)
    rows = _cluster_rows(cat, period, ids, group_of, cur_of, ly_of, _targets(targets))
    return [(c, rows[c.pk]) for c in shown]


@dataclass
class Series:
    """Monthly readings of one indicator for a cluster's charts."""

    indicator: str
    name: str
    unit: str
    kind: str
    months: list[str]  # "1月" … "12月"
    values: list[Decimal | None]  # this year, month by month (YTD for flows)
    last_year: list[Decimal | None]
    yoy_pct: list[Decimal | None]
    target: Decimal | None
    schedule: list[Decimal | None]  # target × months / 12: the time-progress line

    def as_chart(self) -> dict:
        def n(v):
            return None if v is None else float(v)

        return {
            "indicator": self.indicator,
            "name": self.name,
            "unit": self.unit,
            "kind": self.kind,
            "months": self.months,
            "values": [n(v) for v in self.values],
            "last_year": [n(v) for v in self.last_year],
            "yoy_pct": [units.round_pct(v) for v in self.yoy_pct],
            "target": n(self.target),
            "schedule": [n(v) for v in self.schedule],
        }


@replica_read
def progress_series(
    *, user, period, cluster, indicators=None, include_unapproved: bool = False
) -> list[Series]:
    """Month-by-month values of the period's year and of the year before, with the annual
    target, for a cluster (charts: cumulative line against the target line, 同比 bars).
    Months after the period are left out of this year's series."""
    period = parse_period(period)
    obj = resolve_cluster(user, cluster)
    cat = _catalog(indicators)
    months = [Period(MONTHLY, period.year, m) for m in range(1, 13)]
    previous = [p.last_year for p in months]
    qs = Value.objects.filter(
        cluster=obj, period__in=[str(p) for p in months + previous], indicator_id__in=list(cat.reported)
    )
    if not include_unapproved:
        qs = qs.filter(submission__status=SubmissionStatus.APPROVED)
    by_period: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for indicator_id, p, v in qs.values_list("indicator_id", "period", "value"):
        by_period[p][cat.reported[indicator_id].code] = v
    _add_derived(cat, by_period, defaultdict(dict))
    targets = dict(Target.objects.filter(cluster=obj, year=period.year).values_list("indicator_id", "value"))
    out = []
    last_month = period.month_of_year
    for ind in cat.shown:
        values = [by_period.get(str(p), {}).get(ind.code) if p.index <= last_month else None for p in months]
        last = [by_period.get(str(p), {}).get(ind.code) for p in previous]
        yoy = [
            (v - lv) / lv * HUNDRED if v is not None and lv not in (None, 0) else None
            for v, lv in zip(values, last, strict=True)
        ]
        target = None if ind.is_derived else targets.get(ind.pk)
        schedule = [
            (target * p.index / 12 if target is not None and ind.kind == IndicatorKind.FLOW else target)
            for p in months
        ]
        out.append(
            Series(
                indicator=ind.code,
                name=ind.name,
                unit=ind.unit,
                kind=ind.kind,
                months=[f"{p.index}月" for p in months],
                values=values,
                last_year=last,
                yoy_pct=yoy,
                target=target,
                schedule=schedule,
            )
        )
    return out


def plan_milestones(*, user, cluster) -> list[PlanMilestone]:
    """A cluster's multi-year plan milestones (shown on its progress page)."""
    obj = resolve_cluster(user, cluster)
    return list(
        PlanMilestone.objects.filter(cluster=obj)
        .select_related("indicator")
        .order_by("plan", "year", "indicator__order")
    )


def latest_approved_period(*, user) -> Period | None:
    """The latest month with approved figures in the user's scope (pages' default period,
    the workbench's lagging list). One query, walking the approved submissions from the latest
    period down (index on submission period, status) to the first one that holds a value."""
    qs = Submission.objects.filter(status=SubmissionStatus.APPROVED, period__contains="-")
    if not policy.is_global(user):  # a whole-province user: no cluster filter, so the walk is short
        qs = qs.filter(cluster__in=policy.scope(user, Cluster))
    p = (
        qs.exclude(period__contains="H")
        .filter(Exists(Value.objects.filter(submission=OuterRef("pk"))))
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    return Period.parse(p) if p else None


def latest_period(*, cluster) -> Period | None:
    """The latest monthly period with an approved value of the cluster (page default)."""
    cluster_id = cluster.pk if isinstance(cluster, Cluster) else cluster
    p = (
        Value.objects.filter(
            cluster_id=cluster_id, submission__status=SubmissionStatus.APPROVED, period__contains="-"
        )
        .exclude(period__contains="H")
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    return Period.parse(p) if p else None
