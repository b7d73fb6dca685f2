"""The staff task API: inbox by department and role, completion with 409/403 as problems."""

from __future__ import annotations

import pytest
from django.test import Client

from yiwang.approvals.services.applications import application_submit
from yiwang.approvals.tests.engine_support import open_tasks, town

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_inbox_and_completion_through_the_api():
    t = town()
    application = application_submit(actor=t.citizen, item=t.item, form_data={})
    handler = client_for(t.handlers["scjgj"])
    inbox = handler.get("/api/v1/approvals/tasks").json()
    assert [row["application"] for row in inbox] == [application.number]
    assert client_for(t.handlers["gaj"]).get("/api/v1/approvals/tasks").json() == []

    task_id = inbox[0]["id"]
    body = {"decision": "accept", "opinion": "材料齐全", "expected_version": application.version}
    url = f"/api/v1/approvals/tasks/{task_id}/complete"
    forbidden = client_for(t.handlers["gaj"]).post(url, body, content_type="application/json")
    assert forbidden.status_code == 403
    done = handler.post(url, body, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    again = handler.post(url, body, content_type="application/json")
    assert again.status_code == 409
    assert again["Content-Type"].startswith("application/problem+json")
    assert again.json()["detail"] and again.json()["detail_en"]

    application.refresh_from_db()
    review = open_tasks(application)["review"]
    bad = handler.post(f"/api/v1/approvals/tasks/{review.pk}/complete",
                       {"decision": "return", "expected_version": application.version},
                       content_type="application/json")  # fmt: skip
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "notice"
    assert Client().get("/api/v1/approvals/tasks").status_code == 401
