"""Meetings, the topic library and supervised decisions.

    topic: 待协调 --coordinate(opinion)--> 已协调 --schedule(meeting)--> 上会
                                              `--decline(reason)--> 不上会
    an escalated problem --> a topic 上会 on the region's next meeting (or the next one created)
    decision of a meeting --> action item (督办中) --report(share)*--> --close (office)--> 已办结

Action items carry the traffic light of the worse of their deadline (core.workdays) and
their schedule (the share of working days elapsed since the meeting as the planned share).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.accounts.models import OrgUnit
from clusterzone.core import officialdoc
from clusterzone.core.exceptions import DomainError
from clusterzone.core.services import full_clean_or_raise, instance_delete, instance_save, stamp_history

from .choices import ActionStatus, Light, TopicStatus
from .lights import calendar_for, deadline_light, progress_light
from .models import ActionItem, ActionProgress, Meeting, Problem, Topic

T = TopicStatus
_RANK = {None: 0, Light.GREEN: 1, Light.YELLOW: 2, Light.RED: 3}


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


# ---------------------------------------------------------------- selectors


def meeting_list(*, user):
    return (
        policy.scope(user, Meeting)
        .select_related("region", "convener")
        .prefetch_related(Prefetch("attendees", queryset=OrgUnit.objects.order_by("name")))
    )


def topic_list(*, user):
    return policy.scope(user, Topic).select_related("region", "proposer_unit", "coordinating_unit", "meeting")


def action_list(*, user):
    return (
        policy.scope(user, ActionItem)
        .select_related("meeting__region", "owner_unit", "topic")
        .prefetch_related(
            Prefetch("participants", queryset=OrgUnit.objects.order_by("name")),
            Prefetch("reports", queryset=ActionProgress.objects.order_by("reported_on", "id")),
        )
    )


def agenda(meeting: Meeting):
    """The topics on a meeting: those put on it, then the region's topics 上会 that wait
    for a meeting (escalated problems among them)."""
    return (
        Topic.objects.filter(
            Q(meeting=meeting) | Q(region_id=meeting.region_id, status=T.ON_AGENDA, meeting=None)
        )
        .select_related("proposer_unit", "coordinating_unit", "problem")
        .order_by("id")
    )


def attach_action_lights(items, as_of: date):
    """Set `planned`, `actual` and `light` on each action item (None when closed): the worse
    of the deadline light and the schedule light; one calendar query for the page."""
    items = list(items)
    if not items:
        return items
    cal = calendar_for([i.deadline for i in items] + [i.meeting.held_on for i in items], as_of)
    for item in items:
        reports = [r for r in item.reports.all() if r.reported_on <= as_of]
        item.actual = reports[-1].share if reports else 0
        start = item.meeting.held_on
        total = max(cal.between(start, item.deadline), 1)
        elapsed = 0 if as_of <= start else min(cal.between(start, as_of), total)
        item.planned = round(100 * elapsed / total)
        if item.status == ActionStatus.CLOSED:
            item.light = None
            continue
        lights = [deadline_light(item.deadline, as_of, cal), progress_light(item.planned, item.actual)]
        item.light = max(lights, key=lambda x: _RANK[x])
    return items


# ---------------------------------------------------------------- topics


@transaction.atomic
def topic_save(*, actor, topic: Topic, data: dict, reason: str | None = None) -> Topic:
    """Propose (or edit, while it waits for coordination) a topic of the library."""
    if topic.pk and topic.status != T.PENDING:
        raise DomainError(_("议题已协调，不能再修改。"))
    if not topic.pk and not data.get("proposed_on") and not topic.proposed_on:
        data = {**data, "proposed_on": timezone.localdate()}
    return instance_save(topic, actor=actor, data=data, reason=reason)


def _topic_step(topic, *, actor, allowed, verb):
    policy.require(actor, "coordinate", topic)
    if topic.status not in allowed:
        raise DomainError(_("议题当前为“%(s)s”，不能%(v)s。") % {"s": topic.get_status_display(), "v": verb})


def _topic_write(topic, *, actor, reason=None):
    full_clean_or_raise(topic)
    stamp_history(topic, actor=actor, reason=reason)
    topic.save()
    return topic


@transaction.atomic
def topic_coordinate(*, actor, topic: Topic, opinion: str, coordinating_unit=None) -> Topic:
    """会前协调: the coordinating unit's opinion recorded; 待协调 → 已协调."""
    _topic_step(topic, actor=actor, allowed=(T.PENDING,), verb=_("协调"))
    if not (opinion or "").strip():
        raise DomainError(_("请填写协调意见。"), field="opinion")
    topic.opinion = opinion.strip()
    topic.coordinating_unit = coordinating_unit or getattr(actor, "unit", None)
    topic.status = T.COORDINATED
    return _topic_write(topic, actor=actor, reason=opinion)


