from django.urls import path

from clusterzone.core import modelpages

from . import views

app_name = "registry"

urlpatterns = [
    *modelpages.urls(app_name),
    path("clusters/<int:pk>/<str:what>/", views.ClusterChildView.as_view(), name="cluster_child"),
    path(
        "clusters/<int:pk>/<str:what>/<int:child_pk>/",
        views.ClusterChildView.as_view(),
        name="cluster_child_item",
    ),
]
