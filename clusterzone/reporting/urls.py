"""Pages of statistical reporting, one module per area (views/entry, progress, catalog, status)."""

from .views import catalog, entry, plans, progress, status

app_name = "reporting"

urlpatterns = [
    *entry.urlpatterns,
    *progress.urlpatterns,
    *plans.urlpatterns,
    *catalog.urlpatterns,
    *status.urlpatterns,
]
