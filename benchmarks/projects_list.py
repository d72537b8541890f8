"""Benchmark: the project list page (projects:list) and the project API list at province
scale, read by the province administrator: wall time and SQL query count of the whole request
(Django test client, session login), against one hand-written SQL query fetching the same page
of projects with their cumulative investment and overdue milestone count.

The synthetic province comes from `clusterzone synth` (benchmarks/_common.py); the projects
from `clusterzone.projects.synth.synth_projects` (added here when absent).

    .venv/bin/python benchmarks/projects_list.py [--clusters 180 --years 1 --projects-per-cluster 40]
"""

import datetime as dt
import random

from _common import measure, parse_args, report, setup, superuser

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


def sql():
    today = dt.date.today().isoformat()
    with connection.cursor() as cur:
        cur.execute(
            """
            SELECT p.id, p.code, p.name, c.name, p.total_investment, p.stage,
                   (SELECT COALESCE(SUM(i.amount), 0) FROM projects_projectinvestment i WHERE i.project_id = p.id),
                   (SELECT COUNT(*) FROM projects_projectmilestone m
                     WHERE m.project_id = p.id AND m.actual_date IS NULL AND m.planned_date < %s)
            FROM projects_project p JOIN registry_cluster c ON c.id = p.cluster_id
            ORDER BY c.code, p.code LIMIT 50
            """,
            [today],
        )
        return cur.fetchall()


sql_t = measure(sql, args.repeat)[:2]
for title, fn in [
    ("project list page, first page of 50", get("/projects/")),
    ("project list page, filtered stage=building, sorted by -invested", get("/projects/", {"stage": "building", "sort": "-invested"})),
    ("project API list, page_size=500", get("/api/projects/", {"page_size": 500})),
    ("project list Excel export (all rows)", get("/projects/", {"export": "xlsx"})),
]:  # fmt: skip
    t, q, _ = measure(fn, args.repeat)
    report(title, facts, args, app=(t, q), sql=sql_t, notes=[f"projects: {total}"])
