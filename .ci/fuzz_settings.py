"""Settings of the API fuzz pass (.ci/fuzz-api): the platform's settings, the schema built from
the models directly (no migration history: seconds instead of minutes), no throttling."""

from clusterzone.settings import *  # noqa: F403
from clusterzone.settings import REST_FRAMEWORK


class _NoMigrations(dict):
    def __contains__(self, item):
        return True

    def __getitem__(self, item):
        return None


MIGRATION_MODULES = _NoMigrations()
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
# no collectstatic here: the plain storage (the error pages name the vendored files)
STATICFILES_BACKEND = "django.contrib.staticfiles.storage.StaticFilesStorage"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": STATICFILES_BACKEND}}  # noqa: F405
