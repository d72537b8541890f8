"""Pages of the investment module (views/ holds one module per area, each with its urlpatterns)."""

from clusterzone.core import modelpages

from .views import chains, pages

app_name = "investment"

urlpatterns = [*modelpages.urls(app_name), *pages.urlpatterns, *chains.urlpatterns]
