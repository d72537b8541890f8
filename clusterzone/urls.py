from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("产业集聚区建设管理平台")
# the admin site is for superusers only (staff flags alone do not open it)
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

urlpatterns = [
    path("", include("clusterzone.workbench.urls")),
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("clusterzone.core.urls")),
    path("", include("clusterzone.registry.urls")),
    path("", include("clusterzone.accounts.urls")),
    path("reporting/", include("clusterzone.reporting.urls")),
    path("projects/", include("clusterzone.projects.urls")),
    path("investment/", include("clusterzone.investment.urls")),
    path("assessment/", include("clusterzone.assessment.urls")),
    path("finance/", include("clusterzone.finance.urls")),
    path("supervision/", include("clusterzone.supervision.urls")),
    path("evaluation/", include("clusterzone.evaluation.urls")),
    path("notifications/", include("clusterzone.notifications.urls")),
    path("approvals/", include("clusterzone.approvals.urls")),
    path("api/", include("clusterzone.api.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("land/", include("clusterzone.land.urls")),
]
