"""Sending notifications: `notify` records one inbox row per event and recipient (unique
idempotency key, so no event reaches anyone twice), and one delivery per outgoing channel
(e-mail when the user keeps it on and has an address; the unit's webhook), handed to the
task framework after commit. `delivery_send` makes one attempt; a failed attempt is retried
with exponential back-off (NOTIFICATIONS_RETRY_BASE_SECONDS × 2^(n−1)) up to
NOTIFICATIONS_MAX_ATTEMPTS, then marked failed."""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Channel, ChannelSetting, Delivery, DeliveryStatus, Notification, UnitWebhook


def max_attempts() -> int:
    return int(getattr(settings, "NOTIFICATIONS_MAX_ATTEMPTS", 5))


def backoff(attempts: int) -> timedelta:
    base = float(getattr(settings, "NOTIFICATIONS_RETRY_BASE_SECONDS", 60))
    return timedelta(seconds=base * 2 ** max(attempts - 1, 0))


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _enqueue(delivery_ids: list[int], run_after=None) -> None:
    if not delivery_ids:
        return
    from .tasks import deliver

    def go():
        for pk in delivery_ids:
            (deliver.using(run_after=run_after) if run_after else deliver).enqueue(pk)

    transaction.on_commit(go)


@transaction.atomic
def notify(*, event: str, key: str, recipients, title: str, body: str = "", url: str = "", units=(),
           payload: dict | None = None) -> list[Notification]:  # fmt: skip
    """Notify each recipient (and each unit's webhook) of one event, once per `key`."""
    created: list[Notification] = []
    deliveries: list[int] = []
    users = {u.pk: u for u in recipients if u is not None and u.pk and u.is_active}
    settings_of = dict(ChannelSetting.objects.filter(user_id__in=users).values_list("user_id", "email"))
    for user in users.values():
        note, is_new = Notification.objects.get_or_create(
            recipient=user, key=key, defaults={"event": event, "title": title, "body": body, "url": url}
        )
        if not is_new:
            continue
        created.append(note)
        if settings_of.get(user.pk, True) and user.email:
            d, new = Delivery.objects.get_or_create(
                channel=Channel.EMAIL, key=key, target=user.email,
                defaults={"notification": note, "payload": {"subject": title, "body": body, "url": url}},
            )  # fmt: skip
            if new:
                deliveries.append(d.pk)
    unit_ids = {getattr(u, "pk", u) for u in units if u is not None}
    for hook in UnitWebhook.objects.filter(unit_id__in=unit_ids, active=True):
        data = {"event": event, "key": key, "title": title, "body": body, "url": url, **(payload or {})}
        d, new = Delivery.objects.get_or_create(
            channel=Channel.WEBHOOK, key=key, target=f"unit:{hook.unit_id}",
            defaults={"webhook": hook, "payload": data},
        )  # fmt: skip
        if new:
            deliveries.append(d.pk)
    _enqueue(deliveries)
    return created


def _send(delivery: Delivery) -> None:
    if delivery.channel == Channel.EMAIL:
        p = delivery.payload
        text = p.get("body", "")
        if p.get("url"):
            text += "\n\n" + getattr(settings, "SITE_URL", "").rstrip("/") + p["url"]
        send_mail(p.get("subject", ""), text, None, [delivery.target], fail_silently=False)
        return
    hook = delivery.webhook
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
    request = urllib.request.Request(
        hook.url, data=body, method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "X-Clusterzone-Event": delivery.payload.get("event", ""),
            "X-Clusterzone-Delivery": delivery.key,
            "X-Clusterzone-Signature": sign(hook.secret, body),
        },
    )  # fmt: skip
    timeout = float(getattr(settings, "NOTIFICATIONS_WEBHOOK_TIMEOUT", 10))
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (configured URL)
        if not 200 <= response.status < 300:
            raise OSError(_("接收方返回 %(status)s") % {"status": response.status})


def delivery_send(delivery_id: int) -> str:
    """One attempt; returns the delivery's status afterwards."""
    with transaction.atomic():
        d = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("webhook")
            .filter(pk=delivery_id)
            .first()
        )
        if d is None:
            return "locked"
        if d.status in (DeliveryStatus.SENT, DeliveryStatus.FAILED):
            return d.status
        now = timezone.now()
        if d.next_attempt_at and d.next_attempt_at > now:
            return "waiting"
        d.attempts += 1
        try:
            _send(d)
        except (OSError, urllib.error.URLError, ValueError) as exc:
            d.last_error = str(exc)[:500]
            if d.attempts >= max_attempts():
                d.status = DeliveryStatus.FAILED
                d.next_attempt_at = None
            else:
                d.status = DeliveryStatus.RETRY
                d.next_attempt_at = now + backoff(d.attempts)
        else:
            d.status = DeliveryStatus.SENT
            d.sent_at = now
            d.next_attempt_at = None
            d.last_error = ""
        d.save()
    if d.status == DeliveryStatus.RETRY:
        _enqueue([d.pk], run_after=d.next_attempt_at)
    return d.status


def deliveries_due(now=None) -> list[int]:
    """Deliveries waiting for a (re)try whose time has come (the scheduler's sweep)."""
    now = now or timezone.now()
    return list(
        Delivery.objects.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRY])
        .exclude(next_attempt_at__gt=now)
        .values_list("pk", flat=True)
    )


def inbox(*, user):
    return Notification.objects.filter(recipient=user)


def notification_read(*, actor, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        from clusterzone.core.exceptions import NotFound

        raise NotFound()
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def channel_setting_save(*, actor, email: bool) -> ChannelSetting:
    setting, _ = ChannelSetting.objects.get_or_create(user=actor)
    setting.email = bool(email)
    setting.save()
    return setting


def document_issued_notify(document, *, unit_ids, event: str = "bulletin.issued") -> list[Notification]:
    """A document of the register issued (通报, 督查通报): the active users of the units
    concerned hear of it once (key per document and recipient), the units' webhooks once."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    unit_ids = sorted({u for u in unit_ids if u})
    if not unit_ids:
        return []
    recipients = list(get_user_model().objects.filter(unit_id__in=unit_ids, is_active=True))
    title = _("%(kind)s已印发：%(number)s %(title)s") % {
        "kind": document.get_kind_display(),
        "number": document.number,
        "title": document.title,
    }
    body = _("%(unit)s于%(date)s印发。") % {
        "unit": document.unit.name,
        "date": f"{document.signed_on.year}年{document.signed_on.month}月{document.signed_on.day}日",
    }
    return notify(
        event=event, key=f"document:{document.pk}:issued", recipients=recipients, title=title, body=body,
        url=reverse("core:document_file", args=[document.pk, "docx"]), units=unit_ids,
        payload={"document": document.pk, "number": document.number, "kind": document.kind},
    )  # fmt: skip
