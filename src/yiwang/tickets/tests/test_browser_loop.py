"""The closed loop in a real browser: a citizen files on the portal, a dispatcher dispatches,
a handler signs and replies, the dispatcher approves, and the citizen reads the reply and
rates it. Each person has their own browser context, as they would have their own computer."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from yiwang.portal.tests import conftest as shell
from yiwang.portal.tests.people import PASSWORD
from yiwang.tickets.models import Rating, Status, Ticket
from yiwang.tickets.tests.factories import world
from yiwang.tickets.tests.portal_support import PDF, PNG, clear_outbox, latest_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# the shell's browser fixtures (headless Debian chromium, screenshots into test-output/)
chromium_executable = shell.chromium_executable
browser = shell.browser
new_page = shell.new_page
screenshot = shell.screenshot
MOBILE = shell.MOBILE

PHONE = "13700005555"


def _with_password(*users) -> None:
    for user in users:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])


def _sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("登录名或手机号").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(re.compile("/accounts/login/"))


def _open(page, action: str):
    """One action's form on the staff ticket page, unfolded (the main one already is)."""
    section = page.locator(f"#action-{action}")
    if section.get_attribute("open") is None:
        section.locator("summary").click()
    return section


def _act(page, action: str, button: str) -> None:
    _open(page, action).get_by_role("button", name=button, exact=True).click()


