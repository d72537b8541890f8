"""Shared set-up of the benchmark scripts: settings, a throwaway database with the synthetic
province, timing with SQL query counts, and the report lines.

Every script runs as `.venv/bin/python benchmarks/<name>.py [--clusters 180 --years 10]`.
The database is DATABASE_URL if set, otherwise a SQLite file under var/bench/ named after the
synthetic parameters (reused when it already holds them; --rebuild forces a new build).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"


def parse_args(description: str, **extra):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--clusters", type=int, default=180)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--end", default="2025-12", help="last synthetic month")
    parser.add_argument("--period", default="2025-06", help="the period read")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs (median reported)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the synthetic data")
    for name, kwargs in extra.items():
        parser.add_argument(name, **kwargs)
    return parser.parse_args()


def setup(args) -> dict:
    """Configure Django on the benchmark database, migrate, build the synthetic province if
    needed. Returns facts for the report (database vendor, synth time)."""
    sys.path.insert(0, str(ROOT))
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DATABASE_URL"):
        name = f"bench_c{args.clusters}_y{args.years}_s{args.seed}_{args.end}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DIR / name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterzone.settings")
    os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from clusterzone.registry.models import Cluster
    from clusterzone.reporting.models import Value

    facts = {"database": connection.vendor, "synth_seconds": None}
    have = Cluster.objects.filter(code__regex=r"^S[0-9]{4,}$").count()
    months = Value.objects.filter(cluster__code="S0001", indicator__code="revenue").count()
    if args.rebuild or have != args.clusters or months != args.years * 12:
        from clusterzone.workbench.synth import build_province

        t0 = time.perf_counter()
        build_province(clusters=args.clusters, years=args.years, seed=args.seed, end=args.end)
        facts["synth_seconds"] = time.perf_counter() - t0
    facts["values"] = Value.objects.count()
    return facts


def superuser():
    from clusterzone.accounts.models import User

    user, _ = User.objects.get_or_create(
        username="bench_admin", defaults={"is_superuser": True, "is_staff": True}
    )
    if not user.is_superuser:
        user.is_superuser = True
        user.save()
    return user


class QueryCounter:
    """Counts every SQL statement run on the default connection (no logging limit)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(fn, repeat: int):
    """Run fn once to warm up, then `repeat` times; return (median seconds, queries of one run,
    the last result)."""
    from django.db import connection

    fn()
    times = []
    result = None
    queries = None
    for _ in range(repeat):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            t0 = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t0)
        queries = counter.count
    return statistics.median(times), queries, result


def _clean_heap(out: dict, name: str) -> None:
    """Before a timed run: drop that path's previous result and collect, so no path pays the
    garbage collector for another's objects (the results of a national table are 45,900
    objects)."""
    out.pop(name, None)
    gc.collect()


def compare(app_fn, ref_fn, repeat: int):
    """Time the application path and its reference alternately in one process (one warm-up
    each, then app, ref, app, ref … `repeat` times), so both see the same machine load.
    Returns ((app median s, app queries, app result), (ref median s, ref queries, ref result))."""
    from django.db import connection

    app_fn()
    ref_fn()
    runs = {"app": [], "ref": []}
    out = {}
    for _ in range(repeat):
        for name, fn in (("app", app_fn), ("ref", ref_fn)):
            counter = QueryCounter()
            _clean_heap(out, name)
            with connection.execute_wrapper(counter):
                t0 = time.perf_counter()
                result = fn()
                runs[name].append(time.perf_counter() - t0)
            out[name] = (counter.count, result)
    return (
        (statistics.median(runs["app"]), out["app"][0], out["app"][1]),
        (statistics.median(runs["ref"]), out["ref"][0], out["ref"][1]),
    )


def compare_many(fns: dict, repeat: int) -> dict:
    """Like `compare` for any number of paths: one warm-up each, then each in turn `repeat`
    times. Returns {name: (median s, queries of one run, last result)}."""
    from django.db import connection

    for fn in fns.values():
        fn()
    runs = {name: [] for name in fns}
    out = {}
    for _ in range(repeat):
        for name, fn in fns.items():
            counter = QueryCounter()
            _clean_heap(out, name)
            with connection.execute_wrapper(counter):
                t0 = time.perf_counter()
                result = fn()
                runs[name].append(time.perf_counter() - t0)
            out[name] = (counter.count, result)
    return {name: (statistics.median(runs[name]), out[name][0], out[name][1]) for name in fns}


def load_line() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:  # pragma: no cover - not on every platform
        return "load average: n/a"
    return f"load average: {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def report(
    title: str,
    facts: dict,
    args,
    *,
    app: tuple[float, int],
    sql: tuple[float, int],
    notes: list[str] = (),
    ref_label: str = "one hand-written SQL query",
):
    app_s, app_q = app
    sql_s, sql_q = sql
    print(f"== {title}")
    print(
        f"database: {facts['database']}  clusters: {args.clusters}  years: {args.years}  seed: {args.seed}  values: {facts['values']}"
    )
    if facts.get("synth_seconds") is not None:
        print(f"synth build: {facts['synth_seconds']:.1f} s")
    print(f"application: {app_s * 1000:.1f} ms, {app_q} SQL queries (median of {args.repeat})")
    print(f"reference ({ref_label}): {sql_s * 1000:.1f} ms, {sql_q} SQL statements (incl. savepoints)")
    print(f"ratio application / SQL: {app_s / sql_s:.2f}x" if sql_s else "ratio: n/a")
    for line in notes:
        print(line)
    print(load_line())
