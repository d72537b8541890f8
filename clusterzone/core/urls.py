from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("import/<str:kind>/", views.ImportView.as_view(), name="import"),
    path("healthz", views.healthz, name="healthz"),
]
