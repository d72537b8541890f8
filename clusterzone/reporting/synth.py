"""Synthetic province data, the reporting module's part: `build_province(...)`.

The `synth` command (workbench.synth) calls it with the other apps' parts (the project
library's projects, the investment module's leads), passed in as `delete_others` and
`build_others`, so this module imports neither.

Deterministic: the same seed gives the same clusters, enterprises, values and targets (each
cluster draws from its own random stream, so cluster S0007 is the same whatever the number
of clusters). What it builds, into the configured database:

- the shipped Henan regions (accounts.reference.load_regions) and the reporting catalog
  (reporting.catalog.load_reporting_catalog);
- N clusters coded S0001… ("S" keeps them apart from real and demo codes), spread over the
  counties in code order, several per county when N exceeds the counties;
- a few enterprises per cluster with valid unified social credit codes;
- for every cluster × month of the last Y years up to `end`: one approved submission of the
  monthly statistics report (月度统计, `monthly_stats`), and a value for every reported
  indicator of that report: flows as year-to-date cumulatives (seasonal increments, so the
  YTD is monotone within a year), stocks as end-of-month levels, with yearly growth;
  the parts stay within their wholes (fai_industrial + fai_infrastructure <= fai,
  value_added_leading <= value_added);
- annual targets for the main indicators, set somewhat above or below the plan so some
  clusters lag (时间过半任务过半).

Re-running deletes the previous synthetic rows (clusters S####, their enterprises, submissions,
values and targets) first. For speed the rows are written with bulk_create in batches:
no change-history rows are written for synthetic data.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as dtime
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from clusterzone.accounts.models import Region
from clusterzone.core.bulk import analyze, deferred_indexes, insert_objects, insert_rows, trust_foreign_keys
from clusterzone.core.periods import Period
from clusterzone.registry.models import Cluster, Enterprise

from .models import (
    DataSet,
    DataSetIndicator,
    Indicator,
    PlanMilestone,
    Submission,
    SubmissionEvent,
    Target,
    Value,
)

SYNTH_PREFIX = "S"
SYNTH_CODE_REGEX = r"^S[0-9]{4,}$"
DATASET_CODE = "monthly_stats"
DEFAULT_END = "2025-12"
ENTERPRISES_PER_CLUSTER = 3
TARGET_CODES = (
    "revenue",
    "fai",
    "value_added",
    "tax",
    "profit",
    "employees",
    "projects_settled",
    "superior_funds",
)

# seasonal weights of the monthly increments of flows (January–February low, December high)
SEASON = [0.055, 0.05, 0.085, 0.08, 0.085, 0.09, 0.08, 0.08, 0.09, 0.09, 0.095, 0.12]

# first-year annual level per unit of cluster size: flows are annual totals, stocks levels
BASE = {
    "revenue": 400000,  # 万元 (40亿)
    "fai": 300000,
    "superior_funds": 8000,
    "land_acquired": 600,  # 亩
    "projects_settled": 24,
    "projects_started": 18,
    "projects_in_production": 12,
    "employees": 15000,  # stock
    "enterprises_above_size": 60,
    "projects_100m_building": 20,
    "land_area": 8000,  # 亩
    "built_up_area": 12,  # 平方公里
}
# parts of a whole: code → (whole, low share, high share)
PARTS = {
    "value_added": ("revenue", 0.20, 0.28),
    "value_added_leading": ("value_added", 0.55, 0.85),
    "fai_industrial": ("fai", 0.50, 0.65),
    "fai_infrastructure": ("fai", 0.15, 0.30),
    "tax": ("revenue", 0.025, 0.05),
    "profit": ("revenue", 0.03, 0.08),
}
GENERIC_FLOW, GENERIC_STOCK = 1000, 100


COUNT_LABELS = {
    "projects": "项目",
    "stage_changes": "阶段记录",
    "milestones": "时间节点",
    "investments": "月度投资",
    "chains": "产业链",
    "chain_links": "产业链环节",
    "leads": "招商线索",
    "lead_followups": "跟进记录",
}


@dataclass
class SynthResult:
    clusters: int = 0
    enterprises: int = 0
    submissions: int = 0
    values: int = 0
    targets: int = 0
    deleted_clusters: int = 0
    projects: dict = field(default_factory=dict)
    leads: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)

    def lines(self) -> list[str]:
        total = sum(self.seconds.values())
        return [
            f"集聚区 {self.clusters} 个，企业 {self.enterprises} 家，报表 {self.submissions} 份，"
            f"指标值 {self.values} 条，年度目标 {self.targets} 条（先删除旧合成集聚区 {self.deleted_clusters} 个）",
            "项目：" + "，".join(f"{COUNT_LABELS.get(k, k)} {v}" for k, v in self.projects.items()),
            "招商：" + "，".join(f"{COUNT_LABELS.get(k, k)} {v}" for k, v in self.leads.items()),
            "用时：" + "，".join(f"{k} {v:.1f}秒" for k, v in self.seconds.items()) + f"；合计 {total:.1f}秒",
        ]


def credit_code(n: int, region_code: str) -> str:
    from stdnum.cn import uscc

    from clusterzone.core.validators import org_code_check_char

    body = f"{n:08d}"
    first17 = f"91{region_code}{body}{org_code_check_char(body)}"
    return first17 + uscc.calc_check_digit(first17)


def _q(value: float, places: int) -> Decimal:
    if places == 0:
        return Decimal(int(value))
    return Decimal(f"{value:.{places}f}")


def delete_synthetic(delete_others=None) -> int:
    """Delete the synthetic clusters and everything hanging on them; returns their number.
    The large tables are deleted in bulk (no history rows, no signals): the other apps' in
    `delete_others(cluster_ids)`, first."""
    ids = list(Cluster.objects.filter(code__regex=SYNTH_CODE_REGEX).values_list("pk", flat=True))
    if not ids:
        return 0
    if delete_others is not None:
        delete_others(ids)
    db = connection.alias
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        SubmissionEvent.objects.filter(submission__cluster_id__in=chunk)._raw_delete(db)
        Value.objects.filter(cluster_id__in=chunk)._raw_delete(db)
        Submission.objects.filter(cluster_id__in=chunk)._raw_delete(db)
        Target.objects.filter(cluster_id__in=chunk)._raw_delete(db)
        PlanMilestone.objects.filter(cluster_id__in=chunk)._raw_delete(db)
        Enterprise.objects.filter(cluster_id__in=chunk)._raw_delete(db)
        DataSet.clusters.through.objects.filter(cluster_id__in=chunk)._raw_delete(db)
        Cluster.objects.filter(pk__in=chunk).delete()  # the collector handles other apps' rows
    return len(ids)


def _catalog() -> DataSet:
    try:
        from .catalog import load_reporting_catalog
    except ImportError:  # pragma: no cover - the catalog ships with the reporting app
        load_reporting_catalog = None
    if load_reporting_catalog is not None:
        load_reporting_catalog()
    ds = DataSet.objects.filter(code=DATASET_CODE).first()
    if ds is None:  # pragma: no cover - fallback without the shipped catalog
        province = Region.objects.get(code="410000")
        ds = DataSet.objects.create(
            code=DATASET_CODE, name="月度统计", period_kind="monthly", due_days=5, region=province
        )
        for k, code in enumerate(list(BASE) + list(PARTS)):
            ind, _ = Indicator.objects.get_or_create(
                code=code,
                defaults={
                    "name": code,
                    "unit": "万元",
                    "kind": "stock"
                    if code
                    in (
                        "employees",
                        "enterprises_above_size",
                        "projects_100m_building",
                        "land_area",
                        "built_up_area",
                    )
                    else "flow",
                },
            )
            DataSetIndicator.objects.create(dataset=ds, indicator=ind, order=k)
    return ds


class _ClusterModel:
    """The random parameters of one cluster and its monthly figures."""

    def __init__(self, seed: int, index: int, indicators: list[Indicator]):
        self.rng = random.Random(seed * 1_000_003 + index)
        rng = self.rng
        self.size = math.exp(rng.uniform(-0.9, 0.9))
        self.growth = rng.uniform(0.03, 0.18)
        self.shares = {code: rng.uniform(lo, hi) for code, (_, lo, hi) in PARTS.items()}
        self.indicators = indicators
        self.codes = {i.code for i in indicators}

    def annual(self, code: str, years_in: int, year_noise: float) -> float:
        if code in PARTS:
            whole, *_ = PARTS[code]
            return self.annual(whole, years_in, year_noise) * self.shares[code]
        base = BASE.get(code, GENERIC_FLOW)
        return base * self.size * (1 + self.growth) ** years_in * year_noise

    def year(self, year: int, first_year: int, months: list[int]) -> dict[str, dict[int, float]]:
        """{code: {month: value}} for the given months of a year."""
        rng = self.rng
        years_in = year - first_year
        year_noise = rng.uniform(0.9, 1.1)
        weights = {}
        for group in ("revenue", "fai", "other"):
            w = [s * rng.uniform(0.85, 1.15) for s in SEASON]
            total = sum(w)
            cum, acc = [], 0.0
            for x in w:
                acc += x / total
                cum.append(acc)
            cum[-1] = 1.0
            weights[group] = cum
        out: dict[str, dict[int, float]] = {}
        for ind in self.indicators:
            code = ind.code
            if ind.kind == "flow":
                root = code
                while root in PARTS:
                    root = PARTS[root][0]
                cum = weights[root if root in weights else "other"]
                total = self.annual(code, years_in, year_noise)
                out[code] = {m: total * cum[m - 1] for m in months}
            else:
                base = BASE.get(code, GENERIC_STOCK) * self.size
                out[code] = {
                    m: base * (1 + self.growth) ** (years_in + m / 12) * rng.uniform(0.98, 1.02)
                    for m in months
                }
        return out


def build_province(
    *,
    clusters: int,
    years: int,
    seed: int,
    end: str | Period = DEFAULT_END,
    stdout=None,
    delete_others=None,
    build_others=None,
) -> SynthResult:
    """Build the synthetic province (see the module docstring) and return the counts and the
    time each step took. `delete_others(cluster_ids)` deletes the other apps' synthetic rows
    before the clusters go; `build_others(new_clusters, months, end, seed, result)` adds
    theirs, in the same transaction, and returns the name of its step (timed)."""
    end = Period.parse(end)
    if end.kind != "monthly":
        from clusterzone.core.exceptions import DomainError

        raise DomainError(gettext("结束期间应为月份，如 2025-12。"))
    result = SynthResult()
    say = (lambda msg: stdout.write(msg)) if stdout else (lambda msg: None)
    clock = time.perf_counter()

    def lap(name):
        nonlocal clock
        now = time.perf_counter()
        result.seconds[name] = now - clock
        clock = now

    with transaction.atomic():
        trust_foreign_keys()  # the rows below are consistent by construction
        from clusterzone.accounts.reference import load_regions

        load_regions()
        dataset = _catalog()
        lap("参考数据和指标目录")
        result.deleted_clusters = delete_synthetic(delete_others)
        lap("删除旧数据")

        counties = list(Region.objects.filter(level="county").order_by("code"))
        if not counties:
            counties = list(Region.objects.order_by("code"))
        new_clusters = []
        for i in range(clusters):
            county = counties[i % len(counties)]
            round_ = i // len(counties)
            code = f"{SYNTH_PREFIX}{i + 1:04d}"
            rng = random.Random(seed * 7919 + i)
            area = Decimal(rng.randint(800, 3000)) / 100
            new_clusters.append(
                Cluster(
                    code=code,
                    name=f"{county.name}{'' if round_ == 0 else f'第{round_ + 1}'}产业集聚区（合成{code}）",
                    region=county,
                    planned_area=area,
                    built_area=(area * Decimal(rng.randint(40, 80)) / 100).quantize(Decimal("0.01")),
                    star=rng.randint(0, 6),
                )
            )
        new_clusters = Cluster.objects.bulk_create(new_clusters, batch_size=500)
        DataSet.clusters.through.objects.bulk_create(
            [DataSet.clusters.through(dataset_id=dataset.pk, cluster_id=c.pk) for c in new_clusters],
            batch_size=500,
        )
        result.clusters = len(new_clusters)

        enterprises = []
        taken = set(
            Enterprise.objects.filter(credit_code__startswith="91").values_list("credit_code", flat=True)
        )
        for i, c in enumerate(new_clusters):
            for j in range(ENTERPRISES_PER_CLUSTER):
                code = credit_code(70_000_000 + i * 10 + j, c.region.code)
                if code in taken:
                    continue
                enterprises.append(
                    Enterprise(
                        credit_code=code,
                        name=f"{c.region.name}合成企业{i + 1:04d}-{j + 1}有限公司",
                        cluster=c,
                        above_size=j < 2,
                        employees=100 * (j + 1) * (1 + i % 7),
                    )
                )
        insert_objects(Enterprise, enterprises, want_ids=False)
        result.enterprises = len(enterprises)
        lap("集聚区和企业")
        say(f"已建集聚区 {result.clusters} 个、企业 {result.enterprises} 家")

        indicators = [
            item.indicator
            for item in DataSetIndicator.objects.filter(dataset=dataset)
            .select_related("indicator")
            .order_by("order")
            if not item.indicator.formula
        ]
        months = [p for p in (end.shift(-k) for k in range(years * 12 - 1, -1, -1))]
        first_year = months[0].year
        tz = timezone.get_current_timezone()
        targets_by_code = {i.code: i for i in indicators if i.code in TARGET_CODES}
        # the secondary indexes are built once after the load (pg_restore's order)
        with deferred_indexes(Submission, Value, Target):
            value_batch: list[Value] = []
            targets: list[dict] = []
            for idx, c in enumerate(new_clusters):
                model = _ClusterModel(seed, idx, indicators)
                subs = []
                figures: dict[str, dict[str, float]] = {}
                for year in sorted({p.year for p in months}):
                    in_year = [p.index for p in months if p.year == year]
                    data = model.year(year, first_year, in_year)
                    for code, by_month in data.items():
                        for m, v in by_month.items():
                            figures.setdefault(f"{year}-{m:02d}", {})[code] = v
                    # the targets: the plan for the whole year, ±
                    whole = model.year(year, first_year, [12]) if in_year[-1] != 12 else data
                    for code, ind in targets_by_code.items():
                        factor = model.rng.uniform(0.95, 1.2)
                        targets.append(
                            {
                                "cluster_id": c.pk,
                                "indicator_id": ind.pk,
                                "year": year,
                                "value": _q(whole[code][12] * factor, ind.decimals),
                                "document": f"合成目标责任书〔{year}〕{idx + 1}号",
                            }
                        )
                for p in months:
                    due = dataset.due_date(p)
                    late = model.rng.random() < 0.06
                    day = (
                        due + timedelta(days=model.rng.randint(1, 3))
                        if late
                        else due - timedelta(days=model.rng.randint(0, 4))
                    )
                    submitted = datetime.combine(day, dtime(10, 0), tzinfo=tz)
                    subs.append(
                        {
                            "dataset_id": dataset.pk,
                            "cluster_id": c.pk,
                            "period": str(p),
                            "period_end": p.end,
                            "due_date": due,
                            "status": "approved",
                            "submitted_at": submitted,
                            "approved_at": submitted + timedelta(days=1),
                        }
                    )
                sub_ids = insert_rows(Submission, subs, want_ids=True)
                result.submissions += len(subs)
                for sub_id, p in zip(sub_ids, months, strict=True):
                    key = str(p)
                    for ind in indicators:
                        value_batch.append(
                            {
                                "submission_id": sub_id,
                                "cluster_id": c.pk,
                                "indicator_id": ind.pk,
                                "period": key,
                                "year": p.year,
                                "value": _q(figures[key][ind.code], ind.decimals),
                            }
                        )
                if len(value_batch) >= 20000:  # streamed: memory stays flat whatever the size
                    insert_rows(Value, value_batch)
                    insert_rows(Target, targets)
                    result.values += len(value_batch)
                    result.targets += len(targets)
                    value_batch, targets = [], []
            insert_rows(Value, value_batch)
            insert_rows(Target, targets)
            result.values += len(value_batch)
            result.targets += len(targets)
        lap("报表、指标值和目标")

        if build_others is not None:
            lap(build_others(new_clusters, months, end, seed, result))
    analyze()
    for line in result.lines():
        say(line)
    return result
