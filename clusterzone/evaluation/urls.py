from clusterzone.core import modelpages

from .views import urlpatterns as _result_urls

app_name = "evaluation"

urlpatterns = [*modelpages.urls(app_name), *_result_urls]
