"""Benchmark: the project list page (projects:list) and the project API list at province
scale, read by the province administrator: wall time and SQL query count of the whole request
(Django test client, session login). Every line has its own reference computing the same
result by hand — one SQL statement fetching the same page (same filter, order and size) of
projects with their cumulative investment, overdue-milestone count and the total count; for the
Excel export, the same statement over all rows written to a write-only openpyxl workbook —
timed alternately with the request in one process (median of --repeat).

The synthetic province comes from `clusterzone synth` (benchmarks/_common.py); the projects
from `clusterzone.projects.synth.synth_projects` (added here when absent).

    .venv/bin/python benchmarks/projects_list.py [--clusters 180 --years 1 --projects-per-cluster 40]
"""

import datetime as dt
import io
import random

from _common import compare, parse_args, report, setup, superuser

args = parse_args(__doc__, **{"--projects-per-cluster": {"type": int, "default": 40}})
facts = setup(args)

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from clusterzone.projects.models import Project  # noqa: E402
from clusterzone.projects.synth import synth_projects  # noqa: E402
from clusterzone.registry.models import Cluster  # noqa: E402

synthetic = Cluster.objects.filter(code__regex=r"^S[0-9]{4,}$").order_by("code")
if not Project.objects.filter(cluster__in=synthetic).exists():
    made = synth_projects(list(synthetic), random.Random(args.seed), range(2021, 2026),
                          per_cluster=args.projects_per_cluster)  # fmt: skip
    print(f"synth_projects: {made}")
total = Project.objects.count()

client = Client()
client.force_login(superuser())


def get(url, params=None):
    def run():
        r = client.get(url, params or {})
        assert r.status_code == 200, r.status_code
        return len(r.content)

    return run


ORDER = {"": "c.code, p.code", "-invested": "invested DESC, c.code, p.code"}


def sql(where: str = "", params=(), order: str = "", limit: int | None = 50, xlsx: bool = False):
    """The same rows by hand: one statement (page, its total count, the two annotations)."""

    def run():
        today = dt.date.today().isoformat()
        with connection.cursor() as cur:
            cur.execute(
                f"""
                SELECT p.id, p.code, p.name, c.name, p.total_investment, p.stage,
                       (SELECT COALESCE(SUM(i.amount), 0) FROM projects_projectinvestment i
                         WHERE i.project_id = p.id) AS invested,
                       (SELECT COUNT(*) FROM projects_projectmilestone m
                         WHERE m.project_id = p.id AND m.actual_date IS NULL AND m.planned_date < %s),
                       COUNT(*) OVER ()
                FROM projects_project p JOIN registry_cluster c ON c.id = p.cluster_id
                {where} ORDER BY {ORDER[order]} {"" if limit is None else f"LIMIT {int(limit)}"}
                """,  # noqa: S608 - fixed text
                [today, *params],
            )
            rows = cur.fetchall()
        if not xlsx:
            return len(rows)
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("项目")
        ws.append(["代码", "名称", "集聚区", "总投资", "阶段", "已完成投资", "逾期节点"])
        for row in rows:
            ws.append(list(row[1:8]))
        buf = io.BytesIO()
        wb.save(buf)
        return len(buf.getvalue())

    return run


lines = [
    ("project list page, first page of 50", get("/projects/"), sql()),
    (
        "project list page, filtered stage=building, sorted by -invested",
        get("/projects/", {"stage": "building", "sort": "-invested"}),
        sql("WHERE p.stage = %s", ["building"], "-invested"),
    ),
    ("project API list, page_size=500", get("/api/projects/", {"page_size": 500}), sql(limit=500)),
    (
        "project list Excel export (all rows)",
        get("/projects/", {"export": "xlsx"}),
        sql(limit=None, xlsx=True),
    ),
]
for title, app, ref in lines:
    (t, q, _), (rt, rq, _) = compare(app, ref, args.repeat)
    report(title, facts, args, app=(t, q), sql=(rt, rq), notes=[f"projects: {total}"])
