"""Signing in and out through the web pages: password, phone, lockout, TOTP second step."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from yiwang.portal.tests import people

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
LOGIN_TOTP = reverse("accounts:login_totp")


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _signed_in_as(client):
    return client.get(reverse("accounts:profile")).context["person"]


def test_login_page_labels_every_input(client):
    html = client.get(LOGIN).content.decode()
    assert '<label for="id_username">登录名或手机号' in html
    assert '<label for="id_password">密码' in html
    assert 'autocomplete="current-password"' in html


def test_citizen_signs_in_with_username_and_lands_on_the_portal(client):
    people.citizen("zhangsan")
    response = client.post(LOGIN, {"username": "zhangsan", "password": people.PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert _signed_in_as(client).username == "zhangsan"


def test_citizen_signs_in_with_mobile_number(client):
    people.citizen("lisi", serial=7, mobile="13912340007")
    response = client.post(LOGIN, {"username": "13912340007", "password": people.PASSWORD})
    assert response.status_code == 302
    assert _signed_in_as(client).username == "lisi"


def test_staff_land_on_the_workbench_and_next_is_honoured_only_inside_the_site(client):
    people.handler("wang")
    response = client.post(LOGIN, {"username": "wang", "password": people.PASSWORD})
    assert response["Location"] == reverse("workbench:home")
    client.post(reverse("accounts:logout"))
    response = client.post(
        LOGIN, {"username": "wang", "password": people.PASSWORD, "next": "/accounts/profile/"}
    )
    assert response["Location"] == "/accounts/profile/"
    client.post(reverse("accounts:logout"))
    response = client.post(
        LOGIN, {"username": "wang", "password": people.PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("workbench:home")


def test_wrong_password_is_reported_without_saying_which_part_was_wrong(client):
    people.citizen("zhangsan")
    response = client.post(LOGIN, {"username": "zhangsan", "password": "wrong-password"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "登录名（或手机号）或密码不正确" in html and 'role="alert"' in html
    english = client.post(
        LOGIN, {"username": "nobody", "password": "x"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "The user name (or mobile number) or the password is incorrect" in english


def test_account_is_locked_after_five_failures_even_for_the_right_password(client):
    people.citizen("zhangsan")
    for _ in range(5):
        client.post(LOGIN, {"username": "zhangsan", "password": "wrong-password"})
    response = client.post(LOGIN, {"username": "zhangsan", "password": people.PASSWORD})
    html = response.content.decode()
    assert response.status_code == 429
    assert "账户已暂时锁定" in html and "30 分钟" in html
    assert client.get(reverse("accounts:profile")).status_code == 302  # still signed out


def test_failures_by_phone_and_by_login_name_count_against_one_account(client):
    people.citizen("zhangsan", mobile="13700001234")
    for identifier in ["zhangsan", "13700001234", "zhangsan", "13700001234", "zhangsan"]:
        client.post(LOGIN, {"username": identifier, "password": "wrong-password"})
    response = client.post(LOGIN, {"username": "13700001234", "password": people.PASSWORD})
    assert response.status_code == 429


def test_logout_is_a_post(client):
    client.force_login(people.citizen())
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get(reverse("accounts:profile")).status_code == 302


@pytest.fixture
def enrolled_staff():
    user = people.handler("secure")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user, device


def test_staff_with_a_device_must_enter_a_code(client, enrolled_staff):
    _user, device = enrolled_staff
    response = client.post(LOGIN, {"username": "secure", "password": people.PASSWORD})
    assert response["Location"] == LOGIN_TOTP
    assert client.get(reverse("workbench:home")).status_code == 302  # not signed in yet
    html = client.get(LOGIN_TOTP).content.decode()
    assert 'autocomplete="one-time-code"' in html and 'aria-describedby="id_token_helptext"' in html

    response = client.post(LOGIN_TOTP, {"token": _code(device)})
    assert response["Location"] == reverse("workbench:home")
    assert client.get(reverse("workbench:home")).status_code == 200
    # django-otp marks the session as verified with this device
    assert client.session["otp_device_id"] == device.persistent_id


def test_wrong_code_keeps_the_person_out(client, enrolled_staff):
    client.post(LOGIN, {"username": "secure", "password": people.PASSWORD})
    response = client.post(LOGIN_TOTP, {"token": "000000"})
    html = response.content.decode()
    assert response.status_code == 200 and "动态口令不正确或已过期" in html
    assert 'aria-invalid="true"' in html
    assert client.get(reverse("workbench:home")).status_code == 302
    response = client.post(LOGIN_TOTP, {"token": "12ab"})
    assert "动态口令应为 6 位数字" in response.content.decode()


def test_code_step_without_a_password_step_goes_back_to_login(client, enrolled_staff):
    response = client.get(LOGIN_TOTP)
    assert response["Location"] == LOGIN


def test_code_step_expires(client, enrolled_staff):
    from yiwang.accounts.views.auth import PENDING_KEY, PENDING_SECONDS

    _user, device = enrolled_staff
    client.post(LOGIN, {"username": "secure", "password": people.PASSWORD})
    session = client.session
    pending = session[PENDING_KEY]
    pending["at"] -= PENDING_SECONDS + 1  # the password step was too long ago
    session[PENDING_KEY] = pending
    session.save()
    response = client.post(LOGIN_TOTP, {"token": _code(device)})
    assert response["Location"] == LOGIN
    assert client.get(reverse("workbench:home")).status_code == 302
