"""差评整改: a bad review is followed up by the lead department and marked rectified."""

from __future__ import annotations

import pytest

from yiwang.core.errors import Conflict, PermissionDenied
from yiwang.tickets import services
from yiwang.tickets.models import Rating, TicketEvent
from yiwang.tickets.tests.factories import citizen_request, world
from yiwang.tickets.tests.workbench_support import act, actions_on_page, fresh

pytestmark = pytest.mark.django_db


def badly_rated(w):
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=citizen_request(w), lead_department=w.water
    )
    ticket = services.ticket_sign(actor=w.water_handler, ticket=ticket)
    ticket = services.ticket_reply(actor=w.water_handler, ticket=ticket, text="已恢复供水。")
    ticket = services.ticket_review(actor=w.dispatcher, ticket=ticket, accept=True)
    return services.ticket_rate(actor=w.citizen, ticket=ticket, level=2, comment="水压还是很低")


def test_lead_department_reports_rectification_once():
    w = world()
    ticket = badly_rated(w)
    with pytest.raises(PermissionDenied):
        services.ticket_rectify(actor=w.east_handler, ticket=ticket, note="不是我们的")
    ticket = services.ticket_rectify(actor=w.water_handler, ticket=ticket, note="已更换减压阀")
    rating = Rating.objects.get(ticket=ticket)
    assert rating.rectified_at is not None
    event = TicketEvent.objects.filter(ticket=ticket, action="rectify").get()
    assert event.data["on_time"] is True and event.actor == w.water_handler
    with pytest.raises(Conflict):
        services.ticket_rectify(actor=w.water_handler, ticket=ticket, note="再报一次")


def test_rectify_is_offered_on_the_page_and_works_through_the_form(client):
    w = world()
    ticket = badly_rated(w)
    client.force_login(w.water_handler)
    assert "rectify" in actions_on_page(client, ticket)
    response = act(client, fresh(ticket), "rectify", note="已更换减压阀")
    assert response.status_code in (200, 302)
    assert Rating.objects.get(ticket=ticket).rectified_at is not None
    assert "rectify" not in actions_on_page(client, ticket)  # nothing left to rectify


def test_rectify_through_the_api(client):
    w = world()
    ticket = badly_rated(w)
    client.force_login(w.water_handler)
    response = client.post(
        f"/api/v1/tickets/{ticket.pk}/rectify",
        {"note": "已更换减压阀"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert Rating.objects.get(ticket=ticket).rectified_at is not None
