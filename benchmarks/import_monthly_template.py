"""Benchmark (c): importing a 180-row monthly template (月度统计, one row per cluster, one
column per reported indicator) through reporting.exchange.import_wide — every row checked
(scope, state, validation rules against stored values), then written through the services
with history — against one hand-written SQL statement writing the same values
(PostgreSQL COPY or SQLite executemany of the same rows, no checks, no history; rolled back),
timed alternately in the same process.

The period imported is the month after the synthetic data (--end), so nothing is locked;
the values are the same month of the previous year × 1.1. Each timed run imports into a
fresh database state (the import is rolled back after timing).

    .venv/bin/python benchmarks/import_monthly_template.py [--clusters 180 --years 10]
"""

import io

from _common import compare, parse_args, report, setup, superuser

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


# The reference: a raw write of the same 3060 value rows — COPY on PostgreSQL, one executemany
# INSERT on SQLite — with no checks, no history and no events, rolled back.
raw_rows = [
    (sub, cl, ind, str(period), period.year, round(v * 11 / 10, 2))
    for sub, cl, ind, v in Value.objects.filter(
        period=str(source_period), cluster__code__startswith="S", indicator__formula=""
    ).values_list("submission_id", "cluster_id", "indicator_id", "value")
]
COLUMNS = "submission_id, cluster_id, indicator_id, period, year, value, updated_at"


def raw_write():
    try:
        with transaction.atomic():
            with connection.cursor() as cur:
                if connection.vendor == "postgresql":
                    with cur.cursor.copy(
                        f"COPY reporting_value ({COLUMNS}) FROM STDIN"  # noqa: S608 - fixed text
                    ) as copy:
                        for row in raw_rows:
                            copy.write_row((*row, "now"))
                else:
                    cur.executemany(
                        f"INSERT INTO reporting_value ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, CURRENT_TIMESTAMP)",
                        raw_rows,
                    )
            raise Rollback(len(raw_rows))
    except Rollback as done:
        return done.args[0]


(app_s, app_q, result), (sql_s, sql_q, written) = compare(app, raw_write, args.repeat)
report(
    f"import of a {rows}-row monthly template ({period})",
    facts,
    args,
    app=(app_s, app_q),
    sql=(sql_s, sql_q),
    ref_label="raw COPY" if connection.vendor == "postgresql" else "raw executemany INSERT",
    notes=[f"import: {result.summary()}; raw rows written: {written}"],
)
