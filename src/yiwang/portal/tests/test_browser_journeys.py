"""End-to-end journeys in headless Chromium: a citizen, a handler, a citizen at the wrong door."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from yiwang.portal.tests import people

from .conftest import MOBILE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _font_size_px(page, selector: str) -> float:
    return float(page.eval_on_selector(selector, "e => getComputedStyle(e).fontSize")[:-2])


def test_citizen_registers_uses_care_mode_and_english_and_sees_masked_profile(page, screenshot):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    nav = page.get_by_role("navigation", name="主导航")
    for label in ("政务公开", "政策解读", "办事服务", "互动交流"):
        expect(nav.get_by_role("link", name=label)).to_be_visible()
    # keyboard: the first Tab reaches the skip link, and it is visible when focused
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    expect(page.locator(".skip-link")).to_be_in_viewport()
    screenshot(page, "portal-home")

    page.get_by_role("link", name="注册", exact=True).click()
    page.get_by_role("link", name=re.compile("个人用户")).click()
    page.get_by_label("真实姓名").fill("张三")
    page.get_by_label("居民身份证号码").fill(people.id_number(123)[:-1] + "0")  # wrong check
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_label("登录名").fill("zhangsan")
    page.get_by_label("密码", exact=True).fill(people.PASSWORD)
    page.get_by_label("再次输入密码").fill(people.PASSWORD)
    page.get_by_role("button", name="注册").click()
    error = page.locator("#id_id_number_error")
    expect(error).to_contain_text("居民身份证号码校验位不正确")
    expect(page.get_by_label("居民身份证号码")).to_have_attribute(
        "aria-describedby", re.compile("id_id_number_error")
    )
    screenshot(page, "citizen-register-error")

    full_id = people.id_number(123)
    page.get_by_label("居民身份证号码").fill(full_id)
    page.get_by_label("密码", exact=True).fill(people.PASSWORD)
    page.get_by_label("再次输入密码").fill(people.PASSWORD)
    page.get_by_role("button", name="注册").click()
    expect(page).to_have_url(re.compile("/accounts/profile/$"))
    masked = "110***********" + full_id[-4:]
    expect(page.get_by_test_id("id-number")).to_have_text(masked)
    expect(page.get_by_test_id("phone")).to_have_text("139****5678")
    screenshot(page, "citizen-profile")

    page.get_by_role("button", name="显示完整信息").click()
    expect(page.get_by_test_id("id-number")).to_have_text(full_id)

    # care mode: a plain form; the page comes back larger, on the same address
    page.get_by_role("button", name="关怀模式").click()
    expect(page.locator("html")).to_have_class(re.compile("care-mode"))
    expect(page).to_have_url(re.compile("/accounts/profile/$"))
    expect(page.get_by_test_id("id-number")).to_have_text(masked)  # a GET: masked again
    assert _font_size_px(page, "body") >= 20
    button = page.get_by_role("button", name="显示完整信息").bounding_box()
    assert button["height"] >= 44
    screenshot(page, "citizen-profile-care-mode")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="My account")).to_be_visible()
    expect(page.get_by_test_id("id-number")).to_have_text(masked)
    page.goto("/")
    expect(page.get_by_role("navigation", name="Main navigation")).to_contain_text(
        "Government Information"
    )
    screenshot(page, "portal-home-english-care-mode")


def test_handler_signs_in_and_reaches_the_workbench(page, screenshot):
    dept = people.department("示范市东城区人民政府")
    people.handler("handler1", dept=dept)

    page.goto("/accounts/login/")
    page.get_by_label("登录名或手机号").fill("handler1")
    page.get_by_label("密码").fill(people.PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile("/workbench/$"))
    side = page.locator(".workbench-side")
    expect(side).to_contain_text("李承办")
    expect(side).to_contain_text("示范市东城区人民政府")
    expect(side).to_contain_text("承办人")
    expect(page.get_by_role("navigation", name="工作台导航")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("李承办"))).to_be_visible()
    screenshot(page, "handler-workbench")


def test_citizen_is_refused_the_workbench(page, screenshot):
    people.citizen("zhangsan")
    page.goto("/accounts/login/")
    page.get_by_label("登录名或手机号").fill("zhangsan")
    page.get_by_label("密码").fill(people.PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile("/$"))
    response = page.goto("/workbench/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="无权访问此页面")).to_be_visible()
    screenshot(page, "citizen-workbench-403")


def test_mobile_layout(new_page, screenshot):
    page = new_page(viewport=MOBILE)
    page.goto("/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE["width"]  # nothing forces sideways scrolling on a phone
    expect(page.get_by_role("search")).to_be_visible()
    expect(page.locator(".hotline-cta")).to_be_visible()
    screenshot(page, "portal-home-mobile")
