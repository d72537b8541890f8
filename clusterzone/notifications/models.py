"""Notifications: the in-app inbox (one row per event and recipient, unique on the event's
idempotency key), each user's channels, e-mail and webhook deliveries with their attempts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterzone.core.models import TrackedModel


class Channel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    WEBHOOK = "webhook", _("Webhook")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    RETRY = "retry", _("等待重试")
    FAILED = "failed", _("发送失败")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField(_("事件"), max_length=40)
    key = models.CharField(_("幂等键"), max_length=200)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                name="notification_once_per_recipient",
                violation_error_message=_("同一事件已通知过该用户。"),
            )
        ]

    def __str__(self):
        return self.title


class ChannelSetting(TrackedModel):
    """A user's choice of channels (the inbox is always on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_setting"
    )
    email = models.BooleanField(_("电子邮件"), default=True)
    policy_region = "user__unit__region"

    class Meta:
        verbose_name = _("通知方式")
        verbose_name_plural = _("通知方式")

    def __str__(self):
        return str(self.user)


class UnitWebhook(TrackedModel):
    """An optional webhook of a unit: events are POSTed as JSON, signed with HMAC-SHA256 of
    the body under the shared secret (header X-Clusterzone-Signature: sha256=<hex>)."""

    unit = models.OneToOneField(
        "accounts.OrgUnit", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="webhook"
    )
    url = models.URLField(_("接收地址"), max_length=300)
    secret = models.CharField(_("共享密钥"), max_length=200)
    active = models.BooleanField(_("启用"), default=True)
    policy_region = "unit__region"

    class Meta:
        verbose_name = _("单位Webhook")
        verbose_name_plural = _("单位Webhook")

    def __str__(self):
        return f"{self.unit} → {self.url}"


class Delivery(models.Model):
    """One outgoing message: an e-mail of a notification, or a webhook call of an event to a
    unit; unique per (channel, key, target), so an event is never sent twice."""

    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    key = models.CharField(_("幂等键"), max_length=200)
    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    webhook = models.ForeignKey(
        UnitWebhook, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    target = models.CharField(_("目标"), max_length=300)
    payload = models.JSONField(_("内容"), default=dict)
    status = models.CharField(
        _("状态"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("投递")
        verbose_name_plural = _("投递")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "key", "target"], name="delivery_once"),
        ]

    def __str__(self):
        return f"{self.channel} {self.key} → {self.target}"
