from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "clusterzone.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self):
        # every app's model pages (<app>/pages.py) and importers, declared once at start-up
        from .modelpages import autodiscover

        autodiscover()
