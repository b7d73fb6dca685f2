"""主动公开 in headless Chromium: search the catalogue, open a publication, follow its link to
the interpretation. (D2 adds filing and tracking a request to this module.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from yiwang.disclosure.tests.publications_factories import node, office, published
from yiwang.portal.tests import conftest as shell

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

chromium_executable = shell.chromium_executable
browser = shell.browser
new_page = shell.new_page
page = shell.page
screenshot = shell.screenshot


def test_search_and_open_a_publication(page, live_server, screenshot):
    o = office()
    policy = published(
        o, title="示范市学前教育发展三年行动计划", catalogue=node("zdly-jy"),
        keywords="学前教育 幼儿园", body_html="<h2>一、目标</h2><p>普惠性幼儿园覆盖率达到90%。</p>",
    )  # fmt: skip
    reading = published(
        o, title="一图读懂学前教育三年行动计划", doc_kind="interpretation",
        catalogue=node("zcjd"), interprets=policy, body_html="<p>解读：扩大普惠资源。</p>",
    )  # fmt: skip
    published(o, title="关于夜间施工噪声管理的通告", catalogue=node("zdly-hb"), doc_kind="other")

    page.goto("/disclosure/")
    expect(page.get_by_role("heading", name="政府信息公开目录")).to_be_visible()
    page.get_by_role("link", name="重点领域").click()
    expect(page.get_by_role("link", name=policy.title)).to_be_visible()

    page.goto("/disclosure/search")
    form = page.get_by_role("search", name="搜索公开信息")
    form.get_by_label("关键词").fill("幼儿园")
    form.get_by_label("文件类型").select_option("normative")
    form.get_by_role("button", name="搜索").click()
    results = page.locator("#dc-results")
    expect(results.locator("mark").first).to_have_text("幼儿园")
    expect(results.get_by_role("link")).to_have_count(1)
    screenshot(page, "disclosure-search")
    results.get_by_role("link", name=re.compile("学前教育")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(policy.title)
    expect(page.get_by_role("cell", name=policy.index_number)).to_be_visible()
    expect(page.locator(".dc-body h2")).to_have_text("一、目标")
    screenshot(page, "disclosure-publication")
    page.get_by_role("link", name=reading.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(reading.title)
    expect(page.get_by_role("link", name=policy.title)).to_be_visible()
