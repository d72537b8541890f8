"""Pages of assessment and ranking, one module per area (views/schemes_runs, views/benchmarks_bulletins)."""

from .views import benchmarks_bulletins, schemes_runs

app_name = "assessment"

urlpatterns = [*schemes_runs.urlpatterns, *benchmarks_bulletins.urlpatterns]
