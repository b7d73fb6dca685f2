"""Every write of the notify app.

``notify_user`` is the contract other apps call (docs/CONTRACTS.md). The inbox row is written
in the caller's transaction; e-mail and SMS become Delivery rows whose sending is queued with
``transaction.on_commit``, so a rolled-back action never sends anything.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.template import TemplateSyntaxError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.audit.services import audit_record
from yiwang.core.errors import FieldError, InvalidInput, NotFound, PermissionDenied
from yiwang.notify import events
from yiwang.notify.delivery import enqueue_delivery
from yiwang.notify.models import (
    OUTBOUND_CHANNELS,
    Channel,
    Delivery,
    DeliveryStatus,
    Notification,
    NotificationTemplate,
)

logger = logging.getLogger("yiwang.notify")

_TITLE_MAX = Notification._meta.get_field("title").max_length
_SUBJECT_MAX = Delivery._meta.get_field("subject").max_length
_URL_MAX = Notification._meta.get_field("url").max_length


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    # Only site paths and web links: the inbox renders it as a link for the recipient.
    local = url.startswith("/") and not url.startswith("//") and "\\" not in url
    web = url.startswith(("https://", "http://"))
    if len(url) > _URL_MAX or not (local or web) or any(ch.isspace() for ch in url):
        raise InvalidInput(
            field_errors=[FieldError("url", _("链接必须是站内路径或 http(s) 地址"), "invalid")]
        )
    return url


def _clean_channels(channels: Iterable[str]) -> list[str]:
    if isinstance(channels, str):
        channels = (channels,)
    chosen = list(dict.fromkeys(str(c) for c in channels))
    unknown = [c for c in chosen if c not in Channel.values]
    if unknown or not chosen:
        raise ValueError(f"notify_user channels must be among {Channel.values}, got {chosen}")
    return chosen


def notify_user(
    *,
    user: Any,
    event: str,
    context: dict[str, Any],
    channels: Iterable[str] = ("inbox",),
    url: str = "",
) -> Notification:
    """Tell one user about an event on the given channels ("inbox", "email", "sms")."""
    chosen = _clean_channels(channels)
    url = _clean_url(url)
    events.get_event(event)  # an unregistered event is a bug in the caller: fail loudly
    language = getattr(user, "preferred_language", "") or None
    render_context = {
        **(context or {}),
        "recipient_name": getattr(user, "display_name", "") or user.get_username(),
        "url": url,
    }
    inbox = events.render_event(event, Channel.INBOX, render_context, language=language)
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=user,
            event=event,
            title=inbox.subject[:_TITLE_MAX] or event,
            body=inbox.body,
            url=url,
            in_inbox=Channel.INBOX in chosen,
        )
        for channel in chosen:
            if channel not in OUTBOUND_CHANNELS:
                continue
            rendered = events.render_event(event, channel, render_context, language=language)
            delivery = Delivery.objects.create(
                notification=notification,
                channel=channel,
                subject=rendered.subject[:_SUBJECT_MAX],
                text=rendered.body or rendered.subject,
            )
            # Only the id travels through the queue: the queue table is not encrypted.
            transaction.on_commit(partial(enqueue_delivery, delivery.pk), robust=True)
    return notification


def notification_mark_read(*, user: Any, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read; another user's is simply not found."""
    with transaction.atomic():
        mine = Notification.objects.filter(pk=notification_id, recipient_id=user.pk, in_inbox=True)
        # A single conditional UPDATE: the first read time stands when two tabs race.
        mine.filter(read_at__isnull=True).update(read_at=timezone.now())
        notification = mine.first()
    if notification is None:
        raise NotFound(_("找不到该消息"))
    return notification


def notification_mark_all_read(*, user: Any) -> int:
    with transaction.atomic():
        return Notification.objects.filter(
            recipient_id=user.pk, in_inbox=True, read_at__isnull=True
        ).update(read_at=timezone.now())


def _require_template_admin(actor: Any) -> None:
    # Template wording is platform configuration, edited in the admin site; the model
    # permission is what admits a user there. None is a trusted system path (CLI, loaders).
    if actor is None:
        return
    if not (actor.is_active and actor.has_perm("notify.change_notificationtemplate")):
        raise PermissionDenied()


def notification_template_save(
    *,
    actor: Any,
    event: str,
    channel: str,
    subject: str = "",
    body: str = "",
    is_active: bool = True,
) -> NotificationTemplate:
    """Create or replace the admin wording of one event on one channel."""
    _require_template_admin(actor)
    errors = []
    try:
        events.get_event(event)
    except events.UnknownEvent:
        errors.append(FieldError("event", _("没有这个事件"), "unknown-event"))
    if channel not in Channel.values:
        errors.append(FieldError("channel", _("没有这个渠道"), "invalid-choice"))
    for field, source in (("subject", subject), ("body", body)):
        try:
            events.compile_template(source)
        except TemplateSyntaxError:
            errors.append(FieldError(field, _("模板语法有误"), "template-syntax"))
    if len(subject) > _SUBJECT_MAX:
        errors.append(FieldError("subject", _("内容过长"), "max-length"))
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        template = (
            NotificationTemplate.objects.select_for_update()
            .filter(event=event, channel=channel)
            .first()
        )
        before = (
            {"subject": template.subject, "body": template.body, "is_active": template.is_active}
            if template
            else {"subject": "", "body": "", "is_active": None}
        )
        if template is None:
            template = NotificationTemplate(event=event, channel=channel)
        template.subject, template.body, template.is_active = subject, body, is_active
        template.save()
        after = {"subject": subject, "body": body, "is_active": is_active}
        audit_record(
            action="notify.template.save",
            target=template,
            changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
            summary=f"{event} / {channel}",
            actor=actor,
        )
    return template


def delivery_requeue(*, actor: Any, delivery_ids: Iterable[int]) -> int:
    """Send failed (or stuck) deliveries again, with a fresh round of attempts."""
    _require_delivery_admin(actor)
    ids = [int(i) for i in delivery_ids]
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update()
            .filter(pk__in=ids)
            .exclude(status=DeliveryStatus.SENT)
            .order_by("pk")
        )
        for delivery in rows:
            delivery.status = DeliveryStatus.QUEUED
            delivery.attempts = 0
            delivery.claimed_at = None
            delivery.save(update_fields=["status", "attempts", "claimed_at", "updated_at"])
            transaction.on_commit(partial(enqueue_delivery, delivery.pk), robust=True)
        if rows:
            audit_record(
                action="notify.delivery.requeue",
                object_type="notify.delivery",
                object_id=",".join(str(d.pk) for d in rows)[:200],
                summary=f"{len(rows)} deliveries requeued",
                actor=actor,
            )
    return len(rows)


def _require_delivery_admin(actor: Any) -> None:
    if actor is None:
        return
    if not (actor.is_active and actor.has_perm("notify.change_delivery")):
        raise PermissionDenied()
