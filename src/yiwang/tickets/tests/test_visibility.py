import pytest

from yiwang.tickets import services
from yiwang.tickets.selectors.visibility import tickets_visible
from yiwang.tickets.tests.factories import citizen_request, phone_request, world

pytestmark = pytest.mark.django_db


def test_each_person_sees_only_their_scope():
    w = world()
    east = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east,
        co_departments=[w.water],
    )  # fmt: skip
    west = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w, region_code="339902"), lead_department=w.west
    )
    own = citizen_request(w)
    assert set(tickets_visible(user=w.dispatcher)) >= {east, west, own}
    assert set(tickets_visible(user=w.east_handler)) == {east}
    assert set(tickets_visible(user=w.west_handler)) == {west}
    assert set(tickets_visible(user=w.water_handler)) == {east}  # co-handling department
    assert set(tickets_visible(user=w.citizen)) == {own}
    assert set(tickets_visible(user=w.supervisor)) >= {east, west}


def test_a_department_that_returned_a_ticket_no_longer_reaches_it():
    from yiwang.org.permissions import can

    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.water
    )
    ticket = services.ticket_request_return(
        actor=w.water_handler, ticket=ticket, reason="非供水问题"
    )
    ticket = services.ticket_decide_return(actor=w.dispatcher, ticket=ticket, accept=True)
    fresh = type(w.water_handler).objects.get(pk=w.water_handler.pk)
    assert not can(fresh, "tickets.view", ticket)
    assert ticket not in tickets_visible(user=fresh)
