"""``yiwang tickets sweep``: the SLA sweep on demand, once or in a loop."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from yiwang.tickets import services
from yiwang.tickets.models import SlaState, Ticket, TicketEvent
from yiwang.tickets.tests.factories import phone_request, world

pytestmark = pytest.mark.django_db


def _overdue_ticket(w) -> Ticket:
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    past = timezone.now() - timedelta(days=3)
    Ticket.objects.filter(pk=ticket.pk).update(
        dispatched_at=past - timedelta(days=1), sign_deadline=past, sla_next_at=past
    )
    return ticket


def test_sweep_once_marks_the_overdue_ticket_and_says_so():
    w = world()
    ticket = _overdue_ticket(w)
    untouched = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    out = StringIO()
    call_command("tickets", "sweep", stdout=out)
    assert "examined 1, warned 0, overdue 1" in out.getvalue()
    ticket.refresh_from_db()
    assert ticket.sla_state == SlaState.OVERDUE and ticket.supervised
    assert TicketEvent.objects.filter(ticket=ticket, action="escalate").count() == 1
    untouched.refresh_from_db()
    assert untouched.sla_state == SlaState.OK and not untouched.supervised


def test_sweep_loop_prints_json_per_run_and_does_the_work_once():
    w = world()
    _overdue_ticket(w)
    out = StringIO()
    call_command(
        "tickets", "sweep", "--loop", "--interval", "0.01", "--max-runs", "2", "--json",
        stdout=out,
    )  # fmt: skip
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert (first["examined"], first["overdue"]) == (1, 1)
    assert (second["examined"], second["overdue"]) == (0, 0)
    assert {"warned", "seconds", "at"} <= set(first)


def test_tickets_without_a_subcommand_explains_usage():
    with pytest.raises(CommandError, match="sweep"):
        call_command("tickets")
