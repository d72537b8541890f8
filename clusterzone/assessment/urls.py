"""Pages of assessment and ranking, one module per area (views/schemes_runs, views/benchmarks_bulletins)."""

from .views import benchmarks_bulletins, bulletin_issue, schemes_runs

app_name = "assessment"

urlpatterns = [*schemes_runs.urlpatterns, *benchmarks_bulletins.urlpatterns, *bulletin_issue.urlpatterns]
