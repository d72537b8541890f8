"""Events of the reports handed to notifications (inbox, e-mail, webhook): a report due
within 3 working days or overdue, returned, approved. Recipients: the users of the
cluster's management committee; one key per event occurrence,
so no one is told twice."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.core.workdays import Calendar
from clusterzone.notifications.services import notify

from .choices import SubmissionStatus
from .models import Submission

TITLES = {
    "due_soon": _("报表即将到截止日（%(due)s）：%(name)s"),
    "overdue": _("报表已超过截止日（%(due)s）：%(name)s"),
    "returned": _("报表被退回：%(name)s"),
    "approved": _("报表已审核通过：%(name)s"),
}
DUE_SOON_WORKDAYS = 3


def _recipients(submission: Submission) -> list:
    unit = submission.cluster.committee_id
    if not unit:
        return []
    return list(get_user_model().objects.filter(unit_id=unit, is_active=True))


def submission_event(event: str, submission: Submission, *, occurrence) -> None:
    name = str(submission)
    title = TITLES[event] % {"name": name, "due": f"{submission.due_date:%Y-%m-%d}"}
    body = submission.return_reason if event == "returned" else ""
    unit = submission.cluster.committee_id
    notify(
        event=f"report.{event}", key=f"submission:{submission.pk}:{event}:{occurrence}",
        recipients=_recipients(submission), title=title, body=body or "",
        url=reverse("reporting:submission_detail", args=[submission.pk]), units=[unit] if unit else [],
        payload={"submission": submission.pk, "status": submission.status, "period": submission.period},
    )  # fmt: skip


def report_reminders_run(*, as_of: date | None = None) -> dict[str, int]:
    """Reports not yet submitted (draft or returned) due within 3 working days or overdue:
    one reminder per report, event and due date."""
    as_of = as_of or timezone.localdate()
    open_ = list(
        Submission.objects.filter(status__in=[SubmissionStatus.DRAFT, SubmissionStatus.RETURNED])
        .select_related("dataset", "cluster")
        .order_by("due_date", "id")
    )
    counts = {"due_soon": 0, "overdue": 0}
    if not open_:
        return counts
    cal = Calendar(min(min(s.due_date for s in open_), as_of), max(max(s.due_date for s in open_), as_of))
    for s in open_:
        if as_of > s.due_date:
            event = "overdue"
        elif cal.between(as_of, s.due_date) <= DUE_SOON_WORKDAYS:
            event = "due_soon"
        else:
            continue
        submission_event(event, s, occurrence=f"{s.due_date:%Y%m%d}")
        counts[event] += 1
    return counts
