from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "clusterzone.approvals"
    label = "approvals"
    verbose_name = _("企业服务")

    def ready(self):
        from . import importers, tasks  # noqa: F401