@transaction.atomic
def topic_schedule(*, actor, topic: Topic, meeting: Meeting) -> Topic:
    """上会: a coordinated topic is put on a meeting's agenda (of the same region)."""
    _topic_step(topic, actor=actor, allowed=(T.COORDINATED, T.ON_AGENDA), verb=_("上会"))
    if meeting.region_id != topic.region_id:
        raise DomainError(_("议题与会议不属于同一区划。"), field="meeting")
    topic.status, topic.meeting = T.ON_AGENDA, meeting
    return _topic_write(topic, actor=actor)


@transaction.atomic
def topic_decline(*, actor, topic: Topic, reason: str) -> Topic:
    """不上会: settled in coordination or not ripe; the reason is kept with the opinion."""
    _topic_step(topic, actor=actor, allowed=(T.PENDING, T.COORDINATED), verb=_("不上会"))
    if not (reason or "").strip():
        raise DomainError(_("请填写不上会的理由。"), field="reason")
    topic.opinion = "\n".join(x for x in (topic.opinion, reason.strip()) if x)
    topic.status = T.OFF_AGENDA
    return _topic_write(topic, actor=actor, reason=reason)


def topic_from_problem(problem: Problem, *, reason: str = "") -> Topic:
    """An escalated problem enters the agenda of its new level's region by itself (上会,
    on the next meeting not held yet, else on the next one created)."""
    region = problem.level.region
    today = timezone.localdate()
    meeting = Meeting.objects.filter(region=region, held_on__gte=today).order_by("held_on", "id").first()
    topic = Topic(
        region=region,
        title=_("【上报问题】%(t)s") % {"t": problem.title},
        description=_("%(cluster)s上报至“%(level)s”：%(reason)s")
        % {"cluster": problem.cluster.name, "level": problem.level.name, "reason": reason},
        proposer_unit=problem.level.handler_unit or problem.responsible_unit,
        proposed_on=today,
        status=T.ON_AGENDA,
        meeting=meeting,
        problem=problem,
        opinion=_("问题逐级上报，直接列入议程。"),
    )
    stamp_history(topic, actor=None, reason=reason or None)
    topic.save()
    return topic


# ---------------------------------------------------------------- meetings and decisions


@transaction.atomic
def meeting_save(*, actor, meeting: Meeting, data: dict, reason: str | None = None) -> Meeting:
    return instance_save(meeting, actor=actor, data=data, reason=reason)


@transaction.atomic
def meeting_delete(*, actor, meeting: Meeting) -> None:
    if meeting.action_items.exists():
        raise DomainError(_("会议已有议定事项，不能删除。"))
    instance_delete(meeting, actor=actor)


@transaction.atomic
def decision_record(
    *,
    actor,
    meeting: Meeting,
    content: str,
    owner_unit,
    participants=(),
    deadline: date | None = None,
    deadline_days: int | None = None,
    topic: Topic | None = None,
) -> ActionItem:
    """A decision of the meeting becomes an action item (督办事项), supervised until closed;
    `deadline_days` counts working days after the meeting day."""
    from .services import _resolve_deadline

    item = ActionItem(meeting=meeting, topic=topic, content=(content or "").strip(), owner_unit=owner_unit)
    policy.require(actor, "add", item)
    if not item.content:
        raise DomainError(_("请填写议定事项。"), field="content")
    item.deadline, _days, item.deadline_warning = _resolve_deadline(meeting.held_on, deadline, deadline_days)
    full_clean_or_raise(item)
    stamp_history(item, actor=actor)
    item.save()
    item.participants.set(participants or [])
    _notify_action("assigned", item)
    return item


