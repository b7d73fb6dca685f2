"""Platform-wide API error handling: problem+json for every failure, never a bare 500."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_oversized_json_body_is_413_problem_json(client):
    body = json.dumps({"username": "x" * (3 * 1024 * 1024)})
    response = client.post("/api/v1/accounts/citizens", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/payload-too-large")
    assert problem["title"] == "请求体过大" and problem["title_en"] == "Request body too large"


def test_request_id_is_echoed_and_in_the_problem(client):
    response = client.get("/api/v1/accounts/me", HTTP_X_REQUEST_ID="req-12345678")
    assert response.status_code == 401
    assert response["X-Request-ID"] == "req-12345678"
    assert response.json()["request_id"] == "req-12345678"


def test_a_body_that_is_not_json_is_a_bilingual_400(client):
    response = client.post(
        "/api/v1/accounts/citizens", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    problem = response.json()
    assert problem["type"].endswith("/unparsable-body")
    assert problem["detail"] == "请求体无法解析，请提交合法的 JSON"
    assert problem["detail_en"] == "Cannot parse the request body: send valid JSON"
