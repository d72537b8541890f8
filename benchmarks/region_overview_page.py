"""Benchmark (b): the region overview page GET /reporting/progress/?region=410000&period=…
through django.test.Client as a superuser (whole request: middleware, selector, template; one
page of 100 clusters, sorted on the server over the whole province), against its selector
(the same `progress_table` + region total `progress` calls the page makes) and against the one
hand-written SQL query of the same readings; all three timed alternately in one process.
Prints the page's HTML size (goal: at most ~300 KB at 2,700 clusters, and the page at most 2×
its selector).

    .venv/bin/python benchmarks/region_overview_page.py [--clusters 180 --years 10 --period 2025-06]
"""

from _common import compare_many, load_line, parse_args, setup, superuser

args = parse_args(__doc__)
facts = setup(args)

from _reference import reported_codes, run_progress_sql  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from clusterzone.reporting.selectors import progress as sel  # noqa: E402
from clusterzone.reporting.views.progress import KEY_INDICATORS, OVERVIEW_PAGE_ROWS  # noqa: E402

user = superuser()
client = Client()
client.force_login(user)
url = reverse("reporting:overview")
page_codes = [c for c in KEY_INDICATORS if c in reported_codes()]


def page(sort="-fai", number=1):
    response = client.get(url, {"region": "410000", "period": args.period, "sort": sort, "page": number})
    assert response.status_code == 200, response.status_code
    return response


def selector():
    table = sel.progress_table(user=user, period=args.period, region="410000", indicators=page_codes)
    total = sel.progress(user=user, period=args.period, region="410000", indicators=page_codes)
    return table, total


def sql():
    return run_progress_sql(args.period, "410000/", page_codes)


res = compare_many({"page": page, "selector": selector, "sql": sql}, args.repeat)
(page_s, page_q, response), (sel_s, sel_q, _), (sql_s, sql_q, rows) = res["page"], res["selector"], res["sql"]
pages = -(-len(res["selector"][2][0]) // OVERVIEW_PAGE_ROWS)
last = page(number=pages)
print("== region overview page (one page of 100 clusters, sorted by 固定资产投资 descending)")
print(
    f"database: {facts['database']}  clusters: {args.clusters}  years: {args.years}  seed: {args.seed}  values: {facts['values']}"
)
if facts.get("synth_seconds") is not None:
    print(f"synth build: {facts['synth_seconds']:.1f} s")
print(f"page:      {page_s * 1000:8.1f} ms, {page_q} SQL queries (median of {args.repeat})")
print(
    f"selector:  {sel_s * 1000:8.1f} ms, {sel_q} SQL queries (progress_table + region total, {len(page_codes)} indicators)"
)
print(f"reference: {sql_s * 1000:8.1f} ms, {sql_q} SQL statement (the same {len(rows)} readings)")
print(f"ratio page / selector: {page_s / sel_s:.2f}x (goal ≤ 2x); page / SQL: {page_s / sql_s:.2f}x")
print(
    f"page size: {len(response.content) / 1024:.0f} KiB (page 1 of {pages}), last page {len(last.content) / 1024:.0f} KiB "
    f"(goal ≤ ~300 KB)"
)
print(load_line())
