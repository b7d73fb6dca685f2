"""POST /api/v1/tickets/{id}/{action}: the whole loop through the API, 409 on a stale version
(body or If-Match), 403 for a role that may not act, field errors on every action."""

from __future__ import annotations

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from yiwang.tickets import services
from yiwang.tickets.models import ExtensionRequest, Rating, Status, Ticket
from yiwang.tickets.tests.api_support import PNG, b64, fields, get, post
from yiwang.tickets.tests.factories import citizen_request, phone_request, world

pytestmark = pytest.mark.django_db


def act(client, user, ticket_id, action, data=None, **headers):
    client.force_login(user)
    return post(client, f"/api/v1/tickets/{ticket_id}/{action}", data or {}, **headers)


def ok(response):
    assert response.status_code == 200, response.content
    return response.json()


def test_the_closed_loop_through_the_api(client):
    w = world()
    ticket = citizen_request(w)
    body = ok(
        act(
            client,
            w.dispatcher,
            ticket.pk,
            "dispatch",
            {"lead_department": w.water.pk, "note": "请核实", "expected_version": 1},
        )
    )
    assert body["status"] == "pending_sign" and body["lead_department"]["id"] == w.water.pk
    body = ok(
        act(
            client, w.water_handler, ticket.pk, "sign", None, **{"If-Match": f'"{body["version"]}"'}
        )
    )
    assert body["current_assignee"]["id"] == w.water_handler.pk
    ok(act(client, w.water_handler, ticket.pk, "note", {"note": "已联系物业"}))

    client.force_login(w.water_handler)
    photo = SimpleUploadedFile("修复.png", PNG, content_type="image/png")
    response = client.post(
        f"/api/v1/tickets/{ticket.pk}/reply", {"text": "已恢复供水。", "attachments": [photo]}
    )
    body = ok(response)
    assert body["status"] == "pending_review" and len(body["attachments"]) == 1

    # the requester does not see the reply (nor its attachment) before it is approved
    client.force_login(w.citizen)
    mine = get(client, f"/api/v1/tickets/{ticket.pk}").json()
    assert mine["reply_text"] == "" and mine["attachments"] == []
    assert "已联系物业" not in str(mine) and w.water_handler.username not in str(mine)

    body = ok(act(client, w.dispatcher, ticket.pk, "approve_reply", {}))
    assert body["status"] == "closed"
    client.force_login(w.citizen)
    mine = get(client, f"/api/v1/tickets/{ticket.pk}").json()
    assert mine["reply_text"] == "已恢复供水。" and len(mine["attachments"]) == 1
    assert "rate" in mine["available_actions"] and "reopen" in mine["available_actions"]
    assert all(e["actor"] is None and e["data"] is None for e in mine["events"])
    assert {e["action"] for e in mine["events"]}.isdisjoint({"note"})  # internal steps hidden

    body = ok(act(client, w.citizen, ticket.pk, "rate", {"level": 2, "comment": "太慢了"}))
    assert body["status"] == "rated" and body["ratings"][0]["is_bad"]
    assert Rating.objects.get(ticket=ticket).channel == "web"
    body = ok(act(client, w.citizen, ticket.pk, "reopen", {"reason": "又停水了"}))
    assert body["status"] == "pending_sign" and body["reopen_count"] == 1


def test_stale_version_is_409_for_every_kind_of_action():
    from django.test import Client

    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    seen = ticket.version
    first, second = Client(), Client()
    ok(act(first, w.east_handler, ticket.pk, "sign", {"expected_version": seen}))
    late = act(second, w.east_handler, ticket.pk, "sign", {"expected_version": seen})
    assert late.status_code == 409
    problem = late.json()
    assert problem["type"].endswith("/version-conflict")
    assert problem["current_version"] == seen + 1 and problem["current_status"] == "in_progress"
    assert problem["detail"] == "工单已被他人处理，请刷新后重试"
    assert problem["detail_en"].startswith("Someone else has acted on this case")
    # a note's service takes no version; the API still refuses to act on a stale view
    late_note = act(
        second, w.east_handler, ticket.pk, "note", {"note": "进展"}, **{"If-Match": f'W/"{seen}"'}
    )
    assert late_note.status_code == 409
    assert Ticket.objects.get(pk=ticket.pk).events.filter(action="note").count() == 0
    # without a version the state check still protects: signing twice is a conflict
    again = act(second, w.east_handler, ticket.pk, "sign")
    assert again.status_code == 409 and again.json()["type"].endswith("/state-conflict")


def test_version_headers_must_make_sense(client):
    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    mismatch = act(
        client, w.east_handler, ticket.pk, "sign", {"expected_version": 1}, **{"If-Match": '"2"'}
    )
    assert fields(mismatch) == {"expected_version": "version_mismatch"}
    garbage = act(client, w.east_handler, ticket.pk, "sign", None, **{"If-Match": "yesterday"})
    assert fields(garbage) == {"If-Match": "etag_format"}


