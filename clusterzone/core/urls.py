from django.urls import path

from . import modelpages, views, views_documents

app_name = "core"

urlpatterns = [
    path("import/<str:kind>/", views.ImportView.as_view(), name="import"),
    path("documents/", views_documents.DocumentListView.as_view(), name="document_list"),
    path("documents/<int:pk>/<str:fmt>/", views_documents.DocumentFileView.as_view(), name="document_file"),
    path("healthz", views.healthz, name="healthz"),
    path("import-jobs/", views.ImportJobListView.as_view(), name="import_jobs"),
    path("import-jobs/<int:pk>/", views.ImportJobView.as_view(), name="import_job"),
    path("import-jobs/<int:pk>/errors.xlsx", views.ImportJobErrorsView.as_view(), name="import_job_errors"),
    path("export-jobs/<int:pk>/", views.ExportJobView.as_view(), name="export_job"),
    *modelpages.urls(app_name),
]
