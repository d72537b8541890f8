from clusterzone.core import modelpages

app_name = "accounts"

urlpatterns = [*modelpages.urls(app_name)]
