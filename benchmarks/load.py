"""Load test: N simulated officials doing the monthly cycle's reads against gunicorn on
127.0.0.1, bounded in users, time and requests, then p50/p95/p99 per page, errors and
throughput. Standard library only (threads + http.client), so it needs nothing beyond the
project's own dependencies.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<scratch db> \\
        .venv/bin/python benchmarks/load.py [--users 50 --duration 180 --workers 4 --period 2025-06]
        .venv/bin/python benchmarks/load.py --ramp 20,40,60,80,100,120 --stage 40 --workers 3

With --ramp the users come in stages (each stage --stage seconds, measured on its own), and
the report gives each stage's throughput and p95, and the throughput at which p95 passes
300 ms.

Each user logs in once (session cookie) before the measured window starts, then loops: pick a step of the cycle (home page,
province progress overview, reporting status, submissions list, a cluster's progress,
cluster list, project list, the progress and clusters APIs), request it, think 1–3 s. The
script starts gunicorn itself on a free port with --workers, builds the synthetic province
first if the database lacks it (benchmarks/_common.setup), and stops everything at the end.
Only loopback addresses are used.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from _common import load_line, parse_args, setup

args = parse_args(
    __doc__,
    **{
        "--users": {"type": int, "default": 50},
        "--duration": {"type": int, "default": 180, "help": "seconds of load"},
        "--workers": {"type": int, "default": 4, "help": "gunicorn workers"},
        "--think": {"type": float, "nargs": 2, "default": [1.0, 3.0]},
        "--max-requests": {"type": int, "default": 100_000, "help": "hard bound on requests"},
        "--ramp": {"default": "", "help": "user counts of the stages, e.g. 20,40,60,80"},
        "--stage": {"type": int, "default": 40, "help": "seconds of each ramp stage"},
    },
)
facts = setup(args)

from django.contrib.auth import get_user_model  # noqa: E402

from clusterzone.registry.models import Cluster  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Load-test-" + str(random.Random(args.seed).randint(10**8, 10**9))
User = get_user_model()
user, _ = User.objects.get_or_create(username="load_admin", defaults={"is_superuser": True, "is_staff": True})
user.is_superuser = user.is_staff = user.is_active = True
user.set_password(PASSWORD)
user.save()
cluster_codes = list(Cluster.objects.filter(code__startswith="S").values_list("code", flat=True)[:180])
P = args.period

STEPS = [  # (name, weight, path)
    ("home", 2, lambda: "/"),
    ("progress overview", 3, lambda: f"/reporting/progress/?region=410000&period={P}"),
    ("reporting status", 2, lambda: f"/reporting/status/?period={P}"),
    ("submissions list", 2, lambda: "/reporting/submissions/"),
    (
        "cluster progress",
        3,
        lambda: f"/reporting/progress/cluster/{random.choice(cluster_codes)}/?period={P}",
    ),
    ("cluster list", 1, lambda: "/clusters/"),
    ("project list", 1, lambda: "/projects/"),
    ("API progress", 2, lambda: f"/api/progress/?cluster={random.choice(cluster_codes)}&period={P}"),
    ("API clusters", 1, lambda: "/api/clusters/"),
]
WEIGHTED = [s for s in STEPS for _ in range(s[1])]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PORT = free_port()
env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1,localhost", "DEBUG": "0"}
server = subprocess.Popen(
    [
        sys.executable,  # the interpreter running this script, with the project's packages
        "-m",
        "gunicorn",
        "clusterzone.wsgi:application",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        str(args.workers),
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ],
    cwd=ROOT,
    env=env,
)


def wait_for_server():
    for _ in range(120):
        try:
            c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            c.request("GET", "/login/")
            c.getresponse().read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


class Session:
    def __init__(self):
        self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        self.cookies: dict[str, str] = {}

    def _headers(self, extra=None):
        h = {"Host": "127.0.0.1"}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        h.update(extra or {})
        return h

    def request(self, method, path, body=None, headers=None):
        try:
            self.conn.request(method, path, body=body, headers=self._headers(headers))
            resp = self.conn.getresponse()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            self.conn.request(method, path, body=body, headers=self._headers(headers))
            resp = self.conn.getresponse()
        data = resp.read()
        for k, v in resp.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return resp.status, data

    def login(self):
        status, page = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        body = urllib.parse.urlencode(
            {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1).decode()}
        )
        status, _ = self.request(
            "POST",
            "/login/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{PORT}/login/",
            },
        )
        if status not in (302, 303):
            raise SystemExit(f"login failed: {status}")


STAGES = (
    [(int(n), args.stage) for n in args.ramp.split(",") if n.strip()]
    if args.ramp
    else [(args.users, args.duration)]
)
MAX_USERS = max(n for n, _ in STAGES)
lock = threading.Lock()
records: list[tuple[int, str, float, object]] = []  # (stage, page, seconds, status)
sent = 0
stage_now = 0  # index of the running stage
active = 0  # users active in it
stop_at = 0.0


def user_loop(index: int, seed: int, s: Session):
    global sent
    rng = random.Random(seed)
    while time.monotonic() < stop_at:
        if index >= active:  # not yet in: wait for the stage that brings this user in
            time.sleep(0.2)
            continue
        name, _, path = rng.choice(WEIGHTED)
        with lock:
            if sent >= args.max_requests:
                return
            sent += 1
            stage = stage_now
        t0 = time.perf_counter()
        try:
            status, _ = s.request("GET", path())
        except (OSError, http.client.HTTPException) as exc:
            status = type(exc).__name__
        elapsed = time.perf_counter() - t0
        with lock:
            records.append((stage, name, elapsed, status))
        time.sleep(rng.uniform(*args.think))


def pct(xs, q):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q / 100 * (len(xs) - 1))))]


try:
    wait_for_server()
    # every user logs in before the clock starts: the password hashing of 50 logins would
    # otherwise fill the workers during the first seconds of the measured window
    t_login = time.monotonic()
    sessions = []
    for _ in range(MAX_USERS):
        sessions.append(Session())
        sessions[-1].login()
    print(f"{MAX_USERS} users logged in (one after the other) in {time.monotonic() - t_login:.1f} s")
    stop_at = time.monotonic() + sum(d for _, d in STAGES)
    threads = [
        threading.Thread(target=user_loop, args=(i, args.seed * 1000 + i, sessions[i]), daemon=True)
        for i in range(MAX_USERS)
    ]
    for t in threads:
        t.start()
    walls = []
    for k, (users, seconds) in enumerate(STAGES):
        t_stage = time.monotonic()
        with lock:
            stage_now = k
        while active < users:  # bring the stage's new users in over a few seconds
            active += 1
            time.sleep(min(0.1, 5 / max(1, users)))
        time.sleep(max(0.0, seconds - (time.monotonic() - t_stage)))
        walls.append(time.monotonic() - t_stage)
    for t in threads:
        t.join(timeout=120)
finally:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()

timings: dict[str, list[float]] = {name: [] for name, _, _ in STEPS}
errors: dict[str, int] = {}
for _stage, name, elapsed, status in records:
    timings[name].append(elapsed)
    if status != 200:
        errors[f"{name}: {status}"] = errors.get(f"{name}: {status}", 0) + 1
every = [x for xs in timings.values() for x in xs]
wall = sum(walls)
print(
    f"== load test: {args.ramp or args.users} users, think {args.think[0]}–{args.think[1]} s, "
    f"{wall:.0f} s, gunicorn --workers {args.workers}"
)
print(
    f"database: {facts['database']}  clusters: {args.clusters}  years: {args.years}  values: {facts['values']}"
)
print(f"{'page':<22}{'n':>7}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
for name, xs in timings.items():
    print(
        f"{name:<22}{len(xs):>7}{pct(xs, 50) * 1000:>10.0f}{pct(xs, 95) * 1000:>10.0f}{pct(xs, 99) * 1000:>10.0f}"
    )
print(
    f"{'all':<22}{len(every):>7}{pct(every, 50) * 1000:>10.0f}{pct(every, 95) * 1000:>10.0f}{pct(every, 99) * 1000:>10.0f}"
)
print(f"throughput: {len(every) / wall:.1f} requests/s over {wall:.0f} s; errors: {sum(errors.values())}")
for k, v in sorted(errors.items()):
    print(f"  {k}: {v}")
if len(STAGES) > 1:
    print(f"{'stage users':<14}{'requests/s':>12}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'errors':>8}")
    passed = None
    for k, (users, _seconds) in enumerate(STAGES):
        xs = [e for st, _n, e, _s in records if st == k]
        bad = sum(1 for st, _n, _e, code in records if st == k and code != 200)
        rate = len(xs) / walls[k]
        p95 = pct(xs, 95) * 1000
        print(
            f"{users:<14}{rate:>12.1f}{pct(xs, 50) * 1000:>10.0f}{p95:>10.0f}{pct(xs, 99) * 1000:>10.0f}{bad:>8}"
        )
        if passed is None and p95 > 300:
            passed = (users, rate)
    if passed:
        print(f"p95 passes 300 ms at {passed[0]} users, {passed[1]:.1f} requests/s")
    else:
        print("p95 stays under 300 ms at every stage")
print(load_line())
if every:
    print(f"median of all requests: {statistics.median(every) * 1000:.0f} ms")
sys.exit(1 if errors else 0)
