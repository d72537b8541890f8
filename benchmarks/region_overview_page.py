"""Benchmark (b): the region overview page GET /reporting/progress/?region=410000&period=…
through django.test.Client as a superuser (whole request: middleware, selector, template),
against the one hand-written SQL query of the same readings.

    .venv/bin/python benchmarks/region_overview_page.py [--clusters 180 --years 10 --period 2025-06]
"""

from _common import measure, parse_args, report, setup, superuser

args = parse_args(__doc__)
facts = setup(args)

from _reference import reported_codes, run_progress_sql  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

client = Client()
client.force_login(superuser())
url = reverse("reporting:overview")
codes = reported_codes()


def app():
    response = client.get(url, {"region": "410000", "period": args.period})
    assert response.status_code == 200, response.status_code
    return response


def sql():
    return run_progress_sql(args.period, "410000/", codes)


app_s, app_q, response = measure(app, args.repeat)
sql_s, sql_q, rows = measure(sql, args.repeat)
report(
    "region overview page",
    facts,
    args,
    app=(app_s, app_q),
    sql=(sql_s, sql_q),
    notes=[
        f"page size: {len(response.content) / 1024:.0f} KiB; SQL rows: {len(rows)} (all reported indicators)"
    ],
)
