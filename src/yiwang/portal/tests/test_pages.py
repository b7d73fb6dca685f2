"""The public shell as a visitor meets it: layout, navigation, search, errors, languages."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from yiwang.portal.navigation import SECTIONS_BY_SLUG

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_home_has_landmarks_navigation_hotline_search_and_footer(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN"' in html
    assert 'class="skip-link" href="#main"' in html and '<main id="main"' in html
    assert "<header" in html and "<footer" in html and 'aria-label="主导航"' in html
    nav = html[html.index('aria-label="主导航"') : html.index("</nav>", html.index("主导航"))]
    for label in ("政务公开", "政策解读", "办事服务", "互动交流"):
        assert label in nav
    assert 'aria-current="page"' in nav  # 首页 is marked as the current page
    assert f'href="{reverse("portal:appeal")}"' in html and "12345" in html
    # exactly one search box, a GET form to the search page, with a label
    assert html.count('role="search"') == 1
    assert re.search(
        r'<form class="site-search" role="search" action="/search/" method="get">', html
    )
    assert '<label for="site-search-q"' in html
    for value in ("示范市人民政府办公室", "9901000001", "示ICP备00000000号", "示公网安备"):
        assert value in html
    assert 'src="/static/vendor/htmx.min.js" defer' in html


def test_home_in_english(client):
    html = client.get("/", **ENGLISH).content.decode()
    assert '<html lang="en"' in html
    assert "Skip to main content" in html
    for label in ("Government Information", "Policy Interpretation", "Services", "Interaction"):
        assert label in html
    assert "政务公开" not in html


@override_settings(YIWANG_SITE={"name": "示范市人民政府", "name_en": "Demo City Government"})
def test_site_name_has_an_english_form_when_configured(client):
    assert "Demo City Government" in client.get("/", **ENGLISH).content.decode()
    assert "示范市人民政府" in client.get("/").content.decode()


@pytest.mark.parametrize("slug", ["open", "interpretation", "services", "interaction"])
def test_each_function_has_a_page_marked_current_in_the_menu(client, slug):
    response = client.get(reverse("portal:section", args=[slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="/{slug}/" aria-current="page">' in html
    section = SECTIONS_BY_SLUG[slug]
    for label, url_name in section.links:  # live columns link to their pages
        assert f'<a href="{reverse(url_name)}">{label}</a>' in html
    # honest about what is not there yet
    assert ("即将上线" in html) == bool(section.planned)


def test_section_urls_do_not_shadow_other_apps(client):
    assert client.get("/workbench/").status_code == 302  # login redirect, not a portal 404
    assert client.get("/nothing-here/").status_code == 404


def test_search_is_an_honest_empty_state(client):
    response = client.get("/search", {"q": "社保"})
    assert response.status_code == 301 and response["Location"] == "/search/?q=%E7%A4%BE%E4%BF%9D"
    response = client.get("/search/", {"q": "  社保   卡 "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "暂无搜索结果" in html
    assert 'value="社保 卡"' in html  # the header box keeps the query


def test_search_escapes_and_bounds_the_query(client):
    html = client.get("/search/", {"q": "<script>alert(1)</script>" + "长" * 500}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "长" * 101 not in html


def test_search_in_english(client):
    html = client.get("/search/", {"q": "tax"}, **ENGLISH).content.decode()
    assert "No results" in html


def test_not_found_page_is_friendly_and_inside_the_layout(client):
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and 'lang="en" class="muted">Page not found' in html
    assert 'aria-label="主导航"' in html and "<footer" in html
    english = client.get("/no/such/page/", **ENGLISH).content.decode()
    assert "Page not found" in english and "页面不存在" not in english


def test_vendored_htmx_is_served_by_the_app(client):
    response = client.get("/static/vendor/htmx.min.js")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"/*! htmx.org 2.") and b"Zero-Clause BSD" in body[:300]


def test_language_switch_is_a_plain_form(client):
    html = client.get("/search/").content.decode()
    assert 'action="/i18n/setlang/" method="post"' in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/search/"})
    assert response.status_code == 302 and response["Location"] == "/search/"
    assert '<html lang="en"' in client.get("/search/").content.decode()
    # an outside "next" is refused by Django's view as well
    response = client.post(
        "/i18n/setlang/", {"language": "zh-hans", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_expired_form_page_is_friendly(client, settings):
    from django.test import Client

    settings.CSRF_FAILURE_VIEW = "yiwang.portal.views.errors.csrf_failure"
    response = Client(enforce_csrf_checks=True).post(reverse("portal:care_mode"), {"enable": "1"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in html and 'aria-label="主导航"' in html


def test_server_error_page_in_the_layout_and_its_static_fallback(rf, monkeypatch):
    from django.contrib.auth.models import AnonymousUser

    from yiwang.portal.views import errors

    request = rf.get("/boom/")
    request.user = AnonymousUser()
    response = errors.server_error(request)
    assert response.status_code == 500
    assert "服务器内部错误" in response.content.decode()
    assert 'aria-label="主导航"' in response.content.decode()

    def broken(*args, **kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(errors, "render", broken)
    response = errors.server_error(request)
    assert response.status_code == 500
    assert "服务器内部错误" in response.content.decode()
    assert "Server error" in response.content.decode()
