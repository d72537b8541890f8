from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from clusterzone.accounts.api.tokens import ApiTokenDetailView, ApiTokenListView
from clusterzone.accounts.api.views import OrgUnitViewSet, RegionViewSet, UserViewSet
from clusterzone.registry.api.views import ClusterViewSet, EnterpriseContactViewSet, EnterpriseViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("units", OrgUnitViewSet, basename="unit")
router.register("clusters", ClusterViewSet, basename="cluster")
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
router.register("users", UserViewSet, basename="user")
router.register("enterprise-contacts", EnterpriseContactViewSet, basename="enterprisecontact")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("clusterzone.reporting.api.urls")),
    path("", include("clusterzone.projects.api.urls")),
    path("", include("clusterzone.investment.api.urls")),
    path("", include("clusterzone.assessment.api.urls")),
    path("", include("clusterzone.approvals.api.urls")),
    path("", include("clusterzone.supervision.api.urls")),
    path("", include("clusterzone.evaluation.api.urls")),
    path("", include("clusterzone.finance.api.urls")),
    path("", include(router.urls)),
    path("", include("clusterzone.land.api.urls")),
    path("tokens/", ApiTokenListView.as_view(), name="api-tokens"),
    path("tokens/<str:token_key>/", ApiTokenDetailView.as_view(), name="api-token-detail"),
]
