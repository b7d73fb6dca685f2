"""/api/v1/tickets/knowledge: search for staff, writes for knowledge managers, problem+json."""

import json

import pytest

from yiwang.tickets.models import KnowledgeEntry
from yiwang.tickets.tests.api_support import fields, get, post
from yiwang.tickets.tests.factories import world

pytestmark = pytest.mark.django_db
URL = "/api/v1/tickets/knowledge"


def patch(client, path, data):
    return client.patch(path, json.dumps(data), content_type="application/json")


@pytest.fixture
def w(client, django_capture_on_commit_callbacks):
    w = world()
    client.force_login(w.dispatcher)
    with django_capture_on_commit_callbacks(execute=True):
        created = post(client, URL, {
            "department_id": w.centre.pk, "question": "社保卡丢了怎么补办？",
            "answer": "先挂失，再带身份证到服务网点补办。", "keywords": "社保卡 挂失 补卡",
            "category_code": w.road.code,
        })  # fmt: skip
    assert created.status_code == 201, created.content
    w.entry = created.json()
    return w


def test_staff_search_in_chinese_and_get_marked_snippets(client, w):
    client.force_login(w.operator)

    body = get(client, URL, q="社保卡掉了").json()

    assert body["total"] == 1 and body["items"][0]["id"] == w.entry["id"]
    assert "<mark>社保卡</mark>" in body["items"][0]["question_html"]
    assert get(client, URL, q="社保卡", category_code=w.noise.code).json()["total"] == 0
    assert get(client, URL, q="社保卡", category_code="NOPE").status_code == 400


def test_citizens_may_not_search_or_write(client, w):
    client.force_login(w.citizen)
    assert get(client, URL, q="社保卡").status_code == 403
    assert post(client, URL, {"department_id": w.centre.pk, "question": "问",
                              "answer": "答"}).status_code == 403  # fmt: skip
    client.logout()
    assert get(client, URL, q="社保卡").status_code == 401


def test_handlers_read_but_cannot_change(client, w):
    client.force_login(w.east_handler)
    assert get(client, f"{URL}/{w.entry['id']}").json()["question"] == "社保卡丢了怎么补办？"
    assert patch(client, f"{URL}/{w.entry['id']}", {"answer": "改"}).status_code == 403


def test_bad_input_is_a_field_error_not_a_crash(client, w):
    bad = post(client, URL, {"department_id": 999999, "question": "", "answer": "答"})
    assert bad.status_code == 400 and "department_id" in fields(bad)
    empty = post(client, URL, {"department_id": w.centre.pk, "question": " ", "answer": "答"})
    assert fields(empty) == {"question": "required"}
    assert post(client, URL, {"question": "x" * 201}).status_code == 400
    assert get(client, f"{URL}/999999").status_code == 404


def test_patch_changes_deactivates_and_refuses_a_stale_revision(
    client, w, django_capture_on_commit_callbacks
):
    path = f"{URL}/{w.entry['id']}"
    with django_capture_on_commit_callbacks(execute=True):
        changed = patch(client, path, {"answer": "可在手机上挂失补办。", "category_code": "",
                                       "expected_revision": w.entry["revision"]})  # fmt: skip
    assert changed.status_code == 200, changed.content
    assert changed.json()["category_code"] is None
    stale = patch(
        client, path, {"answer": "旧页面的修改", "expected_revision": w.entry["revision"]}
    )
    assert stale.status_code == 409
    with django_capture_on_commit_callbacks(execute=True):
        off = patch(
            client, path, {"is_active": False, "expected_revision": changed.json()["revision"]}
        )
    assert off.json()["is_active"] is False
    client.force_login(w.operator)
    assert get(client, URL, q="社保卡").json()["total"] == 0
    assert get(client, path).status_code == 404
    assert KnowledgeEntry.objects.get(pk=w.entry["id"]).answer == "可在手机上挂失补办。"
