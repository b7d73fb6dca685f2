"""Open311 GeoReport v2 POST requests: every spec field into a ticket with channel open311,
api_key required, errors in the spec's format, tokens."""

from __future__ import annotations

import pytest
from django.test import Client

from yiwang.core import pii
from yiwang.org.models import Role
from yiwang.tickets.models import Channel, Ticket
from yiwang.tickets.services import catalogue
from yiwang.tickets.tests.api_support import api_key, assert_valid, assert_xml_mirrors
from yiwang.tickets.tests.factories import world

pytestmark = pytest.mark.django_db

URL = "/open311/v2/requests"


@pytest.fixture
def city():
    w = world()
    road = catalogue.category_create(actor=None, code="ROAD.HOLE", name="道路坑洼")
    catalogue.category_attribute_add(
        actor=None,
        category=road,
        code="area",
        datatype="singlevaluelist",
        description="破损面积",
        required=True,
        values=[("s", "1 平方米以下"), ("l", "1 平方米以上")],
    )
    catalogue.category_attribute_add(
        actor=None,
        category=road,
        code="hazards",
        datatype="multivaluelist",
        description="周边情况",
        values=[("school", "学校"), ("bus", "公交站")],
    )
    catalogue.category_attribute_add(
        actor=None, category=road, code="depth", datatype="number", description="深度（厘米）"
    )
    catalogue.dispatch_rule_set(
        actor=None, category=road, lead_department=w.east, region_prefix="339901"
    )
    key = api_key(w.centre, Role.OPERATOR)[0]
    return w, road, key


def submission(key, **overrides):
    data = {
        "api_key": key,
        "jurisdiction_id": "339900",
        "service_code": "ROAD.HOLE",
        "lat": "30.274084",
        "long": "120.155070",
        "address_string": "东城区人民路88号",
        "address_id": "ADDR-8812",
        "attribute[area]": "l",
        "attribute[hazards][]": ["school", "bus"],
        "attribute[depth]": "12.5",
        "email": "wang@example.cn",
        "device_id": "device-42",
        "account_id": "acct-7",
        "first_name": "明",
        "last_name": "王",
        "phone": "13900002222",
        "description": "人民路 88 号门前路面有大坑，晚上看不清。",
        "media_url": "https://img.example.cn/hole.jpg",
        "region_code": "339901001",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def assert_errors(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert body and all(e["code"] == status and e["description"] for e in body)
    return [e["description"] for e in body]


def test_post_with_every_field_files_an_open311_ticket(city):
    w, road, key = city
    client = Client(enforce_csrf_checks=True)  # machines post without CSRF tokens
    response = client.post(f"{URL}.json", submission(key))
    assert response.status_code == 200, response.content
    [created] = response.json()
    assert set(created) == {"service_request_id", "token", "service_notice", "account_id"}
    assert (
        created["account_id"] == "acct-7"
        and created["service_request_id"] in (created["service_notice"])
    )
    ticket = Ticket.objects.get(case_number=created["service_request_id"])
    assert ticket.channel == Channel.OPEN311 and ticket.category == road
    assert ticket.requester_name == "王明" and ticket.requester_phone == "13900002222"
    assert (float(ticket.latitude), float(ticket.longitude)) == (30.274084, 120.15507)
    assert ticket.address == "东城区人民路88号" and ticket.region_code == "339901001"
    assert ticket.suggested_department == w.east and not ticket.allow_publication
    assert "破损面积：1 平方米以上" in ticket.description
    assert "周边情况：学校、公交站" in ticket.description
    assert ticket.subject.startswith("道路坑洼：人民路 88 号门前路面有大坑")
    data = ticket.events.get(action="create").data
    assert data["attributes"] == {"area": "l", "hazards": ["school", "bus"], "depth": "12.5"}
    assert (data["address_id"], data["media_url"]) == (
        "ADDR-8812",
        "https://img.example.cn/hole.jpg",
    )
    assert (data["device_id"], data["account_id"]) == ("device-42", "acct-7")
    assert pii.decrypt(data["email_encrypted"]) == "wang@example.cn"
    assert "wang@example.cn" not in str(data)

    token = client.get(f"/open311/v2/tokens/{created['token']}.json")
    assert token.json() == [{"service_request_id": ticket.case_number, "token": created["token"]}]
    token_xml = client.get(f"/open311/v2/tokens/{created['token']}.xml")
    assert_xml_mirrors(token_xml, token, "service_requests")
    # the key that filed it reads it back, with what it sent beyond the ticket's fields
    [item] = client.get(f"{URL}/{ticket.case_number}.json", {"api_key": key}).json()
    assert_valid("request.json", item)
    assert item["address_id"] == "ADDR-8812" and item["media_url"].endswith("hole.jpg")
    assert item["lat"] == 30.274084 and item["service_code"] == "ROAD.HOLE"


def test_post_xml_answers_in_xml_and_publication_is_opt_in(client, city):
    _w, _road, key = city
    response = client.post(f"{URL}.xml", submission(key, allow_publication="true"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    assert b"<service_requests><request><service_request_id>SF12345-" in response.content
    ticket = Ticket.objects.get()
    assert ticket.allow_publication
    public = client.get(f"{URL}.json").json()
    assert [r["service_request_id"] for r in public] == [ticket.case_number]


def test_post_needs_an_api_key_that_may_file(client, city):
    w, _road, _key = city
    assert_errors(client.post(f"{URL}.json", submission(None)), 403)
    assert_errors(client.post(f"{URL}.json", submission("yw_bad_key")), 403)
    handler_key = api_key(w.east, Role.HANDLER)[0]
    assert_errors(client.post(f"{URL}.json", submission(handler_key)), 403)
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"service_code": "NOPE"}, ["service_code"]),
        ({"service_code": None}, ["service_code"]),
        ({"lat": None, "long": None, "address_string": None, "address_id": None}, ["lat/long"]),
        ({"attribute[area]": "huge"}, ["attribute[area]"]),
        ({"attribute[area]": None}, ["attribute[area]"]),
        ({"attribute[hazards][]": ["school", "mall"]}, ["attribute[hazards]"]),
        ({"attribute[depth]": "deep"}, ["attribute[depth]"]),
        ({"attribute[colour]": "red"}, ["attribute[colour]"]),
        ({"email": "nobody"}, ["email"]),
        ({"media_url": "ftp://x/y.jpg"}, ["media_url"]),
        ({"lat": "north"}, ["lat"]),
        ({"lat": "91"}, ["lat"]),
        ({"phone": "12345"}, ["phone"]),
        ({"description": None, "attribute[area]": None}, ["attribute[area]"]),
        ({"email": "x", "media_url": "nope"}, ["email", "media_url"]),
    ],
)
def test_post_errors_in_the_spec_format(client, city, overrides, expected):
    _w, _road, key = city
    descriptions = assert_errors(client.post(f"{URL}.json", submission(key, **overrides)), 400)
    assert len(descriptions) == len(expected)
    for description, parameter in zip(descriptions, expected, strict=True):
        assert parameter in description
    assert not Ticket.objects.exists()


