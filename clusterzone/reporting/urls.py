"""Pages of statistical reporting, one module per area (views/entry, progress, catalog, status)."""

from clusterzone.core import modelpages

from .views import catalog, entry, progress, status

app_name = "reporting"

urlpatterns = [
    *modelpages.urls(app_name),
    *entry.urlpatterns,
    *progress.urlpatterns,
    *catalog.urlpatterns,
    *status.urlpatterns,
]
