"""Handling steps that move the deadline: a consultation of a third party or another agency
(the clock stops, at most 15 working days each, 条例第三十二条) and the one extension of at
most 20 working days, asked by the handler and approved by the office's head (第三十三条)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import Conflict
from yiwang.disclosure import clock, notifications
from yiwang.disclosure.models.requests import (
    DisclosureRequest,
    ExtensionState,
    PauseKind,
    RequestPause,
    RequestStatus,
)
from yiwang.disclosure.permissions_requests import APPROVE_EXTENSION, HANDLE
from yiwang.disclosure.services.requests_steps import (
    invalid,
    locked,
    refresh_clock,
    required_text,
    save_step,
)
from yiwang.org.models import Role
from yiwang.org.permissions import require


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
        raise invalid("kind", _("请选择征求意见类型"), "invalid_choice")
    party = required_text(party, "party", _("请填写征求意见的对象"))[:200]
    with transaction.atomic():
        obj = locked(request, expected_version)
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
        save_step(
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
    opinion = required_text(opinion, "opinion", _("请填写收到的意见"))
    with transaction.atomic():
        obj = locked(request, expected_version)
        pause = obj.pauses.filter(ended_on__isnull=True).order_by("-pk").first()
        if obj.status != RequestStatus.CONSULTING or pause is None:
            raise Conflict(_("该申请当前没有进行中的征求意见"))
        today = timezone.localdate()
        pause.ended_on = max(today, pause.started_on)
        pause.opinion = opinion
        pause.save(update_fields=["ended_on", "opinion"])
        obj.status = RequestStatus.PROCESSING if obj.accepted_at else RequestStatus.SUBMITTED
        state = refresh_clock(obj)
        save_step(
            obj,
            actor,
            "consultation_ended",
            gettext("收到意见，答复期限顺延至 {due}").format(due=state.due_on.isoformat()),
        )
    return obj


def _check_in_time(obj: DisclosureRequest, field: str) -> None:
    """An extension is decided and told within the time it extends (第三十三条): once the
    deadline as it stands has passed, the request is late and can only be answered."""
    state = clock.for_request(obj)
    if state.overdue:
        raise invalid(
            field,
            _("答复期限已于 {day} 届满，不能再延长，请尽快答复").format(
                day=state.due_on.isoformat()
            ),
            "extension_too_late",
        )


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
        raise invalid("days", _("延长期限应为 1 至 20 个工作日"), "range")
    reason = required_text(reason, "reason", _("请写明延期理由"))
    with transaction.atomic():
        obj = locked(request, expected_version)
        if not obj.is_open or obj.status == RequestStatus.AWAITING_CORRECTION:
            raise Conflict(_("当前状态不能申请延期"))
        if obj.extension_state in (ExtensionState.PENDING, ExtensionState.APPROVED):
            raise invalid("days", _("答复期限只能延长一次"), "extension_once")
        _check_in_time(obj, "days")
        obj.extension_state = ExtensionState.PENDING
        obj.extension_days = days
        obj.extension_reason = reason
        obj.extension_requested_by = actor
        refresh_clock(obj)
        save_step(
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
        obj = locked(request, expected_version)
        if obj.extension_state != ExtensionState.PENDING:
            raise Conflict(_("没有待审批的延期申请"))
        obj.extension_decided_by = actor
        obj.extension_decided_on = timezone.localdate()
        if approve:
            _check_in_time(obj, "approve")
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
        save_step(obj, actor, "extension_decided", note, public=approve)
        if approve:
            notifications.tell_applicant(
                obj,
                notifications.EXTENDED,
                days=obj.extension_days,
                due=obj.due_on,
                reason=obj.extension_reason,
            )
    return obj
