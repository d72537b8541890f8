"""The events of the problem ledger handed to notifications: who hears of what, under
which idempotency key (one per event occurrence, so no one is told twice)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from clusterzone.notifications.services import notify

TITLES = {
    "assigned": _("问题交办：%(title)s"),
    "returned": _("问题退回重办：%(title)s"),
    "escalated": _("问题上报至%(level)s：%(title)s"),
    "due_soon": _("问题即将到期（%(deadline)s）：%(title)s"),
    "overdue": _("问题已超期（%(deadline)s）：%(title)s"),
}


def _unit_users(unit_ids):
    return list(get_user_model().objects.filter(unit_id__in=[u for u in unit_ids if u], is_active=True))


def problem_event(event: str, problem, *, occurrence: str | int | None = None) -> None:
    """`occurrence` distinguishes repeated events of one kind (the act id, the deadline)."""
    if occurrence is None:
        last = problem.acts.order_by("-id").values_list("id", flat=True).first()
        occurrence = last
    key = f"problem:{problem.pk}:{event}:{occurrence}"
    units = {problem.responsible_unit_id}
    if event == "escalated" and problem.level.handler_unit_id:
        units.add(problem.level.handler_unit_id)
    recipients = _unit_users(units)
    if event in ("escalated", "overdue") and problem.raised_by_id:
        recipients.append(problem.raised_by)
    title = TITLES[event] % {
        "title": problem.title,
        "level": problem.level.name,
        "deadline": f"{problem.deadline:%Y-%m-%d}",
    }
    body = _("%(cluster)s｜责任单位：%(unit)s｜办理期限：%(deadline)s｜层级：%(level)s") % {
        "cluster": problem.cluster.name,
        "unit": problem.responsible_unit.name,
        "deadline": f"{problem.deadline:%Y-%m-%d}",
        "level": problem.level.name,
    }
    notify(
        event=f"problem.{event}", key=key, recipients=recipients, title=title, body=body,
        url=reverse("supervision:problem_detail", args=[problem.pk]), units=units,
        payload={"problem": problem.pk, "status": problem.status, "deadline": f"{problem.deadline:%Y-%m-%d}"},
    )  # fmt: skip


ACTION_TITLES = {
    "assigned": _("督办事项交办：%(c)s"),
    "due_soon": _("督办事项即将到期（%(d)s）：%(c)s"),
    "overdue": _("督办事项已超期（%(d)s）：%(c)s"),
}


def action_event(event: str, item, *, occurrence: str = "") -> None:
    """An action item (督办事项) assigned, due within 3 working days or overdue: its owner
    unit and the participating units hear of it, once per event (and deadline)."""
    units = {item.owner_unit_id, *item.participants.values_list("id", flat=True)}
    key = f"action:{item.pk}:{event}" + (f":{occurrence}" if occurrence else "")
    notify(
        event=f"action.{event}", key=key, recipients=_unit_users(units),
        title=ACTION_TITLES[event] % {"c": item.content[:40], "d": f"{item.deadline:%Y-%m-%d}"},
        body=_("%(m)s｜责任单位：%(u)s｜完成时限：%(d)s")
        % {"m": item.meeting.title, "u": item.owner_unit.name, "d": f"{item.deadline:%Y-%m-%d}"},
        url=reverse("supervision:action_detail", args=[item.pk]), units=units,
        payload={"action_item": item.pk, "deadline": f"{item.deadline:%Y-%m-%d}"},
    )  # fmt: skip


def cluster_committees(region) -> list[int]:
    """The management committees of the clusters in a region's subtree (各产业集聚区管委会)."""
    from clusterzone.registry.models import Cluster

    return list(
        Cluster.objects.filter(region__path__startswith=region.path, committee__isnull=False)
        .values_list("committee_id", flat=True)
        .distinct()
    )


def on_document_issued(sender, document, **kwargs) -> None:
    """A 督查通报 issued (core.signals.document_issued): the units it names for red items and
    the clusters' committees of the issuing office's region hear of it, once each."""
    from clusterzone.core.models import DocumentKind
    from clusterzone.notifications.services import document_issued_notify

    if document.kind != DocumentKind.SUPERVISION:
        return
    units = set((document.figures or {}).get("named_units", [])) | set(
        cluster_committees(document.unit.region)
    )
    document_issued_notify(document, unit_ids=units, event="supervision.bulletin_issued")


def unit_liaisons(unit_id) -> list:
    """The active department liaisons (部门联络员) of a unit."""
    from clusterzone.accounts.choices import Role

    return [u for u in _unit_users([unit_id]) if u.has_role(Role.DEPARTMENT_LIAISON)]


def interview_listed(interview) -> None:
    """A unit listed for 约谈: its liaisons (and the unit's webhook) hear of it once, under
    the key of the interview (one per unit and month)."""
    from clusterzone.core.periods import Period

    month = Period.parse(interview.period)
    first, second = month.previous.label, month.label
    notify(
        event="interview.listed", key=f"interview:{interview.pk}:listed",
        recipients=unit_liaisons(interview.unit_id),
        title=_("%(unit)s列入约谈名单（%(a)s、%(b)s连续红灯）") % {"unit": interview.unit.name, "a": first, "b": second},
        body=_("%(a)s、%(b)s月末督查均有红灯事项，共%(n)s项次；请做好约谈准备，加快办理。")
        % {"a": first, "b": second, "n": len(interview.red_items)},
        url=reverse("supervision:interview_detail", args=[interview.pk]), units=[interview.unit_id],
        payload={"interview": interview.pk, "unit": interview.unit_id, "period": interview.period},
    )  # fmt: skip
