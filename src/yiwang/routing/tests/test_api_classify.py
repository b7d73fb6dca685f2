"""POST /api/v1/routing/classify: staff try the classifier on a text."""

from __future__ import annotations

import pytest

from yiwang.org.models import Role
from yiwang.tickets.tests.api_support import api_key, fields, post
from yiwang.tickets.tests.factories import world

pytestmark = pytest.mark.django_db

URL = "/api/v1/routing/classify"


@pytest.fixture
def dispatcher_key():
    return api_key(world().city, Role.DISPATCHER)[0]


def test_a_dispatcher_gets_the_label_confidence_top_three_and_version(
    client, trained, dispatcher_key
):
    response = post(client, URL, {"text": "公交线路站点太远，班次少，司机拒载"}, key=dispatcher_key)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["label"] == "交通运输"
    assert body["top"][0] == {"label": "交通运输", "confidence": body["confidence"]}
    assert len(body["top"]) == 3 and 1 / 3 < body["confidence"] <= 1
    assert body["model_version"] == trained.version and body["reason"] == ""


@pytest.mark.parametrize(("text", "reason"), [("   ", "empty"), ("🙂🙂 hello 123", "no_chinese")])
def test_text_it_cannot_read_gets_no_label_and_the_reason(
    client, trained, dispatcher_key, text, reason
):
    body = post(client, URL, {"text": text}, key=dispatcher_key).json()

    assert body["label"] is None and body["top"] == []
    assert body["reason"] == reason and "无法分类" in body["reason_text"]


def test_bad_requests_are_explained(client, trained, dispatcher_key):
    too_long = post(client, URL, {"text": "路灯" * 60_000}, key=dispatcher_key)
    assert too_long.status_code == 400 and fields(too_long) == {"text": "max_length"}
    missing = post(client, URL, {}, key=dispatcher_key)
    assert missing.status_code in (400, 422) and "text" in str(missing.json())


def test_only_intake_and_dispatch_staff_may_call_it(client, trained):
    w = world()
    handler_key = api_key(w.east, Role.HANDLER)[0]
    assert post(client, URL, {"text": "路灯坏了"}, key=handler_key).status_code == 403
    assert post(client, URL, {"text": "路灯坏了"}).status_code == 401
    operator_key = api_key(w.city, Role.OPERATOR)[0]
    assert post(client, URL, {"text": "路灯坏了"}, key=operator_key).status_code == 200


def test_without_a_model_the_answer_is_503_naming_the_problem(client, model_dir, dispatcher_key):
    response = post(client, URL, {"text": "路灯坏了"}, key=dispatcher_key)

    assert response.status_code == 503
    assert response.json()["problem"] == "not_trained"
