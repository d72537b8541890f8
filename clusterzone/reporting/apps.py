from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "clusterzone.reporting"
    label = "reporting"
    verbose_name = _("统计报表")

    def ready(self):
        from clusterzone.core import figures

        from . import tasks  # noqa: F401  (registers the periodic report reminders)
        from .prefill import source_queryset

        figures.register(source_queryset)  # the list pages a pre-filled figure links to
