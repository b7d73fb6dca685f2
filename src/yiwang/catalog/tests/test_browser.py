"""A citizen in headless Chromium: 办事服务 → 办事指南, searches, opens a guide."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from yiwang.demo import catalog_items
from yiwang.portal.tests import conftest as shell

from .factories import demo_departments

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

chromium_executable = shell.chromium_executable
browser = shell.browser
new_page = shell.new_page
page = shell.page
screenshot = shell.screenshot


def test_citizen_browses_searches_and_reads_a_guide(page, screenshot):
    demo_departments()
    catalog_items.load_catalog()
    page.goto("/services/")
    page.get_by_role("link", name="办事指南", exact=True).click()
    expect(page.get_by_role("heading", name="办事服务", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="一件事一次办")).to_be_visible()
    expect(page.get_by_role("link", name="企业开办一件事")).to_be_visible()
    page.get_by_role("link", name="个人办事").click()
    expect(page.get_by_role("link", name="居住证申领")).to_be_visible()
    expect(page.get_by_role("link", name="食品经营许可")).to_have_count(0)

    page.get_by_role("link", name="全部事项").click()
    page.get_by_label("搜索事项").fill("营业执照")
    page.get_by_role("button", name="查找").click()
    expect(page.get_by_role("heading", name=re.compile("“营业执照”：找到"))).to_be_visible()
    screenshot(page, "catalog-search")
    page.get_by_role("link", name="企业设立登记（营业执照）").click()

    expect(page.get_by_role("heading", name=re.compile("企业设立登记"), level=1)).to_be_visible()
    for section in (
        "基本信息",
        "申请条件",
        "申报材料",
        "办理流程",
        "收费标准",
        "设定依据",
        "常见问题",
    ):
        expect(page.get_by_role("heading", name=section, level=2)).to_be_visible()
    materials = page.get_by_role("table").filter(has_text="材料名称")
    expect(materials).to_contain_text("名称自主申报告知书")
    expect(materials).to_contain_text("电子证照免交")
    expect(page.get_by_role("link", name=re.compile("企业开办一件事"))).to_be_visible()
    screenshot(page, "catalog-guide")

    page.get_by_role("link", name=re.compile("企业开办一件事")).click()
    expect(page.get_by_role("heading", name=re.compile("企业开办一件事"), level=1)).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("公章刻制备案")
