"""依申请公开 in headless Chromium: file a request on the public form, then track it from
another browser with its number and phone, and read the answer once the bureau has given it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from yiwang.disclosure.models.requests import DisclosureRequest
from yiwang.disclosure.services import requests_handling as handling
from yiwang.disclosure.tests.requests_factories import office
from yiwang.portal.tests import conftest as shell

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

chromium_executable = shell.chromium_executable
browser = shell.browser
new_page = shell.new_page
page = shell.page
screenshot = shell.screenshot


def test_file_a_request_and_track_it(page, new_page, live_server, screenshot):
    o = office()
    page.goto("/disclosure/requests/new/")
    expect(page.get_by_role("heading", name="政府信息公开申请", exact=True)).to_be_visible()
    page.get_by_role("button", name="提交申请").click()  # empty form: errors, in Chinese
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("提交的信息有误")
    expect(summary).to_contain_text("请选择受理机关")
    expect(summary).to_contain_text("请填写申请人姓名或单位名称")

    page.get_by_label("自然人", exact=True).check()
    page.get_by_label("姓名或单位名称").fill("钱公开")
    page.get_by_label("证件类型").select_option("resident")
    page.get_by_label("证件号码").fill("110105199001011232")
    page.get_by_label("手机号码").fill("13900002222")
    page.get_by_label("电子邮箱").fill("qian@example.cn")
    page.get_by_label("受理机关").select_option(str(o.bureau.pk))
    page.get_by_label("所需信息内容描述").fill("申请公开本市 2025 年国有建设用地供应计划。")
    screenshot(page, "disclosure-request-form")
    page.get_by_role("button", name="提交申请").click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile(r"YSQ-\d{4}-\d{6}"))
    number = re.search(r"YSQ-\d{4}-\d{6}", heading.inner_text()).group(0)
    expect(page.locator("#dr-status")).to_have_text("待受理")
    expect(page.get_by_role("status")).to_contain_text("答复期限")

    req = DisclosureRequest.objects.get(number=number)
    req = handling.request_accept(actor=o.handler, request=req)
    handling.request_decide(actor=o.handler, request=req, outcome="disclose")

    other = new_page()  # another browser: proves the request with its number and phone
    other.goto("/disclosure/requests/track/")
    other.get_by_label("申请编号").fill(number)
    other.get_by_label("手机号码").fill("13900000000")
    other.get_by_role("button", name="查询").click()
    expect(other.get_by_role("alert")).to_contain_text("申请编号或手机号码不正确")
    other.get_by_label("手机号码").fill("13900002222")
    other.get_by_role("button", name="查询").click()
    expect(other.locator("#dr-status")).to_have_text("已答复")
    expect(other.locator("#dr-outcome")).to_have_text("予以公开")
    expect(other.get_by_role("link", name=re.compile("答复告知书"))).to_be_visible()
    timeline = other.locator(".dr-timeline li")
    expect(timeline).to_have_count(3)  # received, accepted, answered
    screenshot(other, "disclosure-request-tracked")
