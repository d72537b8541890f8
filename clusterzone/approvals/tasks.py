"""Background wrappers (django-tasks, database backend; worker `clusterzone db_worker`)."""

from datetime import date

from django_tasks import task

from clusterzone.core.scheduling import periodic


@periodic
@task()
def case_reminders(as_of: str | None = None) -> dict:
    """Overdue cases into the problem ledger, reminders of cases due soon."""
    from .reminders import case_reminders_run

    return case_reminders_run(as_of=date.fromisoformat(as_of) if as_of else None)
