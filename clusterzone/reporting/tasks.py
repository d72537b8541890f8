"""Background jobs of the reports (django-tasks, database backend; `clusterzone db_worker`)."""

from datetime import date

from django_tasks import task

from clusterzone.core.scheduling import periodic

from .notify import report_reminders_run


@periodic
@task()
def report_reminders(as_of: str | None = None) -> dict:
    return report_reminders_run(as_of=date.fromisoformat(as_of) if as_of else None)
