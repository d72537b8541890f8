"""Benchmark: the workbench's 'overdue investment leads' section (超过服务时限的招商线索) for a
provincial user, and the whole workbench home page, at province scale (5,400 leads).

Three paths timed alternately in one process, median of repeats, all giving the same count:
- stored: the section as it runs now — leads whose stored clock deadline
  (Lead.clock_deadline, investment.clocks.refresh_deadlines) is before the latest working day
  (one COUNT and one page of five);
- computed: the section as it ran before the deadline was stored — every open lead's clock
  inputs fetched and its clock computed in Python (investment.clocks.overdue_ids), then the
  first five loaded;
- reference: one hand-written SQL COUNT over the stored deadline.
Then the whole home page (GET /) through the Django test client.

    .venv/bin/python benchmarks/workbench_leads.py [--clusters 180 --years 1]
"""

import random
import sys

from _common import compare_many, load_line, parse_args, setup, superuser

sys.argv += [] if "--years" in sys.argv else ["--years", "1"]
args = parse_args(__doc__, **{"--leads-per-cluster": {"type": int, "default": 30}})
facts = setup(args)

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from clusterzone.investment import clocks  # noqa: E402
from clusterzone.investment.models import Lead  # noqa: E402
from clusterzone.investment.selectors import lead_list  # noqa: E402
from clusterzone.investment.synth import synth_leads  # noqa: E402
from clusterzone.registry.models import Cluster  # noqa: E402
from clusterzone.workbench import sections  # noqa: E402

synthetic = Cluster.objects.filter(code__regex=r"^S[0-9]{4,}$").order_by("code")
if not Lead.objects.filter(cluster__in=synthetic).exists():
    made = synth_leads(list(synthetic.select_related("region")), random.Random(args.seed),
                       leads_per_cluster=args.leads_per_cluster)  # fmt: skip
    print(f"synth_leads: {made}")
if Lead.objects.filter(stage__in=clocks.CLOCKED_STAGES, clock_deadline__isnull=True).exists():
    clocks.refresh_deadlines()  # a database built before the deadline was stored

user = superuser()
today = timezone.localdate()


def stored():
    return sections.overdue_leads(user, today)["count"]


def computed():
    rows = lead_list(user=user).values_list(
        "id", "stage", "stage_entered_at", "last_followup", "cluster__region__path"
    )
    ids = clocks.overdue_ids(list(rows), today=today)
    list(lead_list(user=user).filter(id__in=ids[:5]).order_by("id"))
    return len(ids)


def reference():
    with connection.cursor() as cur:
        cur.execute(
            "SELECT COUNT(*) FROM investment_lead WHERE clock_deadline < %s", [clocks.overdue_cutoff(today)]
        )
        return cur.fetchone()[0]


print("== workbench: overdue investment leads (provincial superuser)")
print(f"database: {facts['database']}  clusters: {args.clusters}  leads: {Lead.objects.count()}  "
      f"open (clocked): {Lead.objects.filter(stage__in=clocks.CLOCKED_STAGES).count()}")  # fmt: skip
res = compare_many({"stored": stored, "computed": computed, "reference": reference}, args.repeat)
counts = {name: r[2] for name, r in res.items()}
assert len(set(counts.values())) == 1, counts
for name, (s, q, n) in res.items():
    print(f"{name:>9}: {s * 1000:8.1f} ms  {q:3d} SQL  overdue: {n}")
print(f"computed / stored: {res['computed'][0] / res['stored'][0]:.1f}x;  "
      f"stored / reference: {res['stored'][0] / res['reference'][0]:.1f}x")  # fmt: skip

client = Client()
client.force_login(user)


def home():
    r = client.get(reverse("home"))
    assert r.status_code == 200, r.status_code
    return len(r.content)


stored_section = sections._overdue_leads


def computed_section(user, today, cluster_ids=None):  # the section before the deadline was stored
    qs = lead_list(user=user)
    if cluster_ids is not None:
        qs = qs.filter(cluster_id__in=cluster_ids)
    rows = qs.values_list("id", "stage", "stage_entered_at", "last_followup", "cluster__region__path")
    ids = clocks.overdue_ids(list(rows), today=today)
    return {"count": len(ids), "items": list(lead_list(user=user).filter(id__in=ids[:5]).order_by("id"))}


def home_with(section):
    def run():
        sections._overdue_leads = section
        return home()

    return run


pages = compare_many(
    {"stored": home_with(stored_section), "computed": home_with(computed_section)}, args.repeat
)
sections._overdue_leads = stored_section
for name, (t, q, size) in pages.items():
    print(
        f"home page (GET /), section {name:>8}: {t * 1000:.1f} ms, {q} SQL, {size} bytes (median of {args.repeat})"
    )
print(load_line())
