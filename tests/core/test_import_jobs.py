"""Background imports: an upload over IMPORT_BACKGROUND_ROWS becomes an ImportJob run by the
task worker with the same importer; its states, progress page, outcome and error file."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from clusterzone.core import jobs
from clusterzone.core.models import ImportJob
from clusterzone.registry.models import Enterprise
from tests import factories as f

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
URL = reverse("core:import", args=["enterprises"])


def enterprise_csv(world, n, *, bad_row=None):
    lines = ["统一社会信用代码,企业名称,集聚区代码,行业代码"]
    for k in range(n):
        code = "91411700MA3X12345F" if k == bad_row else f.make_credit_code(5000 + k)
        lines.append(f"{code},后台企业{k},{world.cluster_a.code},30")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def setup(world, settings):
    f.industry("30")
    settings.IMPORT_BACKGROUND_ROWS = 3
    return world


def test_small_upload_is_imported_while_the_user_waits(setup, login, settings):
    settings.TASKS = DUMMY
    client = login(setup.users["cluster_reporter"])
    response = client.post(URL, {"file": SimpleUploadedFile("企业.csv", enterprise_csv(setup, 3))})
    assert response.status_code == 200 and "新增 3 条" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_large_upload_runs_in_the_background_with_progress_then_summary(
    setup, login, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    user = setup.users["cluster_reporter"]
    client = login(user)
    seen = []
    real = jobs._progress

    def spy(job):
        report = real(job)

        def wrapped(phase, done, total):
            report(phase, done, total)
            seen.append((ImportJob.objects.get(pk=job.pk).status, phase))

        return wrapped

    jobs._progress = spy
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, {"file": SimpleUploadedFile("大文件.csv", enterprise_csv(setup, 6))})
    finally:
        jobs._progress = real
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:import_job", args=[job.pk])
    assert ("running", "validate") in seen and ("running", "write") in seen
    assert (job.status, job.user, job.filename, job.total_rows) == ("done", user, "大文件.csv", 6)
    assert (job.created, job.updated, job.unchanged, job.error_count) == (6, 0, 0, 0)
    assert (job.validated_rows, job.written_rows) == (6, 6)
    assert job.duration is not None and job.duration >= 0
    ent = Enterprise.objects.get(name="后台企业5")
    assert ent.history.get().history_user == user  # the same history as a direct upload
    page = client.get(response["Location"]).content.decode()
    assert "新增 6 条" in page and "hx-trigger" not in page
    listing = client.get(reverse("core:import_jobs")).content.decode()
    assert "大文件.csv" in listing


def test_queued_job_page_polls_its_progress(setup, login, settings):
    settings.TASKS = DUMMY
    client = login(setup.users["cluster_reporter"])
    response = client.post(URL, {"file": SimpleUploadedFile("大文件.csv", enterprise_csv(setup, 5))})
    job = ImportJob.objects.get()
    assert job.status == "queued" and job.total_rows == 5
    partial = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in partial and "已校验 0 / 5 行" in partial
    assert "<html" not in partial
    ImportJob.objects.filter(pk=job.pk).update(status="running", phase="write", written_rows=2)
    partial = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "已写入 2 / 5 行" in partial and 'aria-valuenow="70"' in partial


def test_rejected_job_keeps_errors_and_serves_an_error_file(setup, login, settings):
    settings.TASKS = DUMMY
    user = setup.users["cluster_reporter"]
    client = login(user)
    client.post(URL, {"file": SimpleUploadedFile("坏文件.csv", enterprise_csv(setup, 5, bad_row=2))})
    job = ImportJob.objects.get()
    assert jobs.job_run(job.pk) == "rejected"
    job.refresh_from_db()
    assert job.error_count == 1 and job.errors[0]["row"] == 4 and job.created == 0
    assert not Enterprise.objects.filter(name__startswith="后台企业").exists()  # all or nothing
    page = client.get(reverse("core:import_job", args=[job.pk])).content.decode()
    assert "未写入任何数据" in page and "91411700MA3X12345F" in page
    response = client.get(reverse("core:import_job_errors", args=[job.pk]))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("行号", "统一社会信用代码", "企业名称", "集聚区代码", "行业代码", "错误原因")
    assert len(rows) == 2 and rows[1][:3] == (4, "91411700MA3X12345F", "后台企业2")
    assert "统一社会信用代码" in rows[1][-1]
    # another user's job is not theirs to see
    other = login(setup.users["office_staff"])
    assert other.get(reverse("core:import_job", args=[job.pk])).status_code == 404
    assert other.get(reverse("core:import_job_errors", args=[job.pk])).status_code == 404


def test_failed_job_records_the_reason(setup, settings):
    settings.TASKS = DUMMY
    user = setup.users["cluster_reporter"]
    job = jobs.job_start(actor=user, kind="enterprises", filename="x.csv", content=enterprise_csv(setup, 4))
    user.is_active = False
    user.save()
    assert jobs.job_run(job.pk) == "failed"
    job.refresh_from_db()
    assert "停用" in job.message and job.finished_at is not None
    assert jobs.job_run(job.pk) == "failed"  # a finished job is not run twice


def test_large_list_export_runs_in_the_background_with_the_same_filters(
    world, login, settings, django_capture_on_commit_callbacks
):
    """An export over EXPORT_BACKGROUND_ROWS is written by the worker from the list view's own
    filtered queryset for the user; the page then offers the download; others get 404."""
    from clusterzone.core.models import ExportJob

    settings.EXPORT_BACKGROUND_ROWS = 1
    settings.TASKS = IMMEDIATE
    user = world.users["province_admin"]
    client = login(user)
    url = reverse("registry:cluster_list")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url, {"region": "411700", "export": "xlsx"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:export_job", args=[job.pk])
    assert (job.status, job.user, job.total_rows) == ("done", user, 2)
    assert "region=411700" in job.query and job.duration is not None
    assert "下载Excel" in client.get(response["Location"]).content.decode()
    download = client.get(response["Location"], {"download": "1"})
    rows = list(load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("集聚区代码", "集聚区名称", "所属市")
    assert sorted(r[0] for r in rows[1:]) == ["41170201", "41172201"]
    other = login(world.users["other_admin"])
    assert other.get(reverse("core:export_job", args=[job.pk])).status_code == 404
    # a small export is still a direct download
    settings.EXPORT_BACKGROUND_ROWS = 5000
    direct = login(user).get(url, {"region": "411700", "export": "xlsx"})
    assert direct.status_code == 200 and ExportJob.objects.count() == 1


def test_large_values_import_with_options_runs_in_the_background_with_them(
    setup, login, settings, django_capture_on_commit_callbacks
):
    """The upload page's options (approve, overwrite drafts) travel with the job: a large
    values file with 导入后直接审核通过 is imported by the worker and approved."""
    from clusterzone.reporting.catalog import load_reporting_catalog
    from clusterzone.reporting.models import Submission, SubmissionEvent

    load_reporting_catalog()
    settings.TASKS = IMMEDIATE
    user = setup.users["province_admin"]
    client = login(user)
    months = ["2025-01", "2025-02", "2025-03", "2025-04"]
    lines = ["集聚区代码,指标代码,期间,数值"] + [
        f"{setup.cluster_b.code},revenue,{m},{170000 + k}" for k, m in enumerate(months)
    ]
    content = ("\n".join(lines) + "\n").encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("core:import", args=["values"]),
            {"file": SimpleUploadedFile("统计局.csv", content), "approve": "1", "unknown": "1"},
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:import_job", args=[job.pk])
    assert job.options == {"approve": True}  # only the importer's own options are recorded
    assert (job.status, job.created, job.error_count) == ("done", 4, 0), job.errors
    subs = Submission.objects.filter(cluster=setup.cluster_b, period__in=months)
    assert sorted(subs.values_list("status", flat=True)) == ["approved"] * 4
    event = SubmissionEvent.objects.filter(submission__in=subs, to_status="approved").first()
    assert event.actor == user  # the reviewer is the user who uploaded, as on a direct upload
    page = client.get(response["Location"]).content.decode()
    assert "导入后直接审核通过" in page and "新增 4 条" in page


def test_large_values_import_without_options_submits(setup, login, settings):
    from clusterzone.reporting.catalog import load_reporting_catalog
    from clusterzone.reporting.models import Submission

    load_reporting_catalog()
    settings.TASKS = DUMMY
    client = login(setup.users["province_admin"])
    lines = ["集聚区代码,指标代码,期间,数值"] + [
        f"{setup.cluster_b.code},revenue,2025-0{m},{1000 * m}" for m in range(1, 6)
    ]
    client.post(
        reverse("core:import", args=["values"]),
        {"file": SimpleUploadedFile("统计局.csv", ("\n".join(lines) + "\n").encode())},
    )
    job = ImportJob.objects.get()
    assert job.options == {} and job.status == "queued"
    assert jobs.job_run(job.pk) == "done"
    statuses = set(Submission.objects.filter(cluster=setup.cluster_b).values_list("status", flat=True))
    assert statuses == {"submitted"}
