from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "clusterzone.supervision"
    verbose_name = "督查督办"

    def ready(self):
        from clusterzone.core.signals import document_issued

        from . import tasks  # noqa: F401  (registers the periodic reminder job)
        from .notify import on_document_issued

        document_issued.connect(on_document_issued, dispatch_uid="supervision.bulletin_issued")
