"""Pages of the approval service."""

from .views import pages

app_name = "approvals"

urlpatterns = [*pages.urlpatterns]
