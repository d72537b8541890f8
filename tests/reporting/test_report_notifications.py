"""Report events in the notifications: returned and approved reports and reports due
within 3 working days or overdue reach the cluster committee's users exactly once."""

from datetime import date

from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.periods import Period
from clusterzone.notifications.models import Notification
from clusterzone.reporting import services
from clusterzone.reporting.models import Submission
from clusterzone.reporting.notify import report_reminders_run


def _submission(ds, cluster, period, status, due=None):
    p = Period.parse(period)
    return Submission.objects.create(
        dataset=ds,
        cluster=cluster,
        period=str(p),
        period_end=p.end,
        due_date=due or ds.due_date(p),
        status=status,
    )


def test_returned_and_approved_reports_notify_the_committee_once(
    world, monthly, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    reporter = world.users["cluster_reporter"]
    reporter.email = "reporter@example.cn"
    reporter.save()
    s = _submission(monthly, world.cluster_a, "2026-10", "submitted")
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_return(actor=SYSTEM, submission=s, reason="固定资产投资与上月不衔接")
    notes = Notification.objects.filter(recipient=reporter)
    assert notes.count() == 1 and notes.get().event == "report.returned"
    assert "固定资产投资与上月不衔接" in notes.get().body
    other = _submission(monthly, world.cluster_a, "2026-09", "submitted")
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_approve(actor=SYSTEM, submission=other)
    assert notes.filter(event="report.approved").count() == 1
    assert not Notification.objects.filter(recipient=world.users["other_admin"]).exists()
    assert len(mailoutbox) == 2 and mailoutbox[0].to == ["reporter@example.cn"]


def test_report_due_reminders_once_per_due_date(world, monthly):
    _submission(monthly, world.cluster_a, "2026-11", "draft", due=date(2026, 12, 7))
    _submission(monthly, world.cluster_a, "2026-10", "approved", due=date(2026, 11, 5))
    assert report_reminders_run(as_of=date(2026, 11, 27)) == {"due_soon": 0, "overdue": 0}
    assert report_reminders_run(as_of=date(2026, 12, 2)) == {"due_soon": 1, "overdue": 0}
    report_reminders_run(as_of=date(2026, 12, 3))  # the same due date: not told again
    assert report_reminders_run(as_of=date(2026, 12, 8)) == {"due_soon": 0, "overdue": 1}
    notes = Notification.objects.filter(recipient=world.users["cluster_reporter"])
    assert sorted(notes.values_list("event", flat=True)) == ["report.due_soon", "report.overdue"]
