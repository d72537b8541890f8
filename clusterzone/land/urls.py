"""Pages of land: the declared standard pages (core.modelpages) and the hand-written ones."""

from django.urls import path

from clusterzone.core import modelpages

from . import views

app_name = "land"

urlpatterns = [
    *modelpages.urls(app_name),
    path("parcels/<int:pk>/recover/", views.ParcelRecoverView.as_view(), name="parcel_recover"),
    path("cluster/<str:code>/", views.ClusterLandView.as_view(), name="cluster"),
    path("evaluation/", views.EvaluationView.as_view(), name="evaluation"),
]
