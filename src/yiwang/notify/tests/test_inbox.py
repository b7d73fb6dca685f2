"""The inbox as a user meets it: pages, htmx fragments, the header badge and the API.
A user only ever sees, counts and marks their own notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from yiwang.notify.models import Notification
from yiwang.notify.services import notify_user
from yiwang.notify.tests.conftest import EVENT

pytestmark = pytest.mark.django_db


def _notify(user, case_no, **kwargs):
    return notify_user(
        user=user, event=EVENT, context={"case_no": case_no, "department": "东城区"}, **kwargs
    )


def test_inbox_requires_login(client):
    response = client.get("/inbox/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_inbox_shows_only_own_notifications_unread_first(client, alice, bob):
    old_unread = _notify(alice, "A-OLD")
    Notification.objects.filter(pk=old_unread.pk).update(
        created_at=timezone.now() - timedelta(days=3)
    )
    newer_read = _notify(alice, "A-NEW")
    Notification.objects.filter(pk=newer_read.pk).update(read_at=timezone.now())
    _notify(bob, "B-SECRET")

    client.force_login(alice)
    page = client.get("/inbox/").content.decode()
    assert "您的诉求 A-OLD 已受理" in page and "您的诉求 A-NEW 已受理" in page
    assert "B-SECRET" not in page
    # unread first, even though it is older, and it says so in words
    assert page.index("A-OLD") < page.index("A-NEW")
    assert "未读" in page
    assert "1 条未读" in page

    unread_page = client.get("/inbox/?filter=unread").content.decode()
    assert "A-OLD" in unread_page and "A-NEW" not in unread_page


def test_mark_read_without_javascript_redirects_back(client, alice):
    notification = _notify(alice, "A-1")
    client.force_login(alice)
    response = client.post(f"/inbox/{notification.pk}/read/", {"next": "/inbox/?page=1"})
    assert response.status_code == 302
    assert response["Location"] == "/inbox/?page=1"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_read_rejects_offsite_next(client, alice):
    notification = _notify(alice, "A-1")
    client.force_login(alice)
    response = client.post(f"/inbox/{notification.pk}/read/", {"next": "https://evil.example/"})
    assert response["Location"] == "/inbox/"


def test_mark_read_with_htmx_returns_the_item_and_refreshes_badge(client, alice):
    notification = _notify(alice, "A-1")
    client.force_login(alice)
    response = client.post(f"/inbox/{notification.pk}/read/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Trigger"] == "notifyUnreadChanged"
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="notification-{notification.pk}"')
    item = html[: html.index("</li>")]
    assert "标为已读" not in item  # the button is gone once read
    assert "<html" not in html
    # the count and the "mark all" button are refreshed out of band
    assert '<p id="notify-summary" hx-swap-oob="innerHTML">0 条未读</p>' in html
    assert '<div id="notify-read-all" hx-swap-oob="true"></div>' in html


def test_cannot_mark_someone_elses_notification(client, alice, bob):
    theirs = _notify(bob, "B-1")
    client.force_login(alice)
    assert client.post(f"/inbox/{theirs.pk}/read/").status_code == 404
    assert client.get(f"/inbox/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_own(client, alice, bob):
    _notify(alice, "A-1")
    _notify(alice, "A-2")
    theirs = _notify(bob, "B-1")
    client.force_login(alice)
    response = client.post("/inbox/read-all/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Trigger"] == "notifyUnreadChanged"
    assert "已将 2 条消息标为已读" in response.content.decode()
    assert not Notification.objects.filter(recipient=alice, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None

    follow = client.post("/inbox/read-all/", follow=True)
    assert follow.redirect_chain[-1][0] == "/inbox/"


def test_open_marks_read_and_follows_link(client, alice):
    notification = _notify(alice, "A-1", url="/workbench/tickets/42/")
    client.force_login(alice)
    response = client.get(f"/inbox/{notification.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/workbench/tickets/42/"
    notification.refresh_from_db()
    assert notification.is_read


def test_sms_only_message_is_not_listed_in_inbox(client, alice, sms_file):
    notify_user(user=alice, event=EVENT, context={"case_no": "S-1"}, channels=("sms",))
    client.force_login(alice)
    assert "S-1" not in client.get("/inbox/").content.decode()


def test_badge_tag_counts_own_unread(alice, bob):
    _notify(alice, "A-1")
    _notify(alice, "A-2")
    _notify(bob, "B-1")
    request = RequestFactory().get("/")
    request.user = alice
    html = Template("{% load notify %}{% inbox_badge %}|{% inbox_unread_count %}").render(
        Context({"request": request, "user": alice})
    )
    assert 'href="/inbox/"' in html
    assert "2 条未读" in html
    assert html.endswith("|2")


def test_badge_fragment_is_empty_for_visitors(client):
    response = client.get("/inbox/badge/")
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_inbox_in_english(client, alice):
    _notify(alice, "A-1")
    client.force_login(alice)
    page = client.get("/inbox/", headers={"Accept-Language": "en"}).content.decode()
    assert "Notifications" in page
    assert "Mark as read" in page


# --- API --------------------------------------------------------------------------------------


def test_api_lists_counts_and_marks_only_own(client, alice, bob):
    mine = _notify(alice, "A-1", url="/x/")
    _notify(alice, "A-2")
    theirs = _notify(bob, "B-1")
    client.force_login(alice)

    listed = client.get("/api/v1/notifications").json()
    assert listed["count"] == 2
    assert {item["title"] for item in listed["items"]} == {
        "您的诉求 A-1 已受理",
        "您的诉求 A-2 已受理",
    }
    assert client.get("/api/v1/notifications/unread-count").json() == {"unread": 2}

    marked = client.post(f"/api/v1/notifications/{mine.pk}/read").json()
    assert marked["is_read"] is True and marked["url"] == "/x/"
    assert client.get("/api/v1/notifications/unread-count").json() == {"unread": 1}
    unread = client.get("/api/v1/notifications?unread=true").json()
    assert [item["title"] for item in unread["items"]] == ["您的诉求 A-2 已受理"]

    response = client.post(f"/api/v1/notifications/{theirs.pk}/read")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "找不到该消息"
    assert response.json()["detail_en"] == "Notification not found"
    theirs.refresh_from_db()
    assert theirs.read_at is None

    assert client.post("/api/v1/notifications/read-all").json() == {"marked": 1}
    client.force_login(bob)
    assert client.get("/api/v1/notifications/unread-count").json() == {"unread": 1}


def test_api_requires_authentication(client):
    response = client.get("/api/v1/notifications/unread-count")
    assert response.status_code == 401


def test_pages_link_to_each_other_and_keep_the_unread_filter(client, alice):
    for i in range(21):  # one more than a page
        _notify(alice, f"P-{i}")
    client.force_login(alice)
    first = client.get("/inbox/").content.decode()
    assert 'href="?page=2" rel="next"' in first and "第 1 页，共 2 页" in first
    unread_second = client.get("/inbox/?filter=unread&page=2").content.decode()
    assert 'href="?filter=unread&amp;page=1" rel="prev"' in unread_second
    assert "第 2 页，共 2 页" in unread_second and 'rel="next"' not in unread_second
