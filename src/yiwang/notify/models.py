"""Notifications: the in-app inbox, outgoing e-mail/SMS deliveries, and admin template overrides."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.core.models import TimeStampedModel


class Channel(models.TextChoices):
    INBOX = "inbox", _("站内消息")
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")


OUTBOUND_CHANNELS = (Channel.EMAIL, Channel.SMS)


class Notification(models.Model):
    """One message to one user. Always the record of what was said; shown in the inbox when
    the caller asked for the inbox channel (an SMS-only message still leaves its trace here)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField(_("事件"), max_length=64, db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    in_inbox = models.BooleanField(_("显示在消息中心"), default=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notify_recipient_created"),
            models.Index(fields=["recipient", "read_at"], name="notify_recipient_read"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Delivery(TimeStampedModel):
    """Sending one notification over one outbound channel.

    The rendered text is kept so operators can see what went out; the address is not: the
    task reads the recipient's current e-mail or phone (decrypted) when it runs.
    """

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("消息"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    channel = models.CharField(
        _("渠道"), max_length=8, choices=[(c.value, c.label) for c in OUTBOUND_CHANNELS]
    )
    status = models.CharField(
        _("状态"),
        max_length=8,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.QUEUED,
        db_index=True,
    )
    subject = models.CharField(_("主题"), max_length=200, blank=True)
    text = models.TextField(_("正文"))
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    claimed_at = models.DateTimeField(_("开始发送时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    provider_message_id = models.CharField(_("网关消息编号"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("发送记录")
        verbose_name_plural = _("发送记录")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="notify_one_delivery_per_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} #{self.notification_id}"


class NotificationTemplate(TimeStampedModel):
    """An administrator's wording for one event on one channel, replacing the registered
    default. Django template syntax; the context is what the caller passed to notify_user."""

    event = models.CharField(_("事件"), max_length=64)
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    subject = models.CharField(
        _("标题/主题"),
        max_length=200,
        blank=True,
        help_text=_("站内消息的标题或邮件主题；短信不用。留空则沿用默认模板。"),
    )
    body = models.TextField(_("正文"), blank=True, help_text=_("留空则沿用默认模板。"))
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["event", "channel"]
        verbose_name = _("消息模板")
        verbose_name_plural = _("消息模板")
        constraints = [
            models.UniqueConstraint(fields=["event", "channel"], name="notify_template_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.event} / {self.get_channel_display()}"
