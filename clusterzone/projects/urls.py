"""Pages of the projects module (views/ holds one module per area, each with its urlpatterns)."""

from clusterzone.core import modelpages

from .views import pages

app_name = "projects"

urlpatterns = [*modelpages.urls(app_name), *pages.urlpatterns]
