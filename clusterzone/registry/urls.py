from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("clusters/", views.ClusterListView.as_view(), name="cluster_list"),
    path("clusters/add/", views.ClusterFormView.as_view(), name="cluster_add"),
    path("clusters/<int:pk>/", views.ClusterDetailView.as_view(), name="cluster_detail"),
    path("clusters/<int:pk>/edit/", views.ClusterFormView.as_view(), name="cluster_edit"),
    path("clusters/<int:pk>/delete/", views.ClusterDeleteView.as_view(), name="cluster_delete"),
    path("clusters/<int:pk>/<str:what>/", views.ClusterChildView.as_view(), name="cluster_child"),
    path(
        "clusters/<int:pk>/<str:what>/<int:child_pk>/",
        views.ClusterChildView.as_view(),
        name="cluster_child_item",
    ),
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("enterprises/add/", views.EnterpriseFormView.as_view(), name="enterprise_add"),
    path("enterprises/<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.EnterpriseFormView.as_view(), name="enterprise_edit"),
    path("enterprises/<int:pk>/delete/", views.EnterpriseDeleteView.as_view(), name="enterprise_delete"),
]
