"""Background wrappers (django-tasks, database backend; worker `clusterzone db_worker`)."""

from datetime import date

from django_tasks import task

from clusterzone.core.scheduling import periodic

from .interviews import interviews_run
from .reminders import action_reminders_run, problem_reminders_run


@periodic
@task()
def problem_reminders(as_of: str | None = None) -> dict:
    return problem_reminders_run(as_of=date.fromisoformat(as_of) if as_of else None)


@periodic
@task()
def action_reminders(as_of: str | None = None) -> dict:
    return action_reminders_run(as_of=date.fromisoformat(as_of) if as_of else None)


@periodic
@task()
def interview_list(as_of: str | None = None) -> dict:
    """约谈名单: units red at two monthly checks in a row (supervision.interviews)."""
    return interviews_run(as_of=date.fromisoformat(as_of) if as_of else None)
