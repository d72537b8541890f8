"""Benchmark: an assessment run (issue #4) over the synthetic province with a 10-indicator
scheme covering every computed method and measure: read the inputs (fixed query count),
compute, and store the frozen snapshot with its results.

    .venv/bin/python benchmarks/assessment_run.py --clusters 180 --years 2
    .venv/bin/python benchmarks/assessment_run.py --clusters 2700 --years 2   (national scale)
"""

from _common import measure, parse_args, setup

args = parse_args(__doc__)
facts = setup(args)

from clusterzone.accounts.policy import SYSTEM  # noqa: E402
from clusterzone.assessment import engine, measures, services  # noqa: E402
from clusterzone.assessment.models import Run, Scheme  # noqa: E402

YEAR = int(args.end[:4])
DEFINITION = {
    "name": f"基准测试方案（{args.clusters}个集聚区）",
    "year": YEAR,
    "region": "410000",
    "dimensions": [
        {
            "name": "经济总量",
            "indicators": [
                {"indicator": "revenue", "measure": "value", "weight": 15, "method": "linear"},
                {"indicator": "fai", "measure": "target_pct", "weight": 15, "method": "target", "cap": 1.2},
                {"indicator": "value_added", "measure": "value", "weight": 10, "method": "rank"},
            ],
        },
        {
            "name": "质量效益",
            "indicators": [
                {"indicator": "revenue", "measure": "yoy", "weight": 10, "method": "rank"},
                {"indicator": "tax", "measure": "value", "method": "bands", "bands": [[0, 0], [10000, 5], [20000, 10]]},
                {"indicator": "profit", "measure": "yoy", "weight": 10, "method": "benchmark", "benchmark": 10},
            ],
        },
        {
            "name": "集群发展",
            "indicators": [
                {"indicator": "employees", "measure": "value", "weight": 10, "method": "linear", "floor": 20},
                {"indicator": "projects_settled", "measure": "value", "weight": 5, "method": "linear"},
                {"indicator": "fai_industrial", "measure": "yoy", "weight": 10, "method": "rank"},
            ],
        },
        {
            "name": "绿色发展",
            "indicators": [
                {"indicator": "superior_funds", "measure": "value", "weight": 5, "method": "benchmark", "benchmark": 8000, "direction": "lower"},
            ],
        },
    ],
    "stars": {"max_rise": 1, "levels": [{"level": lv, "min_score": 30 + 10 * lv} for lv in range(6, 0, -1)]},
    "threshold": {"revenue": 300000},
    "outcomes": {
        "top": {"count": 20, "label": "优秀产业集聚区"},
        "bottom": {"count": 3, "label": "通报批评"},
        "consecutive_missed_targets": {"years": 2, "label": "黄牌警告"},
    },
}  # fmt: skip

Scheme.objects.filter(name=DEFINITION["name"]).exclude(runs__isnull=False).delete()
scheme = Scheme.objects.filter(name=DEFINITION["name"], is_active=True).first()
scheme = services.scheme_save(actor=SYSTEM, scheme=scheme, definition=DEFINITION)


def read():
    return measures.read_inputs(scheme.definition, YEAR, "410000")


inputs = read()


def compute():
    return engine.compute(scheme.definition, inputs)


def dry_run():
    return services.run_create(actor=SYSTEM, scheme=scheme, year=YEAR, save=False)


def saved_run():
    return services.run_create(actor=SYSTEM, scheme=scheme, year=YEAR, save=True)


read_s, read_q, _ = measure(read, args.repeat)
comp_s, comp_q, rows = measure(compute, args.repeat)
dry_s, dry_q, _ = measure(dry_run, args.repeat)
save_s, save_q, run = measure(saved_run, args.repeat)
Run.objects.filter(scheme=scheme).exclude(pk=run.pk).delete()

print(f"== assessment run, {len(rows)} clusters, 10-indicator scheme, year {YEAR}")
print(
    f"database: {facts['database']}  clusters: {args.clusters}  years: {args.years}  values: {facts['values']}"
)
if facts.get("synth_seconds") is not None:
    print(f"synth build: {facts['synth_seconds']:.1f} s")
print(f"read inputs (measures):      {read_s * 1000:8.1f} ms  {read_q} SQL queries")
print(f"compute (engine, no DB):     {comp_s * 1000:8.1f} ms  {comp_q} SQL queries")
print(f"run without saving:          {dry_s * 1000:8.1f} ms  {dry_q} SQL queries")
print(f"run saved (snapshot+results):{save_s * 1000:8.1f} ms  {save_q} SQL queries")
flagged = sum(1 for r in rows if r.flags)
print(
    f"ranked: {sum(1 for r in rows if r.rank)}, starred: {sum(1 for r in rows if r.star)}, "
    f"below threshold: {sum(1 for r in rows if r.below_threshold)}, flagged: {flagged}, "
    f"top score {rows[0].score}, snapshot {len(engine.json.dumps(inputs, default=str)) // 1024} KiB"
)

# --- the run page: GET /assessment/runs/<pk>/ through the test client as a superuser (whole
# request; one page of 100 ranked results, charts over all), against its selector
# (`selectors.run_results`, every result of the run), alternately in one process.
from _common import compare_many, load_line, superuser  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from clusterzone.assessment import selectors  # noqa: E402
from clusterzone.assessment.views.schemes_runs import RESULT_PAGE_ROWS  # noqa: E402

admin = superuser()
client = Client()
client.force_login(admin)
page_url = reverse("assessment:run_detail", args=[run.pk])


def page(number=1):
    response = client.get(page_url, {"page": number})
    assert response.status_code == 200, response.status_code
    return response


def results():
    return selectors.run_results(user=admin, run=run)


res = compare_many({"page": page, "selector": results}, args.repeat)
(page_s, page_q, response), (sel_s, sel_q, all_results) = res["page"], res["selector"]
pages = -(-sum(1 for r in all_results if not r.vetoed) // RESULT_PAGE_ROWS)
last = page(pages)
print(f"run page:                    {page_s * 1000:8.1f} ms  {page_q} SQL queries (page 1 of {pages})")
print(
    f"its selector (run_results):  {sel_s * 1000:8.1f} ms  {sel_q} SQL queries ({len(all_results)} results)"
)
print(f"ratio page / selector: {page_s / sel_s:.2f}x (goal ≤ 2x)")
print(
    f"page size: {len(response.content) / 1024:.0f} KiB, last page {len(last.content) / 1024:.0f} KiB "
    f"(goal ≤ ~300 KB)"
)
print(load_line())
