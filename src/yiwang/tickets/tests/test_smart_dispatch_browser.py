"""Smart dispatch in headless Chromium: a dispatcher sees the model's top three with confidence
on an undispatched ticket, picks another department, and the override is recorded."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from yiwang.routing.classify import service, store
from yiwang.routing.tests.classify_support import sample
from yiwang.tickets.models import RoutingDecision, Status, Ticket
from yiwang.tickets.services import smart_dispatch
from yiwang.tickets.tests.smart_dispatch_support import BUS_TEXT, labelled_city
from yiwang.tickets.tests.test_smart_dispatch import _web
from yiwang.tickets.tests.test_workbench_browser import (  # noqa: F401 (browser fixtures)
    browser,
    chromium_executable,
    new_page,
    sign_in,
)
from yiwang.tickets.tests.test_workbench_browser import page as page
from yiwang.tickets.tests.test_workbench_browser import screenshot as screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tiny_model(tmp_path, monkeypatch) -> str:
    """A model trained here from a few synthetic lines (three labels), current at once."""
    monkeypatch.setenv("YIWANG_ROUTING_MODEL_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("YIWANG_ROUTING_MODEL_CHECK_SECONDS", "0")
    monkeypatch.setenv(smart_dispatch.THRESHOLD_ENV, "1.01")  # never automatic
    saved = service.train(*sample(n_per_label=8), source="browser test")
    store.forget_loaded_model()
    yield saved.version
    store.forget_loaded_model()


def test_a_dispatcher_sees_the_top_three_and_overrides_the_suggestion(
    page, live_server, screenshot, tiny_model
):
    c = labelled_city()
    ticket = _web(c, BUS_TEXT)
    assert ticket.status == Status.PENDING_DISPATCH
    sign_in(page, live_server, c.w.dispatcher)

    page.goto(f"/workbench/tickets/{ticket.pk}/")
    dispatch = page.locator("#action-dispatch")
    if dispatch.get_attribute("open") is None:  # the page opens the next action by itself
        dispatch.locator("summary").click()
    panel = page.get_by_test_id("routing-suggestions")
    expect(panel).to_be_visible()
    suggestions = panel.locator("li")
    expect(suggestions).to_have_count(3)
    expect(suggestions.first).to_contain_text("示范市交通运输局")
    expect(suggestions.first).to_contain_text(re.compile(r"置信度 \d+%"))
    expect(panel).to_contain_text(f"模型版本 {tiny_model}")
    lead = dispatch.get_by_label("主办部门")
    expect(lead).to_have_value(str(c.transport_bureau.pk))  # the first suggestion, pre-selected
    screenshot(page, "smart-dispatch-suggestions")

    lead.select_option(value=str(c.w.east.pk))
    dispatch.get_by_role("button", name="派单").click()

    expect(page.get_by_test_id("status")).to_have_text("待签收")
    decision = RoutingDecision.objects.get(ticket=ticket)
    assert decision.overridden and decision.overridden_to == c.w.east
    assert decision.overridden_by == c.w.dispatcher
    assert Ticket.objects.get(pk=ticket.pk).lead_department == c.w.east
