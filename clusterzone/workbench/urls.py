from django.urls import path

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("workbench/remind/", views.RemindView.as_view(), name="workbench_remind"),
]
