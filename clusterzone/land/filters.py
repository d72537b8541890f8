"""One FilterSet per listed land model, shared by the list page, the API and the export."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts.filters import RegionSubtreeFilter
from clusterzone.registry.filters import ClusterPickFilter

from .choices import EmploymentKind, EvaluationClass, HousingKind, ParcelStatus, PlannedUse
from .models import (
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


def _cluster_filterset(model_, extra=(), **declared):
    attrs = {
        "cluster": ClusterPickFilter(field_name="cluster__code", label=_("集聚区")),
        "region": RegionSubtreeFilter(field_name="cluster__region", label=_("行政区划代码")),
        **declared,
        "Meta": type("Meta", (), {"model": model_, "fields": ["cluster", "region", *extra, *declared]}),
    }
    return type(f"{model_.__name__}Filter", (django_filters.FilterSet,), attrs)


def _region_filterset(model_, **declared):
    attrs = {
        "region": RegionSubtreeFilter(field_name="region", label=_("行政区划代码")),
        **declared,
        "Meta": type("Meta", (), {"model": model_, "fields": ["region", *declared]}),
    }
    return type(f"{model_.__name__}Filter", (django_filters.FilterSet,), attrs)


def _year():
    return django_filters.NumberFilter(field_name="year", label=_("年度"))


LandPolicyFilter = _cluster_filterset(LandPolicy)


class ParcelFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q")
    cluster = ClusterPickFilter(field_name="cluster__code", label=_("集聚区"))
    region = RegionSubtreeFilter(field_name="cluster__region", label=_("行政区划代码"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ParcelStatus.choices, empty_label=_("全部"))
    planned_use = django_filters.ChoiceFilter(
        label=_("规划用途"), choices=PlannedUse.choices, empty_label=_("全部")
    )

    class Meta:
        model = Parcel
        fields = ["q", "cluster", "region", "status", "planned_use"]

    def filter_q(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(Q(code__icontains=value) | Q(enterprise__name__icontains=value))


AcquisitionPlanFilter = _cluster_filterset(AcquisitionPlan, year=_year())
LandQuotaFilter = _region_filterset(LandQuota, year=_year())
QuotaAllocationFilter = _cluster_filterset(
    QuotaAllocation, year=django_filters.NumberFilter(field_name="quota__year", label=_("年度"))
)
EnterpriseFiguresFilter = type(
    "EnterpriseFiguresFilter",
    (django_filters.FilterSet,),
    {
        "cluster": ClusterPickFilter(field_name="enterprise__cluster__code", label=_("集聚区")),
        "region": RegionSubtreeFilter(field_name="enterprise__cluster__region", label=_("行政区划代码")),
        "year": _year(),
        "Meta": type("Meta", (), {"model": EnterpriseFigures, "fields": ["cluster", "region", "year"]}),
    },
)
DifferentiatedPolicyFilter = _region_filterset(
    DifferentiatedPolicy,
    klass=django_filters.ChoiceFilter(
        label=_("类别"), choices=EvaluationClass.choices, empty_label=_("全部")
    ),
)
VillageRelocationFilter = _cluster_filterset(VillageRelocation)
HousingFilter = _cluster_filterset(
    Housing,
    kind=django_filters.ChoiceFilter(label=_("类型"), choices=HousingKind.choices, empty_label=_("全部")),
)
LandlessEmploymentFilter = _cluster_filterset(
    LandlessEmployment,
    year=_year(),
    kind=django_filters.ChoiceFilter(label=_("类型"), choices=EmploymentKind.choices, empty_label=_("全部")),
)
