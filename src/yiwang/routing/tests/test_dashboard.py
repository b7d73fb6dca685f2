"""The supervisor's hotspot dashboard and the dispatcher's likely-duplicates panel."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from yiwang.org.models import Role
from yiwang.org.tests.factories import staff
from yiwang.tickets import services
from yiwang.tickets.models import Status, Ticket
from yiwang.tickets.tests.factories import phone_request, world

pytestmark = pytest.mark.django_db
PAGE = reverse("routing:hotspots")
REPORTS = [
    ("幸福小区门口烧烤店油烟扰民", "幸福小区南门烧烤店油烟直排，噪音很大，凌晨还在营业。"),
    ("幸福小区烧烤店深夜扰民", "幸福小区南门的烧烤店油烟和噪音扰民，居民无法休息。"),
    ("投诉幸福小区烧烤油烟", "东城区幸福小区南门烧烤店油烟噪音严重，请尽快处理。"),
]


@pytest.fixture
def city():
    cache.clear()
    w = world()
    tickets = []
    for n, (subject, text) in enumerate(REPORTS):
        phone = f"1390000{n:04d}"
        ticket = phone_request(w, subject=subject, description=text, address="东城区幸福小区",
                               requester_phone=phone)  # fmt: skip
        tickets.append(services.ticket_dispatch(actor=w.dispatcher, ticket=ticket,
                                                lead_department=w.east))  # fmt: skip
    phone_request(w, subject="公积金提取咨询", description="异地购房能否提取住房公积金？")
    return w, tickets


def test_a_supervisor_sees_the_hotspot_with_its_tickets_place_and_trend(client, city):
    w, tickets = city
    client.force_login(w.supervisor)
    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "#1" in html and "幸福小区" in html and "烧烤" in html
    for ticket in tickets:
        assert reverse("tickets:detail", args=[ticket.pk]) in html
    assert "公积金" not in html  # a single request is no hotspot
    assert 'data-testid="trend-chart"' in html and "<title" in html and "<desc" in html
    assert 'data-testid="trend-table"' in html
    [hotspot] = page.context["report"].hotspots
    assert hotspot.messages == 3 and hotspot.requesters == 3


def test_filters_narrow_the_window_and_department(client, city):
    w, _tickets = city
    client.force_login(w.supervisor)
    west = client.get(PAGE, {"days": "7", "department": str(w.west.pk)})
    assert west.status_code == 200 and west.context["report"].hotspots == []
    assert "暂无热点" in west.content.decode()
    bad = client.get(PAGE, {"days": "9999", "department": "x"})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_others_may_not_see_the_dashboard(client, city):
    w, _tickets = city
    assert client.get(PAGE).status_code == 302
    client.force_login(w.east_handler)
    assert client.get(PAGE).status_code == 403
    assert client.get("/api/v1/routing/hotspots").status_code == 403


def test_the_api_returns_the_same_report(client, city):
    w, tickets = city
    admin = staff("routing-admin", w.city, Role.PLATFORM_ADMIN)
    client.force_login(admin)
    body = client.get("/api/v1/routing/hotspots", {"days": 30}).json()
    assert body["hotspots"][0]["messages"] == 3
    assert set(body["hotspots"][0]["ids"]) == {str(t.pk) for t in tickets}


def test_the_dispatcher_merges_a_suggested_duplicate_from_the_panel(client):
    w = world()
    first = phone_request(w, subject=REPORTS[0][0], description=REPORTS[0][1],
                          address="东城区幸福小区")  # fmt: skip
    again = phone_request(w, subject=REPORTS[1][0], description=REPORTS[1][1],
                          address="东城区幸福小区", requester_phone="13900009999")  # fmt: skip
    client.force_login(w.dispatcher)
    panel = client.get(reverse("routing:ticket_duplicates", args=[again.pk]),
                       HTTP_HX_REQUEST="true")  # fmt: skip
    html = panel.content.decode()
    assert first.case_number in html and "相似度" in html and "<html" not in html
    assert [s.ticket.pk for s in panel.context["suggestions"]] == [first.pk]
    response = client.post(reverse("tickets:act", args=[again.pk, "merge"]), {
        "merge-into": first.case_number, "merge-expected_version": again.version,
        "merge-note": "同一事项",
    })  # fmt: skip
    assert response.status_code in (200, 302)
    again = Ticket.objects.get(pk=again.pk)
    assert again.status == Status.MERGED and again.merged_into_id == first.pk
    # the handler of another district neither sees the ticket nor its panel
    client.force_login(w.west_handler)
    assert client.get(reverse("routing:ticket_duplicates", args=[first.pk])).status_code == 404
