"""智能派单 at intake: automatic dispatch when the model is confident, top-3 suggestions for
the dispatcher otherwise, the model version on every routed ticket, overrides recorded for
training, and the fallbacks (no model, corrupt model, errors) that never break intake."""

# ruff: noqa: F811 — the model fixtures are imported from smart_dispatch_support

from __future__ import annotations

import pytest
from django.core.cache import cache

from yiwang.notify.models import Notification
from yiwang.routing import classify
from yiwang.tickets.models import RoutingDecision, RoutingSource, Status, Ticket
from yiwang.tickets.services import smart_dispatch, ticket_dispatch
from yiwang.tickets.tests.factories import citizen_request, phone_request
from yiwang.tickets.tests.smart_dispatch_support import (  # noqa: F401 (fixtures)
    BUILDING_TEXT,
    BUS_TEXT,
    _model_folder,
    labelled_city,
    model_folder,
    model_version,
)
from yiwang.tickets.tests.workbench_support import detail

pytestmark = pytest.mark.django_db


@pytest.fixture
def confident(monkeypatch):
    monkeypatch.setenv(smart_dispatch.THRESHOLD_ENV, "0.5")


@pytest.fixture
def never_automatic(monkeypatch):
    monkeypatch.setenv(smart_dispatch.THRESHOLD_ENV, "1.01")


def _web(c, text, **overrides):
    subject, description = text
    values = {"subject": subject, "description": description, "category_code": None,
              "region_code": "339901001"}  # fmt: skip
    values.update(overrides)
    return citizen_request(c.w, **values)


def test_a_confident_prediction_dispatches_a_request_without_category(model_version, confident):
    c = labelled_city()
    ticket = _web(c, BUILDING_TEXT)
    assert ticket.status == Status.PENDING_SIGN
    assert ticket.lead_department == c.w.east  # 城乡建设 → its leaves' district rule
    decision = ticket.routing_decision
    assert decision.auto_dispatched and decision.source == RoutingSource.MODEL
    assert decision.model_version == model_version
    assert decision.predicted_label == "城乡建设" and decision.predicted_category == c.building
    assert decision.confidence >= 0.5 and len(decision.top) == 3
    dispatch = ticket.events.get(action="dispatch")
    assert dispatch.actor is None and "智能派单" in dispatch.note and model_version in dispatch.note

    west = _web(c, BUILDING_TEXT, region_code="339902001")
    assert west.lead_department == c.w.west


def test_below_the_threshold_the_dispatcher_sees_the_top_three(
    client, model_version, never_automatic
):
    c = labelled_city()
    ticket = _web(c, BUS_TEXT)
    assert ticket.status == Status.PENDING_DISPATCH
    assert ticket.suggested_department == c.transport_bureau  # pre-selected in the form
    decision = ticket.routing_decision
    assert not decision.auto_dispatched and decision.model_version == model_version
    assert decision.top[0]["label"] == "交通运输"

    client.force_login(c.w.dispatcher)
    page = client.get(detail(ticket)).content.decode()
    assert "智能派单建议" in page and "示范市交通运输局" in page and "置信度" in page
    assert model_version in page
    assert "派单目录中无对应部门" in page  # 教育文体 has no rule in this city


def test_operator_intake_and_emergencies_are_never_dispatched_automatically(
    model_version, confident
):
    c = labelled_city()
    by_phone = phone_request(c.w, subject=BUS_TEXT[0], description=BUS_TEXT[1],
                             category_code=None)  # fmt: skip
    assert by_phone.status == Status.PENDING_DISPATCH
    assert by_phone.routing_decision.predicted_label == "交通运输"
    fire = _web(c, ("小区着火了", "小区路灯线路起火冒烟，井盖旁边有浓烟。"))
    assert fire.status == Status.PENDING_DISPATCH
    assert not fire.routing_decision.auto_dispatched


def test_a_chosen_category_wins_and_the_model_only_confirms_it(model_version, confident):
    c = labelled_city()
    agreed = _web(c, BUS_TEXT, category_code=c.buses.code)
    assert agreed.status == Status.PENDING_SIGN and agreed.lead_department == c.transport_bureau
    disputed = _web(c, BUILDING_TEXT, category_code=c.buses.code)
    assert disputed.status == Status.PENDING_DISPATCH
    assert disputed.category == c.buses  # the person's choice is kept
    assert disputed.suggested_department == c.transport_bureau  # the rule of that choice
    assert disputed.routing_decision.predicted_label == "城乡建设"
    assert "不一致" in disputed.routing_decision.reason


