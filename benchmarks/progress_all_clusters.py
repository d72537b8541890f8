"""Benchmark (a): progress of all clusters of a 180-cluster province for one month, through
THE progress selector (`selectors.progress.progress_table`), against one hand-written SQL
query computing the same readings (reported indicators of 月度统计).

    .venv/bin/python benchmarks/progress_all_clusters.py [--clusters 180 --years 10 --period 2025-06]
"""

from _common import measure, parse_args, report, setup, superuser

args = parse_args(__doc__)
facts = setup(args)

from _reference import reported_codes, run_progress_sql  # noqa: E402

from clusterzone.reporting.selectors.progress import progress_table  # noqa: E402

user = superuser()
codes = reported_codes()


def app():
    return progress_table(user=user, period=args.period, region="410000", indicators=codes)


def sql():
    return run_progress_sql(args.period, "410000/", codes)


app_s, app_q, table = measure(app, args.repeat)
sql_s, sql_q, rows = measure(sql, args.repeat)
cells = sum(len(r) for _, r in table)
lagging = sum(1 for _, r in table for row in r if row.lagging)
report(
    "progress of all clusters, one month",
    facts,
    args,
    app=(app_s, app_q),
    sql=(sql_s, sql_q),
    notes=[
        f"clusters: {len(table)}, readings (cluster × indicator): {cells}; SQL rows: {len(rows)}",
        f"lagging readings: {lagging}; SQL lagging: {sum(1 for r in rows if r[7])}",
    ],
)
