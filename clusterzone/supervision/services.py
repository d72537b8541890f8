"""Every write of the problem ledger. The closed loop of government supervision
(登记 → 交办 → 办理 → 反馈 → 办结):

    待交办 --assign--> 办理中 --feedback--> 已反馈 --close(满意/基本满意)--> 已办结
                         ^                    |--close(不满意)--> 办理中 (reopened)
                         |                    `--return(reason)--> 退回重办 --feedback--> 已反馈
    any open state --escalate(reason, new deadline)--> the next ladder level (status kept)

Each step is a ProblemAct (who, when, comment). Deadlines are counted by core.workdays:
`deadline_days` = the N-th Chinese working day after the day raised, that day not counted.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.core import workdays
from clusterzone.core.exceptions import DomainError, PermissionDenied
from clusterzone.core.services import full_clean_or_raise, instance_delete, stamp_history

from .choices import OPEN_STATUSES, ProblemActKind, ProblemCategory, ProblemStatus, Satisfaction
from .ladder import ladder_for, next_level
from .models import Problem, ProblemAct, ProblemAttachment

S = ProblemStatus


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def deadline_from_days(start: date, days: int) -> tuple[date, str]:
    """(the N-th working day after `start`, a warning when the count runs beyond the years
    the holiday data covers — the date is then counted Monday to Friday)."""
    if days is None or days < 1:
        raise DomainError(_("期限工作日数应为正整数。"), field="deadline_days")
    deadline = workdays.add_workdays(start, days)
    uncovered = sorted(
        {y for y in range(start.year, deadline.year + 1) if not workdays.covered(date(y, 1, 1))}
    )
    if uncovered:
        years = "、".join(str(y) for y in uncovered)
        return deadline, _(
            "%(years)s年的节假日安排尚未发布，期限按周一至周五推算，请在节假日调整表补充后复核。"
        ) % {"years": years}
    return deadline, ""


def _resolve_deadline(start: date, deadline, deadline_days) -> tuple[date, int | None, str]:
    if deadline and deadline_days:
        raise DomainError(_("办理期限请只填日期或工作日数之一。"), field="deadline")
    if deadline_days:
        d, warning = deadline_from_days(start, int(deadline_days))
        return d, int(deadline_days), warning
    if not deadline:
        raise DomainError(_("请填写办理期限（日期或工作日数）。"), field="deadline")
    if deadline < start:
        raise DomainError(_("办理期限不能早于提出日期。"), field="deadline")
    warning = (
        ""
        if workdays.covered(deadline)
        else _("%(year)s年的节假日安排尚未发布，请在节假日调整表补充后复核期限。") % {"year": deadline.year}
    )
    return deadline, None, warning


def _act(problem, *, actor, kind, on, from_status, comment="", satisfaction="") -> ProblemAct:
    return ProblemAct.objects.create(
        problem=problem, kind=kind, actor=_user(actor), on=on, comment=comment or "",
        from_status=from_status, to_status=problem.status, level=problem.level,
        deadline=problem.deadline, satisfaction=satisfaction, unit_id=problem.responsible_unit_id,
    )  # fmt: skip


def _save(problem, *, actor, reason=None):
    full_clean_or_raise(problem, exclude=["source_key"] if problem.pk else None)
    stamp_history(problem, actor=actor, reason=reason)
    problem.save()
    return problem


def _notify(event: str, problem: Problem, **extra) -> None:
    """Hand the event to the notifications app (inbox, e-mail, webhook), after commit."""
    from .notify import problem_event

    problem_event(event, problem, **extra)


@transaction.atomic
def problem_raise(
    *,
    actor,
    cluster,
    title: str,
    category: str,
    responsible_unit,
    description: str = "",
    project=None,
    enterprise=None,
    raised_on: date | None = None,
    deadline: date | None = None,
    deadline_days: int | None = None,
    responsible_person: str = "",
    source_key: str | None = None,
    reason: str | None = None,
) -> Problem:
    """Register a problem (登记) at the lowest level of the cluster's ladder, 待交办.

    `source_key` makes the call idempotent for an external source (an overdue approval
    case, …): a second call with the same key returns the problem already raised."""
    if source_key:
        existing = Problem.objects.filter(source_key=source_key).first()
        if existing is not None:
            return existing
    if category not in ProblemCategory.values:
        raise DomainError(_("未知的问题类别“%(c)s”。") % {"c": category}, field="category")
    raised_on = raised_on or timezone.localdate()
    deadline, days, warning = _resolve_deadline(raised_on, deadline, deadline_days)
    levels = ladder_for(cluster.region)
    problem = Problem(
        cluster=cluster, project=project, enterprise=enterprise, title=(title or "").strip(),
        category=category, description=description or "", raised_by=_user(actor), raised_on=raised_on,
        responsible_unit=responsible_unit, responsible_person=responsible_person or "",
        deadline=deadline, deadline_days=days, deadline_warning=warning, status=S.PENDING,
        level=levels[0], source_key=source_key or None,
    )  # fmt: skip
    policy.require(actor, "add", problem)
    full_clean_or_raise(problem, exclude=["source_key"])
    stamp_history(problem, actor=actor, reason=reason)
    try:
        with transaction.atomic():
            problem.save()
    except IntegrityError:
        if source_key:  # raised concurrently under the same key: the first one stands
            return Problem.objects.get(source_key=source_key)
        raise
    _act(problem, actor=actor, kind=ProblemActKind.RAISE, on=raised_on, from_status="", comment=description)
    return problem


EDITABLE_FIELDS = {"title", "category", "description", "responsible_person", "project", "enterprise"}


@transaction.atomic
def problem_update(*, actor, problem: Problem, data: dict, reason: str | None = None) -> Problem:
    """Edit the facts of an open problem (not its workflow fields)."""
    policy.require(actor, "change", problem)
    if not problem.is_open:
        raise DomainError(_("问题已办结，不能修改。"))
    for name, value in data.items():
        if name in EDITABLE_FIELDS:
            setattr(problem, name, value)
    return _save(problem, actor=actor, reason=reason)


def _check(problem, allowed, verb):
    if problem.status not in allowed:
        raise DomainError(
            _("问题当前为“%(status)s”，不能%(verb)s。")
            % {"status": problem.get_status_display(), "verb": verb}
        )


def _lock(problem: Problem) -> Problem:
    locked = Problem.objects.select_for_update().get(pk=problem.pk)
    problem.refresh_from_db()
    return locked


@transaction.atomic
def problem_assign(
    *,
    actor,
    problem: Problem,
    responsible_unit=None,
    responsible_person: str | None = None,
    deadline: date | None = None,
    deadline_days: int | None = None,
    comment: str = "",
    on: date | None = None,
) -> Problem:
    """交办: the office hands the problem to the responsible unit (and person), optionally
    with a new deadline; 待交办 (or 退回重办 / 办理中, to reassign) → 办理中."""
    _lock(problem)
    policy.require(actor, "assign", problem)
    _check(problem, (S.PENDING, S.IN_PROGRESS, S.RETURNED), _("交办"))
    on = on or timezone.localdate()
    before = problem.status
    if responsible_unit is not None:
        problem.responsible_unit = responsible_unit
    if responsible_person is not None:
        problem.responsible_person = responsible_person
    if deadline or deadline_days:
        problem.deadline, problem.deadline_days, problem.deadline_warning = _resolve_deadline(
            on, deadline, deadline_days
        )
    problem.status = S.IN_PROGRESS
    _save(problem, actor=actor, reason=comment or None)
    _act(problem, actor=actor, kind=ProblemActKind.ASSIGN, on=on, from_status=before, comment=comment)
    _notify("assigned", problem)
    return problem


@transaction.atomic
def problem_feedback(*, actor, problem: Problem, comment: str, on: date | None = None) -> Problem:
    """反馈: the responsible unit answers; 办理中 / 退回重办 → 已反馈."""
    _lock(problem)
    policy.require(actor, "feedback", problem)
    _check(problem, (S.IN_PROGRESS, S.RETURNED), _("反馈"))
    if not (comment or "").strip():
        raise DomainError(_("请填写办理情况。"), field="comment")
    before = problem.status
    problem.status = S.ANSWERED
    _save(problem, actor=actor)
    _act(problem, actor=actor, kind=ProblemActKind.FEEDBACK, on=on or timezone.localdate(),
         from_status=before, comment=comment)  # fmt: skip
    return problem


@transaction.atomic
def problem_close(
    *, actor, problem: Problem, satisfaction: str, comment: str = "", on: date | None = None
) -> Problem:
    """办结销号 by the office or the raiser after checking the answer: 满意 / 基本满意 close it
    (已办结); 不满意 reopens it (办理中) with the rating recorded."""
    _lock(problem)
    policy.require(actor, "close", problem)
    _check(problem, (S.ANSWERED,), _("办结"))
    if satisfaction not in Satisfaction.values:
        raise DomainError(_("请选择满意度：满意、基本满意或不满意。"), field="satisfaction")
    on = on or timezone.localdate()
    before = problem.status
    if satisfaction == Satisfaction.UNSATISFIED:
        problem.status = S.IN_PROGRESS
        _save(problem, actor=actor, reason=comment or None)
        _act(problem, actor=actor, kind=ProblemActKind.REOPEN, on=on, from_status=before, comment=comment,
             satisfaction=satisfaction)  # fmt: skip
        _notify("returned", problem)
        return problem
    problem.status = S.CLOSED
    problem.satisfaction = satisfaction
    problem.closed_on = on
    _save(problem, actor=actor, reason=comment or None)
    _act(problem, actor=actor, kind=ProblemActKind.CLOSE, on=on, from_status=before, comment=comment,
         satisfaction=satisfaction)  # fmt: skip
    return problem


@transaction.atomic
def problem_return(*, actor, problem: Problem, reason: str, on: date | None = None) -> Problem:
    """退回重办: the answer does not solve it; 已反馈 → 退回重办, with the reason."""
    _lock(problem)
    policy.require(actor, "return", problem)
    _check(problem, (S.ANSWERED,), _("退回"))
    if not (reason or "").strip():
        raise DomainError(_("请填写退回原因。"), field="reason")
    before = problem.status
    problem.status = S.RETURNED
    _save(problem, actor=actor, reason=reason)
    _act(problem, actor=actor, kind=ProblemActKind.RETURN, on=on or timezone.localdate(),
         from_status=before, comment=reason)  # fmt: skip
    _notify("returned", problem)
    return problem


@transaction.atomic
def problem_escalate(
    *,
    actor,
    problem: Problem,
    reason: str,
    deadline: date | None = None,
    deadline_days: int | None = None,
    on: date | None = None,
) -> Problem:
    """上报: what this level cannot solve goes to the next level of the ladder, with a reason
    and a new deadline (default `SUPERVISION_ESCALATION_WORKDAYS`, 10 working days); at the
    top of the ladder it is refused."""
    _lock(problem)
    policy.require(actor, "escalate", problem)
    _check(problem, OPEN_STATUSES, _("上报"))
    if not (reason or "").strip():
        raise DomainError(_("请填写上报原因。"), field="reason")
    target = next_level(problem.level)
    if target is None:
        raise DomainError(
            _("问题已在最高层级“%(level)s”，不能继续上报。") % {"level": problem.level.name},
            code="top_of_ladder",
        )
    on = on or timezone.localdate()
    if not deadline and not deadline_days:
        deadline_days = int(getattr(settings, "SUPERVISION_ESCALATION_WORKDAYS", 10))
    problem.deadline, problem.deadline_days, problem.deadline_warning = _resolve_deadline(
        on, deadline, deadline_days
    )
    problem.level = target
    _save(problem, actor=actor, reason=reason)
    _act(
        problem, actor=actor, kind=ProblemActKind.ESCALATE, on=on, from_status=problem.status, comment=reason
    )
    from .meetings import topic_from_problem

    topic_from_problem(problem, reason=reason)  # onto the next level's agenda
    _notify("escalated", problem)
    return problem


@transaction.atomic
def problem_delete(*, actor, problem: Problem) -> None:
    instance_delete(problem, actor=actor)


@transaction.atomic
def attachment_add(*, actor, problem: Problem, file) -> ProblemAttachment:
    if not (policy.can(actor, "change", problem) or policy.can(actor, "feedback", problem)):
        raise PermissionDenied()
    att = ProblemAttachment(
        problem=problem, file=file, name=file.name[:200], size=file.size,
        content_type=getattr(file, "content_type", "") or "", uploaded_by=_user(actor),
    )  # fmt: skip
    full_clean_or_raise(att)
    att.save()
    return att
