"""Open311 GeoReport v2 reads: discovery, services, service definitions, requests (filters,
status mapping, no personal data), tokens, jurisdiction, errors — every JSON document checked
against the published JSON Schemas, every XML document against its JSON twin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from yiwang.org.models import Role
from yiwang.tickets import services
from yiwang.tickets.models import Ticket
from yiwang.tickets.services import catalogue
from yiwang.tickets.tests.api_support import api_key, assert_valid, assert_xml_mirrors
from yiwang.tickets.tests.factories import phone_request, world

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"


@pytest.fixture
def city():
    w = world()
    build = catalogue.category_create(actor=None, code="CX", name="城乡建设")
    road = catalogue.category_create(
        actor=None,
        code="CX.ROAD",
        name="道路破损",
        parent=build,
        description="路面、人行道破损",
        keywords="路面 坑洼、人行道",
    )
    catalogue.category_create(actor=None, code="CX.BUILD", name="违章建筑", parent=build)
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
        code="since",
        datatype="datetime",
        description="发现时间",
        order=2,
    )
    catalogue.dispatch_rule_set(actor=None, category=road, lead_department=w.east)
    return w, road


def both(client, path, root, **params):
    """GET the .json and the .xml twin; check the XML mirrors the JSON; return the JSON."""
    as_json = client.get(f"{BASE}/{path}.json", params)
    as_xml = client.get(f"{BASE}/{path}.xml", params)
    assert as_xml.status_code == as_json.status_code
    assert_xml_mirrors(as_xml, as_json, root)
    return as_json


def assert_errors(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert body and all(e["code"] == status and e["description"] for e in body)
    return body


def test_discovery(client):
    body = both(client, "discovery", "discovery").json()
    [endpoint] = body["endpoints"]
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert body["changeset"] and body["contact"]


def test_services_are_the_leaf_categories_grouped_by_top_level(client, city):
    response = both(client, "services", "services")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    services_ = response.json()
    assert_valid("services.json", services_)
    by_code = {s["service_code"]: s for s in services_}
    assert "CX" not in by_code  # a parent is a group, not a service
    road = by_code["CX.ROAD"]
    assert road == {
        "service_code": "CX.ROAD",
        "service_name": "道路破损",
        "description": "路面、人行道破损",
        "metadata": True,
        "type": "realtime",
        "keywords": "路面,坑洼,人行道",
        "group": "城乡建设",
    }
    assert by_code["CX.BUILD"]["metadata"] is False and by_code["CX.BUILD"]["keywords"] is None


def test_service_definition_lists_the_attributes(client, city):
    body = both(client, "services/CX.ROAD", "service_definition").json()
    assert_valid("service-definition.json", body)
    area, since = body["attributes"]
    assert area["code"] == "area" and area["required"] and area["order"] == 1
    assert area["values"] == [
        {"key": "s", "name": "1 平方米以下"},
        {"key": "l", "name": "1 平方米以上"},
    ]
    assert since["datatype"] == "datetime" and since["order"] == 2 and since["values"] == []
    empty = both(client, "services/CX.BUILD", "service_definition").json()
    assert empty == {"service_code": "CX.BUILD", "attributes": []}


def test_unknown_service_is_a_404_in_the_spec_error_format(client, city):
    assert_errors(both(client, "services/NOPE", "errors"), 404)
    assert_errors(client.get(f"{BASE}/services/CX.json"), 404)  # a group, not a service


def _published(w, **overrides):
    values = dict(allow_publication=True, category_code=w.road.code)
    values.update(overrides)
    return phone_request(w, **values)


def test_requests_are_public_only_when_published_and_carry_no_personal_data(client, city):
    w, _road = city
    public = _published(
        w, description="门口人行道破损，我的电话 13800001111，身份证 11010519491231002X"
    )
    private = phone_request(w)
    response = both(client, "requests", "service_requests")
    body = response.json()
    assert_valid("requests.json", body)
    assert [r["service_request_id"] for r in body] == [public.case_number]
    text = response.content.decode()
    for secret in ("13800001111", "李先生", "11010519491231002X"):
        assert secret not in text
    assert "138****1111" in body[0]["description"]
    # an API key sees what its account may see (operators: everything), still without names
    key = api_key(w.centre, Role.OPERATOR)[0]
    keyed = client.get(f"{BASE}/requests.json", {"api_key": key})
    assert {r["service_request_id"] for r in keyed.json()} == {
        public.case_number,
        private.case_number,
    }
    assert "李先生" not in keyed.content.decode()


def test_request_status_notes_agency_and_times(client, city):
    w, _road = city
    ticket = _published(w)
    ticket = services.ticket_dispatch(actor=w.dispatcher, ticket=ticket, lead_department=w.east)
    [item] = both(client, f"requests/{ticket.case_number}", "service_requests").json()
    assert_valid("request.json", item)
    assert item["status"] == "open" and item["status_notes"] == "派单"
    assert item["agency_responsible"] == "东城区人民政府"
    assert item["requested_datetime"].endswith("+08:00")
    ticket.refresh_from_db()
    assert item["expected_datetime"] == timezone.localtime(ticket.handle_deadline).isoformat(
        timespec="seconds"
    )
    ticket = services.ticket_sign(actor=w.east_handler, ticket=ticket)
    ticket = services.ticket_reply(actor=w.east_handler, ticket=ticket, text="已修复人行道。")
    [item] = client.get(f"{BASE}/requests/{ticket.case_number}.json").json()
    assert item["status"] == "open" and item["status_notes"] == "答复"  # not yet approved
    ticket = services.ticket_review(actor=w.dispatcher, ticket=ticket, accept=True)
    [item] = both(client, f"requests/{ticket.case_number}", "service_requests").json()
    assert_valid("request.json", item)
    assert item["status"] == "closed" and item["status_notes"] == "审核通过 · 答复：已修复人行道。"
    assert item["updated_datetime"] == timezone.localtime(ticket.closed_at).isoformat(
        timespec="seconds"
    )
    repeat = services.ticket_merge(actor=w.dispatcher, ticket=_published(w), into=ticket)
    [item] = client.get(f"{BASE}/request/{repeat.case_number}.json").json()  # swagger's path
    assert item["status"] == "closed" and ticket.case_number in item["status_notes"]


def test_request_filters(client, city):
    w, road = city
    first = _published(w, category_code=road.code)
    second = _published(w)
    closed = services.ticket_answer_now(actor=w.operator, ticket=_published(w), answer="已解答")

    def ids(**params):
        response = client.get(f"{BASE}/requests.json", params)
        assert response.status_code == 200, response.content
        assert_valid("requests.json", response.json())
        return {r["service_request_id"] for r in response.json()}

    everything = {first.case_number, second.case_number, closed.case_number}
    assert ids() == everything
    assert ids(service_code=road.code) == {first.case_number}
    assert ids(status="open") == {first.case_number, second.case_number}
    assert ids(status="closed") == {closed.case_number}
    assert ids(status="open,closed") == everything
    now = timezone.localtime()
    assert ids(start_date=(now - timedelta(days=1)).isoformat()) == everything
    assert ids(end_date=(now - timedelta(days=1)).isoformat()) == set()
    assert ids(start_date=(now + timedelta(days=1)).date().isoformat()) == set()
    listed = ",".join([first.case_number, closed.case_number, "SF12345-20000101-000009"])
    # service_request_id overrides every other argument
    assert ids(service_request_id=listed, status="open") == {first.case_number, closed.case_number}

    assert_errors(client.get(f"{BASE}/requests.json", {"status": "pending"}), 400)
    assert_errors(client.get(f"{BASE}/requests.json", {"service_code": "NOPE"}), 400)
    assert_errors(client.get(f"{BASE}/requests.json", {"start_date": "yesterday"}), 400)
    wide = {"start_date": "2026-01-01T00:00:00+08:00", "end_date": "2026-06-01T00:00:00+08:00"}
    assert_errors(client.get(f"{BASE}/requests.json", wide), 400)
    backwards = {"start_date": "2026-02-01", "end_date": "2026-01-01"}
    assert_errors(both(client, "requests", "errors", **backwards), 400)


def test_unpublished_request_needs_a_key_that_may_see_it(client, city):
    w, _road = city
    private = phone_request(w)
    assert_errors(client.get(f"{BASE}/requests/{private.case_number}.json"), 404)
    assert_errors(both(client, "requests/NOPE", "errors"), 404)
    key = api_key(w.centre, Role.OPERATOR)[0]
    response = client.get(f"{BASE}/requests/{private.case_number}.json", {"api_key": key})
    assert response.status_code == 200
    bad_key = client.get(f"{BASE}/requests.json", {"api_key": "yw_nope_nope"})
    assert_errors(bad_key, 403)


def test_jurisdiction_format_and_method(client, city, settings):
    settings.YIWANG_OPEN311_JURISDICTION = "339900"
    assert client.get(f"{BASE}/services.json", {"jurisdiction_id": "339900"}).status_code == 200
    assert_errors(both(client, "services", "errors", jurisdiction_id="elsewhere.gov"), 404)
    wrong_format = client.get(f"{BASE}/services.yaml")
    assert_errors(wrong_format, 400)
    deleted = client.delete(f"{BASE}/requests.json")
    assert_errors(deleted, 405)
    assert deleted["Allow"] == "GET, POST"


def test_xml_survives_characters_xml_cannot_carry(client, city):
    w, _road = city
    ticket = _published(w, description="路灯坏了\x07\x0b，请修")
    both(client, f"requests/{ticket.case_number}", "service_requests")
    assert Ticket.objects.get(pk=ticket.pk).description == "路灯坏了\x07\x0b，请修"
