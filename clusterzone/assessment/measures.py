"""The inputs of an assessment, read from the database in a FIXED number of queries
(whatever the number of clusters): the engine's plain `inputs` dict (see engine.py).

    read_inputs(definition, year, region) -> dict

Readings (approved data only, through the progress selector's bulk readers
`_catalog`, `value_periods`-style period fallback and `_add_derived`):
- value: the year's figure — the stored annual value, else December's (YTD cumulative for a
  flow, year-end for a stock);
- yoy: (value − last year's value) / last year's value × 100 (None when either is missing
  or last year's is 0);
- target_pct: value / the year's Target × 100 (None without a target).
A scheme with a monthly `period` ("2026-10", 月评比) reads the month's figures instead of the
year-end ones: value = the month's stored value (1–10月累计 for a flow, end of October for a
stock), yoy against the same month of last year, target_pct against the whole year's target
(占全年目标) — the progress selector's readings of that month; history and targets likewise
hold each year's same month. The inputs carry the period ("period": "2026-10").
History: the same year values and targets for the LOOKBACK years before (threshold years,
consecutive missed targets); a year where the cluster has no value and no target is left
out, which stops the consecutive counts.
last_star (stars.max_rise): the cluster's star in the latest published run of the previous
year over the same region; Cluster.star (registry) when there is none.
previous (the changes shown): the latest published run over the same region for a year
before the run's year (superseded runs are not published runs).

Figures of registered sources (sources.py: 到资, signed amounts …) are read from their
records for the same years, one query per source named by the scheme, and then treated as
values (value, yoy; no targets); a cluster without records in the assessed year has 0.

Queries: clusters, indicators, values, targets, office inputs, last year's run + results,
previous run + results: 9 at most, plus one per source.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from clusterzone.accounts.models import Region
from clusterzone.core.exceptions import DomainError
from clusterzone.core.periods import MONTHLY, Period
from clusterzone.registry.models import Cluster
from clusterzone.reporting.choices import SubmissionStatus
from clusterzone.reporting.models import Target, Value
from clusterzone.reporting.selectors.progress import _add_derived, _catalog

from . import sources
from .choices import InputKind, RunStatus

LOOKBACK = 5  # years of history read before the assessed year
HUNDRED = Decimal(100)


def _s(v: Decimal | None) -> str | None:
    if v is None:
        return None
    v = Decimal(v)
    return format(v.normalize(), "f") if v == v.to_integral_value() else str(v)


def needed_codes(definition) -> tuple[list[str], list[str]]:
    """(indicator codes read from data, scheme indicator codes that are not manual)."""
    from .schemes import stars_of

    scheme_codes: list[str] = []
    for dim in definition.get("dimensions") or []:
        for item in dim.get("indicators") or []:
            if item.get("method") != "manual" and item["indicator"] not in scheme_codes:
                scheme_codes.append(item["indicator"])
    codes = list(scheme_codes)
    levels, _max_rise = stars_of(definition)
    extra = list((definition.get("threshold") or {}).keys())
    for level in levels:
        extra.extend((level.get("require") or {}).keys())
    for c in extra:
        if c not in codes:
            codes.append(c)
    return codes, scheme_codes


def month_of(definition) -> Period | None:
    """The month a cluster scheme ranks on (its `period`, 月评比), None for the year-end figures."""
    text = (definition or {}).get("period")
    if not text:
        return None
    period = Period.parse(str(text))
    return period if period.kind == MONTHLY else None


def resolve_region(region) -> Region:
    if isinstance(region, Region):
        return region
    obj = Region.objects.filter(code=str(region)).first()
    if obj is None:
        raise DomainError(_("没有代码为“%(code)s”的行政区划。") % {"code": region}, field="region")
    return obj


def _previous_runs(region: Region, year: int, exclude_run_id=None):
    from .models import Result, Run

    base = Run.objects.filter(region=region, status=RunStatus.PUBLISHED)
    if exclude_run_id:
        base = base.exclude(pk=exclude_run_id)
    last_year_run = base.filter(year=year - 1).order_by("-published_at", "-id").first()
    # 名次变化 compares with the previous year's published run, never a run of the same year
    previous_run = base.filter(year__lt=year).order_by("-year", "-published_at", "-id").first()
    last_star = {}
    if last_year_run is not None:
        last_star = dict(Result.objects.filter(run=last_year_run).values_list("cluster_id", "star"))
    previous = {}
    if previous_run is not None:
        previous = {
            cid: {"rank": rank, "star": star}
            for cid, rank, star in Result.objects.filter(run=previous_run).values_list(
                "cluster_id", "rank", "star"
            )
        }
    return last_star, previous, last_year_run, previous_run


def read_inputs(definition: dict, year: int, region, *, exclude_run_id=None) -> dict:
    from .models import AssessmentInput

    region = resolve_region(region)
    year = int(year)
    codes, scheme_codes = needed_codes(definition)
    month = month_of(definition)
    # figures kept by other apps (sources.py) are read from their records, not reported values
    from_sources = [c for c in codes if sources.get(c) is not None]
    reported = [c for c in codes if c not in from_sources]
    cat = _catalog(reported) if reported else None
    clusters = list(
        Cluster.objects.filter(region__path__startswith=region.path)
        .order_by("code")
        .values_list("id", "code", "name", "star")
    )
    years = list(range(year - LOOKBACK, year + 1))
    per_year: dict[int, dict[int, dict[str, Decimal]]] = {y: defaultdict(dict) for y in years}
    targets: dict[int, dict[int, dict[str, Decimal]]] = {y: defaultdict(dict) for y in years}
    if cat is not None and cat.reported:
        periods = {}
        for y in years:
            if month is not None:  # 月评比: the same month of every year, no fallback
                periods[f"{y}-{month.month_of_year:02d}"] = (y, 0)
                continue
            periods[str(y)] = (y, 0)
            periods[f"{y}-12"] = (y, 1)
        best: dict[tuple[int, int, int], tuple[int, Decimal]] = {}
        qs = Value.objects.filter(
            period__in=list(periods),
            indicator_id__in=list(cat.reported),
            cluster__region__path__startswith=region.path,
            submission__status=SubmissionStatus.APPROVED,
        ).values_list("cluster_id", "indicator_id", "period", "value")
        for cid, iid, p, v in qs:
            y, pref = periods[p]
            key = (cid, iid, y)
            if key not in best or pref < best[key][0]:
                best[key] = (pref, v)
        for (cid, iid, y), (_p, v) in best.items():
            per_year[y][cid][cat.reported[iid].code] = v
        for y in years[1:]:
            _add_derived(cat, per_year[y], per_year[y - 1])
        by_id = {i.pk: i.code for i in cat.by_code.values()}
        for cid, iid, y, v in Target.objects.filter(
            cluster__region__path__startswith=region.path,
            year__in=years,
            indicator_id__in=[cat.by_code[c].pk for c in codes if c in cat.by_code],
        ).values_list("cluster_id", "indicator_id", "year", "value"):
            targets[y][cid][by_id[iid]] = v
    if from_sources:
        cluster_ids = [row[0] for row in clusters]
        for code in from_sources:
            for (cid, y), v in sources.get(code).read(cluster_ids, years).items():
                if y in per_year:
                    per_year[y][cid][code] = v
            # records, not reports: a cluster without any in the assessed year has 0, not 数据缺失
            for cid in cluster_ids:
                per_year[year][cid].setdefault(code, Decimal(0))

    office: dict[int, dict] = defaultdict(lambda: {"deductions": [], "vetoes": [], "manual": {}})
    for a in AssessmentInput.objects.filter(
        year=year, cluster__region__path__startswith=region.path
    ).order_by("id"):
        entry = office[a.cluster_id]
        if a.kind == InputKind.DEDUCTION:
            entry["deductions"].append(
                {"name": a.name, "points": _s(a.points), "count": a.count, "evidence": a.evidence}
            )
        elif a.kind == InputKind.VETO:
            entry["vetoes"].append({"name": a.name, "evidence": a.evidence})
        else:
            entry["manual"][a.name] = {"points": _s(a.points), "reason": a.reason}

    last_star, previous, _lr, _pr = _previous_runs(region, year, exclude_run_id)

    keys = []
    for dim in definition.get("dimensions") or []:
        for item in dim.get("indicators") or []:
            if item.get("method") != "manual":
                keys.append((item["indicator"], item.get("measure", "value")))

    out_clusters = {}
    for cid, code, name, star in clusters:
        cur = per_year[year].get(cid, {})
        ly = per_year[year - 1].get(cid, {})
        tg = targets[year].get(cid, {})
        measures = {}
        for ind, measure in keys:
            v = cur.get(ind)
            if measure == "value":
                m = v
            elif measure == "yoy":
                last = ly.get(ind)
                m = (v - last) / last * HUNDRED if v is not None and last not in (None, 0) else None
            else:
                t = tg.get(ind)
                m = v / t * HUNDRED if v is not None and t not in (None, 0) else None
            measures[f"{ind}.{measure}"] = _s(m)
        history = {}
        for y in years:
            vals = per_year[y].get(cid, {})
            tgs = targets[y].get(cid, {})
            if y != year and not vals and not tgs:
                continue
            history[str(y)] = {
                "values": {c: _s(vals[c]) for c in codes if c in vals},
                "targets": {c: _s(tgs[c]) for c in scheme_codes if c in tgs},
            }
        entry = office.get(cid) or {"deductions": [], "vetoes": [], "manual": {}}
        out_clusters[code] = {
            "name": name,
            "last_star": last_star.get(cid, star),
            "previous": previous.get(cid),
            "measures": measures,
            "history": history,
            **entry,
        }
    out = {"year": year, "region": region.code, "clusters": out_clusters}
    if month is not None:
        out["period"] = str(month)
    return out
