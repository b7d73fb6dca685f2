"""Background work for tickets: idempotent, enqueued after commit."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger("yiwang.tickets")


@task()
def send_requester_sms(ticket_id: int, event: str, context: dict[str, str]) -> str:
    from yiwang.notify.events import render_event
    from yiwang.notify.sms import send_sms
    from yiwang.tickets.models import Ticket

    ticket = Ticket.objects.filter(pk=ticket_id).only("requester_phone").first()
    if ticket is None or not ticket.requester_phone:
        return "no-phone"
    text = render_event(event, "sms", context).body
    return send_sms(ticket.requester_phone, text)
