"""Public tracking by case number + phone: one error for every mismatch, rate limits, no
personal data, and rating / reopening by a requester without an account."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yiwang.core.errors import Conflict
from yiwang.tickets import services
from yiwang.tickets.models import Channel, Rating, Status, Ticket
from yiwang.tickets.tests.factories import citizen_request, world
from yiwang.tickets.tests.portal_support import PNG, close, reply_only

pytestmark = pytest.mark.django_db

TRACK = "/12345/track/"
PHONE = "13800002222"


def _html(response) -> str:
    return response.content.decode()


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _web_request(w, **overrides):
    """Filed on the website without an account (the SMS code already checked)."""
    values = dict(
        actor=None, channel=Channel.WEB, ticket_type="help", subject="小区停水",
        description="幸福小区 3 栋从早上开始停水，家里有老人。我是 3 栋 2 单元的住户。",
        category_code=w.water_cat.code, requester_name="孙先生", requester_phone=PHONE,
        address="幸福小区3栋",
    )  # fmt: skip
    values.update(overrides)
    return services.ticket_create(**values).ticket


def _check(client, case, phone=PHONE, **extra):
    return client.post(TRACK, {"case_number": case, "phone": phone}, **extra)


def test_wrong_phone_and_unknown_case_get_the_same_answer(client):
    w = world()
    ticket = _web_request(w)
    wrong_phone = _check(client, ticket.case_number, "13900009999")
    unknown_case = _check(Client(), "SF12345-20200101-000001", "13900009999")
    assert wrong_phone.status_code == unknown_case.status_code == 200
    assert "工单编号或手机号码不正确" in _html(wrong_phone)
    # the pages differ only in what the visitor typed themselves
    assert _without_tokens(_html(wrong_phone)).replace(ticket.case_number, "X") == (
        _without_tokens(_html(unknown_case)).replace("SF12345-20200101-000001", "X")
    )


def test_the_right_phone_opens_the_timeline_without_personal_data(client):
    w = world()
    ticket = _web_request(w)
    ticket = reply_only(w, ticket, reply="已安排抢修。", files=[("现场.png", PNG)])
    response = _check(client, " " + ticket.case_number.lower() + " ")  # forgiving about case
    detail = reverse("tickets:public_detail", args=[ticket.case_number])
    assert response.status_code == 302 and response["Location"] == detail
    page = _html(client.get(detail))
    assert ticket.case_number in page and "待审核" in page
    assert w.water.name in page and "签收" in page
    for private in (PHONE, "138****2222", "孙先生", "孙*", ticket.description, "幸福小区3栋"):
        assert private not in page
    assert w.water_handler.display_name not in page
    assert "已安排抢修" not in page and "现场.png" not in page  # awaiting review
    attachment = ticket.attachments.get()
    url = reverse("tickets:portal_attachment", args=[attachment.pk])
    assert client.get(url).status_code == 404

    services.ticket_review(actor=w.dispatcher, ticket=ticket, accept=True)
    page = _html(client.get(detail))
    assert "已安排抢修。" in page and "现场.png" in page
    assert client.get(url).status_code == 200
    assert Client().get(url).status_code == 404  # a browser without the check


def test_the_check_is_needed_and_prefills_the_case(client):
    w = world()
    ticket = _web_request(w)
    response = client.get(reverse("tickets:public_detail", args=[ticket.case_number]))
    assert response.status_code == 302
    page = _html(client.get(response["Location"]))
    assert f'value="{ticket.case_number}"' in page


def test_tracking_is_rate_limited_per_address(client, settings):
    w = world()
    settings.YIWANG_TRACK_PER_IP = 3
    ticket = _web_request(w)
    for n in range(3):
        assert _check(client, f"SF12345-20200101-00000{n}").status_code == 200
    response = _check(client, ticket.case_number)  # even the right answer, now
    assert response.status_code == 429 and "操作过于频繁" in _html(response)
    assert _check(client, ticket.case_number, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_guessing_one_case_locks_it_the_same_whether_it_exists_or_not(client, settings):
    w = world()
    settings.YIWANG_TRACK_FAILURES_PER_CASE = 2
    ticket = _web_request(w)
    made_up = "SF12345-20200101-000777"
    for case in (ticket.case_number, made_up):
        for n in range(2):
            response = _check(Client(REMOTE_ADDR=f"10.0.{n}.1"), case, "13900000000")
            assert response.status_code == 200
        locked = _check(Client(REMOTE_ADDR="10.0.9.1"), case, PHONE)
        assert locked.status_code == 429  # the same for a real and a made-up number


def test_an_anonymous_requester_rates_and_reopens_from_the_tracking_page(client):
    w = world()
    ticket = close(w, _web_request(w))
    _check(client, ticket.case_number)
    detail = reverse("tickets:public_detail", args=[ticket.case_number])
    page = _html(client.get(detail))
    assert "评价办理结果" in page and "申请重办" in page
    response = client.post(detail + "rate/", {"level": 2, "comment": "只修了一半"})
    assert response.status_code == 302
    rating = Rating.objects.get(ticket=ticket)
    assert rating.level == 2 and rating.is_bad and rating.rated_by is None
    page = _html(client.get(detail))
    assert "只修了一半" in page and "诉求人" in page  # the timeline names no one
    response = client.post(detail + "reopen/", {"reason": "仍有几户没有水"})
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING_SIGN and ticket.reopen_count == 1
    # another browser without the check cannot do either
    stranger = Client()
    response = stranger.post(detail + "rate/", {"level": 5})
    assert response.status_code == 302 and "/12345/track/?case=" in response["Location"]


def test_reopen_window_applies_to_requesters_without_an_account(client):
    w = world()
    ticket = close(w, _web_request(w))
    Ticket.objects.filter(pk=ticket.pk).update(closed_at=timezone.now() - timedelta(days=40))
    ticket.refresh_from_db()
    with pytest.raises(Conflict):
        services.ticket_reopen(actor=None, ticket=ticket, reason="x", by_requester=True)
    _check(client, ticket.case_number)
    detail = reverse("tickets:public_detail", args=[ticket.case_number])
    assert "申请重办" not in _html(client.get(detail))
    response = client.post(detail + "reopen/", {"reason": "仍然停水"}, follow=True)
    assert "已超过可申请重办的期限" in _html(response)
    assert Ticket.objects.get(pk=ticket.pk).status == Status.CLOSED
    # staff acting for the requester (actor None, no flag) are not bound by it
    services.ticket_reopen(actor=None, ticket=ticket, reason="市长信箱转来")


def test_a_registered_requesters_case_is_rated_after_signing_in(client):
    w = world()
    ticket = close(w, citizen_request(w))
    _check(client, ticket.case_number, w.citizen.phone)
    detail = reverse("tickets:public_detail", args=[ticket.case_number])
    page = _html(client.get(detail))
    assert "登录后评价或申请重办" in page and 'name="level"' not in page
    client.post(detail + "rate/", {"level": 5})
    assert not Rating.objects.exists()


def test_the_owner_is_taken_to_their_own_page(client):
    w = world()
    ticket = citizen_request(w)
    client.force_login(w.citizen)
    response = client.get(TRACK, {"case": ticket.case_number})
    assert response["Location"] == reverse("tickets:mine_detail", args=[ticket.case_number])
    response = client.get(reverse("tickets:public_detail", args=[ticket.case_number]))
    assert response["Location"] == reverse("tickets:mine_detail", args=[ticket.case_number])
