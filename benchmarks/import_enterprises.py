"""Benchmark: importing a large enterprise file (default 20,000 new enterprises, .xlsx) through
the importer framework (core.importing, kind "enterprises") as the superuser — every cell
parsed, references and keys looked up, every row validated, one history row per enterprise —
against a raw write of the same rows (PostgreSQL COPY / SQLite executemany INSERT of the
enterprise rows, no checks, no history). Both rolled back, timed alternately in one process.

    .venv/bin/python benchmarks/import_enterprises.py [--rows 20000 --clusters 180 --years 1]
"""

import io

from _common import compare, parse_args, report, setup, superuser

args = parse_args(__doc__, **{"--rows": {"type": int, "default": 20000}})
facts = setup(args)

from django.db import connection, transaction  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from clusterzone.core.importing import get_importer  # noqa: E402
from clusterzone.registry.models import Cluster, Enterprise, Industry  # noqa: E402
from clusterzone.reporting.synth import credit_code  # noqa: E402

user = superuser()
if not Industry.objects.filter(level="division").exists():
    from clusterzone.registry.reference import load_industries

    load_industries()
clusters = list(Cluster.objects.filter(code__startswith="S").order_by("code").values_list("pk", "code"))
industries = list(Industry.objects.filter(level="division").order_by("code").values_list("pk", "code"))
BASE = 70_000_000  # far from the synthetic enterprises' numbers

rows = []
for n in range(args.rows):
    cl_pk, cl_code = clusters[n % len(clusters)]
    ind_pk, ind_code = industries[n % len(industries)]
    rows.append(
        (credit_code(BASE + n, "410100"), f"基准企业{n:06d}有限公司", cl_pk, cl_code, ind_pk, ind_code)
    )

wb = Workbook(write_only=True)
ws = wb.create_sheet("企业")
ws.append(["统一社会信用代码", "企业名称", "集聚区代码", "行业代码", "规上企业", "从业人员（人）"])
for code, name, _cl, cl_code, _ind, ind_code in rows:
    ws.append([code, name, cl_code, ind_code, "是", 120])
buf = io.BytesIO()
wb.save(buf)
content = buf.getvalue()


class Rollback(Exception):
    pass


def app():
    result = None
    try:
        with transaction.atomic():
            result = get_importer("enterprises").run(io.BytesIO(content), filename="企业.xlsx", actor=user)
            raise Rollback
    except Rollback:
        pass
    assert result.ok, [str(e) for e in result.errors[:5]]
    return result


COLUMNS = (
    'credit_code, name, cluster_id, industry_id, above_size, high_tech, "leading", listing_reserve, '
    "employees, address, lock_version, created_at, updated_at"
)
raw_rows = [
    (code, name, cl, ind, True, False, False, False, 120, "", 1) for code, name, cl, _c, ind, _i in rows
]


def raw_write():
    try:
        with transaction.atomic():
            with connection.cursor() as cur:
                if connection.vendor == "postgresql":
                    with cur.cursor.copy(f"COPY {Enterprise._meta.db_table} ({COLUMNS}) FROM STDIN") as copy:
                        for row in raw_rows:
                            copy.write_row((*row, "now", "now"))
                else:
                    cur.executemany(
                        f"INSERT INTO {Enterprise._meta.db_table} ({COLUMNS}) "  # noqa: S608 - fixed text
                        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                        raw_rows,
                    )
            raise Rollback(len(raw_rows))
    except Rollback as done:
        return done.args[0]


(app_s, app_q, result), (sql_s, sql_q, written) = compare(app, raw_write, args.repeat)
report(
    f"import of {args.rows} new enterprises (.xlsx, {len(content) // 1024} KiB)",
    facts,
    args,
    app=(app_s, app_q),
    sql=(sql_s, sql_q),
    ref_label="raw COPY" if connection.vendor == "postgresql" else "raw executemany INSERT",
    notes=[f"import: {result.summary()}; raw rows written: {written}"],
)
