"""Pages of the investment module (views/ holds one module per area, each with its urlpatterns)."""

from .views import chains, clocks, pages

app_name = "investment"

urlpatterns = [*pages.urlpatterns, *chains.urlpatterns, *clocks.urlpatterns]
