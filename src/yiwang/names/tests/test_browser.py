"""An applicant in headless Chromium: 办事服务 → 企业名称自主申报, checks a name, reads why."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from yiwang.portal.tests import conftest as shell

from .support import register

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

chromium_executable = shell.chromium_executable
browser = shell.browser
new_page = shell.new_page
page = shell.page
screenshot = shell.screenshot


def test_applicant_checks_a_name_and_sees_the_result(page, screenshot):
    register("示范市云帆餐饮管理有限公司", "示范市星河科技有限公司")
    page.goto("/services/")
    page.get_by_role("link", name="企业名称自主申报").click()
    expect(page.get_by_role("heading", name="企业名称自主申报", level=1)).to_be_visible()

    page.get_by_label("拟申报的企业名称").fill("示范市云帆科技有限公司")
    page.get_by_role("button", name="比对名称").click()
    result = page.locator("#name-result")
    expect(result.get_by_role("heading", name=re.compile("比对结果"))).to_be_visible()
    expect(result).to_contain_text("可以申报，但存在近似名称")
    expect(result).to_contain_text("示范市云帆餐饮管理有限公司")
    screenshot(page, "names-check-warning")

    page.get_by_label("拟申报的企业名称").fill("示范市星河科技股份有限公司")
    page.get_by_role("button", name="比对名称").click()
    expect(result).to_contain_text("不予通过")
    expect(result).to_contain_text("示范市星河科技有限公司")

    page.get_by_label("拟申报的企业名称").fill("有限公司")
    page.get_by_role("button", name="比对名称").click()
    expect(page.get_by_role("alert")).to_contain_text("缺少字号")
