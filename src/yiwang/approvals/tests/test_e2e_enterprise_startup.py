"""Done when (issue 5): an enterprise checks a name, applies for 企业开办 with one form and
materials uploaded once, the window accepts, four departments approve in parallel — each
approver signs in and decides in the workbench — and the enterprise downloads its business
licence and sees it valid on the public verification page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from yiwang.accounts import services as accounts
from yiwang.approvals.models import Application, ApplicationStatus
from yiwang.approvals.services.definitions import definitions_load_shipped
from yiwang.approvals.tests.applicant_support import PDF, credit_code
from yiwang.catalog.tests.factories import demo_departments
from yiwang.demo import catalog_items
from yiwang.demo.approvals_journey import PASSWORD, create_approvers
from yiwang.portal.tests import conftest as shell

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

chromium_executable = shell.chromium_executable
browser = shell.browser
new_page = shell.new_page
page = shell.page
screenshot = shell.screenshot

TEXT_ANSWERS = {
    "字号": "青禾", "行业表述": "信息技术", "股东（投资人）姓名或名称": "李青",
    "法定代表人姓名": "李青", "法定代表人身份证号码": "33990119850101002X",
    "注册资本（万元）": "100", "住所": "示范市明湖区创新路 8 号",
    "经营范围": "软件开发；信息技术咨询服务", "联系电话": "13800000000",
    "财务负责人": "王芳", "参保职工人数": "5",
}  # fmt: skip


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("登录名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(re.compile("/accounts/login/"))


def choose(page, label: str, value: str) -> None:
    """A select or a radio group, whichever the form renders for an enumeration."""
    field = page.get_by_label(label, exact=True)
    if field.count() and field.first.evaluate("e => e.tagName") == "SELECT":
        field.first.select_option(value)
    else:
        page.get_by_role("group", name=re.compile(label)).get_by_label(value, exact=True).check()


def decide(page, username: str, task_name: str, decision: str, opinion: str) -> None:
    sign_in(page, username)
    page.goto("/workbench/approvals/tasks/")
    page.get_by_role("row").filter(has_text=task_name).get_by_role("link").click()
    page.get_by_label(decision, exact=True).check()
    page.get_by_label("审查意见").fill(opinion)
    page.get_by_role("button", name="提交办理结果").click()
    expect(page.get_by_text(f"已办理：{task_name}")).to_be_visible()


def test_enterprise_startup_from_name_check_to_verified_licence(new_page, screenshot, tmp_path):
    demo_departments()
    definitions_load_shipped()
    catalog_items.load_catalog()
    create_approvers()
    accounts.enterprise_register(
        username="qinghe", password=PASSWORD, name="示范市青禾信息技术有限公司",
        credit_code=credit_code(77), legal_representative="李青", phone="13800000077",
    )  # fmt: skip
    document = tmp_path / "材料.pdf"
    document.write_bytes(PDF)

    firm = new_page()
    firm.goto("/names/check/")
    firm.get_by_label("拟申报的企业名称").fill("示范市青禾信息技术有限公司")
    firm.get_by_role("button", name="比对名称").click()
    expect(firm.get_by_role("heading", name=re.compile("比对结果"))).to_be_visible()

    sign_in(firm, "qinghe")
    firm.goto("/apply/bundle/YJS-QYKB/")
    choose(firm, "行政区划", "示范市")
    choose(firm, "组织形式", "有限责任公司")
    for label, value in TEXT_ANSWERS.items():
        firm.get_by_label(label, exact=True).fill(value)
    firm.get_by_role("group", name=re.compile("刻制印章种类")).get_by_label("企业法人公章").check()
    firm.get_by_role("group", name=re.compile("申领发票种类")).get_by_label(
        "全面数字化电子发票").check()  # fmt: skip
    # materials once: upload only what no certificate or shared data stands in for
    uploads = firm.locator("input[type=file]")
    for n in range(uploads.count()):
        upload = uploads.nth(n)
        block = upload.locator("xpath=ancestor::*[contains(@id, 'material-')][1]")
        if block.locator("input[type=radio]:checked").count() == 0:
            upload.set_input_files(str(document))
    screenshot(firm, "startup-apply")
    firm.get_by_role("button", name="提交申请").click()
    expect(firm).to_have_url(re.compile(r"/apply/mine/YW-"))
    application = Application.objects.get()
    assert application.bundle.code == "YJS-QYKB"

    decide(new_page(), "approver_zwfw", "综合窗口受理", "受理", "材料齐全，予以受理")
    decide(new_page(), "approver_scjg", "名称核准", "同意", "名称符合规定")
    parallel = [("approver_scjg", "营业执照核发"), ("approver_ga", "印章刻制备案"),
                ("approver_tax", "税务登记信息确认"), ("approver_rs", "社保登记")]  # fmt: skip
    pages = [new_page() for _ in parallel]  # four people, four browsers, at the same time
    for (username, _task), their_page in zip(parallel, pages, strict=True):
        sign_in(their_page, username)
        their_page.goto("/workbench/approvals/tasks/")
    for (_username, task), their_page in zip(parallel, pages, strict=True):
        their_page.get_by_role("row").filter(has_text=task).get_by_role("link").click()
    for (_username, task), their_page in zip(parallel, pages, strict=True):
        their_page.get_by_label("同意", exact=True).check()
        their_page.get_by_label("审查意见").fill(f"{task}：符合要求")
        their_page.get_by_role("button", name="提交办理结果").click()
        expect(their_page.get_by_text(f"已办理：{task}")).to_be_visible()
    pages[0].goto(f"/workbench/approvals/applications/{application.number}/countersign/")
    expect(pages[0].get_by_text("4/4")).to_be_visible()
    screenshot(pages[0], "startup-countersign")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED

    firm.goto("/certificates/")
    with firm.expect_download() as download:
        firm.get_by_role("link", name=re.compile("下载营业执照")).click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    firm.get_by_role("listitem").filter(has_text="营业执照").get_by_role(
        "link", name="查看核验页").click()  # fmt: skip
    expect(firm.get_by_role("heading", name="证照有效：签名验证通过")).to_be_visible()
    screenshot(firm, "startup-verified")
