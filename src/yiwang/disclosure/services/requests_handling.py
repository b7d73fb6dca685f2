"""Handling a request under the clock: accept, correction notice and correction, and the
answer; consultation and extension, the steps that move the deadline, live in
``requests_deadline`` and are re-exported here (callers use this module for every step).

Every step locks the row, checks the version the person saw (a stale form is a 409), keeps the
stored due date in step with ``yiwang.disclosure.clock``, writes a timeline event and an audit
record, and tells the applicant or the approvers (``requests_steps``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import Conflict
from yiwang.disclosure import clock, notifications, outcomes
from yiwang.disclosure.models.requests import ClockState, DisclosureRequest, RequestStatus
from yiwang.disclosure.permissions_requests import HANDLE, VIEW
from yiwang.disclosure.services.requests_deadline import (  # noqa: F401  (re-exported)
    request_consult_end,
    request_consult_start,
    request_extension_ask,
    request_extension_decide,
)
from yiwang.disclosure.services.requests_steps import (
    MAX_TEXT,
    invalid,
    locked,
    refresh_clock,
    required_text,
    save_step,
)
from yiwang.org.permissions import can, require


def request_accept(
    *, actor: Any, request: DisclosureRequest, expected_version: int | None = None
) -> DisclosureRequest:
    require(actor, HANDLE, request.department)
    with transaction.atomic():
        obj = locked(request, expected_version)
        if obj.status != RequestStatus.SUBMITTED:
            raise Conflict(_("该申请已受理"))
        obj.status = RequestStatus.PROCESSING
        obj.accepted_at = timezone.now()
        obj.handler = actor
        refresh_clock(obj)
        save_step(obj, actor, "accepted", gettext("已登记受理"))
    return obj


def request_ask_correction(
    *,
    actor: Any,
    request: DisclosureRequest,
    items: str,
    reply_days: int | None = None,
    expected_version: int | None = None,
) -> DisclosureRequest:
    """The one correction notice (补正告知), within 7 working days of receipt."""
    require(actor, HANDLE, request.department)
    items = required_text(items, "items", _("请写明需要补正的事项"))
    if reply_days is not None and not 1 <= int(reply_days) <= 60:
        raise invalid("reply_days", _("补正期限应为 1 至 60 个工作日"), "range")
    today = timezone.localdate()
    with transaction.atomic():
        obj = locked(request, expected_version)
        if obj.status not in (RequestStatus.SUBMITTED, RequestStatus.PROCESSING):
            raise Conflict(_("当前状态不能发出补正告知"))
        if obj.correction_notice_on is not None:
            raise invalid("items", _("补正告知只能发出一次"), "correction_once")
        last_day = clock.correction_notice_deadline(obj.submitted_on)
        if today > last_day:
            raise invalid(
                "items",
                _("补正告知应在收到申请之日起 7 个工作日内作出（已于 {day} 届满）").format(
                    day=last_day.isoformat()
                ),
                "correction_too_late",
            )
        obj.status = RequestStatus.AWAITING_CORRECTION
        obj.correction_notice_on = today
        obj.correction_due_on = clock.correction_reply_deadline(today, reply_days)
        obj.correction_items = items
        obj.handler = obj.handler or actor
        refresh_clock(obj)
        save_step(
            obj,
            actor,
            "correction_requested",
            gettext("补正告知：{items}（补正期限 {due}，期间暂停计时）").format(
                items=items, due=obj.correction_due_on.isoformat()
            ),
        )
        notifications.tell_applicant(
            obj, notifications.CORRECTION, items=items, due=obj.correction_due_on
        )
    return obj


def request_correct(
    *, actor: Any, request: DisclosureRequest, text: str, tracked: bool = False
) -> DisclosureRequest:
    """The applicant's correction; the clock restarts from the day it arrives.

    ``tracked``: the caller checked the request number and phone (the public page). Otherwise
    the applicant's own account, or staff recording a correction received on paper."""
    owner = request.applicant_id and request.applicant_id == getattr(actor, "pk", None)
    if not tracked and not owner:
        require(actor, HANDLE, request.department)
    text = required_text(text, "text", _("请填写补正内容"))
    today = timezone.localdate()
    with transaction.atomic():
        obj = locked(request, None)
        if obj.status != RequestStatus.AWAITING_CORRECTION:
            raise Conflict(_("该申请当前不需要补正"))
        if obj.correction_due_on and today > obj.correction_due_on:
            raise invalid("text", _("补正期限已过，申请视为放弃"), "correction_expired")
        obj.status = RequestStatus.PROCESSING if obj.accepted_at else RequestStatus.SUBMITTED
        obj.corrected_on = today
        obj.correction_text = text
        obj.clock_received_on = today
        state = refresh_clock(obj)
        save_step(
            obj,
            actor,
            "corrected",
            gettext("申请人已补正，重新计算答复期限至 {due}").format(due=state.due_on.isoformat()),
        )
        notifications.tell_staff(obj, notifications.NEW_REQUEST, due=state.due_on)
    return obj


