from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("clusters/", views.ClusterListView.as_view(), name="cluster_list"),
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise_list"),
]