def test_a_role_that_may_not_act_gets_403_before_any_version_talk(client):
    w = world()
    ticket = phone_request(w)
    response = act(
        client,
        w.east_handler,
        ticket.pk,
        "dispatch",
        {"lead_department": w.east.pk, "expected_version": 999},
    )
    assert response.status_code == 404  # not dispatched yet: not in the handler's scope
    own = citizen_request(w)
    response = act(
        client, w.citizen, own.pk, "answer_now", {"answer": "自己答复", "expected_version": 999}
    )
    assert response.status_code == 403 and response.json()["type"].endswith("/permission-denied")
    dispatched = services.ticket_dispatch(actor=w.dispatcher, ticket=ticket, lead_department=w.east)
    response = act(
        client, w.east_handler, dispatched.pk, "dispatch", {"lead_department": w.east.pk}
    )
    assert response.status_code == 403
    response = act(client, w.operator, dispatched.pk, "supervise", {"note": "督办"})
    assert response.status_code == 403
    assert Ticket.objects.get(pk=dispatched.pk).version == dispatched.version


def test_actions_report_field_errors(client):
    w = world()
    ticket = phone_request(w)
    bad_department = act(
        client,
        w.dispatcher,
        ticket.pk,
        "dispatch",
        {"lead_department": 999999, "co_departments": [w.water.pk, 888888]},
    )
    assert fields(bad_department) == {"lead_department": "unknown_department"}
    bad_co = act(
        client,
        w.dispatcher,
        ticket.pk,
        "dispatch",
        {"lead_department": w.east.pk, "co_departments": [w.water.pk, 888888]},
    )
    assert fields(bad_co) == {"co_departments.1": "unknown_department"}
    missing = act(client, w.dispatcher, ticket.pk, "dispatch", {})
    assert fields(missing) == {"lead_department": "missing"}
    ticket = services.ticket_dispatch(actor=w.dispatcher, ticket=ticket, lead_department=w.east)
    services.ticket_sign(actor=w.east_handler, ticket=ticket)
    empty = act(client, w.east_handler, ticket.pk, "reply", {"text": "   "})
    assert fields(empty) == {"text": "required"}
    bad_file = act(
        client,
        w.east_handler,
        ticket.pk,
        "reply",
        {"text": "答复", "attachments": [{"name": "x.png", "content_base64": b64(b"MZ")}]},
    )
    assert fields(bad_file) == {"attachments.0": "bad_type"}
    days = act(client, w.east_handler, ticket.pk, "request_extension", {"days": 0, "reason": "等"})
    assert fields(days) == {"days": "days_range"}
    into = act(client, w.dispatcher, ticket.pk, "merge", {"into": "SF12345-20000101-000001"})
    assert fields(into) == {"into": "unknown_ticket"}
    typo = act(client, w.east_handler, ticket.pk, "note", {"nots": "拼错了"})
    assert fields(typo) == {"nots": "extra_forbidden"}


def test_extension_return_and_merge_through_the_api(client):
    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    services.ticket_sign(actor=w.east_handler, ticket=ticket)
    ok(act(client, w.east_handler, ticket.pk, "request_extension", {"days": 3, "reason": "需勘察"}))
    extension = ExtensionRequest.objects.get(ticket=ticket)
    before = Ticket.objects.get(pk=ticket.pk).handle_deadline
    body = ok(
        act(
            client,
            w.dispatcher,
            ticket.pk,
            "decide_extension",
            {"extension": extension.pk, "approve": True},
        )
    )
    assert body["extensions"][0]["status"] == "approved"
    assert Ticket.objects.get(pk=ticket.pk).handle_deadline > before
    body = ok(act(client, w.east_handler, ticket.pk, "request_return", {"reason": "不属本区"}))
    assert body["status"] == "return_requested"
    body = ok(act(client, w.dispatcher, ticket.pk, "accept_return", {}))
    assert body["status"] == "pending_dispatch" and body["lead_department"] is None
    repeat = phone_request(w)
    body = ok(act(client, w.dispatcher, repeat.pk, "merge", {"into": ticket.case_number}))
    assert body["status"] == "merged" and body["merged_into"] == ticket.case_number


def test_answer_now_follow_up_supervise_and_urge(client):
    w = world()
    consult = phone_request(w, ticket_type="consult", subject="公积金怎么提取")
    body = ok(act(client, w.operator, consult.pk, "answer_now", {"answer": "带身份证到中心办理。"}))
    assert body["status"] == "closed" and body["reply_text"] == "带身份证到中心办理。"
    body = ok(
        act(
            client,
            w.operator,
            consult.pk,
            "follow_up",
            {"reached": True, "note": "满意", "level": 5},
        )
    )
    assert body["status"] == "rated" and body["ratings"][0]["level"] == 5
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    body = ok(act(client, w.supervisor, ticket.pk, "supervise", {"note": "请加快"}))
    assert body["supervised"] is True
    ok(act(client, w.dispatcher, ticket.pk, "urge", {"note": "催办"}))
    assert Ticket.objects.get(pk=ticket.pk).urge_count == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_acting_at_once_one_wins_the_other_gets_409():
    """Real concurrency: both requests carry the same version; the row lock serialises them."""
    from django.test import Client

    w = world()
    ticket = services.ticket_dispatch(
        actor=w.dispatcher, ticket=phone_request(w), lead_department=w.east
    )
    barrier, results = threading.Barrier(2), []

    def attempt(note: str):
        try:
            client = Client()
            client.force_login(w.east_handler)
            barrier.wait()
            response = post(
                client,
                f"/api/v1/tickets/{ticket.pk}/note",
                {"note": note, "expected_version": ticket.version},
            )
            results.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200, 409]
    assert Ticket.objects.get(pk=ticket.pk).status == Status.PENDING_SIGN
    assert Ticket.objects.get(pk=ticket.pk).events.filter(action="note").count() == 1
