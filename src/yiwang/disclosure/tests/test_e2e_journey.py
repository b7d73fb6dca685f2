"""Issue 6's journey in headless Chromium: a citizen browses the catalogue, searches with a
filter, opens a publication (and its interpretation), asks for more information about it from
its page (the form starts with the publisher and the document), files the request, and tracks
it from another browser with its number and phone once the bureau has answered."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from yiwang.disclosure.models.requests import DisclosureRequest
from yiwang.disclosure.services import requests_handling as handling
from yiwang.disclosure.tests.publications_factories import node, office, published
from yiwang.portal.tests import conftest as shell

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

chromium_executable = shell.chromium_executable
browser = shell.browser
new_page = shell.new_page
page = shell.page
screenshot = shell.screenshot


def _search_and_open(page, screenshot, policy, reading):
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
    page.get_by_role("link", name=policy.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(policy.title)


def _file_about(page, screenshot, policy) -> str:
    page.get_by_role("link", name="申请公开相关信息").click()
    expect(page.get_by_role("heading", name="政府信息公开申请", exact=True)).to_be_visible()
    expect(page.get_by_label("受理机关")).to_have_value(str(policy.department_id))
    expect(page.get_by_label("文件名称（如知道）")).to_have_value(policy.title)
    expect(page.get_by_label("文号（如知道）")).to_have_value(policy.document_number)
    description = page.get_by_label("所需信息内容描述")
    expect(description).to_have_value(re.compile(re.escape(policy.index_number)))

    page.get_by_role("button", name="提交申请").click()  # nobody named: errors, in Chinese
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("提交的信息有误")
    expect(summary).to_contain_text("请填写申请人姓名或单位名称")

    page.get_by_label("自然人", exact=True).check()
    page.get_by_label("姓名或单位名称").fill("钱公开")
    page.get_by_label("证件类型").select_option("resident")
    page.get_by_label("证件号码").fill("110105199001011232")
    page.get_by_label("手机号码").fill("13900002222")
    page.get_by_label("电子邮箱").fill("qian@example.cn")
    description.press("End")
    description.type("各区普惠性幼儿园名单及其覆盖率测算依据。")
    screenshot(page, "disclosure-request-form")
    page.get_by_role("button", name="提交申请").click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile(r"YSQ-\d{4}-\d{6}"))
    expect(page.locator("#dr-status")).to_have_text("待受理")
    expect(page.get_by_role("status")).to_contain_text("答复期限")
    return re.search(r"YSQ-\d{4}-\d{6}", heading.inner_text()).group(0)


def test_search_open_a_publication_then_file_and_track_a_request_about_it(
    page, new_page, live_server, screenshot
):
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

    _search_and_open(page, screenshot, policy, reading)
    number = _file_about(page, screenshot, policy)

    req = DisclosureRequest.objects.get(number=number)
    assert req.department_id == o.bureau.pk and req.document_title == policy.title
    assert req.description.endswith("覆盖率测算依据。")
    req = handling.request_accept(actor=o.writer, request=req)
    handling.request_decide(actor=o.writer, request=req, outcome="disclose")

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
    expect(other.locator(".dr-timeline li")).to_have_count(3)  # received, accepted, answered
    screenshot(other, "disclosure-request-tracked")
