"""Loading history under a simulated clock (demo only).

While a step of a demo request runs, ``django.utils.timezone.now`` answers the simulated
moment (and the inbox's creation-time default with it), and nothing is sent to the fictitious
requesters. This patches process-wide functions, so it is used only by the loader, before the
server starts, in one thread.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock

from django.utils import timezone

from yiwang.notify.models import Delivery, Notification

STAFF_NEWS_DAYS = timedelta(days=7)  # staff hear only of the last week


class Clock:
    def __init__(self) -> None:
        self.moment: datetime | None = None
        self.real = timezone.now

    def __call__(self) -> datetime:
        return self.moment if self.moment is not None else self.real()


@contextmanager
def quiet_log(name: str):
    log = logging.getLogger(name)
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        log.setLevel(level)


@contextmanager
def simulated_clock():
    clock = Clock()
    # Inbox messages take their time from a field default, which holds the function itself
    # (cached on the field), not a lookup of timezone.now: point it at the clock too.
    notified = Notification._meta.get_field("created_at")
    with (
        mock.patch.object(timezone, "now", clock),
        mock.patch.object(notified, "_get_default", clock),
    ):
        yield clock


@contextmanager
def quiet_outbound(clock: Clock, now: datetime):
    """Fictitious people get no SMS or e-mail: neither is queued while the demo loads. Staff
    hear only of the last week (older messages would long have been read and would only slow
    the load). Yields the last notification and delivery ids before the load."""
    from yiwang.tickets import notifications

    marks = {
        "notification": Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
        or 0,
        "delivery": Delivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
    }
    tell_staff = notifications.tell_staff
    recent = now - STAFF_NEWS_DAYS

    def tell_staff_recent(*args, **kwargs):
        if clock.moment is None or clock.moment >= recent:
            tell_staff(*args, **kwargs)

    class _NoSend:
        @staticmethod
        def enqueue(*args, **kwargs):
            return None

    with (
        mock.patch("yiwang.notify.services.enqueue_delivery", lambda *a, **k: None),
        mock.patch("yiwang.tickets.tasks.send_requester_sms", _NoSend),
        mock.patch.object(notifications, "tell_staff", tell_staff_recent),
    ):
        yield marks
