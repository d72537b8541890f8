from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "clusterzone.assessment"
    label = "assessment"
    verbose_name = _("考核评价")

    def ready(self):
        from clusterzone.core.signals import document_issued
        from clusterzone.registry.selectors import register_star_change_reader

        from . import subjects
        from .bulletins.notify import on_document_issued
        from .selectors import star_change_runs

        subjects.register_builtin()
        register_star_change_reader(star_change_runs)
        document_issued.connect(on_document_issued, dispatch_uid="assessment.bulletin_issued")
