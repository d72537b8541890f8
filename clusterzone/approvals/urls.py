"""Pages of the approval service: the declared standard pages (approvals/pages.py) and the
hand-written ones (a case's acts, a project's plan, the statistics)."""

from clusterzone.core import modelpages

from .views import pages

app_name = "approvals"

urlpatterns = [*modelpages.urls(app_name), *pages.urlpatterns]
