"""Operator console (接听台), reply-template management and the workbench menu."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yiwang.tickets.models import Channel, ReplyTemplate, Status, Ticket
from yiwang.tickets.tests.factories import phone_request, world

pytestmark = pytest.mark.django_db
CONSOLE = reverse("tickets:console")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def call(**overrides):
    data = {
        "channel": "phone",
        "requester_phone": "13900001111",
        "requester_name": "赵女士",
        "recording_ref": "CALL-20261122-0001",
        "ticket_type": "complaint",
        "subject": "夜间施工噪声",
        "description": "工地每天夜里十二点后还在施工，影响休息。",
        "address": "东城区建设路 5 号",
        "region_code": "339901",
    }
    data.update(overrides)
    return data


def test_operator_takes_a_call_and_sees_the_case_number(client):
    w = world()
    client.force_login(w.operator)
    page = client.get(CONSOLE)
    assert page.status_code == 200 and "接听台" in page.content.decode()
    data = call(category=w.noise.pk, latitude="30.123456", longitude="120.654321")
    data["attachments"] = [SimpleUploadedFile("现场.png", PNG, content_type="image/png")]
    response = client.post(CONSOLE, data)
    assert response.status_code == 302
    ticket = Ticket.objects.get(subject="夜间施工噪声")
    assert ticket.channel == Channel.PHONE and ticket.received_by == w.operator
    assert ticket.recording_ref == "CALL-20261122-0001" and ticket.category == w.noise
    assert ticket.requester_phone == "13900001111" and ticket.attachments.count() == 1
    assert str(ticket.latitude) == "30.123456"
    shown = client.get(response["Location"])
    assert ticket.case_number in shown.content.decode()
    assert shown.context["created"] == ticket


def test_letter_needs_no_phone_and_errors_are_shown_on_the_fields(client):
    w = world()
    client.force_login(w.operator)
    letter = client.post(CONSOLE, call(channel="letter", requester_phone=""))
    assert letter.status_code == 302
    assert Ticket.objects.get(channel=Channel.LETTER).status == Status.PENDING_DISPATCH
    bad = client.post(CONSOLE, call(requester_phone="12345", subject="", latitude="95"))
    assert bad.status_code == 200
    html = bad.content.decode()
    assert "请填写" in html or "必填" in html or "这个字段是必填项" in html
    assert "手机号码应为以 1 开头的 11 位数字" in html
    assert 'aria-invalid="true"' in html and "id_requester_phone_error" in html
    assert Ticket.objects.count() == 1


def test_emergency_prompt_comes_before_saving(client):
    w = world()
    client.force_login(w.operator)
    text = "楼道里起火了，有浓烟，有老人被困"
    response = client.post(CONSOLE, call(subject="楼道起火", description=text))
    assert response.status_code == 200
    html = response.content.decode()
    assert "可能是紧急情况" in html and "119" in html and "已提示转接 110/119/120/122" in html
    assert not Ticket.objects.exists()  # nothing saved until the operator answers
    response = client.post(
        CONSOLE, call(subject="楼道起火", description=text, emergency_ack="transferred")
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    event = ticket.events.get(action="create")
    assert event.data["emergency"] == ["119"] and event.data["emergency_ack"] == "transferred"
    client.force_login(w.dispatcher)
    page = client.get(reverse("tickets:detail", args=[ticket.pk]))
    assert "紧急情况提示：119（已提示转接）" in page.content.decode()


def test_live_hints_show_emergency_and_the_callers_open_requests(client):
    w = world()
    earlier = phone_request(w, requester_phone="13900002222")
    client.force_login(w.operator)
    response = client.post(
        reverse("tickets:console_check"),
        {
            "subject": "车祸",
            "description": "路口两车追尾，有人受伤",
            "requester_phone": "13900002222",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "122" in html and "120" in html
    assert earlier.case_number in html
    quiet = client.post(
        reverse("tickets:console_check"),
        {"subject": "路灯不亮", "description": "路灯坏了", "requester_phone": "13900009999"},
    )
    assert "可能是紧急情况" not in quiet.content.decode()
    assert earlier.case_number not in quiet.content.decode()


def test_console_refused_to_handlers_and_citizens(client):
    w = world()
    client.force_login(w.east_handler)
    assert client.get(CONSOLE).status_code == 403
    assert client.post(CONSOLE, call()).status_code == 403
    client.force_login(w.citizen)
    assert client.get(CONSOLE).status_code == 403


def test_reply_templates_are_managed_by_dispatchers_only(client):
    w = world()
    url = reverse("tickets:reply_templates")
    client.force_login(w.east_handler)
    assert client.get(url).status_code == 403
    client.force_login(w.dispatcher)
    response = client.post(
        url,
        {
            "title": "道路已修复",
            "category": w.road.pk,
            "body": "已修复。",
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    template = ReplyTemplate.objects.get()
    assert template.category == w.road and template.updated_by == w.dispatcher
    response = client.post(
        url, {"id": template.pk, "title": "道路已修复", "body": "", "sort_order": 0}
    )
    assert response.status_code == 200 and "模板内容" in response.content.decode()
    client.post(
        url, {"id": template.pk, "title": "道路修复", "body": "已修复完毕。", "sort_order": 1}
    )
    template.refresh_from_db()
    assert template.title == "道路修复" and not template.is_active and template.category is None


def test_menu_links_depend_on_roles(client):
    w = world()
    client.force_login(w.operator)
    html = client.get(reverse("workbench:home")).content.decode()
    assert reverse("tickets:inbox") in html and reverse("tickets:console") in html
    assert reverse("tickets:reply_templates") not in html
    client.force_login(w.east_handler)
    html = client.get(reverse("workbench:home")).content.decode()
    assert reverse("tickets:inbox") in html and reverse("tickets:console") not in html
