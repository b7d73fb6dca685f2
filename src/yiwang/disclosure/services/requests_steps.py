"""What every handling step shares: the locked row with its version check, required text,
the stored due date kept in step with the clock, and the save that writes the timeline event
and the audit record."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from yiwang.audit.services import audit_record
from yiwang.core.errors import Conflict, FieldError, InvalidInput
from yiwang.disclosure import clock
from yiwang.disclosure.models.requests import ClockState, DisclosureRequest, RequestEvent

MAX_TEXT = 5000


def invalid(field: str, message: Any, code: str) -> InvalidInput:
    return InvalidInput(field_errors=[FieldError(field, message, code)])


def locked(request: DisclosureRequest, expected_version: int | None) -> DisclosureRequest:
    obj = DisclosureRequest.objects.select_for_update().get(pk=request.pk)
    if expected_version is not None and obj.version != expected_version:
        raise Conflict(_("该申请已被他人处理，请刷新页面后重试"))
    return obj


def required_text(value: Any, field: str, message: Any) -> str:
    text = str(value or "").strip()
    if not text:
        raise invalid(field, message, "required")
    if len(text) > MAX_TEXT:
        raise invalid(field, _("内容不能超过 5000 个字符"), "too_long")
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


def save_step(obj: DisclosureRequest, actor: Any, action: str, note: str, *, public=True) -> None:
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
