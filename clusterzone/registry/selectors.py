"""Reads of the registry, always starting from the policy's scope, with constant query counts."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext

from clusterzone.accounts import policy

from .choices import STAR_CHOICES, ClusterStatus
from .models import Cluster, ClusterIndustry, Enterprise, EnterpriseContact


def cluster_list(*, user):
    return (
        policy.scope(user, Cluster)
        .select_related("region", "region__parent", "committee")
        .prefetch_related(
            Prefetch(
                "leading_industries",
                queryset=ClusterIndustry.objects.select_related("category").order_by("-role", "id"),
            )
        )
        .annotate(enterprise_count=Count("enterprises", distinct=True))
    )


def cluster_detail(*, user, pk):
    return cluster_list(user=user).prefetch_related("subzones").get(pk=pk)


def enterprise_list(*, user):
    return policy.scope(user, Enterprise).select_related("cluster", "cluster__region", "industry")


def home_summary(*, user) -> dict:
    clusters = policy.scope(user, Cluster)
    enterprises = policy.scope(user, Enterprise)
    c = clusters.aggregate(
        total=Count("id"),
        provincial=Count("id", filter=Q(status=ClusterStatus.PROVINCIAL)),
        city_park=Count("id", filter=Q(status=ClusterStatus.CITY_PARK)),
        **{f"star_{level}": Count("id", filter=Q(star=level)) for level, _ in STAR_CHOICES},
    )
    e = enterprises.aggregate(
        total=Count("id"),
        above_size=Count("id", filter=Q(above_size=True)),
        high_tech=Count("id", filter=Q(high_tech=True)),
        leading=Count("id", filter=Q(leading=True)),
    )
    by_star = [
        {"level": level, "label": str(label), "count": c[f"star_{level}"]} for level, label in STAR_CHOICES
    ]
    by_status = [
        {
            "status": ClusterStatus.PROVINCIAL,
            "label": str(ClusterStatus.PROVINCIAL.label),
            "count": c["provincial"],
        },
        {
            "status": ClusterStatus.CITY_PARK,
            "label": str(ClusterStatus.CITY_PARK.label),
            "count": c["city_park"],
        },
    ]
    return {"clusters": c["total"], "enterprises": e, "by_star": by_star, "by_status": by_status}


def contact_list(*, user):
    """Leaders following enterprises (领导联系企业) within the user's scope."""
    return policy.scope(user, EnterpriseContact).select_related("enterprise", "enterprise__cluster", "leader")


# --- star history ------------------------------------------------------------------------

# The apps that change star levels (the assessment's published runs) name what made a change:
# each registered reader receives the changes, with their history reasons, and fills in
# change["run"] for the ones it recognises, in one query whatever their number. They register
# when they start (AppConfig.ready); the registry never imports them.
STAR_CHANGE_READERS: list = []


def register_star_change_reader(reader) -> None:
    if reader not in STAR_CHANGE_READERS:
        STAR_CHANGE_READERS.append(reader)


def star_history(*, cluster: Cluster) -> list[dict]:
    """Every change of the cluster's star level, newest first, from its change history: the
    levels before and after, when, who, the reason and the assessment run that made it (None
    for a change by hand). Two queries whatever the length."""
    records = list(cluster.history.select_related("history_user").order_by("history_date", "history_id"))
    labels = dict(STAR_CHOICES)
    changes, before = [], None
    for rec in records:
        if (before is None and rec.star) or (before is not None and rec.star != before):
            changes.append(
                {
                    "date": rec.history_date,
                    "from": before,
                    "from_display": str(labels.get(before, "")) if before is not None else "",
                    "to": rec.star,
                    "to_display": str(labels.get(rec.star, rec.star)),
                    "user": str(rec.history_user) if rec.history_user else gettext("系统"),
                    "reason": rec.history_change_reason or "",
                    "run": None,
                }
            )
        before = rec.star
    for reader in STAR_CHANGE_READERS:
        reader(changes)
    return changes[::-1]
