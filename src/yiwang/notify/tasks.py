"""Background tasks of the notify app (Django tasks API; django-tasks-db or django-tasks-rq).

Arguments are ids only: the queue table is not encrypted, so no address or phone number is
ever written to it. Each task is idempotent (see delivery.py).
"""

from __future__ import annotations

from django_tasks import task

from yiwang.core import context
from yiwang.notify.delivery import delivery_attempt


@task()
def send_delivery(delivery_id: int) -> str:
    with context.bind(request_id=context.new_request_id(), channel="task"):
        return delivery_attempt(delivery_id=int(delivery_id))
