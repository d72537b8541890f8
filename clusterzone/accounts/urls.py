from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("system/regions/", views.RegionListView.as_view(), name="region_list"),
    path("system/units/", views.UnitListView.as_view(), name="unit_list"),
    path("system/users/", views.UserListView.as_view(), name="user_list"),
]
