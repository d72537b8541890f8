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

        from clusterzone.projects import selectors as project_selectors

        from .selectors import policy_min_intensity

        project_selectors.set_intensity_source(policy_min_intensity)
