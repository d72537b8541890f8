from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "clusterzone.projects"
    label = "projects"
    verbose_name = _("项目")

    def ready(self):
        # register the importers (projects, milestones, investments, quotas, unit-quotas)
        from . import importers  # noqa: F401
