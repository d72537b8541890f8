"""Pages of the projects module (views/ holds one module per area, each with its urlpatterns)."""

from .views import pages

app_name = "projects"

urlpatterns = [*pages.urlpatterns]
