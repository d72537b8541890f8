"""Catch-up benchmarks (赶超目标): the service that names a cluster's benchmark for a year and
the selector that reads the gap to it, per indicator and in rank, month by month.

    benchmark_set(actor=…, cluster=…, year=2025, target=…, note="")   → Benchmark
    benchmark_delete(actor=…, benchmark=…)
    benchmark_for(user=…, cluster=…, year=2025)                       → Benchmark | None
    catchup(user=…, cluster=…, period="2025-04")                      → Catchup

Figures are the progress selector's (approved values only, derived indicators computed by
`reporting.formulas`). The benchmark cluster usually lies outside the county's scope (桐柏 is
in 南阳): a named benchmark is a published comparison, so its figures are shown on the
catch-up page only. Rank = the cluster's place among every cluster of the province by the
month's value (1 = largest; ties share a rank). Fixed query count whatever the size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.core import services as core_services
from clusterzone.core import units
from clusterzone.core.exceptions import DomainError, NotFound
from clusterzone.core.periods import MONTHLY, Period
from clusterzone.core.ranking import competition_ranks
from clusterzone.registry.models import Cluster
from clusterzone.reporting.choices import SubmissionStatus
from clusterzone.reporting.models import Value
from clusterzone.reporting.selectors import progress as prog

from .models_benchmarks import Benchmark

KEY_INDICATORS = ("revenue", "fai", "tax", "value_added", "profit", "employees")
HUNDRED = Decimal(100)


# --- writes -----------------------------------------------------------------------------


def _cluster(value) -> Cluster:
    if isinstance(value, Cluster):
        return value
    obj = Cluster.objects.select_related("region").filter(code=str(value or "").strip()).first()
    if obj is None:
        raise DomainError(_("没有代码为“%(code)s”的集聚区。") % {"code": value}, field="target")
    return obj


@transaction.atomic
def benchmark_set(*, actor, cluster, year: int, target, note: str = "", target_rank=None, reason=None):
    """Name (or change) a cluster's catch-up benchmark for a year."""
    cluster = _cluster(cluster)
    target = _cluster(target)
    existing = Benchmark.objects.filter(cluster=cluster, year=year).first()
    instance = existing or Benchmark(cluster=cluster, year=year)
    data = {"target": target, "note": note or "", "target_rank": target_rank}
    return core_services.instance_save(instance, actor=actor, data=data, reason=reason)


@transaction.atomic
def benchmark_delete(*, actor, benchmark: Benchmark, reason=None) -> None:
    core_services.instance_delete(benchmark, actor=actor, reason=reason)


# --- reads ------------------------------------------------------------------------------


def benchmark_list(*, user):
    return policy.scope(user, Benchmark).select_related("cluster__region", "target__region")


def benchmark_for(*, user, cluster, year: int) -> Benchmark | None:
    obj = prog.resolve_cluster(user, cluster)
    return (
        Benchmark.objects.select_related("cluster__region", "target__region")
        .filter(cluster=obj, year=year)
        .first()
    )


@dataclass
class GapMonth:
    month: str  # "1月"
    own: Decimal | None
    target: Decimal | None
    gap: Decimal | None  # target − own (positive: still behind)
    own_rank: int | None
    target_rank: int | None
    rank_gap: int | None  # own_rank − target_rank (places to climb; ≤ 0 caught up)
    own_yoy: Decimal | None = None
    target_yoy: Decimal | None = None

    def as_dict(self) -> dict:
        return {
            "month": self.month,
            "own": prog._num(self.own),
            "target": prog._num(self.target),
            "gap": prog._num(self.gap),
            "own_rank": self.own_rank,
            "target_rank": self.target_rank,
            "rank_gap": self.rank_gap,
            "own_yoy": units.round_pct(self.own_yoy),
            "target_yoy": units.round_pct(self.target_yoy),
        }


