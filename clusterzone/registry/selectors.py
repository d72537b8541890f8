"""Reads of the registry, always starting from the policy's scope, with constant query counts."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q

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
