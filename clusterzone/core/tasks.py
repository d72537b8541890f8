"""Background wrappers of core (django-tasks, database backend; worker `clusterzone db_worker`)."""

from django_tasks import task


@task()
def run_import_job(job_id: int) -> str:
    from . import jobs

    return jobs.job_run(job_id)


@task()
def run_export_job(job_id: int) -> str:
    from . import jobs

    return jobs.export_run(job_id)
