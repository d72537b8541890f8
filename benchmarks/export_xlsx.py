"""Benchmark: a list's Excel export at 10,000 rows — the project list (`/projects/?export=xlsx`,
12 columns incl. cumulative investment and overdue milestones) through the whole request as a
superuser, against a reference computing the same file by hand: one SQL statement with the same
annotations and order, the same 12 columns (choice labels, the leader's name) written to a
write-only openpyxl workbook. Timed alternately in one process (median of --repeat); the two
workbooks are checked to hold the same cells.

The export is the one every list page uses (core.exporting.table_xlsx: openpyxl write-only,
streamed from the page's one annotated queryset). The direct download is measured (the
background-export limit EXPORT_BACKGROUND_ROWS is raised for the run; a background job writes
the file with the same function). Projects are added by `projects.synth.synth_projects` (years
2011–2015, apart from the synthetic build's own) until there are --rows of them.

    .venv/bin/python benchmarks/export_xlsx.py [--clusters 180 --years 2 --rows 10000]
"""

import datetime as dt
import io
import math
import random

from _common import compare, load_line, parse_args, setup, superuser

args = parse_args(__doc__, **{"--rows": {"type": int, "default": 10000}})
facts = setup(args)

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402

from clusterzone.core import units  # noqa: E402
from clusterzone.projects.choices import Band, KeyLevel, ProjectKind, Stage  # noqa: E402
from clusterzone.projects.models import Project  # noqa: E402
from clusterzone.projects.synth import synth_projects  # noqa: E402
from clusterzone.registry.models import Cluster  # noqa: E402

synthetic = list(Cluster.objects.filter(code__regex=r"^S[0-9]{4,}$").order_by("code"))
missing = args.rows - Project.objects.count()
if missing > 0:
    per = math.ceil(missing / len(synthetic))
    print(
        "synth_projects:",
        synth_projects(synthetic, random.Random(args.seed), range(2011, 2016), per_cluster=per),
    )
total = Project.objects.count()
settings.EXPORT_BACKGROUND_ROWS = 10**9  # the direct download, whatever the size

client = Client()
client.force_login(superuser())


def app():
    r = client.get("/projects/", {"export": "xlsx"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml"), r.status_code
    return r.content


LABELS = {k: str(v) for c in (ProjectKind, Band, KeyLevel, Stage) for k, v in c.choices}
HEADER = ["项目代码", "项目名称", "集聚区", "项目类别", "总投资（万元）", "规模档次", "重点项目", "阶段",
          "分包领导", "开工日期", "累计完成投资（万元）", "逾期节点"]  # fmt: skip


def reference():
    today = dt.date.today().isoformat()
    with connection.cursor() as cur:
        cur.execute(
            """
            SELECT p.code, p.name, c.name, p.kind, p.total_investment, p.band, p.key_level, p.stage,
                   COALESCE(NULLIF(u.full_name, ''), u.username), p.start_date,
                   (SELECT COALESCE(SUM(i.amount), 0) FROM projects_projectinvestment i
                     WHERE i.project_id = p.id),
                   (SELECT COUNT(*) FROM projects_projectmilestone m
                     WHERE m.project_id = p.id AND m.actual_date IS NULL AND m.planned_date < %s)
            FROM projects_project p JOIN registry_cluster c ON c.id = p.cluster_id
            LEFT JOIN accounts_user u ON u.id = p.leader_id
            ORDER BY c.code, p.code
            """,
            [today],
        )
        rows = cur.fetchall()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("项目")
    ws.append(HEADER)
    for r in rows:
        start = r[9]
        if isinstance(start, str):  # SQLite returns the date as text
            start = dt.date.fromisoformat(start)
        start = units.date_label(start) if start else None  # the list's date column, as text
        ws.append([r[0], r[1], r[2], LABELS.get(r[3], r[3]), r[4], LABELS.get(r[5], r[5]),
                   LABELS.get(r[6], r[6]), LABELS.get(r[7], r[7]), r[8] or "—", start, r[10], r[11]])  # fmt: skip
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def cells(data: bytes):
    ws = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    out = []
    for row in ws.iter_rows(values_only=True):
        out.append(
            tuple(
                float(v) if isinstance(v, int | float) else (v.date() if isinstance(v, dt.datetime) else v)
                for v in row
            )
        )
    return out


(app_s, app_q, app_x), (ref_s, ref_q, ref_x) = compare(app, reference, args.repeat)
a, r = cells(app_x), cells(ref_x)
same = a[1:] == r[1:] and len(a) == total + 1
print("== project list Excel export (whole request) vs one SQL statement into a write-only workbook")
print(f"database: {facts['database']}  clusters: {args.clusters}  rows: {total}")
print(
    f"application (GET /projects/?export=xlsx): {app_s * 1000:.0f} ms, {app_q} SQL, {len(app_x) / 1024:.0f} KiB"
)
print(
    f"reference (SQL + write-only openpyxl): {ref_s * 1000:.0f} ms, {ref_q} SQL, {len(ref_x) / 1024:.0f} KiB"
)
print(f"ratio application / reference: {app_s / ref_s:.2f}x (median of {args.repeat}, alternating)")
print(f"goal {args.rows} rows under 3 s: {'met' if app_s < 3 else 'NOT met'}")
print(f"same cells row by row: {same}")
print(load_line())
if not same:
    for x, y in zip(a[1:], r[1:], strict=False):
        if x != y:
            print("first difference:", x, y)
            break
