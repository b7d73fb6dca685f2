"""Handling a request under the clock: accept, correction notice and correction, third-party
consultation, extension (asked by the handler, approved by the office's head), and the answer.

Every step locks the row, checks the version the person saw (a stale form is a 409), keeps the
stored due date in step with ``yiwang.disclosure.clock``, writes a timeline event and an audit
record, and tells the applicant or the approvers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yiwang.audit.services import audit_record
from yiwang.core.errors import Conflict, FieldError, InvalidInput
from yiwang.disclosure import clock, notifications, outcomes
from yiwang.disclosure.models.requests import (
    ClockState,
    DisclosureRequest,
    ExtensionState,
    PauseKind,
    RequestEvent,
    RequestPause,
    RequestStatus,
)
from yiwang.disclosure.permissions_requests import APPROVE_EXTENSION, HANDLE, VIEW
from yiwang.org.models import Role
from yiwang.org.permissions import can, require

MAX_TEXT = 5000


def _invalid(field: str, message: Any, code: str) -> InvalidInput:
    return InvalidInput(field_errors=[FieldError(field, message, code)])


def _locked(request: DisclosureRequest, expected_version: int | None) -> DisclosureRequest:
    obj = DisclosureRequest.objects.select_for_update().get(pk=request.pk)
    if expected_version is not None and obj.version != expected_version:
        raise Conflict(_("该申请已被他人处理，请刷新页面后重试"))
    return obj


def _required_text(value: Any, field: str, message: Any) -> str:
    text = str(value or "").strip()
    if not text:
        raise _invalid(field, message, "required")
    if len(text) > MAX_TEXT:
        raise _invalid(field, _("内容不能超过 5000 个字符"), "too_long")
    return text


def refresh_clock(obj: DisclosureRequest, *, today: date | None = None) -> clock.Clock:
    """Store the due date and the deadline state the clock gives today (not saved)."""
    state = clock.for_request(obj, today=today)
    obj.due_on = state.due_on
    if state.stopped or not obj.is_open:
        obj.clock_state = ClockState.OK
    elif state.overdue:
        obj.clock_state = ClockState.OVERDUE
    elif state.remaining <= clock.due_soon_days():
        obj.clock_state = ClockState.DUE_SOON
    else:
        obj.clock_state = ClockState.OK
    return state


def _save(obj: DisclosureRequest, actor: Any, action: str, note: str, *, public=True) -> None:
    obj.version += 1
    obj.save()
    RequestEvent.objects.create(
        request=obj,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
        public=public,
    )
    audit_record(
        action=f"disclosure.request.{action}",
        target=obj,
        summary=f"{obj.number} {note}"[:500],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        department_id=obj.department_id,
    )


def request_accept(
    *, actor: Any, request: DisclosureRequest, expected_version: int | None = None
) -> DisclosureRequest:
    require(actor, HANDLE, request.department)
    with transaction.atomic():
        obj = _locked(request, expected_version)
        if obj.status != RequestStatus.SUBMITTED:
            raise Conflict(_("该申请已受理"))
        obj.status = RequestStatus.PROCESSING
        obj.accepted_at = timezone.now()
        obj.handler = actor
        refresh_clock(obj)
        _save(obj, actor, "accepted", gettext("已登记受理"))
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
    items = _required_text(items, "items", _("请写明需要补正的事项"))
    if reply_days is not None and not 1 <= int(reply_days) <= 60:
        raise _invalid("reply_days", _("补正期限应为 1 至 60 个工作日"), "range")
    today = timezone.localdate()
    with transaction.atomic():
        obj = _locked(request, expected_version)
        if obj.status not in (RequestStatus.SUBMITTED, RequestStatus.PROCESSING):
            raise Conflict(_("当前状态不能发出补正告知"))
        if obj.correction_notice_on is not None:
            raise _invalid("items", _("补正告知只能发出一次"), "correction_once")
        last_day = clock.correction_notice_deadline(obj.submitted_on)
        if today > last_day:
            raise _invalid(
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
        _save(
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
    text = _required_text(text, "text", _("请填写补正内容"))
    today = timezone.localdate()
    with transaction.atomic():
        obj = _locked(request, None)
        if obj.status != RequestStatus.AWAITING_CORRECTION:
            raise Conflict(_("该申请当前不需要补正"))
        if obj.correction_due_on and today > obj.correction_due_on:
            raise _invalid("text", _("补正期限已过，申请视为放弃"), "correction_expired")
        obj.status = RequestStatus.PROCESSING if obj.accepted_at else RequestStatus.SUBMITTED
        obj.corrected_on = today
        obj.correction_text = text
        obj.clock_received_on = today
        state = refresh_clock(obj)
        _save(
            obj,
            actor,
            "corrected",
            gettext("申请人已补正，重新计算答复期限至 {due}").format(due=state.due_on.isoformat()),
        )
        notifications.tell_staff(obj, notifications.NEW_REQUEST, due=state.due_on)
    return obj


def request_consult_start(
    *,
    actor: Any,
    request: DisclosureRequest,
    kind: str,
    party: str,
    expected_version: int | None = None,
) -> DisclosureRequest:
    require(actor, HANDLE, request.department)
    if kind not in PauseKind.values:
        raise _invalid("kind", _("请选择征求意见类型"), "invalid_choice")
    party = _required_text(party, "party", _("请填写征求意见的对象"))[:200]
    with transaction.atomic():
        obj = _locked(request, expected_version)
        if obj.status not in (RequestStatus.SUBMITTED, RequestStatus.PROCESSING):
            raise Conflict(_("当前状态不能征求意见"))
        today = timezone.localdate()
        RequestPause.objects.create(
            request=obj, kind=kind, party=party, started_on=today, created_by=actor
        )
        obj.status = RequestStatus.CONSULTING
        obj.handler = obj.handler or actor
        refresh_clock(obj)
        label = PauseKind(kind).label
        _save(
            obj,
            actor,
            "consultation_started",
            gettext("{label}，征求意见期间（最长 {days} 个工作日）不计算在答复期限内").format(
                label=label, days=clock.consultation_days()
            ),
        )
    return obj


def request_consult_end(
    *,
    actor: Any,
    request: DisclosureRequest,
    opinion: str,
    expected_version: int | None = None,
) -> DisclosureRequest:
    require(actor, HANDLE, request.department)
    opinion = _required_text(opinion, "opinion", _("请填写收到的意见"))
    with transaction.atomic():
        obj = _locked(request, expected_version)
        pause = obj.pauses.filter(ended_on__isnull=True).order_by("-pk").first()
        if obj.status != RequestStatus.CONSULTING or pause is None:
            raise Conflict(_("该申请当前没有进行中的征求意见"))
        today = timezone.localdate()
        pause.ended_on = max(today, pause.started_on)
        pause.opinion = opinion
        pause.save(update_fields=["ended_on", "opinion"])
        obj.status = RequestStatus.PROCESSING if obj.accepted_at else RequestStatus.SUBMITTED
        state = refresh_clock(obj)
        _save(
            obj,
            actor,
            "consultation_ended",
            gettext("收到意见，答复期限顺延至 {due}").format(due=state.due_on.isoformat()),
        )
    return obj


def request_extension_ask(
    *,
    actor: Any,
    request: DisclosureRequest,
    days: Any,
    reason: str,
    expected_version: int | None = None,
) -> DisclosureRequest:
    require(actor, HANDLE, request.department)
    try:
        days = int(str(days).strip())
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= clock.max_extension_days():
        raise _invalid("days", _("延长期限应为 1 至 20 个工作日"), "range")
    reason = _required_text(reason, "reason", _("请写明延期理由"))
    with transaction.atomic():
        obj = _locked(request, expected_version)
        if not obj.is_open or obj.status == RequestStatus.AWAITING_CORRECTION:
            raise Conflict(_("当前状态不能申请延期"))
        if obj.extension_state in (ExtensionState.PENDING, ExtensionState.APPROVED):
            raise _invalid("days", _("答复期限只能延长一次"), "extension_once")
        obj.extension_state = ExtensionState.PENDING
        obj.extension_days = days
        obj.extension_reason = reason
        obj.extension_requested_by = actor
        refresh_clock(obj)
        _save(
            obj,
            actor,
            "extension_asked",
            gettext("申请延长答复期限 {days} 个工作日：{reason}").format(days=days, reason=reason),
            public=False,
        )
        notifications.tell_staff(
            obj,
            notifications.EXTENSION_PENDING,
            roles=(Role.DEPARTMENT_ADMIN,),
            days=days,
            reason=reason,
        )
    return obj


def request_extension_decide(
    *,
    actor: Any,
    request: DisclosureRequest,
    approve: bool,
    expected_version: int | None = None,
) -> DisclosureRequest:
    """The head of the disclosure office approves (or not); the applicant is told."""
    require(actor, APPROVE_EXTENSION, request.department)
    with transaction.atomic():
        obj = _locked(request, expected_version)
        if obj.extension_state != ExtensionState.PENDING:
            raise Conflict(_("没有待审批的延期申请"))
        obj.extension_decided_by = actor
        obj.extension_decided_on = timezone.localdate()
        if approve:
            obj.extension_state = ExtensionState.APPROVED
            state = refresh_clock(obj)
            note = gettext("延期答复已批准，延长 {days} 个工作日，答复期限至 {due}").format(
                days=obj.extension_days, due=state.due_on.isoformat()
            )
        else:
            obj.extension_state = ExtensionState.REJECTED
            obj.extension_days = 0
            refresh_clock(obj)
            note = gettext("延期申请未获批准")
        _save(obj, actor, "extension_decided", note, public=approve)
        if approve:
            notifications.tell_applicant(
                obj,
                notifications.EXTENDED,
                days=obj.extension_days,
                due=obj.due_on,
                reason=obj.extension_reason,
            )
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
        raise _invalid("outcome", _("请选择办理结果"), "invalid_choice")
    if outcome == outcomes.NO_CORRECTION:
        raise _invalid(
            "outcome", _("逾期未补正的申请由系统在补正期限届满后自动终止"), "system_outcome"
        )
    chosen = outcomes.get(outcome)
    notice = str(notice_text or "").strip() or str(chosen.notice)
    if len(notice) > MAX_TEXT:
        raise _invalid("notice_text", _("内容不能超过 5000 个字符"), "too_long")
    basis = str(legal_basis or "").strip() or f"{outcomes.REGULATION}{chosen.legal_basis}"
    with transaction.atomic():
        obj = _locked(request, expected_version)
        if obj.status not in (RequestStatus.SUBMITTED, RequestStatus.PROCESSING):
            if obj.status == RequestStatus.CONSULTING:
                raise Conflict(_("请先结束征求意见再作出答复"))
            raise Conflict(_("当前状态不能作出答复"))
        if outcome == "unable.unclear" and obj.corrected_on is None:
            raise _invalid(
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
    _save(obj, actor, "decided", gettext("办理结果：{outcome}").format(outcome=label))


def request_treat_as_withdrawn(*, request: DisclosureRequest, today: date) -> bool:
    """The sweep's step for a correction not made in time (视为放弃). Safe to run twice."""
    with transaction.atomic():
        obj = _locked(request, None)
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
