"""Background wrappers (django-tasks, database backend; worker `clusterzone db_worker`)."""

from datetime import date

from django_tasks import task

from clusterzone.core.scheduling import periodic

from .reminders import action_reminders_run, problem_reminders_run


@periodic
@task()
def problem_reminders(as_of: str | None = None) -> dict:
    return problem_reminders_run(as_of=date.fromisoformat(as_of) if as_of else None)


@periodic
@task()
def action_reminders(as_of: str | None = None) -> dict:
    return action_reminders_run(as_of=date.fromisoformat(as_of) if as_of else None)
