"""THE reporting scope: which clusters must report a data set, and from which period.

A data set names its clusters by a rule, not a hand-kept list:

- scope_rule "subtree" (the default): every cluster in the subtree of the data set's region,
  optionally only those of one status (scope_status, e.g. 省定产业集聚区);
  scope_rule "explicit": no cluster by rule;
- plus explicit additions (DataSet.clusters), minus exclusions (DataSet.excluded_clusters),
  exclusions winning;
- from a first period (DataSet.first_period, blank = no limit); a cluster founded later owes
  reports from the period containing its founding date (Cluster.founded).

A cluster registered or imported later is in scope at once. The due list, the reporting status
and its completeness, the office's open periods and the values importers all ask this module.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.lookups import Exact

from clusterzone.core.periods import Period
from clusterzone.registry.models import Cluster

from .choices import ScopeRule
from .models import DataSet


def rule_q(dataset: DataSet, prefix: str = "") -> Q:
    """The Q (on Cluster, or on a model pointing to it through `prefix`, e.g. "cluster__")
    selecting the clusters that must report `dataset`."""
    added = DataSet.clusters.through.objects.filter(dataset_id=dataset.pk).values("cluster_id")
    excluded = DataSet.excluded_clusters.through.objects.filter(dataset_id=dataset.pk).values("cluster_id")
    q = Q(**{f"{prefix}pk__in": added})
    if dataset.scope_rule == ScopeRule.SUBTREE:
        # the region's path by subquery: no extra query when the data set's region is not loaded
        from clusterzone.accounts.models import Region

        path = Subquery(Region.objects.filter(pk=dataset.region_id).values("path")[:1])
        by_rule = Q(**{f"{prefix}region__path__startswith": path})
        if dataset.scope_status:
            by_rule &= Q(**{f"{prefix}status": dataset.scope_status})
        q |= by_rule
    return q & ~Q(**{f"{prefix}pk__in": excluded})


def dataset_clusters(dataset: DataSet, clusters: QuerySet | None = None) -> QuerySet:
    """The clusters (of `clusters`, default all) that must report `dataset`."""
    qs = clusters if clusters is not None else Cluster.objects.all()
    return qs.filter(rule_q(dataset))


def _matches(ds: DataSet, cluster: Cluster, added: dict, excluded: dict) -> bool:
    if cluster.pk in excluded[ds.pk]:
        return False
    if cluster.pk in added[ds.pk]:
        return True
    if ds.scope_rule != ScopeRule.SUBTREE:
        return False
    if not cluster.region.path.startswith(ds.region.path):
        return False
    return not ds.scope_status or cluster.status == ds.scope_status


def members(datasets: Iterable[DataSet], clusters: QuerySet | None = None) -> dict[int, list[Cluster]]:
    """{data set id: [clusters that must report it]} for many data sets at once (three queries;
    the data sets need their region loaded). `clusters` limits the candidates (e.g. a user's
    scope); the lists are in cluster-code order."""
    datasets = [ds for ds in datasets]
    out: dict[int, list[Cluster]] = {ds.pk: [] for ds in datasets}
    if not datasets:
        return out
    ids = [ds.pk for ds in datasets]
    added: dict[int, set] = defaultdict(set)
    excluded: dict[int, set] = defaultdict(set)
    for ds_id, c_id in DataSet.clusters.through.objects.filter(dataset_id__in=ids).values_list(
        "dataset_id", "cluster_id"
    ):
        added[ds_id].add(c_id)
    for ds_id, c_id in DataSet.excluded_clusters.through.objects.filter(dataset_id__in=ids).values_list(
        "dataset_id", "cluster_id"
    ):
        excluded[ds_id].add(c_id)
    q = Q(pk__in={c for s in added.values() for c in s})
    for ds in datasets:
        if ds.scope_rule == ScopeRule.SUBTREE:
            q |= Q(region__path__startswith=ds.region.path)
    qs = (clusters if clusters is not None else Cluster.objects.all()).filter(q)
    for c in qs.select_related("region").order_by("code"):
        for ds in datasets:
            if _matches(ds, c, added, excluded):
                out[ds.pk].append(c)
    return out


def datasets_reported_by(clusters: QuerySet, *, active_only: bool = True) -> dict[int, tuple[DataSet, list]]:
    """{data set id: (data set, [clusters of `clusters` that must report it])}, only data sets
    that at least one of them reports, in data-set code order."""
    qs = DataSet.objects.select_related("region").order_by("code")
    if active_only:
        qs = qs.filter(is_active=True)
    datasets = list(qs)
    found = members(datasets, clusters)
    return {ds.pk: (ds, found[ds.pk]) for ds in datasets if found[ds.pk]}


def first_owed(dataset: DataSet, cluster: Cluster) -> Period | None:
    """The first period `cluster` owes `dataset` (None: no limit)."""
    first = Period.parse(dataset.first_period) if dataset.first_period else None
    if cluster.founded is not None:
        joined = Period.containing(dataset.period_kind, cluster.founded)
        if first is None or first < joined:
            first = joined
    return first


def owes(dataset: DataSet, cluster: Cluster, period: Period) -> bool:
    """Whether the cluster owes the period of the data set, given it is in scope."""
    first = first_owed(dataset, cluster)
    return first is None or not period < first


def in_scope(dataset: DataSet, cluster: Cluster, period: Period | None = None) -> bool:
    """Whether `cluster` must report `dataset` (for `period`, when given)."""
    if not dataset_clusters(dataset, Cluster.objects.filter(pk=cluster.pk)).exists():
        return False
    return period is None or owes(dataset, cluster, period)


def pairs(datasets: Iterable[DataSet], clusters: QuerySet | None = None) -> set[tuple[int, int]]:
    """{(data set id, cluster id)} of the scope, for importers."""
    return {(ds_id, c.pk) for ds_id, found in members(datasets, clusters).items() for c in found}


def out_of_scope_message(dataset: DataSet, cluster: Cluster, period: Period | None = None) -> str:
    from django.utils.translation import gettext as _

    if period is not None and dataset_clusters(dataset, Cluster.objects.filter(pk=cluster.pk)).exists():
        first = first_owed(dataset, cluster)
        return _("%(cluster)s 自%(first)s起报送“%(ds)s”，%(p)s不在报送期间内。") % {
            "cluster": cluster.name,
            "first": first.label if first else "",
            "ds": dataset.name,
            "p": period.label,
        }
    return _("%(cluster)s 不在报表“%(ds)s”的报送范围内。") % {"cluster": cluster.name, "ds": dataset.name}


class _CountSubquery(Subquery):
    template = "(SELECT COUNT(*) FROM (%(subquery)s) _scope_count)"
    output_field = IntegerField()


def cluster_count_expression(clusters: QuerySet | None = None):
    """An expression counting, per data set row, the clusters (of `clusters`) in its scope —
    for annotating data-set lists (e.g. the 报送集聚区数 column)."""
    added = DataSet.clusters.through.objects.filter(dataset_id=OuterRef(OuterRef("pk"))).values("cluster_id")
    excluded = DataSet.excluded_clusters.through.objects.filter(dataset_id=OuterRef(OuterRef("pk"))).values(
        "cluster_id"
    )
    base = clusters if clusters is not None else Cluster.objects.all()
    inner = (
        base.filter(
            Q(pk__in=added)
            | Q(
                Exact(OuterRef("scope_rule"), Value(ScopeRule.SUBTREE.value)),
                Q(region__path__startswith=OuterRef("region__path")),
                Q(Exact(OuterRef("scope_status"), Value("")) | Q(status=OuterRef("scope_status"))),
            )
        )
        .exclude(pk__in=excluded)
        .order_by()
        .values("pk")
    )
    return _CountSubquery(inner)


def describe(dataset: DataSet) -> str:
    """The scope rule in words, e.g. "河南省所辖全部省定产业集聚区，另增列2个、排除1个，自2025年1月起"."""
    from django.utils.translation import gettext as _

    from clusterzone.registry.choices import ClusterStatus

    if dataset.scope_rule == ScopeRule.SUBTREE:
        kind = ClusterStatus(dataset.scope_status).label if dataset.scope_status else _("集聚区")
        text = _("%(region)s所辖全部%(kind)s") % {"region": dataset.region.name, "kind": kind}
    else:
        text = _("仅指定的集聚区")
    added = dataset.clusters.count()
    excluded = dataset.excluded_clusters.count()
    if added:
        text += _("，增列%(n)d个") % {"n": added}
    if excluded:
        text += _("，排除%(n)d个") % {"n": excluded}
    if dataset.first_period:
        text += _("，自%(p)s起报送") % {"p": Period.parse(dataset.first_period).label}
    return text