def test_an_override_is_recorded_and_feeds_the_next_training(model_version, never_automatic):
    c = labelled_city()
    ticket = _web(c, BUILDING_TEXT)
    assert ticket.suggested_department == c.w.east
    ticket_dispatch(actor=c.w.dispatcher, ticket=ticket, lead_department=c.transport_bureau)
    decision = RoutingDecision.objects.get(ticket=ticket)
    assert decision.overridden and decision.overridden_to == c.transport_bureau
    assert decision.overridden_by == c.w.dispatcher and decision.overridden_at is not None
    assert decision.overridden_label == "交通运输"  # the bureau's only top-level category

    followed = _web(c, BUS_TEXT)
    ticket_dispatch(actor=c.w.dispatcher, ticket=followed, lead_department=c.transport_bureau)
    assert not RoutingDecision.objects.get(ticket=followed).overridden
    chosen = _web(c, BUS_TEXT, category_code=c.street_lights.code)  # person's label wins
    Ticket.objects.filter(pk__in=[ticket.pk, followed.pk, chosen.pk]).update(
        status=Status.CLOSED, lead_department=c.transport_bureau
    )
    pairs = sorted((text.split("\n")[0], label) for text, label in
                   smart_dispatch.training_examples())  # fmt: skip
    assert pairs == sorted([
        (BUILDING_TEXT[0], "交通运输"),  # the override
        (BUS_TEXT[0], "交通运输"),  # the suggestion the dispatcher followed
        (BUS_TEXT[0], "城乡建设"),  # the category the person chose
    ])  # fmt: skip


def test_without_a_trained_model_the_rules_route_and_nobody_is_alerted(model_folder):
    c = labelled_city()
    ticket = _web(c, BUS_TEXT, category_code=c.buses.code)
    decision = ticket.routing_decision
    assert decision.source == RoutingSource.RULES and decision.model_version == ""
    assert ticket.suggested_department == c.transport_bureau
    assert ticket.status == Status.PENDING_DISPATCH
    assert not Notification.objects.filter(event=smart_dispatch.MODEL_ALERT).exists()


def test_a_corrupt_model_falls_back_to_the_rules_and_alerts_admins_once_an_hour(
    model_folder, model_version, confident, django_capture_on_commit_callbacks
):
    c = labelled_city()
    path = model_folder / f"{model_version}.joblib"
    path.write_bytes(b"not a model")
    cache.delete(f"yiwang:routing:model-alert:{classify.ModelCorrupt.problem}")
    with django_capture_on_commit_callbacks(execute=True):
        first = _web(c, BUS_TEXT, category_code=c.buses.code)
        second = _web(c, BUILDING_TEXT)
    for ticket in (first, second):
        assert ticket.routing_decision.source == RoutingSource.RULES
        assert ticket.status == Status.PENDING_DISPATCH  # never automatic on the rules
    assert first.suggested_department == c.transport_bureau
    alerts = Notification.objects.filter(recipient=c.admin, event=smart_dispatch.MODEL_ALERT)
    assert alerts.count() == 1 and "corrupt" in alerts.get().title

    path.unlink()  # a missing file is another problem: its own alert
    cache.delete(f"yiwang:routing:model-alert:{classify.ModelMissing.problem}")
    with django_capture_on_commit_callbacks(execute=True):
        _web(c, BUS_TEXT)
    assert Notification.objects.filter(recipient=c.admin, event=smart_dispatch.MODEL_ALERT,
                                       title__contains="missing").count() == 1  # fmt: skip


def test_text_that_cannot_be_classified_waits_for_the_dispatcher(model_version, confident):
    c = labelled_city()
    ticket = _web(c, ("😀😀", "🙏🙏🙏 ok?"))
    assert ticket.status == Status.PENDING_DISPATCH
    decision = ticket.routing_decision
    assert decision.source == RoutingSource.NONE and decision.model_version == model_version
    assert "无法分类" in decision.reason


def test_an_error_in_prediction_never_breaks_intake(model_version, confident, monkeypatch):
    def broken(_text):
        raise RuntimeError("boom")

    monkeypatch.setattr(classify, "predict", broken)
    c = labelled_city()
    ticket = _web(c, BUS_TEXT)
    assert ticket.pk and ticket.status == Status.PENDING_DISPATCH
    assert not RoutingDecision.objects.filter(ticket=ticket).exists()


@pytest.mark.parametrize(("raw", "expected"), [("", 0.9), ("0.75", 0.75), ("high", 0.9)])
def test_the_threshold_comes_from_the_environment_and_a_bad_value_keeps_the_default(
    monkeypatch, raw, expected
):
    monkeypatch.setenv(smart_dispatch.THRESHOLD_ENV, raw)
    assert smart_dispatch.auto_dispatch_threshold() == expected
