"""Benchmark (a): progress of all clusters of a 180-cluster province for one month, through
THE progress selector (`selectors.progress.progress_table`), against one hand-written SQL
query computing the same readings (reported indicators of 月度统计), timed alternately in one
process; the two results are checked equal reading by reading (value, same period last year,
同比 %, target, 占目标 %, lagging, rank within the city).

    .venv/bin/python benchmarks/progress_all_clusters.py [--clusters 180 --years 10 --period 2025-06]
"""

from _common import compare, parse_args, report, setup, superuser

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


(app_s, app_q, table), (sql_s, sql_q, rows) = compare(app, sql, args.repeat)


def _n(v):
    return None if v is None else round(float(v), 4)


def _b(v):
    return None if v is None else bool(v)


app_readings = {
    (cluster.pk, r.indicator): (
        _n(r.value),
        _n(r.last_year),
        _n(r.yoy_pct),
        _n(r.target),
        _n(r.target_pct),
        _b(r.lagging),
        r.rank,
    )
    for cluster, readings in table
    for r in readings
}
sql_readings = {
    (cid, code): (_n(v), _n(ly), _n(yoy), _n(t), _n(tp), _b(lag), rank)
    for cid, code, v, ly, t, yoy, tp, lag, rank in rows
}
differ = [k for k in sql_readings if app_readings.get(k) != sql_readings[k]]
assert set(app_readings) == set(sql_readings), "the two give different cluster × indicator readings"
assert not differ, (
    f"{len(differ)} readings differ, e.g. {differ[0]}: {app_readings[differ[0]]} ≠ {sql_readings[differ[0]]}"
)
cells = len(app_readings)
lagging = sum(1 for r in app_readings.values() if r[5])
report(
    "progress of all clusters, one month",
    facts,
    args,
    app=(app_s, app_q),
    sql=(sql_s, sql_q),
    notes=[
        f"clusters: {len(table)}, readings (cluster × indicator): {cells}; SQL rows: {len(rows)}",
        f"checked equal: all {cells} readings (value, last year, 同比, target, 占目标, lagging, rank); "
        f"lagging: {lagging}",
    ],
)
