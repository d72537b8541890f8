"""REST endpoints of land under /api/land/: land-policies, parcels (POST …/recover/ with the
decision's 文号), acquisition-plans, quotas, quota-allocations, enterprise-figures,
differentiated-policies, village-relocations, housing, landless-employment; and
GET /api/land/clusters/{code}/balance/ and …/idle/ (the land balance and idle land today or
on ?on=YYYY-MM-DD). Every list, detail, history, ETag/If-Match as for every model."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from clusterzone.accounts import policy
from clusterzone.core.api import ScopedModelViewSet
from clusterzone.core.exceptions import DomainError, PermissionDenied
from clusterzone.registry.models import Cluster

from .. import filters, selectors, services
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
from . import serializers as s


def _viewset(model_, pair, filterset, base, save=None, delete=None, doc=""):
    attrs = {
        "__doc__": doc or str(model_._meta.verbose_name),
        "model": model_,
        "serializer_class": pair[0],
        "input_serializer_class": pair[1],
        "filterset_class": filterset,
        "http_method_names": ["get", "post", "patch", "delete", "head", "options"],
        "service_object_name": "instance",
        "base_queryset": lambda self, user: base(user=user),
    }
    if save is not None:
        attrs["save_service"] = staticmethod(save)
    if delete is not None:
        attrs["delete_service"] = staticmethod(delete)
    return type(f"{model_.__name__}ViewSet", (ScopedModelViewSet,), attrs)


def _policy_save(*, actor, instance, data, reason=None):
    if instance.pk:
        return services.land_policy_update(actor=actor, instance=instance, data=data, reason=reason)
    return services.land_policy_save(actor=actor, cluster=data.pop("cluster"), data=data, reason=reason)


LandPolicyViewSet = _viewset(
    LandPolicy, s.LAND_POLICY, filters.LandPolicyFilter, selectors.land_policy_list, _policy_save,
    doc="供地政策（每个集聚区一条）：最低投资强度（万元/亩）、最低容积率、主导产业用地最低占比（%）、最低亩均税收、标准厂房规则、闲置认定期限（月）。",
)  # fmt: skip


class RecoverInput(serializers.Serializer):
    on = serializers.DateField()
    recovery_ref = serializers.CharField(max_length=100)
    reason = serializers.CharField(required=False, allow_blank=True)


class ParcelViewSet(
    _viewset(Parcel, s.PARCEL, filters.ParcelFilter, selectors.parcel_list, services.parcel_save)
):
    """地块：面积（亩）、规划用途、状态、供地、项目与企业；容积率、投资强度为计算值。收回请用 …/recover/。"""

    @extend_schema(request=RecoverInput, responses=s.PARCEL[0])
    @action(detail=True, methods=["post"])
    def recover(self, request, pk=None):
        """依法收回（闲置土地）：收回日期 on 与收回决定文号 recovery_ref。"""
        parcel = self.get_object()
        data = RecoverInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        parcel = services.parcel_recover(
            actor=request.user, parcel=parcel, on=d["on"], decision_ref=d["recovery_ref"],
            reason=d.get("reason") or None,
        )  # fmt: skip
        return Response(self.output_data(parcel))


AcquisitionPlanViewSet = _viewset(
    AcquisitionPlan, s.ACQUISITION, filters.AcquisitionPlanFilter, selectors.acquisition_plan_list,
    services.acquisition_plan_save,
)  # fmt: skip
LandQuotaViewSet = _viewset(
    LandQuota, s.QUOTA, filters.LandQuotaFilter, selectors.land_quota_list, services.land_quota_save,
    doc="建设用地指标（亩）；allocated 为各项分配之和（只读）。",
)  # fmt: skip
QuotaAllocationViewSet = _viewset(
    QuotaAllocation, s.ALLOCATION, filters.QuotaAllocationFilter, selectors.quota_allocation_list,
    services.quota_allocation_save, services.quota_allocation_delete,
)  # fmt: skip
EnterpriseFiguresViewSet = _viewset(
    EnterpriseFigures,
    s.FIGURES,
    filters.EnterpriseFiguresFilter,
    selectors.figures_list,
    services.figures_save,
)
DifferentiatedPolicyViewSet = _viewset(
    DifferentiatedPolicy, s.TERMS, filters.DifferentiatedPolicyFilter, selectors.differentiated_policy_list,
    services.differentiated_policy_save,
)  # fmt: skip
VillageRelocationViewSet = _viewset(
    VillageRelocation, s.VILLAGE, filters.VillageRelocationFilter, selectors.village_relocation_list,
    services.village_relocation_save,
)  # fmt: skip
HousingViewSet = _viewset(
    Housing, s.HOUSING, filters.HousingFilter, selectors.housing_list, services.housing_save
)
LandlessEmploymentViewSet = _viewset(
    LandlessEmployment, s.EMPLOYMENT, filters.LandlessEmploymentFilter, selectors.landless_employment_list,
    services.landless_employment_save,
)  # fmt: skip


def _cluster(request, code):
    if not policy.may(request.user, "view", "parcel"):
        raise PermissionDenied()
    cluster = policy.scope(request.user, Cluster).filter(code=code).first()
    if cluster is None:
        raise Http404(_("对象不存在或不在您的权限范围内。"))
    return cluster


def _on(request) -> date:
    text = request.query_params.get("on")
    if not text:
        return timezone.localdate()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DomainError(_("日期格式应为 YYYY-MM-DD。"), field="on")


class ClusterBalanceView(APIView):
    @extend_schema(responses=s.LandBalanceSerializer)
    def get(self, request, code):
        """集聚区土地收支（亩）与主导产业用地占比。"""
        balance = selectors.land_balance(user=request.user, cluster=_cluster(request, code), on=_on(request))
        return Response(s.LandBalanceSerializer(balance).data)


class ClusterIdleView(APIView):
    @extend_schema(responses=s.IdleParcelSerializer(many=True))
    def get(self, request, code):
        """闲置土地：已供应未开工且超过闲置认定期限的地块，及闲置天数。"""
        idle = selectors.idle_parcels(user=request.user, on=_on(request), cluster=_cluster(request, code))
        return Response(s.IdleParcelSerializer(idle, many=True).data)


class ClusterProgressView(APIView):
    @extend_schema(
        responses=inline_serializer(
            "AcquisitionProgress",
            {"year": serializers.IntegerField(), "planned": serializers.DecimalField(14, 2),
             "acquired": serializers.DecimalField(14, 2), "cumulative_planned": serializers.DecimalField(14, 2),
             "cumulative_acquired": serializers.DecimalField(14, 2)},
            many=True,
        )
    )  # fmt: skip
    def get(self, request, code):
        """征收进度：按年度计划征收与已征收（亩）及累计。"""
        rows = selectors.acquisition_progress(user=request.user, cluster=_cluster(request, code))
        return Response(
            [
                {"year": r.year, "planned": str(r.planned), "acquired": str(r.acquired),
                 "cumulative_planned": str(r.cumulative_planned), "cumulative_acquired": str(r.cumulative_acquired)}
                for r in rows
            ]
        )  # fmt: skip


router = SimpleRouter()
router.register("land/policies", LandPolicyViewSet, basename="land-policy")
router.register("land/parcels", ParcelViewSet, basename="land-parcel")
router.register("land/acquisition-plans", AcquisitionPlanViewSet, basename="land-acquisition")
router.register("land/quotas", LandQuotaViewSet, basename="land-quota")
router.register("land/quota-allocations", QuotaAllocationViewSet, basename="land-allocation")
router.register("land/enterprise-figures", EnterpriseFiguresViewSet, basename="land-figures")
router.register("land/differentiated-policies", DifferentiatedPolicyViewSet, basename="land-terms")
router.register("land/village-relocations", VillageRelocationViewSet, basename="land-village")
router.register("land/housing", HousingViewSet, basename="land-housing")
router.register("land/landless-employment", LandlessEmploymentViewSet, basename="land-employment")

from django.urls import path  # noqa: E402

urlpatterns = [
    path("land/clusters/<str:code>/balance/", ClusterBalanceView.as_view(), name="land-balance"),
    path("land/clusters/<str:code>/idle/", ClusterIdleView.as_view(), name="land-idle"),
    path(
        "land/clusters/<str:code>/acquisition/",
        ClusterProgressView.as_view(),
        name="land-acquisition-progress",
    ),
    *router.urls,
]
