"""Event wording: registered defaults, admin overrides per channel, and bad input."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from yiwang.core.errors import InvalidInput, PermissionDenied
from yiwang.notify.events import UnknownEvent, register_event, render_event
from yiwang.notify.models import Delivery
from yiwang.notify.services import notification_template_save, notify_user
from yiwang.notify.tests.conftest import EVENT

pytestmark = pytest.mark.django_db

CONTEXT = {"case_no": "SF2025-0001", "department": "东城区城管局"}


def test_default_wording_is_rendered_with_the_given_context(alice):
    notification = notify_user(user=alice, event=EVENT, context=CONTEXT)
    assert notification.title == "您的诉求 SF2025-0001 已受理"
    assert notification.body == "王小丽，您好：诉求 SF2025-0001 已受理，承办单位：东城区城管局。"


def test_text_is_not_html_escaped_when_stored(alice):
    notification = notify_user(
        user=alice, event=EVENT, context={"case_no": "A&B <1>", "department": "x"}
    )
    assert notification.title == "您的诉求 A&B <1> 已受理"


def test_admin_override_replaces_the_default_per_channel(
    alice, sms_file, django_capture_on_commit_callbacks
):
    notification_template_save(
        actor=None,
        event=EVENT,
        channel="inbox",
        subject="受理回执：{{ case_no }}",
        body="",  # blank keeps the registered body
    )
    notification_template_save(
        actor=None, event=EVENT, channel="sms", body="{{ case_no }}已由{{ department }}受理"
    )
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify_user(
            user=alice, event=EVENT, context=CONTEXT, channels=("inbox", "sms", "email")
        )
    assert notification.title == "受理回执：SF2025-0001"
    assert notification.body.startswith("王小丽，您好")
    sms = Delivery.objects.get(notification=notification, channel="sms")
    assert sms.text == "SF2025-0001已由东城区城管局受理"
    # e-mail has no override: registered subject
    assert mail.outbox[0].subject == "【受理通知】SF2025-0001"


def test_inactive_override_is_ignored(alice):
    notification_template_save(
        actor=None, event=EVENT, channel="inbox", subject="停用的 {{ case_no }}", is_active=False
    )
    assert render_event(EVENT, "inbox", CONTEXT).subject == "您的诉求 SF2025-0001 已受理"


def test_override_with_syntax_error_is_refused_with_field_error():
    with pytest.raises(InvalidInput) as caught:
        notification_template_save(
            actor=None, event=EVENT, channel="inbox", subject="{% if %}", body="ok"
        )
    problem = caught.value.problem()
    assert problem["errors"][0]["field"] == "subject"
    assert problem["errors"][0]["message"] == "模板语法有误"


def test_override_for_unknown_event_is_refused():
    with pytest.raises(InvalidInput) as caught:
        notification_template_save(actor=None, event="nope.nothing", channel="inbox", body="x")
    assert caught.value.problem()["errors"][0]["field"] == "event"


def test_override_needs_template_permission(alice):
    with pytest.raises(PermissionDenied):
        notification_template_save(actor=alice, event=EVENT, channel="inbox", body="x")
    admin = get_user_model().objects.create_superuser("root", "pw-root-12345")
    saved = notification_template_save(actor=admin, event=EVENT, channel="inbox", body="x")
    assert saved.pk


def test_template_cannot_reach_the_recipients_personal_data(alice):
    notification_template_save(
        actor=None, event=EVENT, channel="inbox", subject="[{{ recipient.phone }}{{ user.phone }}]"
    )
    assert notify_user(user=alice, event=EVENT, context=CONTEXT).title == "[]"


def test_unknown_event_and_unsafe_url_are_refused(alice):
    with pytest.raises(UnknownEvent):
        notify_user(user=alice, event="no.such.event", context={})
    with pytest.raises(InvalidInput) as caught:
        notify_user(user=alice, event=EVENT, context=CONTEXT, url="javascript:alert(1)")
    assert caught.value.problem()["errors"][0]["field"] == "url"
    with pytest.raises(InvalidInput):
        notify_user(user=alice, event=EVENT, context=CONTEXT, url="//evil.example/")


def test_registering_an_event_twice_with_other_text_is_an_error():
    with pytest.raises(ValueError):
        register_event(EVENT, title="different")


def test_admin_edits_wording_through_the_service_and_it_is_audited(client):
    from yiwang.audit.models import AuditRecord

    admin = get_user_model().objects.create_superuser("root", "pw-root-12345")
    client.force_login(admin)
    assert client.get("/admin/notify/notificationtemplate/add/").status_code == 200
    response = client.post(
        "/admin/notify/notificationtemplate/add/",
        {"event": EVENT, "channel": "inbox", "subject": "新标题 {{ case_no }}", "body": "",
         "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert render_event(EVENT, "inbox", CONTEXT).subject == "新标题 SF2025-0001"
    record = AuditRecord.objects.get(action="notify.template.save")
    assert record.actor_id == admin.pk

    broken = client.post(
        "/admin/notify/notificationtemplate/add/",
        {"event": EVENT, "channel": "sms", "subject": "", "body": "{% for %}", "is_active": "on"},
    )
    assert broken.status_code == 200  # the form comes back with the error
    assert "模板语法有误" in broken.content.decode()


def test_system_check_reports_a_broken_registered_template(monkeypatch):
    from yiwang.notify import events
    from yiwang.notify.apps import check_event_templates

    assert check_event_templates() == []
    monkeypatch.setitem(events._EVENTS, "broken.event", events.Event("broken.event", "{% if %}"))
    [error] = check_event_templates()
    assert error.id == "notify.E001" and "broken.event" in error.msg
