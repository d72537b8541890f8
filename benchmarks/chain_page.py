"""Benchmark: the industry-chain page (产业链招商图谱, investment:chain_detail) and the chain and
lead list pages at province scale, read by the province administrator: wall time and SQL
query count of the whole request (Django test client, session login), against one
hand-written SQL query fetching the chain's links with their enterprise counts.

The synthetic province comes from `clusterzone synth` (benchmarks/_common.py); the leads
and chains from `clusterzone.investment.synth.synth_leads` (added here when absent).

    .venv/bin/python benchmarks/chain_page.py [--clusters 180 --years 1]
"""

import random

from _common import measure, parse_args, report, setup, superuser

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


def sql():
    with connection.cursor() as cur:
        cur.execute(
            """
            SELECT l.id, l.name, COUNT(DISTINCT e.id)
            FROM investment_chainlink l
            JOIN investment_chain c ON c.id = l.chain_id
            LEFT JOIN investment_chainlink_divisions d ON d.chainlink_id = l.id
            LEFT JOIN registry_enterprise e ON e.cluster_id = c.cluster_id AND e.industry_id = d.industry_id
            WHERE l.chain_id = %s GROUP BY l.id, l.name ORDER BY l."order"
            """,
            [chain.pk],
        )
        return cur.fetchall()


facts["values"] = facts.get("values")
notes = [
    f"chains: {Chain.objects.count()}  links: {ChainLink.objects.count()}  leads: {Lead.objects.count()}  "
    f"enterprises: {Enterprise.objects.count()}"
]
sql_result = measure(sql, args.repeat)
for title, u, params in (
    ("chain page (investment:chain_detail)", url, None),
    ("chain list (investment:chain_list, whole province)", reverse("investment:chain_list"), None),
    ("lead list (investment:lead_list, page 1 of the province)", reverse("investment:lead_list"), None),
    ("lead list filtered: overdue", reverse("investment:lead_list"), {"overdue": "true"}),
):
    t, q, size = measure(page(u, params), args.repeat)
    report(title, facts, args, app=(t, q), sql=sql_result[:2], notes=[*notes, f"response: {size} bytes"])
