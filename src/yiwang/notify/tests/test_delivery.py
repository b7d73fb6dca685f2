"""E-mail and SMS deliveries: queued after commit, never on rollback, sent once, retried a
bounded number of times, recorded without personal data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.utils import timezone

from yiwang.notify.delivery import delivery_attempt
from yiwang.notify.models import Delivery, DeliveryStatus, Notification
from yiwang.notify.services import delivery_requeue, notify_user
from yiwang.notify.tasks import send_delivery
from yiwang.notify.tests.conftest import EVENT, PHONE_A, sms_lines

pytestmark = pytest.mark.django_db

CONTEXT = {"case_no": "SF2025-0002", "department": "西城区住建局"}


def test_email_is_sent_through_the_configured_backend_after_commit(
    alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = notify_user(
            user=alice, event=EVENT, context=CONTEXT, channels=("inbox", "email")
        )
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    callbacks[0]()

    [message] = mail.outbox
    assert message.to == ["alice@example.cn"]
    assert message.subject == "【受理通知】SF2025-0002"
    assert "西城区住建局" in message.body
    delivery = Delivery.objects.get(notification=notification)
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 1
    assert delivery.sent_at is not None
    assert delivery.provider_message_id == message.extra_headers["Message-ID"]


def test_sms_reads_the_phone_when_the_task_runs(
    alice, sms_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_user(user=alice, event=EVENT, context=CONTEXT, channels=("sms",))
    # the number changes between queueing and sending: the current one is used
    alice.phone = "13700001111"
    alice.save()
    for callback in callbacks:
        callback()
    [line] = sms_lines(sms_file)
    assert line["phone"] == "13700001111"
    assert line["text"] == "【示范市12345】诉求SF2025-0002已受理。"


def test_nothing_is_sent_or_kept_when_the_transaction_rolls_back(
    alice, sms_file, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify_user(user=alice, event=EVENT, context=CONTEXT, channels=("inbox", "email", "sms"))
        raise RuntimeError("the caller's action failed")
    assert callbacks == []
    assert mail.outbox == []
    assert sms_lines(sms_file) == []
    assert not Notification.objects.exists()
    assert not Delivery.objects.exists()


def test_a_delivery_is_sent_only_once(alice, sms_file, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify_user(user=alice, event=EVENT, context=CONTEXT, channels=("sms",))
    delivery = notification.deliveries.get()
    assert delivery.status == DeliveryStatus.SENT

    # the same task delivered again (a queue redelivery, a second worker) does nothing
    assert delivery_attempt(delivery_id=delivery.pk) == "skipped"
    send_delivery.enqueue(delivery_id=delivery.pk)
    assert len(sms_lines(sms_file)) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_a_delivery_being_sent_elsewhere_is_left_alone_unless_stale(
    alice, sms_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        notification = notify_user(user=alice, event=EVENT, context=CONTEXT, channels=("sms",))
    delivery = notification.deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now(), attempts=1
    )
    assert delivery_attempt(delivery_id=delivery.pk) == "skipped"
    assert sms_lines(sms_file) == []

    # a claim far older than any send can take means that worker died: try again
    Delivery.objects.filter(pk=delivery.pk).update(claimed_at=timezone.now() - timedelta(hours=1))
    assert delivery_attempt(delivery_id=delivery.pk) == DeliveryStatus.SENT
    assert len(sms_lines(sms_file)) == 1


def test_failed_sends_are_retried_a_bounded_number_of_times(
    alice, http_sms, settings, django_capture_on_commit_callbacks
):
    settings.YIWANG_NOTIFY_MAX_ATTEMPTS = 3
    http_sms.statuses = [500] * 10
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify_user(user=alice, event=EVENT, context=CONTEXT, channels=("sms",))
    delivery = notification.deliveries.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 3
    assert len(http_sms.requests) == 3
    assert "HTTP 500" in delivery.last_error
    assert PHONE_A not in delivery.last_error
    assert delivery.sent_at is None


def test_a_transient_failure_is_retried_until_it_succeeds(
    alice, http_sms, django_capture_on_commit_callbacks
):
    http_sms.statuses = [503]
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify_user(user=alice, event=EVENT, context=CONTEXT, channels=("sms",))
    delivery = notification.deliveries.get()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 2
    assert delivery.provider_message_id == "gw-0001"
    assert delivery.last_error == ""


def test_missing_address_fails_at_once_without_retrying(
    sms_file, django_capture_on_commit_callbacks
):
    nobody = get_user_model().objects.create_user("nophone", "pw-12345678", kind="citizen")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify_user(
            user=nobody, event=EVENT, context=CONTEXT, channels=("inbox", "sms", "email")
        )
    statuses = {d.channel: (d.status, d.attempts) for d in notification.deliveries.all()}
    assert statuses == {"sms": ("failed", 1), "email": ("failed", 1)}
    assert "no phone" in notification.deliveries.get(channel="sms").last_error
    assert mail.outbox == [] and sms_lines(sms_file) == []


def test_smtp_errors_do_not_store_the_address(alice, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "yiwang.notify.tests.test_delivery.RefusingEmailBackend"
    settings.YIWANG_NOTIFY_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify_user(user=alice, event=EVENT, context=CONTEXT, channels=("email",))
    delivery = notification.deliveries.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert "alice@example.cn" not in delivery.last_error
    assert "***@example.cn" in delivery.last_error


def test_admin_can_requeue_a_failed_delivery(
    alice, http_sms, settings, django_capture_on_commit_callbacks
):
    settings.YIWANG_NOTIFY_MAX_ATTEMPTS = 1
    http_sms.statuses = [500]
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify_user(user=alice, event=EVENT, context=CONTEXT, channels=("sms",))
    delivery = notification.deliveries.get()
    assert delivery.status == DeliveryStatus.FAILED

    with django_capture_on_commit_callbacks(execute=True):
        assert delivery_requeue(actor=None, delivery_ids=[delivery.pk]) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(http_sms.requests) == 2


class RefusingEmailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"mailbox unavailable")})
