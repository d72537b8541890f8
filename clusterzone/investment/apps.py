from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestmentConfig(AppConfig):
    name = "clusterzone.investment"
    label = "investment"
    verbose_name = _("招商")

    def ready(self):
        from . import signals
        from .selectors import register_assessment_sources

        register_assessment_sources()
        signals.connect()
