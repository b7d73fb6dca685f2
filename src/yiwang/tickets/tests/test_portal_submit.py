"""Filing a 12345 request on the website: signed in, or anonymous with an SMS code."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from yiwang.audit.models import AuditRecord
from yiwang.notify.models import Notification
from yiwang.tickets.models import Attachment, Channel, PhoneVerification, Status, Ticket
from yiwang.tickets.tests.factories import world
from yiwang.tickets.tests.portal_support import PNG, clear_outbox, latest_code, sms_to

pytestmark = pytest.mark.django_db

SUBMIT = "/12345/submit/"
SEND = "/12345/submit/send-code/"
PHONE = "13700001234"


def _fields(**overrides):
    values = {
        "ticket_type": "complaint",
        "subject": "路灯不亮",
        "description": "解放路 12 号附近三盏路灯连续一周不亮，夜间行人很不方便。",
        "category": "",
        "address": "解放路12号",
        "latitude": "",
        "longitude": "",
    }
    values.update(overrides)
    return values


def _anonymous(**overrides):
    return _fields(**{"requester_name": "刘女士", "requester_phone": PHONE, **overrides})


@pytest.fixture(autouse=True)
def _empty_outbox():
    clear_outbox()


def _html(response) -> str:
    return response.content.decode()


# --- signed in -----------------------------------------------------------------------------


def test_signed_in_citizen_files_with_account_contact_category_and_attachment(client):
    w = world()
    client.force_login(w.citizen)
    page = _html(client.get(SUBMIT))
    assert 'name="requester_phone"' not in page and 'name="code"' not in page
    assert "139****" in page  # the account's phone, masked
    for label in ("咨询", "求助", "投诉", "举报", "建议", "表扬", "不确定"):
        assert label in page
    assert w.water_cat.name in page
    photo = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    response = client.post(
        SUBMIT,
        {**_fields(category=w.water_cat.code, allow_publication="on"), "attachments": [photo]},
    )
    ticket = Ticket.objects.get(requester=w.citizen)
    assert response.status_code == 302
    assert response["Location"] == reverse("tickets:submitted", args=[ticket.case_number])
    assert ticket.channel == Channel.WEB and ticket.status == Status.PENDING_DISPATCH
    assert ticket.requester_phone == w.citizen.phone and ticket.requester_name == "王小明"
    assert ticket.category == w.water_cat and ticket.allow_publication
    assert Attachment.objects.get(ticket=ticket).content_type == "image/png"
    assert Notification.objects.filter(recipient=w.citizen, event="tickets.accepted").exists()

    confirmation = _html(client.get(response["Location"]))
    assert ticket.case_number in confirmation and "诉求已受理" in confirmation
    assert "emergency-banner" not in confirmation
    assert reverse("tickets:mine_detail", args=[ticket.case_number]) in confirmation


def test_double_submission_of_one_form_files_one_ticket(client):
    w = world()
    client.force_login(w.citizen)
    data = _fields(form_token="a" * 32)
    first = client.post(SUBMIT, data)
    second = client.post(SUBMIT, data)
    assert first["Location"] == second["Location"]
    assert Ticket.objects.filter(requester=w.citizen).count() == 1
    # the same page sent again with other content is a new request, not an error
    third = client.post(SUBMIT, {**data, "subject": "另一处路灯不亮"})
    assert third.status_code == 302 and Ticket.objects.filter(requester=w.citizen).count() == 2


def test_field_errors_are_shown_beside_their_fields(client):
    w = world()
    client.force_login(w.citizen)
    response = client.post(SUBMIT, _fields(subject="", description=""))
    page = _html(response)
    assert response.status_code == 200
    assert "请填写标题" in page and "请填写诉求内容" in page
    assert 'id="id_subject_error"' in page and 'aria-invalid="true"' in page
    assert "提交的信息有误" in page  # the summary at the top links to each field
    # files are checked by content, and reported together with the other fields
    response = client.post(
        SUBMIT,
        {
            **_fields(subject=""),
            "attachments": [
                SimpleUploadedFile("photo.png", b"not really a picture", "image/png"),
                SimpleUploadedFile("scan.pdf", PNG, "application/pdf"),
            ],
        },
    )
    page = _html(response)
    assert "请填写标题" in page
    assert "photo.png：只接受 JPG、PNG、GIF、WEBP 图片和 PDF 文件" in page
    assert "scan.pdf：文件内容与扩展名不符" in page
    # the service's own checks come back beside the fields too
    page = _html(client.post(SUBMIT, _fields(description="长" * 5001)))
    assert "诉求内容不能超过 5000 个字符" in page
    page = _html(client.post(SUBMIT, _fields(latitude="95", longitude="abc")))
    assert "坐标超出有效范围" in page and "坐标应为数字" in page
    assert 'id="id_latitude_error"' in page and 'id="id_longitude_error"' in page
    assert not Ticket.objects.filter(requester=w.citizen).exists()


def test_an_unknown_category_is_a_field_error(client):
    w = world()
    client.force_login(w.citizen)
    response = client.post(SUBMIT, _fields(category="NOPE"))
    assert response.status_code == 200 and "category" in _html(response)
    assert not Ticket.objects.filter(requester=w.citizen).exists()


# --- anonymous with an SMS code --------------------------------------------------------------


def test_anonymous_request_with_sms_code(client):
    world()
    page = _html(client.get(SUBMIT))
    assert 'name="requester_phone"' in page and 'name="code"' in page
    assert "获取验证码" in page

    # without htmx: the whole form comes back, filled in, with the status line
    response = client.post(SEND, _anonymous())
    page = _html(response)
    assert response.status_code == 200
    assert "验证码已发送至 137****1234" in page
    assert 'value="路灯不亮"' in page and "解放路 12 号附近三盏路灯" in page
    code = latest_code(PHONE)

    wrong = "000000" if code != "000000" else "111111"
    response = client.post(SUBMIT, _anonymous(code=wrong))
    assert "验证码不正确" in _html(response) and not Ticket.objects.exists()

    response = client.post(SUBMIT, _anonymous(code=code))
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert ticket.requester is None and ticket.requester_phone == PHONE
    assert ticket.requester_name == "刘女士" and ticket.channel == Channel.WEB
    confirmation = _html(client.get(response["Location"]))
    assert ticket.case_number in confirmation and "137****1234" in confirmation
    # this browser may follow it at once, without typing the phone again
    detail = client.get(reverse("tickets:public_detail", args=[ticket.case_number]))
    assert detail.status_code == 200 and ticket.case_number in _html(detail)
    # another browser may not see the confirmation
    other = client.__class__()
    response = other.get(reverse("tickets:submitted", args=[ticket.case_number]))
    assert response.status_code == 302 and "/12345/track/?case=" in response["Location"]


def test_a_verified_phone_needs_no_second_code_for_a_while(client):
    world()
    client.post(SEND, _anonymous())
    client.post(SUBMIT, _anonymous(code=latest_code(PHONE)))
    response = client.post(SUBMIT, _anonymous(subject="第二件事"))
    assert response.status_code == 302 and Ticket.objects.count() == 2
    # a different phone still needs its own code
    response = client.post(SUBMIT, _anonymous(requester_phone="13700005678"))
    assert "请输入短信验证码" in _html(response) and Ticket.objects.count() == 2


def test_a_used_code_cannot_be_used_again(client):
    world()
    client.post(SEND, _anonymous())
    code = latest_code(PHONE)
    client.post(SUBMIT, _anonymous(code=code))
    fresh = client.__class__()
    response = fresh.post(SUBMIT, _anonymous(code=code))
    assert "验证码已使用" in _html(response) and Ticket.objects.count() == 1


def test_an_expired_code_is_refused(client):
    world()
    client.post(SEND, _anonymous())
    code = latest_code(PHONE)
    PhoneVerification.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(SUBMIT, _anonymous(code=code))
    assert "验证码已过期" in _html(response) and not Ticket.objects.exists()


def test_too_many_wrong_codes_lock_the_code(client):
    world()
    client.post(SEND, _anonymous())
    code = latest_code(PHONE)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(4):
        assert "验证码不正确" in _html(client.post(SUBMIT, _anonymous(code=wrong)))
    assert "错误次数过多" in _html(client.post(SUBMIT, _anonymous(code=wrong)))
    # now even the right code is refused: a new one must be requested
    assert "错误次数过多" in _html(client.post(SUBMIT, _anonymous(code=code)))
    assert not Ticket.objects.exists()


def test_code_format_and_missing_code(client):
    world()
    assert "请输入短信验证码" in _html(client.post(SUBMIT, _anonymous()))
    assert "请先获取短信验证码" in _html(client.post(SUBMIT, _anonymous(code="123456")))
    assert "请输入 6 位数字验证码" in _html(client.post(SUBMIT, _anonymous(code="12ab")))
    response = client.post(SEND, _anonymous(requester_phone="12345"))
    assert "手机号" in _html(response) and not sms_to("12345")


def test_sending_with_htmx_returns_just_the_status_line(client):
    world()
    response = client.post(SEND, {"requester_phone": PHONE}, HTTP_HX_REQUEST="true")
    page = _html(response)
    assert response.status_code == 200 and "<html" not in page
    assert "验证码已发送至 137****1234" in page
    # too soon again: still a 200 for htmx to swap, with the reason
    response = client.post(SEND, {"requester_phone": PHONE}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "操作过于频繁" in _html(response)


def test_the_code_is_never_logged_or_stored_in_clear(client, caplog):
    world()
    with caplog.at_level(logging.DEBUG):
        client.post(SEND, _anonymous())
    code = latest_code(PHONE)
    assert code not in caplog.text and PHONE not in caplog.text
    row = PhoneVerification.objects.get()
    assert code not in (row.code_hash, row.salt) and PHONE not in row.phone_index
    record = AuditRecord.objects.filter(action="tickets.verification.send").get()
    assert code not in str(record.summary) and PHONE not in str(record.summary)


# --- rate limits -------------------------------------------------------------------------------


def test_resend_cooldown_then_hourly_limit_per_phone(client, settings):
    world()
    assert client.post(SEND, _anonymous()).status_code == 200
    response = client.post(SEND, _anonymous())
    assert response.status_code == 429 and "请 1 分钟后再试" in _html(response)
    assert len(sms_to(PHONE)) == 1
    settings.YIWANG_SMS_CODE_COOLDOWN_SECONDS = 0
    settings.YIWANG_SMS_CODE_PER_PHONE_HOUR = 3
    assert client.post(SEND, _anonymous()).status_code == 200
    assert client.post(SEND, _anonymous()).status_code == 200
    assert client.post(SEND, _anonymous()).status_code == 429
    assert len(sms_to(PHONE)) == 3


def test_sms_limit_per_address(client, settings):
    world()
    settings.YIWANG_SMS_CODE_PER_IP_HOUR = 2
    for n in range(2):
        assert client.post(SEND, {"requester_phone": f"1370000{n:04d}"}).status_code == 200
    response = client.post(SEND, {"requester_phone": "13700009999"})
    assert response.status_code == 429 and not sms_to("13700009999")
    other_address = client.post(SEND, {"requester_phone": "13700009999"}, REMOTE_ADDR="10.9.8.7")
    assert other_address.status_code == 200


def test_a_gateway_failure_is_told_and_does_not_start_the_cooldown(client, settings):
    world()
    settings.YIWANG_SMS_BACKEND = "yiwang.tickets.tests.test_portal_submit.BrokenGateway"
    response = client.post(SEND, _anonymous())
    assert response.status_code == 503 and "短信发送失败" in _html(response)
    assert not PhoneVerification.objects.exists()
    settings.YIWANG_SMS_BACKEND = "file"
    assert client.post(SEND, _anonymous()).status_code == 200


class BrokenGateway:
    def send(self, phone, text):
        from yiwang.notify.sms import SmsError

        raise SmsError("gateway down")


# --- emergencies -------------------------------------------------------------------------------


def test_emergency_banner_while_typing_on_error_and_on_the_confirmation(client):
    w = world()
    check = reverse("tickets:emergency_check")
    calm = _html(client.post(check, {"subject": "路灯", "description": "路灯不亮"}))
    assert "emergency-banner" not in calm and "已输入 4 / 5000 字" in calm
    alarm = _html(client.post(check, {"subject": "楼道", "description": "楼道里着火了，有人受伤"}))
    assert "如遇紧急情况请立即拨打 110/119/120/122" in alarm
    assert 'href="tel:119"' in alarm and 'href="tel:120"' in alarm
    # without JavaScript: a form sent back with errors shows it too
    client.force_login(w.citizen)
    page = _html(client.post(SUBMIT, _fields(subject="", description="厨房起火冒烟")))
    assert "如遇紧急情况请立即拨打" in page
    client.logout()  # the form sent back after asking for a code shows it as well
    page = _html(client.post(SEND, _anonymous(description="厨房起火冒烟")))
    assert "验证码已发送至" in page and "如遇紧急情况请立即拨打" in page
    client.force_login(w.citizen)
    response = client.post(SUBMIT, _fields(description="小区门口发生车祸，有人受伤流血"))
    page = _html(client.get(response["Location"]))
    assert "如遇紧急情况请立即拨打 110/119/120/122" in page and 'href="tel:122"' in page


def test_the_form_works_in_english(client):
    world()
    page = _html(client.get(SUBMIT, HTTP_ACCEPT_LANGUAGE="en"))
    assert re.search(r"<h1>Submit a request</h1>", page)
    assert "Complaint" in page and "Verification code" in page
