"""Every write to the registry (clusters, sub-zones, leading industries, enterprises)."""

from __future__ import annotations

from django.db import transaction

from clusterzone.core.services import instance_delete, instance_save

from .models import Cluster, ClusterIndustry, Enterprise, EnterpriseContact, SubZone


def cluster_create(*, actor, data: dict, reason: str | None = None) -> Cluster:
    return instance_save(Cluster(), actor=actor, data=data, reason=reason)


def cluster_update(*, actor, cluster: Cluster, data: dict, reason: str | None = None) -> Cluster:
    return instance_save(cluster, actor=actor, data=data, reason=reason)


def cluster_delete(*, actor, cluster: Cluster, reason: str | None = None) -> None:
    instance_delete(cluster, actor=actor, reason=reason)


def subzone_save(*, actor, subzone: SubZone, data: dict, reason: str | None = None) -> SubZone:
    return instance_save(subzone, actor=actor, data=data, reason=reason)


def subzone_delete(*, actor, subzone: SubZone) -> None:
    instance_delete(subzone, actor=actor)


@transaction.atomic
def cluster_industry_set(*, actor, cluster: Cluster, category, role: str) -> ClusterIndustry:
    link = ClusterIndustry.objects.filter(cluster=cluster, category=category).first() or ClusterIndustry(
        cluster=cluster, category=category
    )
    return instance_save(link, actor=actor, data={"role": role})


def cluster_industry_delete(*, actor, link: ClusterIndustry) -> None:
    instance_delete(link, actor=actor)


def enterprise_create(*, actor, data: dict, reason: str | None = None) -> Enterprise:
    return instance_save(Enterprise(), actor=actor, data=data, reason=reason)


def enterprise_update(*, actor, enterprise: Enterprise, data: dict, reason: str | None = None) -> Enterprise:
    return instance_save(enterprise, actor=actor, data=data, reason=reason)


def enterprise_delete(*, actor, enterprise: Enterprise, reason: str | None = None) -> None:
    instance_delete(enterprise, actor=actor, reason=reason)


def contact_save(
    *, actor, contact: EnterpriseContact, data: dict, reason: str | None = None
) -> EnterpriseContact:
    """Assign a leader to a key enterprise (领导联系企业) or change the 挂牌保护 status."""
    return instance_save(contact, actor=actor, data=data, reason=reason)


def contact_delete(*, actor, contact: EnterpriseContact, reason: str | None = None) -> None:
    instance_delete(contact, actor=actor, reason=reason)


def contact_create(*, actor, data: dict, reason: str | None = None) -> EnterpriseContact:
    return contact_save(actor=actor, contact=EnterpriseContact(), data=data, reason=reason)


def contact_update(
    *, actor, contact: EnterpriseContact, data: dict, reason: str | None = None
) -> EnterpriseContact:
    return contact_save(actor=actor, contact=contact, data=data, reason=reason)
