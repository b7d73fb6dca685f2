"""Care mode (关怀模式): a cookie set by a plain POST, a safe way back, a larger page."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("portal:care_mode")


def test_turning_care_mode_on_and_off(client):
    response = client.post(URL, {"enable": "1", "next": "/search/?q=%E7%A4%BE%E4%BF%9D"})
    assert response.status_code == 302
    assert response["Location"] == "/search/?q=%E7%A4%BE%E4%BF%9D"
    cookie = response.cookies["care_mode"]
    assert cookie.value == "1" and cookie["httponly"] and cookie["samesite"] == "Lax"
    html = client.get("/").content.decode()
    assert '<html lang="zh-CN" class="care-mode">' in html
    assert "退出关怀模式" in html

    response = client.post(URL, {"enable": "0", "next": "/"})
    assert response.cookies["care_mode"].value == ""  # deleted
    html = client.get("/").content.decode()
    assert 'class="care-mode"' not in html and "退出关怀模式" not in html


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/path", "javascript:alert(1)", "http:///evil.example"],
)
def test_redirect_back_never_leaves_the_site(client, target):
    response = client.post(URL, {"enable": "1", "next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_toggle_is_post_only(client):
    assert client.get(URL, {"enable": "1"}).status_code == 405


def test_toggle_needs_the_csrf_token():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, {"enable": "1"}).status_code == 403


def test_care_mode_css_enlarges_text_to_at_least_20px():
    from django.contrib.staticfiles import finders

    with open(finders.find("yiwang/site.css"), encoding="utf-8") as handle:
        css = handle.read()
    assert "html.care-mode { font-size: 125%; }" in css  # 16px x 1.25 = 20px base
    assert "--target: 56px;" in css