@dataclass
class IndicatorGap:
    indicator: str
    name: str
    unit: str
    months: list[GapMonth] = field(default_factory=list)

    @property
    def latest(self) -> GapMonth | None:
        for m in reversed(self.months):
            if m.own is not None or m.target is not None:
                return m
        return None

    def fmt(self, value) -> str:
        return prog.format_value(value, self.unit)

    def as_dict(self) -> dict:
        return {
            "indicator": self.indicator,
            "name": self.name,
            "unit": self.unit,
            "months": [m.as_dict() for m in self.months],
        }


@dataclass
class Catchup:
    benchmark: Benchmark
    period: Period
    ranked_of: int  # clusters in the province
    indicators: list[IndicatorGap]

    def as_dict(self) -> dict:
        return {
            "cluster": self.benchmark.cluster.code,
            "target": self.benchmark.target.code,
            "target_name": self.benchmark.target.name,
            "year": self.benchmark.year,
            "period": str(self.period),
            "ranked_of": self.ranked_of,
            "indicators": [i.as_dict() for i in self.indicators],
        }


def catchup(*, user, cluster, period, indicators=None) -> Catchup:
    """The gap between a cluster and its benchmark for the months 1..period of the year."""
    period = prog.parse_period(period)
    own = prog.resolve_cluster(user, cluster)
    bm = (
        Benchmark.objects.select_related("cluster__region", "target__region")
        .filter(cluster=own, year=period.year)
        .first()
    )
    if bm is None:
        raise NotFound(
            _("%(cluster)s尚未确定%(year)s年赶超目标。") % {"cluster": own.name, "year": period.year}
        )
    cat = prog._catalog(indicators)
    if not indicators:
        cat.shown = [i for i in cat.shown if i.code in KEY_INDICATORS] or cat.shown
    province = prog._path(prog._segments(own.region.path)[:1])
    cluster_ids = list(Cluster.objects.filter(region__path__startswith=province).values_list("id", flat=True))
    months = [Period(MONTHLY, period.year, m) for m in range(1, period.month_of_year + 1)]
    previous = [p.last_year for p in months]
    codes = [str(p) for p in months + previous]
    by_period: dict[str, dict[int, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    qs = Value.objects.filter(
        period__in=codes,
        indicator_id__in=list(cat.reported),
        cluster__region__path__startswith=province,
        submission__status=SubmissionStatus.APPROVED,
    )
    for cid, iid, p, v in qs.values_list("cluster_id", "indicator_id", "period", "value"):
        by_period[p][cid][cat.reported[iid].code] = v
    for p, ly in zip(months, previous, strict=True):
        prog._add_derived(cat, by_period[str(p)], by_period[str(ly)])
    out = []
    for ind in cat.shown:
        gap = IndicatorGap(indicator=ind.code, name=ind.name, unit=ind.unit)
        for p, ly in zip(months, previous, strict=True):
            cur = by_period[str(p)]
            last = by_period[str(ly)]
            values = {cid: d[ind.code] for cid, d in cur.items() if ind.code in d}
            ranks = competition_ranks(values)
            a, b = values.get(own.pk), values.get(bm.target_id)
            ra, rb = ranks.get(own.pk), ranks.get(bm.target_id)

            def yoy(cid, v, last=last, code=ind.code):
                lv = last.get(cid, {}).get(code)
                return None if v is None or not lv else (v - lv) / lv * HUNDRED

            gap.months.append(
                GapMonth(
                    month=f"{p.index}月",
                    own=a,
                    target=b,
                    gap=(b - a) if a is not None and b is not None else None,
                    own_rank=ra,
                    target_rank=rb,
                    rank_gap=(ra - rb) if ra is not None and rb is not None else None,
                    own_yoy=yoy(own.pk, a),
                    target_yoy=yoy(bm.target_id, b),
                )
            )
        out.append(gap)
    return Catchup(benchmark=bm, period=period, ranked_of=len(cluster_ids), indicators=out)
