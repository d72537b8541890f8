"""约谈: "a red item of a unit twice in a row raises it on the office's list for 约谈".

"In a row" is read on the rhythm of 月评比 / 每月一通报 (DOMAIN.md): supervision is checked
monthly. The check of a month takes, as the monthly 督查通报 does (statistics.red_items), the
open problems and action items red on the month's LAST DAY, and records each unit that has any
(RedCheck, once per unit and month). A unit with red items at the checks of two consecutive
months M−1 and M is put on the list for 约谈 of month M (Interview, once per unit and month),
with the red items of both months. A unit red in January and March but green at the end of
February is not listed for March (the run is broken).

The scheduled job (`interviews_run`, daily with the reminders) checks the last month completed
before its day: run on 2026-04-01 or any later day of April it checks March (as of 2026-03-31)
and lists the units that were also red at the check of February. It is idempotent: the red units of a
month are recorded once, a unit is listed once per month; no check is back-filled for months the job did
not see (their data would be read as it is now, not as it was then). A unit listed is told
through notifications: its department liaisons (and its webhook) once per listing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.exceptions import DomainError
from clusterzone.core.periods import Period
from clusterzone.core.services import full_clean_or_raise, stamp_history

from .choices import InterviewStatus
from .models import Interview, RedCheck
from .notify import interview_listed


def last_completed_month(as_of: date) -> Period:
    first = as_of.replace(day=1)
    previous = first - timedelta(days=1)
    return Period.month(previous.year, previous.month)


def red_items_by_unit(as_of: date) -> dict[int, list[dict]]:
    """The red items on `as_of`, per responsible unit, as recorded in a check."""
    from .statistics import red_items

    problems, actions = red_items(user=SYSTEM, as_of=as_of)
    out: dict[int, list[dict]] = {}
    for p in problems:
        out.setdefault(p.responsible_unit_id, []).append(
            {"kind": "problem", "id": p.pk, "title": p.title, "deadline": f"{p.deadline:%Y-%m-%d}"}
        )
    for a in actions:
        out.setdefault(a.owner_unit_id, []).append(
            {"kind": "action", "id": a.pk, "title": a.content[:200], "deadline": f"{a.deadline:%Y-%m-%d}"}
        )
    return out


@transaction.atomic
def month_check(period: Period) -> dict[int, RedCheck]:
    """The red-light check of a month (recorded once; a month already checked is read back)."""
    done = {c.unit_id: c for c in RedCheck.objects.filter(period=period.code)}
    if done:
        return done
    rows = [
        RedCheck(unit_id=unit_id, period=period.code, checked_on=period.end, items=items)
        for unit_id, items in red_items_by_unit(period.end).items()
    ]
    RedCheck.objects.bulk_create(rows, ignore_conflicts=True)
    return {c.unit_id: c for c in RedCheck.objects.filter(period=period.code)}


def interviews_run(*, as_of: date | None = None) -> dict[str, int]:
    """Check the last completed month and list for 约谈 the units red at that check and at the
    check of the month before (see the module docstring). Returns the counts of the run."""
    as_of = as_of or timezone.localdate()
    month = last_completed_month(as_of)
    checks = month_check(month)
    before = {
        c.unit_id: c for c in RedCheck.objects.filter(period=month.previous.code, unit_id__in=list(checks))
    }
    listed = 0
    for unit_id, check in sorted(checks.items()):
        prior = before.get(unit_id)
        if prior is None or Interview.objects.filter(unit_id=unit_id, period=month.code).exists():
            continue
        items = [{**i, "period": prior.period} for i in prior.items] + [
            {**i, "period": check.period} for i in check.items
        ]
        interview = Interview(unit_id=unit_id, period=month.code, red_items=items)
        stamp_history(
            interview,
            actor=None,
            reason=_("%(a)s、%(b)s连续两个月有红灯事项") % {"a": prior.period, "b": check.period},
        )
        try:
            with transaction.atomic():
                interview.save()
        except IntegrityError:  # listed at the same moment by another run
            continue
        interview_listed(interview)
        listed += 1
    return {"checked_units": len(checks), "listed": listed}


# ---------------------------------------------------------------- reads and the office's record


def interview_list(*, user):
    return policy.scope(user, Interview).select_related("unit", "unit__region")


def interview_checks(interview: Interview):
    """The two monthly checks that listed the unit."""
    period = Period.parse(interview.period)
    return RedCheck.objects.filter(
        unit_id=interview.unit_id, period__in=[period.previous.code, period.code]
    ).order_by("period")


@transaction.atomic
def interview_hold(*, actor, interview: Interview, held_on: date, notes: str) -> Interview:
    """The office records the talk: 待约谈 → 已约谈 with the day and what was said."""
    policy.require(actor, "hold", interview)
    if interview.status != InterviewStatus.PENDING:
        raise DomainError(_("该单位已约谈。"))
    if not (notes or "").strip():
        raise DomainError(_("请填写约谈情况。"), field="notes")
    interview.status = InterviewStatus.HELD
    interview.held_on = held_on or timezone.localdate()
    interview.notes = notes.strip()
    full_clean_or_raise(interview)
    stamp_history(interview, actor=actor, reason=_("约谈"))
    interview.save()
    return interview


def pending_interviews(*, user):
    """待约谈 entries the user may see, oldest month first (the office's workbench)."""
    return interview_list(user=user).filter(status=InterviewStatus.PENDING).order_by("period", "unit__name")
