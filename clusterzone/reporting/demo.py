"""Reporting demo data for the seed clusters (`load_reporting_demo()`).

鲁山县产业集聚区 (seed 003, report of 2025-05-21): annual targets 60亿 fixed-asset investment
and 60亿 revenue; year-to-date values whose three readings are the seed's own —
  end of Q1:    fai 102000 万元 (10.2亿, 17% of target, +61%), revenue 114000 (11.4亿, 19%, +21%),
                industrial 92000 + infrastructure 10000, 4350 employees;
  end of April: fai 150000 (15亿, 25%, +61.3%), revenue 170000 (17亿, 28.3%, +30%), tax 6000;
and 2024 values that give those 同比 (2024-03 fai 63354, revenue 94215; 2024-04 fai 92993,
revenue 130769). A few months for 舞钢 (same city, so ranks mean something) and 柘城 fill the
region overview; the figures besides 鲁山's seed numbers are demonstration values.

Values are written as approved monthly submissions of the 月度统计 data set, directly through
the ORM with history rows (reason "演示数据"): the demo is the statistics bureau's bulk load,
not a reporter's entry. Idempotent: existing rows equal to the demo are left alone, changed
ones are saved (history keeps old → new).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from clusterzone.accounts.models import Region
from clusterzone.core.periods import Period
from clusterzone.core.services import stamp_history
from clusterzone.registry.models import Cluster

from .choices import SubmissionStatus
from .models import DataSet, DataSetIndicator, Indicator, PlanMilestone, Submission, Target, Value

REASON = "演示数据"
LUSHAN, WUGANG, ZHECHENG, LUSHI = "41042301", "41048101", "41142401", "41122401"
DOCUMENT = "鲁集聚〔2025〕1号"

_FALLBACK_INDICATORS = [
    ("revenue", "主营业务收入", "万元", "flow"),
    ("value_added", "规模以上工业增加值", "万元", "flow"),
    ("fai", "固定资产投资", "万元", "flow"),
    ("fai_industrial", "工业项目投资", "万元", "flow"),
    ("fai_infrastructure", "基础设施投资", "万元", "flow"),
    ("tax", "税收收入", "万元", "flow"),
    ("profit", "利润总额", "万元", "flow"),
    ("employees", "从业人员", "人", "stock"),
    ("projects_in_production", "新投产项目数", "个", "flow"),
]


def _months(*values):
    return dict(enumerate(values, start=1))


# cluster → year → indicator → {month: YTD (flows) or end-of-month (stocks)}
VALUES: dict[str, dict[int, dict[str, dict[int, int]]]] = {
    LUSHAN: {
        2024: {
            "fai": _months(
                20500, 41200, 63354, 92993, 121000, 152000, 180000, 208000, 236000, 262000, 290000, 320000
            ),
            "revenue": _months(
                26000, 58000, 94215, 130769, 168000, 206000, 240000, 276000, 312000, 348000, 384000, 420000
            ),
            "tax": _months(1100, 2300, 3600, 4800, 6100, 7400, 8600, 9900, 11100, 12300, 13600, 15000),
            "employees": _months(4100, 4100, 4150, 4150, 4200, 4200, 4250, 4250, 4300, 4300, 4300, 4320),
        },
        2025: {
            "fai": _months(28000, 60000, 102000, 150000),
            "fai_industrial": _months(25000, 54000, 92000, 134000),
            "fai_infrastructure": _months(3000, 6000, 10000, 16000),
            "revenue": _months(30000, 68000, 114000, 170000),
            "tax": _months(1400, 2900, 4500, 6000),
            "employees": _months(4300, 4320, 4350, 4350),  # seed 003: 4,350 at the end of April too
        },
    },
    WUGANG: {
        2024: {
            "fai": _months(15000, 31000, 50000, 70000),
            "revenue": _months(40000, 82000, 126000, 170000),
            "tax": _months(1500, 3100, 4700, 6400),
            "employees": _months(9800, 9800, 9850, 9900),
        },
        2025: {
            "fai": _months(17000, 35000, 56000, 78000),
            "revenue": _months(42000, 86000, 132000, 180000),
            "tax": _months(1600, 3300, 5000, 6800),
            "employees": _months(9900, 9950, 10000, 10050),
        },
    },
    ZHECHENG: {
        2024: {
            "fai": _months(30000, 62000, 98000, 136000),
            "revenue": _months(45000, 92000, 140000, 190000),
            "tax": _months(900, 1900, 2900, 3900),
        },
        2025: {
            "fai": _months(33000, 68000, 105000, 142000),
            "revenue": _months(50000, 101000, 153000, 206000),
            "tax": _months(1000, 2000, 3100, 4200),
            "employees": _months(20400, 20500, 20600, 20600),
        },
    },
}

# Year-end (December YTD) figures, so that a full year can be assessed and ranked. For the
# 驻马店 clusters the 2025 revenue follows the scale of seed 002's revenue goals (市产业集聚区
# ≥350亿, 平舆 ≥250亿, 装备 and 泌阳 ≥200亿, 上蔡/确山/遂平 ≥150亿, 汝南/西平 ≥100亿); the
# other figures are demonstration choices of a plausible size.
YEAR_END: dict[str, dict[int, dict[str, int]]] = {
    # code: {year: {indicator: December value}}  (revenue, fai, tax in 万元; employees in 人)
    LUSHAN: {2025: {"fai": 612000, "revenue": 585000, "tax": 16500, "employees": 20500}},
    WUGANG: {
        2024: {"fai": 215000, "revenue": 520000, "tax": 19500, "employees": 10000},
        2025: {"fai": 236000, "revenue": 548000, "tax": 20800, "employees": 10200},
    },
    ZHECHENG: {
        2024: {"fai": 420000, "revenue": 585000, "tax": 11800, "employees": 20500},
        2025: {"fai": 468000, "revenue": 626000, "tax": 12600, "employees": 20800},
    },
}
for _code, _rev, _growth in [
    ("41170201", 3600000, 28), ("41172301", 2550000, 31), ("41170202", 2080000, 26),
    ("41172601", 2010000, 22), ("41172201", 1530000, 19), ("41172501", 1500000, 24),
    ("41172801", 1560000, 17), ("41172701", 1020000, 15), ("41172101", 1050000, 21),
    ("41172401", 800000, 12), ("41122401", 650000, 18), ("41078301", 2200000, 16),
    ("41110201", 1400000, 13), ("41082501", 1150000, 20), ("41133001", 900000, 25),
]:  # fmt: skip
    _last = _rev * 100 // (100 + _growth)
    YEAR_END[_code] = {
        2024: {
            "revenue": _last,
            "fai": _last * 45 // 100,
            "tax": _last * 25 // 1000,
            "employees": _last // 100,
        },
        2025: {"revenue": _rev, "fai": _rev * 47 // 100, "tax": _rev * 26 // 1000, "employees": _rev // 95},
    }
for _code, _years in YEAR_END.items():
    for _year, _figures in _years.items():
        for _ind, _amount in _figures.items():
            VALUES.setdefault(_code, {}).setdefault(_year, {}).setdefault(_ind, {})[12] = _amount

# cluster → indicator → 2025 annual target (万元 / 人)
TARGETS: dict[str, dict[str, int]] = {
    LUSHAN: {"fai": 600000, "revenue": 600000, "employees": 20000},
    WUGANG: {"fai": 240000, "revenue": 560000, "tax": 21000},
    ZHECHENG: {"fai": 500000, "revenue": 608000, "tax": 12000},
}

# 卢氏's staged plan (seed 000: 10亿 investment, 15亿 output, 3亿 profit, 9000万 tax → 20亿,
# 15 in production, 30亿, 10亿, 1.8亿 → … → revenue 100亿, profit 30亿, tax 6亿); the seed
# gives stages, not years: the years here are demonstration choices
MILESTONES: list[tuple[str, str, int, int]] = [
    # (cluster, indicator, year, value)
    (LUSHI, "fai", 2012, 100000),
    (LUSHI, "revenue", 2012, 150000),
    (LUSHI, "profit", 2012, 30000),
    (LUSHI, "tax", 2012, 9000),
    (LUSHI, "fai", 2013, 200000),
    (LUSHI, "projects_in_production", 2013, 15),
    (LUSHI, "revenue", 2013, 300000),
    (LUSHI, "profit", 2013, 100000),
    (LUSHI, "tax", 2013, 18000),
    # stage 3: 30 projects, 30亿 investment, 25 in production, 50亿 revenue, 15亿 profit, 3亿 tax
    (LUSHI, "fai", 2014, 300000),
    (LUSHI, "projects_in_production", 2014, 25),
    (LUSHI, "revenue", 2014, 500000),
    (LUSHI, "profit", 2014, 150000),
    (LUSHI, "tax", 2014, 30000),
    # stage 4: 40 projects, 50亿, 30 in production, 80亿, 25亿, 4.8亿
    (LUSHI, "fai", 2015, 500000),
    (LUSHI, "projects_in_production", 2015, 30),
    (LUSHI, "revenue", 2015, 800000),
    (LUSHI, "profit", 2015, 250000),
    (LUSHI, "tax", 2015, 48000),
    # the last stage: revenue 100亿, profit 30亿, tax 6亿
    (LUSHI, "revenue", 2016, 1000000),
    (LUSHI, "profit", 2016, 300000),
    (LUSHI, "tax", 2016, 60000),
]
LUSHI_PLAN = "卢氏产业集聚区发展规划"
ZMD_REGION = "411700"
ZMD_2014_TARGETS = {"value_added": 4300000, "fai": 9000000, "revenue": 17000000, "tax": 430000}  # 万元


def _indicators() -> dict[str, Indicator]:
    try:
        from .catalog import load_reporting_catalog
    except ImportError:  # pragma: no cover - the catalog ships with the app
        load_reporting_catalog = None
    if load_reporting_catalog is not None:
        load_reporting_catalog()
    out = {i.code: i for i in Indicator.objects.all()}
    for order, (code, name, unit, kind) in enumerate(_FALLBACK_INDICATORS):
        if code not in out:
            out[code] = Indicator.objects.create(code=code, name=name, unit=unit, kind=kind, order=order)
    return out


def _monthly_dataset(indicators: dict[str, Indicator]) -> DataSet:
    ds = DataSet.objects.filter(code="monthly_stats").first()
    if ds is None:
        ds = DataSet.objects.create(
            code="monthly_stats",
            name="月度统计",
            period_kind="monthly",
            due_days=5,
            region=Region.objects.get(code="410000"),
        )
    present = set(ds.items.values_list("indicator__code", flat=True))
    used = {code for years in VALUES.values() for per in years.values() for code in per}
    last = ds.items.count()
    for code in sorted(used - present):
        last += 1
        DataSetIndicator.objects.create(dataset=ds, indicator=indicators[code], order=last)
    return ds


@transaction.atomic
def load_reporting_demo(stdout=None) -> dict[str, int]:
    """Load the reporting demo (targets, milestones, approved monthly values). Returns the
    counts written: {"submissions": n, "values": n, "targets": n, "milestones": n}."""
    indicators = _indicators()
    ds = _monthly_dataset(indicators)
    wanted_codes = {*VALUES, LUSHI}
    clusters = {c.code: c for c in Cluster.objects.filter(code__in=wanted_codes)}
    missing = sorted(wanted_codes - set(clusters))
    if missing and stdout is not None:
        stdout.write(
            _("统计演示数据：缺少集聚区 %(codes)s（请先运行 clusterzone demo），已跳过。")
            % {"codes": "、".join(missing)}
        )
    ds.clusters.add(*[clusters[c] for c in VALUES if c in clusters])
    counts = {"submissions": 0, "values": 0, "targets": 0, "milestones": 0}

    # submissions: one approved 月度统计 per cluster × month
    wanted_subs = {
        (code, str(Period.month(year, m)))
        for code, years in VALUES.items()
        if code in clusters
        for year, per in years.items()
        for months in per.values()
        for m in months
    }
    subs = {
        (s.cluster.code, s.period): s
        for s in Submission.objects.filter(dataset=ds, cluster__code__in=list(clusters)).select_related(
            "cluster"
        )
    }
    new_subs = []
    for code, period in sorted(wanted_subs - set(subs)):
        p = Period.parse(period)
        new_subs.append(
            Submission(
                dataset=ds,
                cluster=clusters[code],
                period=period,
                period_end=p.end,
                due_date=ds.due_date(p),
                status=SubmissionStatus.APPROVED,
                comment=REASON,
            )
        )
    if new_subs:
        for s in new_subs:
            s._change_reason = REASON
        bulk_create_with_history(new_subs, Submission, default_change_reason=REASON)
        counts["submissions"] = len(new_subs)
        subs = {
            (s.cluster.code, s.period): s
            for s in Submission.objects.filter(dataset=ds, cluster__code__in=list(clusters)).select_related(
                "cluster"
            )
        }
    for key in wanted_subs:
        s = subs[key]
        if s.status != SubmissionStatus.APPROVED:
            # the demo is an approved bulk load: bring a reopened demo month back to approved
            s.status = SubmissionStatus.APPROVED
            stamp_history(s, actor=None, reason=REASON)
            s.save()
            counts["submissions"] += 1

    # values
    existing = {
        (v.cluster_id, v.indicator_id, v.period): v
        for v in Value.objects.filter(cluster__in=list(clusters.values()), submission__dataset=ds)
    }
    new_values = []
    for code, years in VALUES.items():
        if code not in clusters:
            continue
        cluster = clusters[code]
        for year, per in years.items():
            for ind_code, months in per.items():
                ind = indicators[ind_code]
                for m, amount in months.items():
                    period = str(Period.month(year, m))
                    amount = Decimal(amount)
                    v = existing.get((cluster.pk, ind.pk, period))
                    if v is None:
                        new_values.append(
                            Value(
                                submission=subs[(code, period)],
                                cluster=cluster,
                                indicator=ind,
                                period=period,
                                year=year,
                                value=amount,
                            )
                        )
                    elif v.value != amount:
                        v.value = amount
                        stamp_history(v, actor=None, reason=REASON)
                        v.save()
                        counts["values"] += 1
    if new_values:
        bulk_create_with_history(new_values, Value, default_change_reason=REASON)
        counts["values"] += len(new_values)

    # targets (目标责任书) and plan milestones
    stored = {
        (t.cluster_id, t.indicator_id, t.year): t
        for t in Target.objects.filter(cluster__in=list(clusters.values()), year=2025)
    }
    for code, per in TARGETS.items():
        if code not in clusters:
            continue
        for ind_code, amount in per.items():
            key = (clusters[code].pk, indicators[ind_code].pk, 2025)
            t = stored.get(key) or Target(cluster=clusters[code], indicator=indicators[ind_code], year=2025)
            document = DOCUMENT if code == LUSHAN else ""
            if t.pk and t.value == Decimal(amount) and t.document == document:
                continue
            t.value, t.document = Decimal(amount), document
            stamp_history(t, actor=None, reason=REASON)
            t.save()
            counts["targets"] += 1
    # 驻马店's 2014 city-wide goals as the city's own targets (seed 002): 规上工业增加值430亿,
    # 固定资产投资900亿, 主营业务收入1700亿, 税收43亿
    from clusterzone.accounts.models import Region

    from .models import RegionTarget

    zmd = Region.objects.filter(code=ZMD_REGION).first()
    if zmd is not None:
        for ind_code, amount in ZMD_2014_TARGETS.items():
            if ind_code not in indicators:
                continue
            t = RegionTarget.objects.filter(region=zmd, indicator=indicators[ind_code], year=2014).first()
            t = t or RegionTarget(region=zmd, indicator=indicators[ind_code], year=2014)
            if t.pk and t.value == Decimal(amount):
                continue
            t.value = Decimal(amount)
            stamp_history(t, actor=None, reason=REASON)
            t.save()
            counts["targets"] += 1
    for code, ind_code, year, amount in MILESTONES:
        if code not in clusters:
            continue
        plan = LUSHI_PLAN
        m = PlanMilestone.objects.filter(
            cluster=clusters[code], plan=plan, indicator=indicators[ind_code], year=year
        ).first() or PlanMilestone(
            cluster=clusters[code], plan=plan, indicator=indicators[ind_code], year=year
        )
        if m.pk and m.value == Decimal(amount):
            continue
        m.value = Decimal(amount)
        stamp_history(m, actor=None, reason=REASON)
        m.save()
        counts["milestones"] += 1
    if stdout is not None:
        stdout.write(
            _(
                "统计演示数据：报表 %(submissions)d 份、数据 %(values)d 项、年度目标 %(targets)d 项、规划节点 %(milestones)d 项（本次写入）。"
            )
            % counts
        )
    return counts
