"""Background wrappers (django-tasks, database backend; worker `clusterzone db_worker`)."""

from django_tasks import task

from . import services


@task()
def deliver(delivery_id: int) -> str:
    return services.delivery_send(delivery_id)