def test_post_without_any_contact_is_accepted_as_the_spec_allows(client, city):
    _w, _road, key = city
    response = client.post(f"{URL}.json", submission(key, phone=None, email=None))
    assert response.status_code == 200, response.content
    ticket = Ticket.objects.get()
    assert ticket.channel == "open311" and ticket.requester_phone == ""


def test_post_error_in_xml_mirrors_json(client, city):
    _w, _road, key = city
    as_json = client.post(f"{URL}.json", submission(key, phone="1"))
    as_xml = client.post(f"{URL}.xml", submission(key, phone="1"))
    assert_xml_mirrors(as_xml, as_json, "errors")


def test_post_without_description_keeps_the_answers_as_the_description(client, city):
    _w, _road, key = city
    response = client.post(f"{URL}.json", submission(key, description=None))
    assert response.status_code == 200, response.content
    assert Ticket.objects.get().description.startswith("破损面积：1 平方米以上")


def test_post_without_any_description_is_an_error(client, city):
    w, _road, key = city
    data = submission(key, service_code=w.noise.code, description=" ")
    data = {k: v for k, v in data.items() if not k.startswith("attribute")}
    [description] = assert_errors(client.post(f"{URL}.json", data), 400)
    assert description.startswith("description: ")


def test_emergency_words_in_the_notice(client, city):
    _w, _road, key = city
    response = client.post(f"{URL}.json", submission(key, description="路面塌陷，有车祸，有人受伤"))
    notice = response.json()[0]["service_notice"]
    assert "120" in notice and "122" in notice


def test_a_forged_token_is_not_found(client, city):
    _w, _road, key = city
    created = client.post(f"{URL}.json", submission(key)).json()[0]
    forged = created["token"][:-2] + ("AA" if not created["token"].endswith("AA") else "BB")
    response = client.get(f"/open311/v2/tokens/{forged}.json")
    assert response.status_code == 404 and response.json()[0]["code"] == 404


def test_errors_speak_english_when_asked_and_huge_bodies_are_refused(client, city):
    _w, _road, key = city
    response = client.post(f"{URL}.json", submission(key, phone="1"), HTTP_ACCEPT_LANGUAGE="en")
    [description] = assert_errors(response, 400)
    assert description.startswith("phone: ") and "mobile" in description.lower()
    huge = client.post(
        f"{URL}.json", "description=" + "x" * (3 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip
    assert_errors(huge, 413)