def test_citizen_files_staff_handle_citizen_reads_the_reply_and_rates(new_page, screenshot):
    clear_outbox()
    w = world()
    _with_password(w.dispatcher, w.water_handler)

    # --- the citizen, without an account, on the portal -----------------------------------
    citizen = new_page()
    citizen.goto("/")
    citizen.locator(".hotline-cta").click()
    citizen.get_by_role("link", name="我要提交诉求").click()
    expect(citizen.get_by_role("heading", name="提交诉求", exact=True)).to_be_visible()
    citizen.get_by_label("求助", exact=True).check()
    citizen.get_by_label("标题").fill("幸福小区停水")
    description = citizen.get_by_label("诉求内容")
    # while typing, the page asks whether this sounds like an emergency (htmx)
    description.fill("楼道里着火了")
    banner = citizen.get_by_test_id("emergency-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("如遇紧急情况请立即拨打 110/119/120/122")
    screenshot(citizen, "ticket-submit-emergency-hint")
    text = "幸福小区 3 栋从今天早上开始停水，没有任何通知，家里有老人。"
    description.fill(text)
    expect(banner).to_have_count(0)
    expect(citizen.locator("#description-count")).to_contain_text(f"已输入 {len(text)} / 5000 字")
    citizen.get_by_label("诉求分类").select_option(label=w.water_cat.name)
    citizen.get_by_label("事发地址").fill("幸福小区3栋")
    citizen.get_by_label(re.compile("^附件")).set_input_files(
        files=[{"name": "现场.png", "mimeType": "image/png", "buffer": PNG}]
    )
    citizen.get_by_label("您的称呼").fill("孙先生")
    citizen.get_by_label("手机号码").fill(PHONE)
    citizen.get_by_role("button", name="获取验证码").click()
    expect(citizen.locator("#code-status")).to_contain_text("验证码已发送至 137****5555")
    # the code arrives by SMS (the development outbox stands in for the phone)
    citizen.get_by_label("短信验证码").fill(latest_code(PHONE))
    screenshot(citizen, "ticket-submit-form")
    citizen.get_by_role("button", name="提交诉求").click()

    expect(citizen.get_by_role("heading", name="诉求已受理")).to_be_visible()
    case_number = citizen.get_by_test_id("case-number").inner_text().strip()
    assert re.fullmatch(r"SF12345-\d{8}-\d{6}", case_number)
    expect(citizen.get_by_text("受理短信已发送至 137****5555")).to_be_visible()
    screenshot(citizen, "ticket-submit-confirmation")
    ticket = Ticket.objects.get(case_number=case_number)
    assert ticket.requester is None and ticket.attachments.count() == 1

    # --- the dispatcher confirms the suggested department -------------------------------------
    dispatcher = new_page()
    _sign_in(dispatcher, w.dispatcher.username)
    dispatcher.goto("/workbench/tickets/?box=pending_dispatch")
    dispatcher.get_by_role("link", name="幸福小区停水").click()
    expect(dispatcher.get_by_test_id("case-number")).to_have_text(case_number)
    _act(dispatcher, "dispatch", "派单")
    expect(dispatcher.get_by_test_id("status")).to_have_text("待签收")
    expect(dispatcher.get_by_test_id("responsible")).to_contain_text(w.water.name)

    # --- the handler of the water company signs for it and replies -----------------------------
    handler = new_page()
    _sign_in(handler, w.water_handler.username)
    handler.goto("/workbench/tickets/?box=pending_sign")
    handler.get_by_role("link", name="幸福小区停水").click()
    _act(handler, "sign", "签收")
    expect(handler.get_by_test_id("status")).to_have_text("办理中")
    reply = _open(handler, "reply")
    reply.get_by_label("答复内容").fill("经查为小区总阀门损坏，已于当日 16 时修复，恢复供水。")
    reply.get_by_label(re.compile("^附件")).set_input_files(
        files=[{"name": "维修单.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    reply.get_by_role("button", name="提交答复").click()
    expect(handler.get_by_test_id("status")).to_have_text("待审核")
    screenshot(handler, "ticket-workbench-replied")

    # --- meanwhile the citizen checks progress: the reply is not shown before approval ----------
    tracker = new_page()
    tracker.goto("/12345/")
    tracker.get_by_role("link", name="凭工单编号和手机号码查询办理进度").click()
    tracker.get_by_label("工单编号").fill(case_number)
    tracker.get_by_label("手机号码").fill(PHONE)
    tracker.get_by_role("button", name="查询").click()
    expect(tracker.get_by_test_id("status")).to_have_text("待审核")
    expect(tracker.get_by_text(w.water.name).first).to_be_visible()
    expect(tracker.get_by_test_id("reply")).to_have_count(0)
    expect(tracker.get_by_text(w.water_handler.display_name)).to_have_count(0)

    # --- the dispatcher approves the reply ------------------------------------------------------
    dispatcher.goto("/workbench/tickets/?box=review")
    dispatcher.get_by_role("link", name="幸福小区停水").click()
    approve = _open(dispatcher, "approve_reply")
    approve.get_by_label("审核通过，办结").check()
    approve.get_by_role("button", name="提交审核意见").click()
    expect(dispatcher.get_by_test_id("status")).to_have_text("已办结")

    # --- the citizen reads the reply and rates it -----------------------------------------------
    tracker.reload()
    expect(tracker.get_by_test_id("status")).to_have_text("已办结")
    expect(tracker.get_by_test_id("reply")).to_contain_text("已于当日 16 时修复")
    expect(tracker.get_by_role("link", name="维修单.pdf")).to_be_visible()
    for private in (PHONE, "孙先生", "幸福小区3栋"):
        expect(tracker.get_by_text(private)).to_have_count(0)
    screenshot(tracker, "ticket-tracking-reply")
    tracker.get_by_label("满意", exact=True).check()
    tracker.get_by_label("评价内容").fill("修得很快，谢谢。")
    tracker.get_by_role("button", name="提交评价").click()
    expect(tracker.get_by_text("感谢您的评价！")).to_be_visible()
    expect(tracker.get_by_test_id("rating")).to_contain_text("满意")
    expect(tracker.get_by_test_id("status")).to_have_text("已评价")
    screenshot(tracker, "ticket-tracking-rated")

    ticket.refresh_from_db()
    assert ticket.status == Status.RATED
    assert Rating.objects.get(ticket=ticket).level == 4
    actions = list(ticket.events.values_list("action", flat=True))
    assert actions == ["create", "dispatch", "sign", "reply", "approve_reply", "rate"]


def test_signed_in_citizen_on_a_phone_files_and_finds_it_in_my_requests(new_page, screenshot):
    w = world()
    _with_password(w.citizen)
    page = new_page(viewport=MOBILE)
    _sign_in(page, w.citizen.username)
    page.goto("/12345/submit/")
    expect(page.get_by_test_id("account-contact")).to_contain_text("139****")
    page.get_by_label("建议", exact=True).check()
    page.get_by_label("标题").fill("建议增设公交站台")
    page.get_by_label("诉求内容").fill("人民路与解放路口附近居民多，建议增设公交站台。")
    page.get_by_role("button", name="提交诉求").click()
    # an error would be shown beside the field; here everything is in order
    expect(page.get_by_role("heading", name="诉求已受理")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    page.get_by_role("link", name="我的诉求").click()
    expect(page.get_by_role("heading", name="我的诉求")).to_be_visible()
    row = page.get_by_role("listitem").filter(has_text="建议增设公交站台")
    expect(row).to_contain_text("待派单")
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    screenshot(page, "ticket-mine-mobile")
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", name="建议增设公交站台")).to_be_visible()
    expect(page.get_by_text("人民路与解放路口附近居民多")).to_be_visible()
    screenshot(page, "ticket-mine-detail-mobile")
