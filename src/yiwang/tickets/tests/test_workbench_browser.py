"""The workbench in headless Chromium: inbox, bulk dispatch, ticket page with htmx actions,
console with the live emergency prompt. Screenshots land in test-output/screenshots/."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from yiwang.portal.tests import conftest as shell
from yiwang.tickets import services
from yiwang.tickets.models import ReplyTemplate, SlaState, Ticket, TicketType
from yiwang.tickets.tests.factories import phone_request, world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# the shell's browser fixtures (headless Debian chromium, screenshots into test-output/)
chromium_executable = shell.chromium_executable
browser = shell.browser
new_page = shell.new_page
page = shell.page
screenshot = shell.screenshot
MOBILE = shell.MOBILE


def sign_in(page, live_server, user) -> None:
    """Reuse a server-side session instead of typing a password (tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def busy_city():
    w = world()
    subjects = [
        ("人民路人行道砖块松动", {}),
        ("幸福小区连续三天停水", {"category_code": None, "subject": "幸福小区连续三天停水"}),
        ("建设路工地夜间施工噪声扰民", {}),
        ("咨询退休后如何提取住房公积金", {"ticket_type": TicketType.CONSULT}),
    ]
    for subject, extra in subjects:
        phone_request(w, **{"subject": subject, **extra})
    now = timezone.now()
    handled = []
    for subject in (
        "朝阳街道路灯不亮",
        "东城区菜市场占道经营",
        "学校门口交通拥堵",
        "公园健身器材损坏",
    ):
        t = services.ticket_dispatch(
            actor=w.dispatcher, ticket=phone_request(w, subject=subject), lead_department=w.east
        )
        handled.append(t)
    Ticket.objects.filter(pk=handled[0].pk).update(
        sign_deadline=now - timedelta(hours=2), sla_state=SlaState.OVERDUE, supervised=True
    )
    Ticket.objects.filter(pk=handled[1].pk).update(
        sign_deadline=now + timedelta(minutes=30), sla_state=SlaState.WARNING
    )
    return w, handled


def test_dispatcher_inbox_and_bulk_dispatch(page, live_server, screenshot):
    w, _handled = busy_city()
    sign_in(page, live_server, w.dispatcher)
    page.goto("/workbench/tickets/?box=pending_dispatch")
    boxes = page.get_by_role("navigation", name="工单箱")
    expect(boxes.get_by_role("link", name=re.compile("待派单"))).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.locator(".tk-table tbody tr")).to_have_count(4)
    screenshot(page, "workbench-inbox-pending-dispatch")

    page.goto("/workbench/tickets/?box=all")
    expect(page.locator(".tk-clock--overdue").first).to_contain_text("已超期")
    expect(page.locator(".tk-clock--warning").first).to_contain_text("即将超期")
    # wide tables scroll inside their box; the page itself never scrolls sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    screenshot(page, "workbench-inbox-all")

    # search through htmx: the list is replaced, the URL follows
    page.goto("/workbench/tickets/?box=pending_dispatch")
    page.get_by_role("searchbox", name="搜索").fill("停水")
    page.get_by_role("button", name="搜索", exact=True).click()
    expect(page.locator(".tk-table tbody tr")).to_have_count(1)
    expect(page).to_have_url(re.compile("q=%E5%81%9C%E6%B0%B4|q=停水"))

    page.goto("/workbench/tickets/?box=pending_dispatch")
    page.get_by_label(re.compile("选择工单")).nth(0).check()
    page.get_by_label(re.compile("选择工单")).nth(1).check()
    page.get_by_label("派往部门").select_option(label="\u3000东城区人民政府")
    page.get_by_role("button", name="派单所选工单").click()
    expect(page.get_by_role("heading", name="批量派单结果")).to_be_visible()
    expect(page.locator(".notice")).to_contain_text("成功 2 张，失败 0 张")
    screenshot(page, "workbench-bulk-dispatch-result")

    page.goto("/workbench/tickets/reply-templates/")
    page.get_by_label("模板名称").fill("道路已修复")
    page.get_by_label("模板内容").fill("您反映的{subject}已修复，感谢您的监督。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("cell", name="道路已修复", exact=True)).to_be_visible()
    screenshot(page, "workbench-reply-templates")

    english = page.context.new_page()
    english.context.add_cookies(
        [{"name": "django_language", "value": "en", "url": live_server.url}]
    )
    english.goto("/workbench/tickets/?box=all")
    expect(english.get_by_role("heading", name="Ticket inbox")).to_be_visible()
    assert english.evaluate("document.documentElement.scrollWidth") <= 1280
    screenshot(english, "workbench-inbox-english")


def test_handler_signs_and_replies_on_the_ticket_page(new_page, live_server, screenshot):
    w, handled = busy_city()
    ReplyTemplate.objects.create(
        title="已安排维修", body="您反映的{subject}已由{department}安排维修，预计三个工作日内完成。"
    )
    ticket = handled[2]
    page = new_page()
    sign_in(page, live_server, w.east_handler)
    page.goto(f"/workbench/tickets/{ticket.pk}/")
    expect(page.get_by_role("heading", name=ticket.subject)).to_be_visible()
    expect(page.get_by_test_id("requester-phone")).to_have_text("138****1111")
    screenshot(page, "workbench-ticket-pending-sign")

    page.get_by_role("button", name="签收").click()  # htmx: the page region is swapped
    expect(page.get_by_test_id("notice")).to_contain_text("签收：操作成功")
    expect(page.get_by_test_id("notice")).to_be_focused()
    expect(page.get_by_test_id("status")).to_have_text("办理中")

    expect(page.locator("#action-reply")).to_have_attribute("open", "")  # what comes next
    page.get_by_label("答复模板", exact=True).select_option(label="已安排维修")
    page.get_by_role("button", name="套用模板").click()
    expect(page.get_by_label("答复内容")).to_have_value(re.compile("学校门口交通拥堵已由东城区"))
    page.get_by_role("button", name="显示完整号码").click()
    expect(page.get_by_test_id("requester-phone")).to_have_text("13800001111")
    screenshot(page, "workbench-ticket-in-progress")

    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_test_id("status")).to_have_text("待审核")
    expect(page.get_by_test_id("timeline")).to_contain_text("答复")

    # a stale page: someone else acts, then this page acts
    stale = new_page()
    sign_in(stale, live_server, w.dispatcher)
    stale.goto(f"/workbench/tickets/{ticket.pk}/")
    services.ticket_urge(actor=w.dispatcher, ticket=Ticket.objects.get(pk=ticket.pk), note="快")
    stale.get_by_role("radio", name="审核通过，办结").check()
    stale.locator("#action-approve_reply").get_by_role("button", name="提交审核意见").click()
    expect(stale.get_by_test_id("notice")).to_contain_text("工单已被他人处理，请刷新")
    expect(stale.get_by_test_id("status")).to_have_text("待审核")
    screenshot(stale, "workbench-ticket-stale-409")

    mobile = new_page(viewport=MOBILE)
    sign_in(mobile, live_server, w.east_handler)
    mobile.goto(f"/workbench/tickets/{ticket.pk}/")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    screenshot(mobile, "workbench-ticket-mobile")


def test_console_prompts_for_emergencies_while_typing(page, live_server, screenshot):
    w = world()
    phone_request(w, requester_phone="13900002222")
    sign_in(page, live_server, w.operator)
    page.goto("/workbench/tickets/console/")
    page.get_by_label("来电号码 / 联系电话").fill("13900002222")
    page.get_by_label("标题").fill("楼道起火")
    page.get_by_label("诉求内容").fill("三楼楼道起火冒烟，有老人被困")
    expect(page.get_by_test_id("emergency")).to_contain_text("119")
    expect(page.get_by_test_id("duplicates")).to_be_visible()
    screenshot(page, "workbench-console-emergency")
    page.get_by_role("button", name=re.compile("已提示转接")).click()
    expect(page.get_by_test_id("created")).to_contain_text("SF12345-")
    screenshot(page, "workbench-console-created")
