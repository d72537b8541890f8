from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "clusterzone.supervision"
    verbose_name = "督查督办"

    def ready(self):
        from . import tasks  # noqa: F401  (registers the periodic reminder job)
