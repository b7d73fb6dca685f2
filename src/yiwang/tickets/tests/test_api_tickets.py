"""/api/v1/tickets: filing (JSON and multipart, Idempotency-Key), field errors, lists and scope,
one ticket with its timeline, attachments, masking, and the OpenAPI document."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yiwang.audit.models import AuditRecord
from yiwang.org.models import Role
from yiwang.tickets import services
from yiwang.tickets.models import Channel, Ticket
from yiwang.tickets.tests.api_support import EXE, PNG, api_key, b64, fields, get, post
from yiwang.tickets.tests.factories import citizen_request, phone_request, world

pytestmark = pytest.mark.django_db

URL = "/api/v1/tickets"


def request_body(w, **overrides):
    body = {
        "ticket_type": "complaint",
        "subject": "人民路人行道破损",
        "description": "人民路 88 号门前人行道砖块松动，老人容易绊倒。",
        "category": w.road.code,
        "region_code": "339901001",
        "address": "东城区人民路88号",
        "latitude": 30.25,
        "longitude": 120.17,
        "requester_name": "李先生",
        "requester_phone": "13800001111",
        "channel": "phone",
    }
    body.update(overrides)
    return body


@pytest.fixture
def w():
    return world()


@pytest.fixture
def operator_key(w):
    return api_key(w.centre, Role.OPERATOR)[0]


def test_operator_files_a_phone_request_and_staff_see_the_phone_masked(client, w, operator_key):
    response = post(client, URL, request_body(w), key=operator_key)
    assert response.status_code == 201, response.content
    body = response.json()
    ticket = Ticket.objects.get(pk=body["id"])
    assert response["Location"] == f"{URL}/{ticket.pk}"
    assert response["ETag"] == f'"{ticket.version}"' and body["version"] == ticket.version
    assert body["case_number"] == ticket.case_number and ticket.channel == Channel.PHONE
    assert body["suggested_department"]["id"] == w.east.pk  # the dispatch rule ran
    assert body["requester"] == {
        "name": "李先生",
        "phone": "138****1111",
        "phone_masked": True,
        "has_account": False,
    }
    assert "13800001111" not in response.content.decode()
    assert body["category"] == {"code": w.road.code, "name": "道路破损"}
    assert body["latitude"] == 30.25 and body["emergency"] == []
    assert [e["action"] for e in body["events"]] == ["create"]
    assert ticket.requester_phone == "13800001111"  # stored in full (encrypted at rest)


def test_emergency_words_come_back_with_the_new_ticket(client, w, operator_key):
    body = request_body(w, description="楼道里着火了，有人受伤")
    response = post(client, URL, body, key=operator_key)
    assert {e["number"] for e in response.json()["emergency"]} == {"119", "120"}


def test_citizen_files_through_web_and_sees_their_own_phone(client, w):
    client.force_login(w.citizen)
    response = post(client, URL, request_body(w, requester_phone="", channel="phone"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["channel"] == "web"  # a citizen cannot claim another channel
    assert body["requester"]["phone"] == w.citizen.phone and not body["requester"]["phone_masked"]
    assert body["events"][0]["actor"] is None  # citizens never see staff (or anyone) by name
    assert Ticket.objects.get(pk=body["id"]).requester == w.citizen


def test_idempotency_key_replays_the_original_ticket(client, w, operator_key):
    body = request_body(w)
    first = post(client, URL, body, key=operator_key, **{"Idempotency-Key": "call-7781"})
    again = post(client, URL, body, key=operator_key, **{"Idempotency-Key": "call-7781"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert again.json() == first.json()
    assert Ticket.objects.count() == 1
    other = post(
        client,
        URL,
        {**body, "subject": "别的事"},
        key=operator_key,
        **{"Idempotency-Key": "call-7781"},
    )
    assert other.status_code == 400
    assert other.json()["type"].endswith("/idempotency-key-reused")
    too_long = post(client, URL, body, key=operator_key, **{"Idempotency-Key": "k" * 101})
    assert fields(too_long) == {"Idempotency-Key": "idempotency_key_format"}
    # another account's key space is its own
    second_key = api_key(w.centre, Role.OPERATOR)[0]
    fresh = post(client, URL, body, key=second_key, **{"Idempotency-Key": "call-7781"})
    assert fresh.status_code == 201 and fresh.json()["id"] != first.json()["id"]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"requester_phone": "12345"}, {"requester_phone": "phone_format"}),
        ({"requester_phone": ""}, {"requester_phone": "required"}),
        ({"subject": " ", "description": ""}, {"subject": "required", "description": "required"}),
        ({"description": "长" * 5001}, {"description": "string_too_long"}),
        ({"category": "NO-SUCH"}, {"category": "unknown_category"}),
        ({"latitude": 91, "longitude": 10}, {"latitude": "coordinate_range"}),
        ({"latitude": "north"}, {"latitude": "float_parsing"}),
        ({"latitude": 30.1, "longitude": None}, {"longitude": "coordinate_pair"}),
        ({"region_code": "33A"}, {"region_code": "region_format"}),
        ({"ticket_type": "rant"}, {"ticket_type": "enum"}),
        ({"categroy": "ROAD"}, {"categroy": "extra_forbidden"}),
    ],
)
def test_every_invalid_input_is_a_field_error(client, w, operator_key, overrides, expected):
    response = post(client, URL, request_body(w, **overrides), key=operator_key)
    assert response.status_code == 400, response.content
    assert fields(response) == expected
    assert all(e["message"] and e["message_en"] for e in response.json()["errors"])
    assert not Ticket.objects.exists()


def test_malformed_and_oversized_bodies_are_problems_not_500(client, w, operator_key, monkeypatch):
    from yiwang.tickets.api import bodies

    headers = {"HTTP_X_API_KEY": operator_key}
    broken = client.post(URL, "{not json", content_type="application/json", **headers)
    assert fields(broken) == {"__all__": "json_invalid"}
    listed = client.post(URL, "[1, 2]", content_type="application/json", **headers)
    assert fields(listed) == {"__all__": "json_object"}
    deep = client.post(URL, "[" * 100_000, content_type="application/json", **headers)
    assert fields(deep) == {"__all__": "json_invalid"}
    monkeypatch.setattr(bodies, "MAX_JSON_BYTES", 1000)
    big = post(client, URL, request_body(w, description="长" * 400), key=operator_key)
    assert big.status_code == 413 and big.json()["type"].endswith("/payload-too-large")


def test_multipart_with_attachments_checked_by_content(client, w, operator_key):
    headers = {"HTTP_X_API_KEY": operator_key}
    data = request_body(w)
    data.pop("latitude"), data.pop("longitude")
    photo = SimpleUploadedFile("破损.png", PNG, content_type="image/png")
    response = client.post(URL, {**data, "attachments": [photo]}, **headers)
    assert response.status_code == 201, response.content
    [attachment] = response.json()["attachments"]
    assert attachment["content_type"] == "image/png" and attachment["size"] == len(PNG)
    download = client.get(attachment["url"], **headers)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert "attachment" in download["Content-Disposition"]

    disguised = SimpleUploadedFile("photo.jpg", EXE, content_type="image/jpeg")
    response = client.post(URL, {**data, "attachments": [disguised]}, **headers)
    assert fields(response) == {"attachments.0": "bad_type"}
    renamed = SimpleUploadedFile("report.pdf", PNG, content_type="application/pdf")
    response = client.post(URL, {**data, "attachments": [renamed]}, **headers)
    assert fields(response) == {"attachments.0": "type_mismatch"}
    huge = SimpleUploadedFile("big.png", PNG + b"\0" * (10 * 1024 * 1024), "image/png")
    response = client.post(URL, {**data, "attachments": [huge]}, **headers)
    assert fields(response) == {"attachments.0": "too_large"}
    assert Ticket.objects.count() == 1


def test_json_attachments_are_base64(client, w, operator_key):
    good = {"name": "a.png", "content_base64": b64(PNG)}
    response = post(client, URL, request_body(w, attachments=[good]), key=operator_key)
    assert response.status_code == 201 and len(response.json()["attachments"]) == 1
    bad = {"name": "a.png", "content_base64": "not base64!"}
    response = post(client, URL, request_body(w, attachments=[good, bad]), key=operator_key)
    assert fields(response) == {"attachments.1.content_base64": "bad_base64"}


def test_anonymous_and_roleless_callers_cannot_file(client, w):
    assert post(client, URL, request_body(w)).status_code == 401
    roleless_key = api_key()[0]
    assert post(client, URL, request_body(w), key=roleless_key).status_code == 403
    client.force_login(w.east_handler)  # handlers do not take calls
    assert post(client, URL, request_body(w)).status_code == 403


def test_list_filters_paginate_and_stay_in_scope(client, w):
    east = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    west = services.ticket_dispatch(
        actor=w.dispatcher,
        ticket=phone_request(w, region_code="339902", subject="西城路灯"),
        lead_department=w.west,
    )
    waiting = phone_request(w, category_code=w.noise.code, subject="夜间施工噪声")
    own = citizen_request(w)
    client.force_login(w.dispatcher)

    def ids(**params):
        response = get(client, URL, **params)
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["items"]}

    assert ids() >= {east.pk, west.pk, waiting.pk, own.pk}
    assert ids(status="pending_sign") == {east.pk, west.pk}
    assert ids(status="pending_dispatch,pending_sign") >= {east.pk, west.pk, waiting.pk}
    assert ids(category=w.noise.code) == {waiting.pk}
    assert ids(department=w.west.pk) == {west.pk}
    assert ids(channel="web") == {own.pk}
    assert ids(region="339902") == {west.pk}
    assert ids(q="西城") == {west.pk}
    assert ids(q=east.case_number) == {east.pk}
    assert ids(q="13800001111") == {east.pk, west.pk, waiting.pk}  # the phone's blind index
    assert ids(sla_state="overdue") == set()
    assert ids(date_from="2000-01-01", date_to="2000-01-02") == set()
    page = get(client, URL, page_size=2, page=2, ordering="created_at").json()
    assert page["count"] == 4 and [i["id"] for i in page["items"]] == [waiting.pk, own.pk]
    assert all(i["requester"]["phone_masked"] for i in page["items"][:1])

    assert fields(get(client, URL, status="lost")) == {"status": "invalid_choice"}
    assert fields(get(client, URL, page_size=1000)) == {"page_size": "less_than_equal"}
    order = get(client, URL, date_from="2026-02-02", date_to="2026-02-01")
    assert fields(order) == {"date_to": "date_order"}

    client.force_login(w.west_handler)
    assert ids() == {west.pk}
    client.force_login(w.citizen)
    assert ids() == {own.pk}


def test_out_of_scope_is_404_for_reading_and_acting(client, w):
    east = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    client.force_login(w.west_handler)
    assert get(client, f"{URL}/{east.pk}").status_code == 404
    response = post(client, f"{URL}/{east.pk}/sign", {})
    assert response.status_code == 404 and response.json()["type"].endswith("/not-found")
    assert get(client, f"{URL}/{east.pk}/attachments/1").status_code == 404
    client.force_login(w.east_handler)
    assert get(client, f"{URL}/{east.pk}").status_code == 200


def test_another_citizen_sees_nothing_of_a_request(client, w):
    from yiwang.accounts import services as accounts

    ticket = citizen_request(w)
    other = accounts.citizen_register(
        username="other-citizen",
        password=None,
        password_hash="!x",
        real_name="赵六",
        id_number="11010519491231002X",
        phone="13912345678",
    )
    client.force_login(other)
    assert get(client, f"{URL}/{ticket.pk}").status_code == 404
    assert get(client, URL).json()["items"] == []


def test_reveal_is_audited_and_only_for_those_allowed(client, w):
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    client.force_login(w.east_handler)
    detail = get(client, f"{URL}/{ticket.pk}").json()
    assert detail["may_reveal_requester"] and detail["requester"]["phone"] == "138****1111"
    revealed = post(client, f"{URL}/{ticket.pk}/requester/reveal")
    assert revealed.status_code == 200
    assert revealed.json() == {"name": "李先生", "phone": "13800001111"}
    assert AuditRecord.objects.filter(action="tickets.requester.reveal").count() == 1
    no_role_key = api_key(w.east)[0]  # a member of the department without any role
    response = post(client, f"{URL}/{ticket.pk}/requester/reveal", key=no_role_key)
    assert response.status_code == 404  # cannot even see it


def test_detail_shows_timeline_parties_and_deadlines_to_staff(client, w):
    ticket = services.ticket_dispatch(
        actor=w.dispatcher,
        ticket=phone_request(w, recording_ref="REC-1"),
        lead_department=w.east,
        co_departments=[w.water],
        note="请尽快",
    )
    client.force_login(w.east_handler)
    body = get(client, f"{URL}/{ticket.pk}").json()
    assert body["status"] == "pending_sign" and body["status_label"] == "待签收"
    assert body["handle_deadline"] and body["sign_deadline"]
    assert {p["department"]["id"]: p["role"] for p in body["parties"]} == {
        w.east.pk: "lead",
        w.water.pk: "co",
    }
    dispatch = body["events"][1]
    assert dispatch["action"] == "dispatch" and dispatch["note"] == "请尽快"
    assert dispatch["actor"]["id"] == w.dispatcher.pk
    assert dispatch["department"]["id"] == w.centre.pk
    assert body["recording_ref"] == "REC-1"
    assert set(body["available_actions"]) >= {"sign", "transfer"}


def test_openapi_documents_every_ticket_operation(client):
    schema = client.get("/api/v1/openapi.json").json()
    operations = {
        (path, method): op
        for path, item in schema["paths"].items()
        if path.startswith("/api/v1/tickets") and "/knowledge" not in path
        for method, op in item.items()
    }
    assert ("/api/v1/tickets", "post") in operations
    assert ("/api/v1/tickets/{ticket_id}/approve_reply", "post") in operations
    assert ("/api/v1/tickets/inbound/sms", "post") in operations
    for (path, method), op in operations.items():
        assert op.get("summary"), (path, method)
        assert op["responses"], (path, method)
        if method == "post" and "reveal" not in path:
            content = op["requestBody"]["content"]
            assert content["application/json"]["schema"]["properties"], path
            assert "$defs" not in json.dumps(content)  # refs inlined: the document resolves
    create = operations[("/api/v1/tickets", "post")]
    assert "multipart/form-data" in create["requestBody"]["content"]
    assert "Idempotency-Key" in create["description"]
    assert create["responses"]["201"] and create["responses"]["200"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_retries_with_one_key_file_one_ticket():
    """The unique (account, key) constraint decides the race; the loser replays the winner."""
    import threading

    from django.db import connection
    from django.test import Client

    w = world()
    key = api_key(w.centre, Role.OPERATOR)[0]
    barrier, results = threading.Barrier(2), []

    def attempt():
        try:
            barrier.wait()
            response = post(Client(), URL, request_body(w), key=key, **{"Idempotency-Key": "k1"})
            results.append((response.status_code, response.json()["id"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(code for code, _id in results) == [200, 201]
    assert len({ticket_id for _code, ticket_id in results}) == 1
    assert Ticket.objects.count() == 1
