import pytest
from django.db import transaction

from yiwang.accounts.services import apikey_create
from yiwang.audit.models import ChainVerification
from yiwang.audit.services import audit_record
from yiwang.audit.tests.conftest import as_dba
from yiwang.org.models import Role
from yiwang.org.services import membership_add
from yiwang.org.tests.factories import small_city, staff

pytestmark = pytest.mark.django_db

URL = "/api/v1/audit/"


@pytest.fixture
def city():
    c = small_city()
    for name, dept in (("east", c.east), ("street", c.east_street), ("west", c.west)):
        with transaction.atomic():
            audit_record(action="test.case.update", department_id=dept.pk, summary=f"m-{name}")
    return c


def summaries(response) -> set[str]:
    return {
        item["summary"] for item in response.json()["items"] if item["summary"].startswith("m-")
    }


def test_anonymous_gets_401_problem(client, city):
    response = client.get(URL)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_handler_gets_403(client, city):
    client.force_login(staff("east-handler", city.east, Role.HANDLER))
    response = client.get(URL)
    assert response.status_code == 403
    assert response.json()["type"].endswith("permission-denied")


def test_supervisor_lists_their_scope_with_filters_and_pages(client, city):
    client.force_login(staff("east-supervisor", city.east, Role.SUPERVISOR))
    response = client.get(URL, {"action": "test.case"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 and summaries(response) == {"m-east", "m-street"}
    item = body["items"][0]
    assert item["seq"] > body["items"][1]["seq"]  # newest first
    assert len(item["hash"]) == 64 and item["changes"] == {}
    second = client.get(URL, {"action": "test.case", "page": 2, "page_size": 1}).json()
    assert second["count"] == 2 and [i["summary"] for i in second["items"]] == ["m-east"]


def test_bad_query_is_a_bilingual_field_error(client, city):
    client.force_login(staff("platform-admin", city.city, Role.PLATFORM_ADMIN))
    response = client.get(URL, {"date_from": "2025-02-30"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "date_from"
    response = client.get(URL, {"date_from": "2025-02-01", "date_to": "2025-01-01"})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == "date_to" and error["message"] == "截止日期不能早于起始日期"
    assert error["message_en"] == "The end date cannot be before the start date"
    assert client.get(URL, {"page_size": 10_000}).status_code == 400


def test_verify_is_for_platform_admins(client, city):
    client.force_login(staff("east-supervisor", city.east, Role.SUPERVISOR))
    assert client.get(URL + "verify").status_code == 403
    client.force_login(staff("platform-admin", city.city, Role.PLATFORM_ADMIN))
    ok = client.get(URL + "verify").json()
    assert ok["ok"] is True and ok["count"] > 3 and ok["first_bad_seq"] is None
    as_dba(("UPDATE audit_auditrecord SET summary = 'x' WHERE summary = 'm-west'", []))
    broken = client.get(URL + "verify").json()
    assert broken["ok"] is False and broken["code"] == "hash_mismatch"
    assert "edited" in broken["reason_en"]
    assert ChainVerification.objects.count() == 2


def test_api_key_of_a_platform_system_account(client, city):
    key, plaintext = apikey_create(actor=None, name="security-monitor")
    membership_add(actor=None, user=key.account, department=city.city, roles=[Role.PLATFORM_ADMIN])
    response = client.get(URL, headers={"X-API-Key": plaintext})
    assert response.status_code == 200
    assert summaries(response) == {"m-east", "m-street", "m-west"}
