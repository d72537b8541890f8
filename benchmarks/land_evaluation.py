"""Benchmark: the per-亩 evaluation (亩均效益评价) of one cluster's enterprises and the
policy check of its parcels, at the size of a large county cluster and beyond.

    .venv/bin/python benchmarks/land_evaluation.py --clusters 2 --years 1 --enterprises 2000 --parcels 5000

Prints the time and SQL queries of: the evaluation computed without saving, saved as a draft
(snapshot and results), the run's ranked rows for the page/API, and every parcel checked
against the land policy (intensity, plot ratio, standard factories, 最低亩均税收)."""

from _common import measure, parse_args, setup

args = parse_args(
    __doc__,
    **{"--enterprises": {"type": int, "default": 2000}, "--parcels": {"type": int, "default": 5000}},
)
facts = setup(args)

from datetime import date  # noqa: E402
from decimal import Decimal as D  # noqa: E402

from clusterzone.accounts.policy import SYSTEM  # noqa: E402
from clusterzone.assessment.models import Run  # noqa: E402
from clusterzone.land import selectors, services  # noqa: E402
from clusterzone.land.models import EnterpriseFigures, LandPolicy, Parcel  # noqa: E402
from clusterzone.registry.models import Cluster, Enterprise  # noqa: E402

cluster = Cluster.objects.select_related("region").order_by("code").first()
YEAR = 2025
have = Enterprise.objects.filter(cluster=cluster, name__startswith="亩均基准").count()
if have != args.enterprises:
    from tests.factories import make_credit_code

    Enterprise.objects.filter(cluster=cluster, name__startswith="亩均基准").delete()
    ents = Enterprise.objects.bulk_create(
        Enterprise(cluster=cluster, name=f"亩均基准{i:05d}", credit_code=make_credit_code(700000 + i),
                   founded=date(2015, 1, 1))
        for i in range(args.enterprises)
    )  # fmt: skip
    EnterpriseFigures.objects.bulk_create(
        EnterpriseFigures(
            enterprise=e, year=YEAR, land_area=D(2 + i % 80), tax=D(50 + (i * 37) % 900),
            value_added=D(300 + (i * 53) % 5000), revenue=D(1000 + (i * 71) % 20000),
            energy=D(50 + (i * 13) % 800), employees=20 + i % 400, rnd=D((i * 7) % 300),
        )
        for i, e in enumerate(ents)
    )  # fmt: skip
if Parcel.objects.filter(cluster=cluster).count() != args.parcels:
    Parcel.objects.filter(cluster=cluster).delete()
    ents = list(Enterprise.objects.filter(cluster=cluster, name__startswith="亩均基准").order_by("pk"))
    Parcel.objects.bulk_create(
        Parcel(cluster=cluster, code=f"B{i:05d}", area=D(10 + i % 90), planned_use="industrial",
               status="supplied", enterprise=ents[i % len(ents)], building_area=D(5000 + i % 20000))
        for i in range(args.parcels)
    )  # fmt: skip
LandPolicy.objects.update_or_create(cluster=cluster, defaults={"min_tax_per_mu": D(11)})


def dry():
    return services.evaluation_run(actor=SYSTEM, year=YEAR, cluster=cluster, save=False)


def saved():
    return services.evaluation_run(actor=SYSTEM, year=YEAR, cluster=cluster)


dry_s, dry_q, run = measure(dry, args.repeat)
save_s, save_q, stored = measure(saved, args.repeat)
Run.objects.filter(subject="enterprise", cluster=cluster).exclude(pk=stored.pk).delete()
stored = selectors.evaluation_runs(user=SYSTEM).get(pk=stored.pk)
rows_s, rows_q, rows = measure(lambda: selectors.evaluation_rows(user=SYSTEM, run=stored), args.repeat)
chk_s, chk_q, checks = measure(lambda: selectors.parcel_checks(user=SYSTEM, cluster=cluster), args.repeat)

classes = {}
for r in rows:
    classes[r.result.klass] = classes.get(r.result.klass, 0) + 1
print(f"== per-亩 evaluation, cluster {cluster.code}, {args.enterprises} enterprises, {args.parcels} parcels")
print(f"database: {facts['database']}")
print(f"evaluation without saving:   {dry_s * 1000:8.1f} ms  {dry_q} SQL queries")
print(f"evaluation saved (draft):    {save_s * 1000:8.1f} ms  {save_q} SQL queries")
print(f"ranked rows (page/API):      {rows_s * 1000:8.1f} ms  {rows_q} SQL queries")
print(f"parcel policy checks:        {chk_s * 1000:8.1f} ms  {chk_q} SQL queries")
print(f"classes: {dict(sorted(classes.items()))}; parcels in breach: {sum(1 for c in checks if c.breaches)}")
Run.objects.filter(pk=stored.pk).delete()
