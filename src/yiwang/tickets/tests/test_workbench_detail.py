"""The staff ticket page: what it shows and who may see it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yiwang.audit.models import AuditRecord
from yiwang.org.models import Role
from yiwang.org.tests.factories import staff
from yiwang.tickets import services
from yiwang.tickets.services.attachments import UploadedFile
from yiwang.tickets.tests.factories import citizen_request, phone_request, world
from yiwang.tickets.tests.workbench_support import (
    PNG,
    act,
    detail,
)

pytestmark = pytest.mark.django_db


def test_page_shows_fields_masked_phone_timeline_parties_and_who_holds_it(client):
    w = world()
    ticket = phone_request(
        w,
        requester_phone="13812345678",
        recording_ref="REC-0001",
        attachments=[UploadedFile("photo.png", PNG)],
    )
    ticket = services.ticket_dispatch(
        actor=w.dispatcher,
        ticket=ticket,
        lead_department=w.east,
        co_departments=[w.water],
        note="请东城区核实",
    )
    ticket = services.ticket_sign(actor=w.east_handler, ticket=ticket)
    client.force_login(w.east_handler)
    response = client.get(detail(ticket))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        ticket.case_number,
        ticket.subject,
        "人民路 88 号",
        "REC-0001",
        "东城区人民路88号",
        "138****5678",
        "示范市自来水公司",
        "协办",
        "photo.png",
        "请东城区核实",
        "办理中",
    ):
        assert text in html, text
    assert "13812345678" not in html
    assert response.context["responsible"]["person"] == w.east_handler
    rows = response.context["events"]
    assert [r["event"].action for r in rows] == ["create", "dispatch", "sign"]
    dispatch_row = rows[1]
    assert dispatch_row["actor"] == str(w.dispatcher)
    assert dispatch_row["department"] == w.centre.name
    assert "东城区人民政府" in dispatch_row["detail"] and "自来水" in dispatch_row["detail"]
    assert rows[2]["status_change"] == "待签收 → 办理中"


def test_reveal_shows_the_phone_once_and_is_audited(client):
    w = world()
    ticket = phone_request(w, requester_phone="13812345678")
    client.force_login(w.dispatcher)
    assert "显示完整号码" in client.get(detail(ticket)).content.decode()
    response = client.post(reverse("tickets:reveal", args=[ticket.pk]))
    assert response.status_code == 200
    assert "13812345678" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    record = AuditRecord.objects.get(action="tickets.requester.reveal")
    assert record.object_id == str(ticket.pk)
    assert "13812345678" not in client.get(detail(ticket)).content.decode()


def test_reveal_refused_without_the_permission(client):
    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    admin = staff("eastadmin-reveal", w.east, Role.DEPARTMENT_ADMIN)
    client.force_login(admin)
    page = client.get(detail(ticket))
    assert page.status_code == 200 and "显示完整号码" not in page.content.decode()
    assert client.post(reverse("tickets:reveal", args=[ticket.pk])).status_code == 403
    assert not AuditRecord.objects.filter(action="tickets.requester.reveal").exists()


def test_out_of_scope_handler_gets_404_and_citizen_403(client):
    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher,
        ticket=phone_request(w, attachments=[UploadedFile("a.png", PNG)]),
        lead_department=w.east,
    )
    attachment = ticket.attachments.get()
    client.force_login(w.west_handler)
    assert client.get(detail(ticket)).status_code == 404
    assert client.get(reverse("tickets:attachment", args=[attachment.pk])).status_code == 404
    assert act(client, ticket, "sign").status_code == 404
    assert client.post(reverse("tickets:reveal", args=[ticket.pk])).status_code == 404
    own = citizen_request(w)
    client.force_login(w.citizen)
    assert client.get(detail(own)).status_code == 403
    assert client.get(reverse("tickets:attachment", args=[attachment.pk])).status_code == 403


def test_attachment_is_served_only_through_the_checked_view(client):
    w = world()
    ticket = phone_request(w, attachments=[UploadedFile("现场.png", PNG)])
    attachment = ticket.attachments.get()
    client.force_login(w.dispatcher)
    response = client.get(reverse("tickets:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "/media/" not in client.get(detail(ticket)).content.decode()
