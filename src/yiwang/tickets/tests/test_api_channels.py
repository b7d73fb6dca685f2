"""Channel webhooks (SMS, e-mail, upper-platform import) and the API key they need
(`yiwang apikey create NAME --role operator --department CODE`)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from yiwang.accounts.models import ApiKey
from yiwang.core import pii
from yiwang.org.models import Role, RoleGrant
from yiwang.tickets.models import Channel, Ticket, TicketEvent
from yiwang.tickets.tests.api_support import EXE, PNG, api_key, b64, fields, get, post
from yiwang.tickets.tests.factories import world

pytestmark = pytest.mark.django_db

SMS = "/api/v1/tickets/inbound/sms"
EMAIL = "/api/v1/tickets/inbound/email"
IMPORT = "/api/v1/tickets/import"


@pytest.fixture
def w():
    return world()


@pytest.fixture
def gateway(w):
    return api_key(w.centre, Role.OPERATOR)[0]


def sms(**overrides):
    body = {
        "sender": "+86 139-0000-1234",
        "text": "投诉：幸福小区门口夜里施工太吵，已经连续一周。",
        "received_at": "2026-11-20T22:15:00+08:00",
        "message_id": "gw-000981",
    }
    body.update(overrides)
    return body


def test_sms_becomes_a_ticket_once_however_often_the_gateway_retries(client, gateway):
    first = post(client, SMS, sms(), key=gateway)
    assert first.status_code == 201, first.content
    body = first.json()
    ticket = Ticket.objects.get(pk=body["id"])
    assert ticket.channel == Channel.SMS and body["channel"] == "sms"
    assert ticket.requester_phone == "13900001234"
    assert (
        ticket.ticket_type == "complaint"
        and ticket.subject == "投诉：幸福小区门口夜里施工太吵，已经连续一周"
    )
    assert ticket.external_id == "gw-000981"
    event = ticket.events.get(action="create")
    assert event.data["received_at"] == "2026-11-20T22:15:00+08:00"
    again = post(client, SMS, sms(), key=gateway)
    assert again.status_code == 200 and again.json() == body
    assert again["Idempotent-Replayed"] == "true"
    assert Ticket.objects.count() == 1
    other_gateway = post(client, SMS, sms(gateway="backup"), key=gateway)
    assert other_gateway.status_code == 201  # message ids are per gateway


def test_sms_field_errors_name_the_gateway_fields(client, gateway):
    assert fields(post(client, SMS, sms(sender="110"), key=gateway)) == {"sender": "phone_format"}
    assert fields(post(client, SMS, sms(text="  "), key=gateway)) == {"text": "required"}
    assert fields(post(client, SMS, sms(message_id=""), key=gateway)) == {
        "message_id": "string_too_short"
    }
    assert fields(post(client, SMS, sms(gateway="a b"), key=gateway)) == {
        "gateway": "source_format"
    }
    assert not Ticket.objects.exists()


def test_sms_with_emergency_words_says_so(client, gateway):
    body = post(client, SMS, sms(text="楼下车祸有人受伤"), key=gateway).json()
    assert {e["number"] for e in body["emergency"]} == {"120", "122"}


def test_webhooks_need_an_api_key_with_the_operator_role(client, w):
    assert post(client, SMS, sms()).status_code == 401
    client.force_login(w.operator)  # a browser session is not enough: webhooks are for systems
    assert post(client, SMS, sms()).status_code == 401
    client.logout()
    roleless = api_key()[0]
    assert post(client, SMS, sms(), key=roleless).status_code == 403
    handler_key = api_key(w.east, Role.HANDLER)[0]
    assert (
        post(
            client, EMAIL, {"from": "a@b.cn", "body": "x", "message_id": "1"}, key=handler_key
        ).status_code
        == 403
    )
    assert not Ticket.objects.exists()


def email(**overrides):
    body = {
        "from": "张女士 <zhang@example.cn>",
        "subject": "建议在人民公园增设无障碍通道",
        "body": "人民公园东门台阶太多，轮椅无法进入。联系电话 138 1234 5678。",
        "message_id": "<20261120.123@mail.example.cn>",
        "received_at": "2026-11-20T09:00:00+08:00",
        "attachments": [{"name": "东门.png", "content_base64": b64(PNG)}],
    }
    body.update(overrides)
    return body


def test_email_becomes_a_ticket_with_its_attachment_and_a_private_reply_address(client, w, gateway):
    response = post(client, EMAIL, email(), key=gateway)
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get(pk=response.json()["id"])
    assert ticket.channel == Channel.EMAIL and ticket.ticket_type == "suggestion"
    assert ticket.requester_name == "张女士" and ticket.requester_phone == "13812345678"
    assert ticket.subject == "建议在人民公园增设无障碍通道"
    assert ticket.attachments.get().content_type == "image/png"
    data = ticket.events.get(action="create").data
    assert "zhang@example.cn" not in str(data)  # kept encrypted, never in clear
    assert pii.decrypt(data["reply_to_encrypted"]) == "zhang@example.cn"
    client.force_login(w.dispatcher)
    staff_view = get(client, f"/api/v1/tickets/{ticket.pk}").json()
    assert "reply_to_encrypted" not in staff_view["events"][0]["data"]
    again = post(client, EMAIL, email(), key=gateway)
    assert again.status_code == 200 and again.json()["id"] == ticket.pk


def test_email_without_a_phone_is_still_filed(client, gateway):
    response = post(client, EMAIL, email(body="公园东门没有坡道。", message_id="m2"), key=gateway)
    assert response.status_code == 201, response.content
    assert Ticket.objects.get(pk=response.json()["id"]).requester_phone == ""


def test_email_errors(client, gateway):
    assert fields(post(client, EMAIL, email(**{"from": "not an address"}), key=gateway)) == {
        "from": "email_format"
    }
    disguised = [{"name": "invoice.pdf", "content_base64": b64(EXE)}]
    assert fields(post(client, EMAIL, email(attachments=disguised), key=gateway)) == {
        "attachments.0": "bad_type"
    }
    assert fields(post(client, EMAIL, email(body="长" * 5001), key=gateway)) == {"body": "too_long"}
    long_id = email(message_id="<" + "x" * 300 + "@example.cn>", subject="主" * 300)
    response = post(client, EMAIL, long_id, key=gateway)
    assert response.status_code == 201  # a long Message-ID is hashed, a long subject cut
    assert len(Ticket.objects.get().subject) == 200


def upper(**overrides):
    body = {
        "platform": "gov12345",
        "external_id": "GJ-2026-0001",
        "ticket_type": "complaint",
        "subject": "企业拖欠工资",
        "description": "某公司拖欠 20 名工人三个月工资。",
        "region_code": "339901",
        "deadline": "2026-11-30T17:30:00+08:00",
    }
    body.update(overrides)
    return body


def test_upper_platform_import_keeps_its_id_and_is_idempotent(client, w, gateway):
    response = post(client, IMPORT, upper(category=w.road.code), key=gateway)
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get(pk=response.json()["id"])
    assert ticket.channel == Channel.UPPER and ticket.requester_phone == ""
    assert (ticket.external_source, ticket.external_id) == ("upper:gov12345", "GJ-2026-0001")
    assert ticket.suggested_department == w.east
    event = TicketEvent.objects.get(ticket=ticket, action="create")
    assert event.data["upper_deadline"] == "2026-11-30T17:30:00+08:00"
    again = post(client, IMPORT, upper(subject="改了标题"), key=gateway)
    assert again.status_code == 200 and again.json()["id"] == ticket.pk
    assert Ticket.objects.count() == 1
    assert fields(post(client, IMPORT, upper(platform="国家平台"), key=gateway)) == {
        "platform": "source_format"
    }
    assert fields(post(client, IMPORT, upper(external_id="  "), key=gateway)) == {
        "external_id": "required"
    }
    assert fields(
        post(client, IMPORT, upper(external_id="B", latitude=200, longitude=0), key=gateway)
    ) == {"latitude": "coordinate_range"}


def test_apikey_command_gives_the_service_account_a_role(w, capsys):
    call_command(
        "apikey", "create", "SMS gateway", "--role", "operator", "--department", w.centre.code
    )
    key = capsys.readouterr().out.strip()
    api_key_row = ApiKey.objects.get(name="SMS gateway")
    assert key.startswith("yw_")
    grant = RoleGrant.objects.get(membership__user=api_key_row.account)
    assert grant.role == Role.OPERATOR and grant.membership.department == w.centre
    with pytest.raises(CommandError, match="no department"):
        call_command("apikey", "create", "x", "--role", "operator", "--department", "NOPE")
    with pytest.raises(CommandError, match="unknown role"):
        call_command("apikey", "create", "x", "--role", "boss", "--department", w.centre.code)
    with pytest.raises(CommandError, match="needs --department"):
        call_command("apikey", "create", "x", "--role", "operator")
    assert not ApiKey.objects.filter(name="x").exists()
