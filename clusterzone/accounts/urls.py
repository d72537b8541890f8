from django.urls import path

from clusterzone.core import modelpages

from .token_views import my_tokens

app_name = "accounts"

urlpatterns = [*modelpages.urls(app_name), path("tokens/", my_tokens, name="my_tokens")]
