from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    """The top floor: pages that gather several apps (the workbench). It imports the domain
    apps; no app imports it."""

    name = "clusterzone.workbench"
    label = "workbench"
    verbose_name = _("工作台")
