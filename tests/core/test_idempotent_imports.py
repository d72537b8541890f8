"""Idempotent imports under concurrency: natural keys backed by database constraints.

Importing a project file without 项目代码 twice, or ten copies at once (threads, on
PostgreSQL), leaves one project; every concurrent loser gets the normal Chinese error report
(or finds the row already there), never a raw database message."""

import threading

import pytest
from django.db import connection, connections

from clusterzone.core.importing import get_importer
from clusterzone.investment.models import Lead
from clusterzone.projects.models import Project

PROJECTS = "项目代码,项目名称,集聚区代码,总投资（万元）,项目类别,阶段,签约日期\n,海威特种布,41042301,30000,工业,签约,2025-01-10\n"
LEADS = (
    "目标企业,集聚区代码,来源地,企业类型,意向投资（万元）,接洽日期\n"
    "某某超硬材料股份有限公司,41042301,珠三角,行业龙头,30000,2025-03-01\n"
)


def run(kind, text, actor=None):
    return get_importer(kind).run(text.encode("utf-8"), filename="x.csv", actor=actor)


def test_codeless_project_file_twice_leaves_one_project(world):
    first = run("projects", PROJECTS)
    assert first.ok and first.created == 1, [str(e) for e in first.errors]
    again = run("projects", PROJECTS)
    assert again.ok and again.created == 0 and again.unchanged == 1, [str(e) for e in again.errors]
    assert Project.objects.filter(name="海威特种布").count() == 1


def test_lead_file_twice_leaves_one_lead_and_same_company_other_day_is_new(world):
    assert run("leads", LEADS).created == 1
    again = run("leads", LEADS)
    assert again.ok and again.unchanged == 1
    other_day = run("leads", LEADS.replace("2025-03-01", "2025-06-01"))
    assert other_day.ok and other_day.created == 1
    assert Lead.objects.filter(company="某某超硬材料股份有限公司").count() == 2


def _concurrently(kind, text, n=10):
    results, barrier = [None] * n, threading.Barrier(n)

    def worker(i):
        try:
            barrier.wait()
            results[i] = run(kind, text)
        except Exception as exc:  # a raw exception is a failure of the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


RAW = ("IntegrityError", "duplicate key", "UNIQUE constraint", "violates", "DETAIL")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind,text,model", [("projects", PROJECTS, Project), ("leads", LEADS, Lead)])
def test_ten_concurrent_imports_leave_one_row(world, kind, text, model):
    if connection.vendor != "postgresql":
        pytest.skip("threads writing at once need a server database (run with DATABASE_URL=postgres://…)")
    results = _concurrently(kind, text)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert model.objects.count() == 1
    created = [r for r in results if r.ok and r.created == 1]
    assert len(created) == 1
    for r in results:
        if r.ok:
            assert r.created + r.unchanged == 1
        else:
            messages = [str(e) for e in r.errors]
            assert messages and all("第2行" in m for m in messages), messages
            assert not any(raw in m for m in messages for raw in RAW), messages
