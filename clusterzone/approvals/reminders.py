"""The approval clock's consequences, run as a scheduled job as of a date:

- a running case past its due date is raised as a problem in the supervision ledger
  (问题台账), against the matter's department, exactly once per case (the ledger's
  `source_key` holds the case), category 手续审批;
- a running case due within the warning window (default 3 working days) notifies its
  handler and its agent (代办员), once per due date (a pause moves the due date, so the
  new date brings a new reminder).

A paused case runs no clock, so it is neither due soon nor overdue while paused."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.accounts.policy import SYSTEM
from clusterzone.notifications.services import notify
from clusterzone.supervision.choices import ProblemCategory
from clusterzone.supervision.services import problem_raise

from .choices import CaseStatus
from .models import ApprovalCase
from .selectors import attach_clocks


def case_problem_key(case_id: int) -> str:
    """The ledger's key for the problem an overdue case raises (one per case)."""
    return f"approval-case:{case_id}:overdue"


def warn_days() -> int:
    return int(getattr(settings, "APPROVAL_DUE_WARNING_DAYS", 3))


def problem_days() -> int:
    """Working days the department is given to settle an overdue case raised as a problem."""
    return int(getattr(settings, "APPROVAL_OVERDUE_PROBLEM_DAYS", 5))


def _raise_overdue(case, as_of: date):
    clock = case.clock
    return problem_raise(
        actor=SYSTEM,
        cluster=case.project.cluster,
        project=case.project,
        title=_("审批超期：%(matter)s（%(project)s）")
        % {"matter": case.matter.name, "project": case.project.code},
        category=ProblemCategory.APPROVAL,
        responsible_unit=case.matter.department,
        description=_(
            "%(project)s的“%(matter)s”于%(accepted)s受理，承诺%(limit)s个工作日，应于%(due)s办结，"
            "截至%(as_of)s已超期%(over)s个工作日（暂停计时%(paused)s个工作日已扣除）。"
        )
        % {
            "project": case.project.name,
            "matter": case.matter.name,
            "accepted": f"{case.accepted_on:%Y-%m-%d}",
            "limit": clock.limit,
            "due": f"{clock.due:%Y-%m-%d}",
            "as_of": f"{as_of:%Y-%m-%d}",
            "over": clock.overdue_days,
            "paused": clock.paused_days,
        },
        raised_on=as_of,
        deadline_days=problem_days(),
        source_key=case_problem_key(case.pk),
        reason=_("审批办件超期自动转入问题台账"),
    )


def _remind_due_soon(case) -> int:
    recipients = [u for u in (case.handler, case.agent) if u is not None]
    if not recipients:
        return 0
    clock = case.clock
    title = _("审批办件即将到期（%(due)s）：%(matter)s") % {
        "due": f"{clock.due:%Y-%m-%d}",
        "matter": case.matter.name,
    }
    body = _("%(project)s｜%(matter)s｜剩余%(left)s个工作日｜承诺%(limit)s个工作日") % {
        "project": case.project.name,
        "matter": case.matter.name,
        "left": clock.remaining_days,
        "limit": clock.limit,
    }
    created = notify(
        event="approval_case.due_soon",
        key=f"approval-case:{case.pk}:due_soon:{clock.due:%Y%m%d}",
        recipients=recipients,
        title=title,
        body=body,
        url=reverse("approvals:case_detail", args=[case.pk]),
        payload={"case": case.pk, "due": f"{clock.due:%Y-%m-%d}"},
    )
    return len(created)


def case_reminders_run(*, as_of: date | None = None) -> dict[str, int]:
    """Raise the overdue running cases as problems and remind the handlers and agents of the
    cases due soon, as of `as_of` (default today). Returns the counts of this run:
    `overdue` cases seen, `raised` problems new in this run, `due_soon` cases, `notified` users."""
    as_of = as_of or timezone.localdate()
    cases = (
        ApprovalCase.objects.filter(
            status=CaseStatus.RUNNING, accepted_on__isnull=False, accepted_on__lte=as_of
        )
        .select_related(
            "project",
            "project__cluster",
            "project__cluster__region",
            "matter",
            "matter__department",
            "group",
            "handler",
            "agent",
        )  # fmt: skip
        .prefetch_related("pauses")
    )
    counts = {"overdue": 0, "raised": 0, "due_soon": 0, "notified": 0}
    cases = attach_clocks(cases, today=as_of)
    from clusterzone.supervision.models import Problem

    already = set(
        Problem.objects.filter(source_key__in=[case_problem_key(c.pk) for c in cases]).values_list(
            "source_key", flat=True
        )
    )
    for case in cases:
        clock = case.clock
        if clock.overdue:
            counts["overdue"] += 1
            if case_problem_key(case.pk) not in already:
                _raise_overdue(case, as_of)
                counts["raised"] += 1
        elif clock.remaining_days is not None and clock.remaining_days <= warn_days():
            counts["due_soon"] += 1
            counts["notified"] += _remind_due_soon(case)
    return counts
