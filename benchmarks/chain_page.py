"""Benchmark: the industry-chain page (产业链招商图谱, investment:chain_detail) and the chain and
lead list pages at province scale, read by the province administrator: wall time and SQL
query count of the whole request (Django test client, session login). Every line has its own
reference computing the same result by hand, timed alternately with the request in one
process: the chain's links with their enterprise, project and lead counts (one statement); every
chain's links, present links, gaps and gaps without a lead (one statement); the first page of
50 leads with the last follow-up and the total (one statement); the overdue leads: one
statement for the open leads' clock inputs, then the same working-day clock rule
(investment.clocks.overdue_ids) and the first page of them.

The synthetic province comes from `clusterzone synth` (benchmarks/_common.py); the leads
and chains from `clusterzone.investment.synth.synth_leads` (added here when absent).

    .venv/bin/python benchmarks/chain_page.py [--clusters 180 --years 1]
"""

import random

from _common import compare, parse_args, report, setup, superuser

args = parse_args(__doc__, **{"--leads-per-cluster": {"type": int, "default": 30}})
facts = setup(args)

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from clusterzone.investment.models import Chain, ChainLink, Lead  # noqa: E402
from clusterzone.investment.synth import synth_leads  # noqa: E402
from clusterzone.registry.models import Cluster, Enterprise  # noqa: E402

synthetic = Cluster.objects.filter(code__regex=r"^S[0-9]{4,}$").order_by("code")
if not Lead.objects.filter(cluster__in=synthetic).exists():
    made = synth_leads(list(synthetic.select_related("region")), random.Random(args.seed),
                       leads_per_cluster=args.leads_per_cluster)  # fmt: skip
    print(f"synth_leads: {made}")

user = superuser()
client = Client()
client.force_login(user)
chain = Chain.objects.filter(cluster__in=synthetic).order_by("id").first()
url = reverse("investment:chain_detail", args=[chain.pk])


def page(u, params=None):
    def run():
        r = client.get(u, params or {})
        assert r.status_code == 200, r.status_code
        return len(r.content)

    return run


def fetch(sql, params=()):
    def run():
        with connection.cursor() as cur:
            cur.execute(sql, list(params))
            return len(cur.fetchall())

    return run


CHAIN_SQL = """
SELECT l.id, l.name,
       (SELECT COUNT(*) FROM registry_enterprise e JOIN investment_chainlink_divisions d
         ON d.industry_id = e.industry_id WHERE d.chainlink_id = l.id AND e.cluster_id = c.cluster_id),
       (SELECT COUNT(*) FROM projects_project p JOIN investment_chainlink_divisions d
         ON d.industry_id = p.industry_id WHERE d.chainlink_id = l.id AND p.cluster_id = c.cluster_id
         AND p.stage <> 'terminated'),
       (SELECT COUNT(*) FROM investment_lead ld WHERE ld.chain_link_id = l.id)
FROM investment_chainlink l JOIN investment_chain c ON c.id = l.chain_id
WHERE l.chain_id = %s ORDER BY l."order", l.id
"""
OPEN = "('contact', 'visit', 'negotiate', 'intent', 'signed')"
CHAIN_LIST_SQL = f"""
SELECT ch.id, COUNT(*) AS links, SUM(s.present), SUM(1 - s.present),
       SUM(CASE WHEN s.present = 0 AND NOT s.lead THEN 1 ELSE 0 END)
FROM investment_chain ch JOIN (
  SELECT l.id, l.chain_id,
    CASE WHEN EXISTS (SELECT 1 FROM investment_chainplacement pl WHERE pl.link_id = l.id)
      OR EXISTS (SELECT 1 FROM investment_chainlink_divisions d JOIN registry_enterprise e
                 ON e.industry_id = d.industry_id WHERE d.chainlink_id = l.id AND e.cluster_id = c.cluster_id)
      OR EXISTS (SELECT 1 FROM investment_chainlink_divisions d JOIN projects_project p
                 ON p.industry_id = d.industry_id WHERE d.chainlink_id = l.id AND p.cluster_id = c.cluster_id
                 AND p.stage <> 'terminated')
    THEN 1 ELSE 0 END AS present,
    EXISTS (SELECT 1 FROM investment_lead ld WHERE ld.chain_link_id = l.id AND ld.stage IN {OPEN}) AS lead
  FROM investment_chainlink l JOIN investment_chain c ON c.id = l.chain_id
) s ON s.chain_id = ch.id
GROUP BY ch.id
"""  # noqa: S608 - fixed text
LEAD_SQL = """
SELECT ld.id, ld.company, cl.name, ld.stage,
       (SELECT f.date FROM investment_leadfollowup f WHERE f.lead_id = ld.id ORDER BY f.date DESC LIMIT 1),
       COUNT(*) OVER ()
FROM investment_lead ld JOIN registry_cluster cl ON cl.id = ld.cluster_id
ORDER BY cl.code, ld.first_contact DESC, ld.id LIMIT 50
"""
CLOCK_SQL = """
SELECT ld.id, ld.stage, ld.stage_entered_at,
       (SELECT f.date FROM investment_leadfollowup f WHERE f.lead_id = ld.id ORDER BY f.date DESC LIMIT 1),
       r.path
FROM investment_lead ld JOIN registry_cluster cl ON cl.id = ld.cluster_id
JOIN accounts_region r ON r.id = cl.region_id
"""


def overdue_ref():
    import datetime as dt

    from clusterzone.investment.clocks import overdue_ids

    with connection.cursor() as cur:
        cur.execute(CLOCK_SQL)
        rows = [
            (pk, stage, dt.date.fromisoformat(e) if isinstance(e, str) else e,
             dt.date.fromisoformat(f) if isinstance(f, str) else f, path)
            for pk, stage, e, f, path in cur.fetchall()
        ]  # fmt: skip
    ids = sorted(overdue_ids(rows))
    with connection.cursor() as cur:
        cur.execute(
            LEAD_SQL.replace(
                "ORDER BY cl.code", f"WHERE ld.id IN ({','.join(map(str, ids)) or '0'}) ORDER BY cl.code"
            )
        )
        return len(cur.fetchall())


facts["values"] = facts.get("values")
notes = [
    f"chains: {Chain.objects.count()}  links: {ChainLink.objects.count()}  leads: {Lead.objects.count()}  "
    f"enterprises: {Enterprise.objects.count()}"
]
for title, u, params, ref in (
    ("chain page (investment:chain_detail)", url, None, fetch(CHAIN_SQL, [chain.pk])),
    ("chain list (investment:chain_list, whole province)", reverse("investment:chain_list"), None,
     fetch(CHAIN_LIST_SQL)),
    ("lead list (investment:lead_list, page 1 of the province)", reverse("investment:lead_list"), None,
     fetch(LEAD_SQL)),
    ("lead list filtered: overdue", reverse("investment:lead_list"), {"overdue": "true"}, overdue_ref),
):  # fmt: skip
    (t, q, size), (rt, rq, _) = compare(page(u, params), ref, args.repeat)
    report(title, facts, args, app=(t, q), sql=(rt, rq), notes=[*notes, f"response: {size} bytes"])