@transaction.atomic
def action_report(
    *, actor, item: ActionItem, share: int, content: str, reported_on: date | None = None
) -> ActionProgress:
    policy.require(actor, "report", item)
    if item.status == ActionStatus.CLOSED:
        raise DomainError(_("督办事项已办结。"))
    if share is None or not 0 <= int(share) <= 100:
        raise DomainError(_("完成进度应在0到100之间。"), field="share")
    if not (content or "").strip():
        raise DomainError(_("请填写进展情况。"), field="content")
    return ActionProgress.objects.create(
        item=item, reported_on=reported_on or timezone.localdate(), share=int(share),
        content=content.strip(), reporter=_user(actor),
    )  # fmt: skip


@transaction.atomic
def action_close(*, actor, item: ActionItem, comment: str = "", on: date | None = None) -> ActionItem:
    """The office closes an action item after checking (办结)."""
    policy.require(actor, "close", item)
    if item.status == ActionStatus.CLOSED:
        raise DomainError(_("督办事项已办结。"))
    item.status = ActionStatus.CLOSED
    item.closed_on = on or timezone.localdate()
    item.closing_comment = comment or ""
    full_clean_or_raise(item)
    stamp_history(item, actor=actor, reason=comment or None)
    item.save()
    return item


def _notify_action(event: str, item: ActionItem) -> None:
    from .notify import action_event

    action_event(event, item)


# ---------------------------------------------------------------- 会议纪要


def minutes_document(meeting: Meeting) -> officialdoc.OfficialDocument:
    """The meeting record as a 会议纪要 in the official format (core.officialdoc)."""
    issuer = meeting.convener.name if meeting.convener_id else meeting.region.name
    attendees = "、".join(u.name for u in meeting.attendees.order_by("name"))
    topics = list(agenda(meeting))
    items = list(
        meeting.action_items.select_related("owner_unit").prefetch_related("participants").order_by("id")
    )
    blocks = [
        officialdoc.Paragraph(
            _(
                "%(date)s，%(chair)s召开%(kind)s，研究产业集聚区建设有关事项。参会单位：%(units)s。现将会议议定事项纪要如下："
            )
            % {
                "date": officialdoc.chinese_date(meeting.held_on),
                "chair": meeting.chair or issuer,
                "kind": meeting.get_kind_display(),
                "units": attendees or "—",
            }
        ),
        officialdoc.Heading(_("一、会议议题")),
    ]
    blocks += [officialdoc.Paragraph(f"{n}. {t.title}") for n, t in enumerate(topics, start=1)] or [
        officialdoc.Paragraph(_("无。"))
    ]
    if meeting.minutes:
        blocks.append(officialdoc.Heading(_("二、会议情况")))
        blocks += [officialdoc.Paragraph(p) for p in meeting.minutes.splitlines() if p.strip()]
    blocks.append(officialdoc.Heading(_("三、议定事项") if meeting.minutes else _("二、议定事项")))
    for n, item in enumerate(items, start=1):
        helpers = "、".join(u.name for u in item.participants.all())
        tail = _("（责任单位：%(o)s%(p)s；完成时限：%(d)s）") % {
            "o": item.owner_unit.name,
            "p": _("；配合单位：%(u)s") % {"u": helpers} if helpers else "",
            "d": officialdoc.chinese_date(item.deadline),
        }
        blocks.append(officialdoc.Paragraph(f"（{n}）{item.content}{tail}"))
    if not items:
        blocks.append(officialdoc.Paragraph(_("无。")))
    return officialdoc.OfficialDocument(
        issuer=issuer,
        title=_("%(title)s会议纪要") % {"title": meeting.title},
        blocks=blocks,
        addressees=attendees + "：" if attendees else "",
        signed_on=meeting.held_on,
        header_text=_("会议纪要"),
    )


def minutes_docx(meeting: Meeting) -> bytes:
    return officialdoc.render(minutes_document(meeting))
