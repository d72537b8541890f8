from . import benchmarks_bulletins, schemes_runs

urlpatterns = [*schemes_runs.urlpatterns, *benchmarks_bulletins.urlpatterns]
