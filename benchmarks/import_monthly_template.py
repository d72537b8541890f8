"""Benchmark (c): importing a 180-row monthly template (月度统计, one row per cluster, one
column per reported indicator) through reporting.exchange.import_wide — every row checked
(scope, state, validation rules against stored values), then written through the services
with history — against one hand-written SQL statement writing the same values
(INSERT … SELECT, no checks, no history; rolled back).

The period imported is the month after the synthetic data (--end), so nothing is locked;
the values are the same month of the previous year × 1.1. Each timed run imports into a
fresh database state (the import is rolled back after timing).

    .venv/bin/python benchmarks/import_monthly_template.py [--clusters 180 --years 10]
"""

import io

from _common import measure, parse_args, report, setup, superuser

args = parse_args(__doc__)
facts = setup(args)

from django.db import connection, transaction  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from clusterzone.core.periods import Period  # noqa: E402
from clusterzone.reporting.exchange import import_wide, template_xlsx  # noqa: E402
from clusterzone.reporting.models import DataSet, Value  # noqa: E402

user = superuser()
dataset = DataSet.objects.get(code="monthly_stats")
period = Period.parse(args.end).next
source_period = period.last_year

# the filled template: last year's values × 1.1
content = template_xlsx(user=user, dataset=dataset, period=str(period))
wb = load_workbook(io.BytesIO(content))
ws = wb.worksheets[0]
headers = [c.value for c in ws[1]]
from clusterzone.reporting.exchange import indicator_header  # noqa: E402
from clusterzone.reporting.models import Indicator  # noqa: E402

col_of = {}
for ind in Indicator.objects.filter(formula=""):
    h = indicator_header(ind)
    if h in headers:
        col_of[ind.code] = headers.index(h) + 1
old = {}
for code, cl, v in Value.objects.filter(period=str(source_period), cluster__code__startswith="S").values_list(
    "cluster__code", "indicator__code", "value"
):
    old[(code, cl)] = v
rows = 0
for r in range(2, ws.max_row + 1):
    cluster = ws.cell(row=r, column=1).value
    if not cluster:
        continue
    rows += 1
    for code, col in col_of.items():
        v = old.get((cluster, code))
        ws.cell(
            row=r, column=col, value=None if v is None else float(round(v * 11 / 10, 0 if v == int(v) else 2))
        )
buf = io.BytesIO()
wb.save(buf)
filled = buf.getvalue()


class Rollback(Exception):
    pass


def app():
    result = None
    try:
        with transaction.atomic():
            result = import_wide(
                io.BytesIO(filled), filename="月度统计.xlsx", dataset=dataset, period=str(period), actor=user
            )
            raise Rollback
    except Rollback:
        pass
    assert result.ok, [str(e) for e in result.errors[:5]]
    return result


SQL = """
INSERT INTO reporting_value (submission_id, cluster_id, indicator_id, period, year, value, updated_at)
SELECT v.submission_id, v.cluster_id, v.indicator_id, %s, %s, ROUND(v.value * 1.1, 2), CURRENT_TIMESTAMP
FROM reporting_value v JOIN registry_cluster c ON c.id = v.cluster_id
WHERE v.period = %s AND c.code LIKE 'S%%'
"""


def sql():
    try:
        with transaction.atomic():
            with connection.cursor() as cur:
                cur.execute(SQL, [str(period), period.year, str(source_period)])
                n = cur.rowcount
            raise Rollback(n)
    except Rollback as done:
        return done.args[0]


app_s, app_q, result = measure(app, args.repeat)
sql_s, sql_q, written = measure(sql, args.repeat)
report(
    f"import of a {rows}-row monthly template ({period})",
    facts,
    args,
    app=(app_s, app_q),
    sql=(sql_s, sql_q),
    notes=[f"import: {result.summary()}; SQL rows written: {written}"],
)
