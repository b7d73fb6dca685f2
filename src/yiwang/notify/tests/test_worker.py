"""`yiwang worker` and the real django-tasks-db queue."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from yiwang.notify.models import Delivery, DeliveryStatus
from yiwang.notify.services import notify_user
from yiwang.notify.tests.conftest import EVENT, PHONE_A, sms_lines

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


# The db worker manages its own transactions and connections, so this test commits for real.
@pytest.mark.django_db(transaction=True)
def test_db_backend_queue_holds_only_ids_and_the_worker_delivers(settings, alice, sms_file):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    notification = notify_user(
        user=alice,
        event=EVENT,
        context={"case_no": "Q-1", "department": "x"},
        channels=("inbox", "email", "sms"),
    )
    # committed (autocommit), so the tasks are in the queue table, not yet run
    queued = list(DBTaskResult.objects.all())
    assert len(queued) == 2
    assert mail.outbox == [] and sms_lines(sms_file) == []
    stored = json.dumps([row.args_kwargs for row in queued], ensure_ascii=False)
    assert PHONE_A not in stored and "alice@example.cn" not in stored
    assert all(set(row.args_kwargs["kwargs"]) == {"delivery_id"} for row in queued)

    out = StringIO()
    call_command("worker", "--once", stdout=out, verbosity=0)
    assert "django-tasks-db" in out.getvalue()

    assert len(mail.outbox) == 1
    assert [line["phone"] for line in sms_lines(sms_file)] == [PHONE_A]
    assert set(
        Delivery.objects.filter(notification=notification).values_list("status", flat=True)
    ) == {DeliveryStatus.SENT}
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_worker_runs_rqworker_with_the_job_class_for_the_rq_backend(settings, monkeypatch):
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    calls = []
    monkeypatch.setattr(
        "yiwang.notify.management.commands.worker.call_command",
        lambda *args, **kwargs: calls.append(args),
    )
    out = StringIO()
    call_command("worker", "--once", "--queue", "default", stdout=out)
    assert "django-tasks-rq" in out.getvalue()
    [args] = calls
    assert args[0] == "rqworker"
    assert "default" in args
    assert args[args.index("--job-class") + 1] == "django_tasks_rq.Job"
    assert "--burst" in args and "--with-scheduler" in args


def test_worker_explains_when_no_worker_is_needed(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert "no worker is needed" in out.getvalue()
