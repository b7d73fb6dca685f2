"""Sending one Delivery: claim it, send it, record the outcome, retry a bounded number of times.

Run from the background task (tasks.py). Safe to run twice or on two workers at once: the
claim is taken under a row lock, a delivery already sent (or being sent) is left alone, so a
message goes out at most once per attempt round.

Settings (optional): YIWANG_NOTIFY_MAX_ATTEMPTS (default 5), YIWANG_NOTIFY_RETRY_SECONDS
(first back-off, doubled each time, default 60), YIWANG_NOTIFY_STALE_SECONDS (a claim older
than this is taken to be a crashed worker and may be retried, default 900).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from yiwang.core.pii import mask_phone
from yiwang.notify import sms
from yiwang.notify.models import Channel, Delivery, DeliveryStatus

logger = logging.getLogger("yiwang.notify")

_ERROR_MAX = 1000


class PermanentDeliveryError(Exception):
    """Retrying cannot help (no address on file, account disabled)."""


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_attempts() -> int:
    return max(1, _setting("YIWANG_NOTIFY_MAX_ATTEMPTS", 5))


def retry_delay(attempt: int) -> timedelta:
    base = _setting("YIWANG_NOTIFY_RETRY_SECONDS", 60)
    return timedelta(seconds=min(base * 2 ** max(attempt - 1, 0), 3600))


def enqueue_delivery(delivery_id: int, *, delay: timedelta | None = None) -> None:
    """Queue the send task for a delivery (called from transaction.on_commit)."""
    from yiwang.notify.tasks import send_delivery

    task = send_delivery
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    task.enqueue(delivery_id=delivery_id)


def _claim(delivery_id: int) -> Delivery | None:
    stale_before = timezone.now() - timedelta(seconds=_setting("YIWANG_NOTIFY_STALE_SECONDS", 900))
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .filter(pk=delivery_id)
            .filter(
                Q(status=DeliveryStatus.QUEUED)
                | Q(status=DeliveryStatus.SENDING, claimed_at__lt=stale_before)
            )
            .first()
        )
        if delivery is None:
            return None
        delivery.status = DeliveryStatus.SENDING
        delivery.attempts += 1
        delivery.claimed_at = timezone.now()
        delivery.save(update_fields=["status", "attempts", "claimed_at", "updated_at"])
    return delivery


def _recipient(delivery: Delivery) -> Any:
    user_model = get_user_model()
    # Read now, not when queued: the address may have changed, and the queue holds no PII.
    recipient_id = delivery.notification.recipient_id
    user = user_model._default_manager.filter(pk=recipient_id).first()
    if user is None or not user.is_active:
        raise PermanentDeliveryError("recipient account is disabled or gone")
    return user


def _send_email(delivery: Delivery, user: Any) -> str:
    if not user.email:
        raise PermanentDeliveryError("recipient has no e-mail address on file")
    message_id = make_msgid(domain="yiwang")
    EmailMessage(
        subject=delivery.subject or delivery.notification.title,
        body=delivery.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"Message-ID": message_id},
    ).send(fail_silently=False)
    return message_id


def _send_sms(delivery: Delivery, user: Any) -> str:
    phone = getattr(user, "phone", "") or ""
    if not phone:
        raise PermanentDeliveryError("recipient has no phone number on file")
    return sms.send_sms(phone, delivery.text)


_SENDERS = {Channel.EMAIL: _send_email, Channel.SMS: _send_sms}


def _scrub(message: str, user: Any) -> str:
    """Errors from mail servers quote the address; keep personal data out of the table."""
    phone = getattr(user, "phone", "") if user is not None else ""
    email = getattr(user, "email", "") if user is not None else ""
    if phone:
        message = message.replace(phone, mask_phone(phone))
    if email:
        message = message.replace(email, "***@" + email.rpartition("@")[2])
    return message[:_ERROR_MAX]


def delivery_attempt(*, delivery_id: int) -> str:
    """One attempt at sending; returns the delivery's status afterwards ("skipped" when there
    was nothing to do: already sent, being sent elsewhere, failed for good, or deleted)."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return "skipped"
    user = None
    try:
        user = _recipient(delivery)
        provider_id = _SENDERS[delivery.channel](delivery, user)
    except Exception as exc:
        permanent = isinstance(exc, PermanentDeliveryError)
        error = _scrub(f"{exc.__class__.__name__}: {exc}", user)
        return _record_failure(delivery, error, permanent=permanent)
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.SENT,
            sent_at=timezone.now(),
            provider_message_id=(provider_id or "")[:200],
            last_error="",
            updated_at=timezone.now(),
        )
    return DeliveryStatus.SENT


def _record_failure(delivery: Delivery, error: str, *, permanent: bool) -> str:
    retry = not permanent and delivery.attempts < max_attempts()
    status = DeliveryStatus.QUEUED if retry else DeliveryStatus.FAILED
    logger.warning(
        "%s delivery %s attempt %s failed (%s): %s",
        delivery.channel,
        delivery.pk,
        delivery.attempts,
        "will retry" if retry else "giving up",
        error,
    )
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            status=status, last_error=error, updated_at=timezone.now()
        )
        if retry:
            transaction.on_commit(
                partial(enqueue_delivery, delivery.pk, delay=retry_delay(delivery.attempts)),
                robust=True,
            )
    return status
