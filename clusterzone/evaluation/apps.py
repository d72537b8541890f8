from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "clusterzone.evaluation"
    label = "evaluation"
    verbose_name = _("行风评议")

    def ready(self):
        from clusterzone.assessment import subjects
        from clusterzone.supervision import statistics as supervision_statistics

        from . import selectors, subject

        # organisation units as a subject of the one assessment engine
        subjects.register(subject.unit_subject())
        # the monthly 督查通报 names the bottom-rated units of the month
        supervision_statistics.set_bottom_units_source(selectors.bottom_units_for_bulletin)
