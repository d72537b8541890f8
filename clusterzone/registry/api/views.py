"""REST endpoints of clusters and enterprises: querysets from the registry selectors (which
start from the policy's scope), filters from registry.filters, writes through the services."""

from django.db.models import Prefetch

from clusterzone.core.api import ScopedModelViewSet

from .. import selectors, services
from ..filters import ClusterFilter, EnterpriseContactFilter, EnterpriseFilter
from ..models import Cluster, Enterprise, EnterpriseContact, SubZone
from .serializers import (
    ClusterDetailSerializer,
    ClusterInputSerializer,
    ClusterSerializer,
    EnterpriseContactInputSerializer,
    EnterpriseContactSerializer,
    EnterpriseInputSerializer,
    EnterpriseSerializer,
)


class ClusterViewSet(ScopedModelViewSet):
    """产业集聚区. Filters: `region` (code, with its subtree), `status`, `star`, `industry`
    (leading-industry category id), `code`, `q`; `search` on name and code."""

    model = Cluster
    serializer_class = ClusterSerializer
    input_serializer_class = ClusterInputSerializer
    filterset_class = ClusterFilter
    search_fields = ["name", "code"]
    ordering_fields = [
        "code",
        "name",
        "region__code",
        "status",
        "star",
        "planned_area",
        "built_area",
        "founded",
        "enterprise_count",
        "updated_at",
    ]
    ordering = ["region__code", "code"]
    service_object_name = "cluster"
    create_service = staticmethod(services.cluster_create)
    update_service = staticmethod(services.cluster_update)
    delete_service = staticmethod(services.cluster_delete)

    def base_queryset(self, user):
        return selectors.cluster_list(user=user)

    def optimize_queryset(self, qs):
        return qs.prefetch_related(Prefetch("subzones", queryset=SubZone.objects.order_by("id")))

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ClusterDetailSerializer
        return super().get_serializer_class()


class EnterpriseViewSet(ScopedModelViewSet):
    """企业. Filters: `cluster` (code), `region` (code, with its subtree), `industry`
    (division code), the four flags, `q`; `search` on name, credit code and organisation code."""

    model = Enterprise
    serializer_class = EnterpriseSerializer
    input_serializer_class = EnterpriseInputSerializer
    filterset_class = EnterpriseFilter
    search_fields = ["name", "credit_code", "org_code"]
    ordering_fields = [
        "name",
        "credit_code",
        "org_code",
        "cluster__code",
        "industry__code",
        "employees",
        "registered_capital",
        "updated_at",
    ]
    ordering = ["cluster__code", "name"]
    service_object_name = "enterprise"
    create_service = staticmethod(services.enterprise_create)
    update_service = staticmethod(services.enterprise_update)
    delete_service = staticmethod(services.enterprise_delete)

    def base_queryset(self, user):
        return selectors.enterprise_list(user=user)


class EnterpriseContactViewSet(ScopedModelViewSet):
    """领导联系企业 (挂牌保护). Filters: `cluster` (code), `region` (code, with its subtree),
    `leader` (user name), `protected`."""

    model = EnterpriseContact
    serializer_class = EnterpriseContactSerializer
    input_serializer_class = EnterpriseContactInputSerializer
    filterset_class = EnterpriseContactFilter
    ordering_fields = ["since", "enterprise__name", "enterprise__cluster__code", "updated_at"]
    ordering = ["enterprise__cluster__code", "enterprise__name"]
    service_object_name = "contact"
    create_service = staticmethod(services.contact_create)
    update_service = staticmethod(services.contact_update)
    delete_service = staticmethod(services.contact_delete)

    def base_queryset(self, user):
        return selectors.contact_list(user=user)
