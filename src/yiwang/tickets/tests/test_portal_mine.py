"""我的诉求: own requests only, the public timeline, the reply once approved, rating, reopen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from yiwang.accounts import services as accounts
from yiwang.notify.models import Notification
from yiwang.tickets import services
from yiwang.tickets.models import Rating, Status, Ticket
from yiwang.tickets.tests.factories import _id, citizen_request, world
from yiwang.tickets.tests.portal_support import PDF, close, reply_only

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


def _detail(ticket) -> str:
    return reverse("tickets:mine_detail", args=[ticket.case_number])


def _other_citizen(n: int = 901):
    return accounts.citizen_register(
        username=f"other{n}", password=None, password_hash="!x", real_name="赵六",
        id_number=_id(n), phone=f"1360000{n:04d}",
    )  # fmt: skip


def test_signing_in_is_required(client):
    response = client.get(reverse("tickets:mine"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_citizen_sees_only_their_own_requests(client):
    w = world()
    mine = citizen_request(w, subject="我家停水")
    other = _other_citizen()
    theirs = citizen_request(w, actor=other, requester=other, subject="邻居的噪声投诉")
    client.force_login(w.citizen)
    page = _html(client.get(reverse("tickets:mine")))
    assert mine.case_number in page and "我家停水" in page and "待派单" in page
    assert theirs.case_number not in page and "邻居的噪声投诉" not in page
    # someone else's case is not found, and cannot be rated or reopened either
    assert client.get(_detail(theirs)).status_code == 404
    assert client.post(_detail(theirs) + "rate/", {"level": 1}).status_code == 404
    assert client.post(_detail(theirs) + "reopen/", {"reason": "x"}).status_code == 404
    # nor can the public tracking page be used to reach it without their phone
    response = client.get(reverse("tickets:public_detail", args=[theirs.case_number]))
    assert response.status_code == 302 and "/12345/track/?case=" in response["Location"]


def test_the_list_is_empty_at_first(client):
    w = world()
    client.force_login(w.citizen)
    page = _html(client.get(reverse("tickets:mine")))
    assert "您还没有提交过诉求" in page


def test_timeline_by_department_and_reply_only_once_approved(client):
    w = world()
    ticket = citizen_request(w)
    ticket = reply_only(w, ticket, reply="经查为主管破裂，今晚修复。", files=[("回执.pdf", PDF)])
    client.force_login(w.citizen)
    page = _html(client.get(_detail(ticket)))
    for step in ("受理", "派单", "签收", "答复"):
        assert step in page
    assert w.water.name in page  # departments are named ...
    assert w.water_handler.display_name not in page  # ... staff never are
    assert w.dispatcher.display_name not in page
    assert "经查为主管破裂" not in page and "回执.pdf" not in page  # not approved yet
    assert ticket.description in page  # the owner sees what they wrote

    services.ticket_review(actor=w.dispatcher, ticket=ticket, accept=True)
    page = _html(client.get(_detail(ticket)))
    assert "经查为主管破裂，今晚修复。" in page and "已办结" in page
    assert "回执.pdf" in page and "评价办理结果" in page and "申请重办" in page
    attachment = ticket.attachments.get(original_name="回执.pdf")
    download = client.get(reverse("tickets:portal_attachment", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


def test_a_reply_sent_back_by_the_dispatcher_is_never_shown(client):
    w = world()
    ticket = reply_only(w, citizen_request(w), reply="草稿答复，不准确")
    services.ticket_review(actor=w.dispatcher, ticket=ticket, accept=False, note="请核实")
    client.force_login(w.citizen)
    page = _html(client.get(_detail(ticket)))
    assert "草稿答复" not in page and "请核实" not in page


def test_rating_once_per_round(client):
    w = world()
    ticket = citizen_request(w)
    client.force_login(w.citizen)
    assert "评价办理结果" not in _html(client.get(_detail(ticket)))  # still open
    response = client.post(_detail(ticket) + "rate/", {"level": 5})
    assert Rating.objects.count() == 0 and response.status_code == 302  # told why, nothing saved
    ticket = close(w, ticket)
    page = _html(client.post(_detail(ticket) + "rate/", {"level": 9}))
    assert "请选择评价等级" in page and Rating.objects.count() == 0
    for label in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
        assert label in page
    response = client.post(_detail(ticket) + "rate/", {"level": 4, "comment": "处理及时"})
    assert response.status_code == 302
    rating = Rating.objects.get(ticket=ticket)
    assert rating.level == 4 and rating.rated_by == w.citizen and not rating.is_bad
    page = _html(client.get(_detail(ticket)))
    assert "我的评价" in page and "处理及时" in page and "评价办理结果" not in page
    assert Ticket.objects.get(pk=ticket.pk).status == Status.RATED
    response = client.post(_detail(ticket) + "rate/", {"level": 1}, follow=True)
    assert Rating.objects.count() == 1 and "当前状态不允许" in _html(response)


def test_reopen_within_the_window_only(client):
    w = world()
    ticket = close(w, citizen_request(w))
    client.force_login(w.citizen)
    page = _html(client.post(_detail(ticket) + "reopen/", {"reason": ""}))
    assert "请填写重办理由" in page
    response = client.post(_detail(ticket) + "reopen/", {"reason": "还是没有水"}, follow=True)
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING_SIGN and ticket.reopen_count == 1
    assert "已申请重办" in _html(response) and "重办" in _html(response)

    late = close(w, citizen_request(w, subject="又停水"))
    Ticket.objects.filter(pk=late.pk).update(closed_at=timezone.now() - timedelta(days=40))
    page = _html(client.get(_detail(late)))
    assert "申请重办" not in page  # the window has passed: no form
    response = client.post(_detail(late) + "reopen/", {"reason": "仍然停水"}, follow=True)
    assert "已超过可申请重办的期限" in _html(response)
    assert Ticket.objects.get(pk=late.pk).status == Status.CLOSED


def test_a_merged_request_points_to_the_live_ticket(client):
    w = world()
    live = citizen_request(w, subject="整栋楼停水", description="三号楼整栋停水，家里有老人。")
    other = _other_citizen(902)
    repeat = citizen_request(w, actor=other, requester=other, subject="我们楼也停水")
    services.ticket_merge(actor=w.dispatcher, ticket=repeat, into=live)
    close(w, live, reply="已更换阀门，恢复供水。")
    client.force_login(other)
    page = _html(client.get(_detail(repeat)))
    assert "已合并" in page and live.case_number in page
    assert "已更换阀门，恢复供水。" in page  # the result is told to every requester
    assert "整栋楼停水" not in page and live.description not in page  # not the other's words


def test_inbox_links_land_on_the_ticket_page(client):
    w = world()
    ticket = close(w, citizen_request(w))
    client.force_login(w.citizen)
    events = {"tickets.accepted", "tickets.dispatched", "tickets.replied", "tickets.closed"}
    notes = Notification.objects.filter(recipient=w.citizen, event__in=events)
    assert {n.event for n in notes} == events
    for note in notes:
        response = client.get(note.url, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == _detail(ticket)