def request_decide(
    *,
    actor: Any,
    request: DisclosureRequest,
    outcome: str,
    notice_text: str = "",
    legal_basis: str = "",
    expected_version: int | None = None,
) -> DisclosureRequest:
    """The answer (告知), with an outcome code of the annual report's table."""
    require(actor, HANDLE, request.department)
    if outcome not in outcomes.BY_CODE:
        raise invalid("outcome", _("请选择办理结果"), "invalid_choice")
    if outcome == outcomes.NO_CORRECTION:
        raise invalid(
            "outcome", _("逾期未补正的申请由系统在补正期限届满后自动终止"), "system_outcome"
        )
    chosen = outcomes.get(outcome)
    notice = str(notice_text or "").strip() or str(chosen.notice)
    if len(notice) > MAX_TEXT:
        raise invalid("notice_text", _("内容不能超过 5000 个字符"), "too_long")
    basis = str(legal_basis or "").strip() or f"{outcomes.REGULATION}{chosen.legal_basis}"
    with transaction.atomic():
        obj = locked(request, expected_version)
        if obj.status not in (RequestStatus.SUBMITTED, RequestStatus.PROCESSING):
            if obj.status == RequestStatus.CONSULTING:
                raise Conflict(_("请先结束征求意见再作出答复"))
            raise Conflict(_("当前状态不能作出答复"))
        if outcome == "unable.unclear" and obj.corrected_on is None:
            raise invalid(
                "outcome", _("“补正后申请内容仍不明确”只适用于已补正的申请"), "not_corrected"
            )
        _close(obj, actor, outcome, notice, basis[:300], on=timezone.localdate())
        notifications.tell_applicant(obj, notifications.ANSWERED, outcome=outcomes.display(outcome))
    return obj


def _close(
    obj: DisclosureRequest, actor: Any, outcome: str, notice: str, basis: str, *, on: date
) -> None:
    chosen = outcomes.get(outcome)
    state = refresh_clock(obj, today=on)
    late = not state.stopped and state.overdue
    obj.status = RequestStatus.ANSWERED if chosen.answered else RequestStatus.CLOSED
    obj.outcome = outcome
    obj.decided_on = on
    obj.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    obj.notice_text = notice
    obj.legal_basis = basis
    obj.clock_state = ClockState.OVERDUE if late else ClockState.OK
    label = outcomes.display(outcome)
    save_step(obj, actor, "decided", gettext("办理结果：{outcome}").format(outcome=label))


def request_treat_as_withdrawn(*, request: DisclosureRequest, today: date) -> bool:
    """The sweep's step for a correction not made in time (视为放弃). Safe to run twice."""
    with transaction.atomic():
        obj = locked(request, None)
        if obj.status != RequestStatus.AWAITING_CORRECTION or not obj.correction_due_on:
            return False
        if today <= obj.correction_due_on:
            return False
        chosen = outcomes.get(outcomes.NO_CORRECTION)
        basis = f"{outcomes.REGULATION}{chosen.legal_basis}"
        _close(obj, None, chosen.code, str(chosen.notice), basis, on=today)
        notifications.tell_applicant(obj, notifications.WITHDRAWN, due=obj.correction_due_on)
    return True


def can_view(user: Any, request: DisclosureRequest) -> bool:
    """Staff of the request's department (by role and scope) and the applicant's account."""
    return can(user, VIEW, request)


def can_handle(user: Any, request: DisclosureRequest) -> bool:
    return can(user, HANDLE, request)
