"""The API error format: RFC 9457 problem+json, field messages in Chinese and English."""

import pytest

from yiwang.accounts import services

pytestmark = pytest.mark.django_db

GOOD = {
    "username": "lisi",
    "password": "Strong-pass-2026",
    "real_name": "李四",
    "id_number": "11010519491231002X",
    "phone": "13812345678",
}


def post(client, path, data):
    return client.post(path, data, content_type="application/json")


def test_register_citizen_then_me_is_masked(client):
    response = post(client, "/api/v1/accounts/citizens", GOOD)
    assert response.status_code == 201, response.content
    from yiwang.accounts.models import User

    client.force_login(User.objects.get(username="lisi"))
    me = client.get("/api/v1/accounts/me").json()
    assert me["personal"]["id_number"] == "110***********002X"


def test_invalid_id_number_is_a_bilingual_field_error(client):
    response = post(
        client, "/api/v1/accounts/citizens", {**GOOD, "id_number": "110105194912310021"}
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"].endswith("/invalid-input")
    assert body["status"] == 400 and body["title"] and body["title_en"]
    assert body["instance"] == "/api/v1/accounts/citizens"
    [error] = body["errors"]
    assert error == {
        "field": "id_number",
        "code": "id_number_check_digit",
        "message": "居民身份证号码校验位不正确",
        "message_en": error["message_en"],
    }
    assert "check" in error["message_en"].lower()


def test_missing_and_mistyped_fields_are_field_errors_not_500(client):
    response = post(client, "/api/v1/accounts/citizens", {"username": 5})
    assert response.status_code == 400
    errors = {e["field"]: e for e in response.json()["errors"]}
    assert errors["password"]["message"] == "此字段为必填项"
    assert errors["password"]["message_en"]
    response = client.post(
        "/api/v1/accounts/citizens", "{not json", content_type="application/json"
    )
    assert response.status_code == 400


def test_bad_phone_and_credit_code(client):
    response = post(
        client,
        "/api/v1/accounts/enterprises",
        {**GOOD, "phone": "12345", "name": "示范公司", "credit_code": "123",
         "legal_representative": "王五"},
    )  # fmt: skip
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"phone", "credit_code"}


def test_unauthenticated_and_forbidden_are_problems(client):
    response = client.get("/api/v1/accounts/me")
    assert response.status_code == 401
    assert response.json()["type"].endswith("/not-authenticated")
    _key, key = services.apikey_create(actor=None, name="svc")
    response = client.post(
        "/api/v1/accounts/apikeys", {"name": "x"}, content_type="application/json",
        HTTP_X_API_KEY=key,
    )  # fmt: skip
    assert response.status_code == 403
    assert response.json()["type"].endswith("/permission-denied")


def test_api_key_in_bearer_header(client):
    _key, key = services.apikey_create(actor=None, name="bearer")
    response = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["kind"] == "system"
    assert response["X-Request-ID"]
