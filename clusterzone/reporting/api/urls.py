"""API of statistical reporting, one module per area (api/entry, progress, catalog, status)."""

from . import catalog, entry, progress, status

urlpatterns = [*entry.urlpatterns, *progress.urlpatterns, *catalog.urlpatterns, *status.urlpatterns]
