from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandConfig(AppConfig):
    name = "clusterzone.land"
    label = "land"
    verbose_name = _("土地与亩均效益")

    def ready(self):
        from clusterzone.assessment import subjects

        from . import evaluation, importers  # noqa: F401

        subjects.register(evaluation.enterprise_subject())
