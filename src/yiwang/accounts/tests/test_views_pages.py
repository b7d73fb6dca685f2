"""Registration, the profile page and TOTP enrolment, as a person uses them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from yiwang.accounts.models import User
from yiwang.portal.tests import people

pytestmark = pytest.mark.django_db

CITIZEN = reverse("accounts:register_citizen")
ENTERPRISE = reverse("accounts:register_enterprise")
PROFILE = reverse("accounts:profile")
TOTP = reverse("accounts:totp")
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def citizen_form(**overrides):
    data = {
        "real_name": "赵敏",
        "id_number": people.id_number(321),
        "phone": "13700001111",
        "username": "zhaomin",
        "email": "",
        "password": people.PASSWORD,
        "password_repeat": people.PASSWORD,
    }
    data.update(overrides)
    return data


def enterprise_form(**overrides):
    data = {
        "name": "示范市清泉水务有限公司",
        "credit_code": people.credit_code(5),
        "legal_representative": "周明",
        "phone": "13600002222",
        "username": "qingquan",
        "email": "",
        "password": people.PASSWORD,
        "password_repeat": people.PASSWORD,
    }
    data.update(overrides)
    return data


def _bad_check_digit(number: str) -> str:
    last = "0" if number[-1] != "0" else "1"
    return number[:-1] + last


def test_registration_choice_page(client):
    html = client.get(reverse("accounts:register")).content.decode()
    assert f'href="{CITIZEN}"' in html and f'href="{ENTERPRISE}"' in html


def test_citizen_registers_and_is_signed_in(client):
    response = client.post(CITIZEN, citizen_form())
    assert response.status_code == 302 and response["Location"] == PROFILE
    user = User.objects.get(username="zhaomin")
    assert user.kind == "citizen" and user.citizen_profile.real_name == "赵敏"
    assert "注册成功" in client.get(PROFILE).content.decode()


def test_bad_id_number_is_shown_next_to_its_field_in_both_languages(client):
    form = citizen_form(id_number=_bad_check_digit(people.id_number(321)))
    response = client.post(CITIZEN, form)
    html = response.content.decode()
    assert response.status_code == 200  # the form again, with the errors
    assert '<p class="field-error" id="id_id_number_error">' in html
    assert "居民身份证号码校验位不正确" in html
    assert 'aria-describedby="id_id_number_helptext id_id_number_error"' in html
    assert 'href="#id_id_number"' in html  # the error summary links to the field
    assert not User.objects.filter(username="zhaomin").exists()

    english = client.post(CITIZEN, form, **ENGLISH).content.decode()
    assert "The check digit of the resident ID number is wrong" in english
    assert "居民身份证号码校验位不正确" not in english


def test_bad_phone_and_mismatched_passwords_are_reported_together(client):
    form = citizen_form(phone="1234", password_repeat="something-else")
    html = client.post(CITIZEN, form).content.decode()
    assert "两次输入的密码不一致" in html
    # the form stops at its own check; the phone is checked by the service once it runs
    html = client.post(CITIZEN, citizen_form(phone="1234")).content.decode()
    assert '<p class="field-error" id="id_phone_error">' in html
    assert "手机号码应为以 1 开头的 11 位数字" in html
    english = client.post(CITIZEN, citizen_form(phone="1234"), **ENGLISH).content.decode()
    assert "A mobile number has 11 digits starting with 1" in english


def test_duplicate_id_number_is_refused(client):
    people.citizen("first", serial=321)
    html = client.post(CITIZEN, citizen_form()).content.decode()
    assert "该身份证号码已注册" in html


def test_enterprise_registers(client):
    response = client.post(ENTERPRISE, enterprise_form())
    assert response.status_code == 302
    html = client.get(PROFILE).content.decode()
    assert "示范市清泉水务有限公司" in html and people.credit_code(5) in html


def test_bad_credit_code_is_shown_in_both_languages(client):
    form = enterprise_form(credit_code=_bad_check_digit(people.credit_code(5)))
    html = client.post(ENTERPRISE, form).content.decode()
    assert '<p class="field-error" id="id_credit_code_error">' in html
    assert "统一社会信用代码校验位不正确" in html
    english = client.post(ENTERPRISE, form, **ENGLISH).content.decode()
    assert "The check character of the unified social credit code is wrong" in english


def test_missing_fields_use_the_active_language(client):
    html = client.post(ENTERPRISE, {}, **ENGLISH).content.decode()
    assert "This field is required." in html


def test_profile_masks_by_default_and_reveals_on_post(client):
    user = people.citizen("zhangsan", serial=123, mobile="13912345678")
    full_id = people.id_number(123)
    client.force_login(user)

    html = client.get(PROFILE).content.decode()
    assert "110***********" + full_id[-4:] in html and full_id not in html
    assert "139****5678" in html and "13912345678" not in html
    assert "显示完整信息" in html

    response = client.post(PROFILE, {"reveal": "1"})
    html = response.content.decode()
    assert full_id in html and "13912345678" in html
    assert "隐藏完整信息" in html
    assert "no-store" in response["Cache-Control"]


def test_profile_needs_login(client):
    response = client.get(PROFILE)
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def test_staff_profile_sits_in_the_workbench_and_lists_roles(client):
    client.force_login(people.handler())
    html = client.get(PROFILE).content.decode()
    assert 'aria-label="工作台导航"' in html and "承办人" in html


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_citizens_have_no_totp_page(client):
    client.force_login(people.citizen())
    assert client.get(TOTP).status_code == 403


def test_staff_enrol_confirm_and_remove_a_device(client):
    user = people.handler()
    client.force_login(user)
    assert "启用双因素登录" in client.get(TOTP).content.decode()

    client.post(TOTP, {"action": "start"})
    html = client.get(TOTP).content.decode()
    assert "<svg" in html and 'class="qr"' in html  # inline QR code, nothing fetched
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed

    response = client.post(TOTP, {"action": "confirm", "token": "000000"})
    assert response.status_code == 200 and "动态口令不正确" in response.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the wrong code above started django-otp's back-off
    device.throttling_failure_timestamp = None
    device.save()

    response = client.post(TOTP, {"action": "confirm", "token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert "已启用" in client.get(TOTP).content.decode()

    client.post(TOTP, {"action": "remove"})
    assert not TOTPDevice.objects.filter(user=user).exists()
