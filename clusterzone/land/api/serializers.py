"""Serializers of land. A cluster is given by its code, a region by its code, an enterprise
by its 统一社会信用代码 (or id on output), a project by its code; every relation is looked up in
the user's scope. Areas in 亩, money in 万元 (decimal strings). A quota's `allocated` is
read-only: the sum of its allocations."""

from __future__ import annotations

from rest_framework import serializers

from clusterzone.accounts.models import Region
from clusterzone.core.api import InputSerializer, ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from clusterzone.projects.models import Project
from clusterzone.registry.models import Cluster, Enterprise

from ..models import (
    AcquisitionPlan,
    DifferentiatedPolicy,
    EnterpriseFigures,
    Housing,
    LandlessEmployment,
    LandPolicy,
    LandQuota,
    Parcel,
    QuotaAllocation,
    VillageRelocation,
)


def _cluster_field(**kw):
    return ScopedSlugRelatedField(slug_field="code", queryset=Cluster.objects.all(), **kw)


def _region_field(**kw):
    return ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.all(), **kw)


def pair(model_, fields, read_only=(), extra_out=None, extra_in=None):
    """(output serializer, input serializer) of a land model."""
    relations = {}
    names = {f.name for f in model_._meta.get_fields() if f.is_relation}
    if "cluster" in names:
        relations["cluster"] = lambda: _cluster_field()
    if "region" in names:
        relations["region"] = lambda: _region_field()
    if "enterprise" in names:
        relations["enterprise"] = lambda: ScopedSlugRelatedField(
            slug_field="credit_code", queryset=Enterprise.objects.all(), required=model_ is EnterpriseFigures,
            allow_null=model_ is not EnterpriseFigures,
        )  # fmt: skip
    if "project" in names:
        relations["project"] = lambda: ScopedSlugRelatedField(
            slug_field="code", queryset=Project.objects.all(), required=False, allow_null=True
        )
    if "quota" in names:
        relations["quota"] = lambda: ScopedPrimaryKeyRelatedField(queryset=LandQuota.objects.all())
    if "enterprises" in names:
        relations["enterprises"] = lambda: ScopedSlugRelatedField(
            slug_field="credit_code", queryset=Enterprise.objects.all(), many=True, required=False
        )
    out_attrs = {k: v() for k, v in relations.items()}
    out_attrs.update(extra_out or {})
    out_meta = type("Meta", (), {"model": model_, "fields": ["id", *fields, *(extra_out or {}), "lock_version",
                                                              "updated_at"], "read_only_fields": ["id", "lock_version", "updated_at", *read_only]})  # fmt: skip
    out = type(
        f"{model_.__name__}Serializer", (serializers.ModelSerializer,), {**out_attrs, "Meta": out_meta}
    )
    in_attrs = {k: v() for k, v in relations.items()}
    in_attrs.update(extra_in or {})
    in_fields = [f for f in fields if f not in read_only]
    in_meta = type("Meta", (), {"model": model_, "fields": [*in_fields, "reason"]})
    inp = type(f"{model_.__name__}InputSerializer", (InputSerializer,), {**in_attrs, "Meta": in_meta})
    return out, inp


D = serializers.DecimalField
LAND_POLICY = pair(
    LandPolicy,
    ["cluster", "min_intensity", "min_plot_ratio", "min_leading_share", "min_tax_per_mu",
     "standard_factory_below", "idle_months", "notes"],
)  # fmt: skip
PARCEL = pair(
    Parcel,
    ["cluster", "code", "area", "planned_use", "status", "supply_date", "price", "project", "enterprise",
     "leading_industry", "planned_start", "actual_start", "building_area", "recovered_on", "recovery_ref"],
    read_only=("recovered_on", "recovery_ref"),
    extra_out={
        "hectares": D(max_digits=14, decimal_places=4, read_only=True),
        "plot_ratio": D(max_digits=10, decimal_places=2, read_only=True),
        "intensity": D(max_digits=14, decimal_places=2, read_only=True),
    },
)  # fmt: skip
ACQUISITION = pair(AcquisitionPlan, ["cluster", "year", "planned", "acquired"])
QUOTA = pair(
    LandQuota,
    ["region", "year", "quota", "allocated"],
    read_only=("allocated",),
    extra_out={"remaining": D(max_digits=14, decimal_places=2, read_only=True)},
)
ALLOCATION = pair(QuotaAllocation, ["quota", "cluster", "recipient", "area", "allocated_on"])
FIGURES = pair(
    EnterpriseFigures,
    ["enterprise", "year", "land_area", "tax", "value_added", "revenue", "energy", "employees", "rnd"],
)
TERMS = pair(DifferentiatedPolicy, ["region", "klass", "land", "power", "water", "discharge", "credit"])
VILLAGE = pair(
    VillageRelocation,
    ["cluster", "phase", "villages", "village_count", "households", "people", "land_freed",
     "moved_households", "planned_finish", "notes"],
    extra_out={"progress": D(max_digits=8, decimal_places=2, read_only=True)},
)  # fmt: skip
HOUSING = pair(
    Housing, ["cluster", "kind", "name", "floor_area", "flats", "completed_flats", "capacity", "completion"]
)
EMPLOYMENT = pair(
    LandlessEmployment, ["cluster", "year", "kind", "person_times", "training_unit", "enterprises", "notes"]
)


class IdleParcelSerializer(serializers.Serializer):
    parcel = serializers.IntegerField(source="parcel.pk")
    code = serializers.CharField(source="parcel.code")
    cluster = serializers.CharField(source="parcel.cluster.code")
    area = D(max_digits=12, decimal_places=2, source="parcel.area")
    supply_date = serializers.DateField(source="parcel.supply_date")
    idle_from = serializers.DateField()
    days_idle = serializers.IntegerField()


class LandBalanceSerializer(serializers.Serializer):
    cluster = serializers.CharField(source="cluster.code")
    planned = D(max_digits=14, decimal_places=2)
    reserve = D(max_digits=14, decimal_places=2)
    acquired = D(max_digits=14, decimal_places=2)
    supplied = D(max_digits=14, decimal_places=2)
    idle = D(max_digits=14, decimal_places=2)
    recovered = D(max_digits=14, decimal_places=2)
    leading_share = D(max_digits=8, decimal_places=2, allow_null=True)
    leading_ok = serializers.BooleanField(allow_null=True)
