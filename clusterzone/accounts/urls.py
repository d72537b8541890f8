from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("system/regions/", views.RegionListView.as_view(), name="region_list"),
    path("system/regions/add/", views.RegionFormView.as_view(), name="region_add"),
    path("system/regions/<int:pk>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("system/regions/<int:pk>/edit/", views.RegionFormView.as_view(), name="region_edit"),
    path("system/regions/<int:pk>/delete/", views.RegionDeleteView.as_view(), name="region_delete"),
    path("system/units/", views.UnitListView.as_view(), name="unit_list"),
    path("system/units/add/", views.UnitFormView.as_view(), name="unit_add"),
    path("system/units/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("system/units/<int:pk>/edit/", views.UnitFormView.as_view(), name="unit_edit"),
    path("system/units/<int:pk>/delete/", views.UnitDeleteView.as_view(), name="unit_delete"),
    path("system/users/", views.UserListView.as_view(), name="user_list"),
    path("system/users/add/", views.UserFormView.as_view(), name="user_add"),
    path("system/users/<int:pk>/edit/", views.UserFormView.as_view(), name="user_edit"),
]
