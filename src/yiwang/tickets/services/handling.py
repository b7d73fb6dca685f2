"""办理: sign for, progress notes, co-handling opinions, returns, extensions, reply, review."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import Conflict, FieldError, InvalidInput, PermissionDenied
from yiwang.org.permissions import can
from yiwang.tickets import notifications, sla
from yiwang.tickets.models import (
    ExtensionRequest,
    ExtensionStatus,
    PartyRole,
    Ticket,
    TicketParty,
)
from yiwang.tickets.services import transitions
from yiwang.tickets.services.attachments import UploadedFile, save_attachments, validate_files
from yiwang.workcal import workdays

MAX_TEXT = 5000
MAX_EXTENSION_DAYS = 30


def _text(value: str, field: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(field_errors=[FieldError(field, _("请填写内容"), "required")])
    if len(value) > MAX_TEXT:
        raise InvalidInput(
            field_errors=[FieldError(field, _("内容不能超过 5000 个字符"), "too_long")]
        )
    return value


def _require_in_current_department(actor: Any, ticket: Ticket, action: str) -> None:
    """Lead-department actions: a co-handler may see the ticket but not act as the lead."""
    if actor is None or ticket.current_department is None:
        return
    if not can(actor, f"tickets.{action}", ticket.current_department):
        raise PermissionDenied(_("只有当前承办部门的人员可以执行此操作"))


def ticket_sign(*, actor: Any, ticket: Ticket, expected_version: int | None = None) -> Ticket:
    def effect(locked: Ticket):
        _require_in_current_department(actor, locked, "sign")
        now = timezone.now()
        locked.current_assignee = actor
        locked.signed_at = now
        TicketParty.objects.filter(
            ticket=locked, department=locked.current_department, is_active=True
        ).update(assignee=actor, signed_at=now)
        return None

    updated, _e = transitions.run(
        actor=actor, ticket=ticket, action="sign", effect=effect, expected_version=expected_version
    )
    return updated


def ticket_note(*, actor: Any, ticket: Ticket, note: str) -> Ticket:
    note = _text(note, "note")
    updated, _e = transitions.run(actor=actor, ticket=ticket, action="note", note=note)
    return updated


def ticket_co_opinion(*, actor: Any, ticket: Ticket, opinion: str) -> Ticket:
    """A co-handling department gives its opinion to the lead (协办意见)."""
    opinion = _text(opinion, "opinion")

    def effect(locked: Ticket):
        party = next(
            (
                p
                for p in TicketParty.objects.filter(
                    ticket=locked, role=PartyRole.CO, is_active=True
                ).select_related("department")
                if can(actor, "tickets.co_opinion", p.department)
            ),
            None,
        )
        if party is None:
            raise PermissionDenied(_("只有协办部门的人员可以提交协办意见"))
        party.opinion, party.opinion_at, party.assignee = opinion, timezone.now(), actor
        party.save(update_fields=["opinion", "opinion_at", "assignee", "updated_at"])
        return {"department": party.department_id}

    updated, _e = transitions.run(
        actor=actor, ticket=ticket, action="co_opinion", note=opinion, effect=effect
    )
    return updated


def ticket_request_return(
    *, actor: Any, ticket: Ticket, reason: str, expected_version: int | None = None
) -> Ticket:
    """退单: the department says the ticket is not theirs; the dispatcher decides."""
    reason = _text(reason, "reason")

    def effect(locked: Ticket):
        _require_in_current_department(actor, locked, "request_return")

    updated, _e = transitions.run(
        actor=actor, ticket=ticket, action="request_return", note=reason, effect=effect,
        expected_version=expected_version,
    )  # fmt: skip
    return updated


def ticket_decide_return(
    *, actor: Any, ticket: Ticket, accept: bool, note: str = "",
    expected_version: int | None = None,
) -> Ticket:  # fmt: skip
    if not accept:
        note = _text(note, "note")
        updated, _e = transitions.run(
            actor=actor, ticket=ticket, action="reject_return", note=note,
            expected_version=expected_version,
        )  # fmt: skip
        return updated

    def effect(locked: Ticket):
        TicketParty.objects.filter(ticket=locked, is_active=True).update(is_active=False)
        locked.current_department = None
        locked.current_assignee = None
        locked.lead_department = None
        locked.dispatched_at = None
        locked.sign_deadline = None

    updated, _e = transitions.run(
        actor=actor, ticket=ticket, action="accept_return", note=note, effect=effect,
        expected_version=expected_version,
    )  # fmt: skip
    return updated


def ticket_request_extension(
    *, actor: Any, ticket: Ticket, days: int, reason: str
) -> ExtensionRequest:
    reason = _text(reason, "reason")
    if not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise InvalidInput(
            field_errors=[FieldError("days", _("延期天数应为 1 至 30 个工作日"), "days_range")]
        )
    created: list[ExtensionRequest] = []

    def effect(locked: Ticket):
        _require_in_current_department(actor, locked, "request_extension")
        if ExtensionRequest.objects.filter(ticket=locked, status=ExtensionStatus.PENDING).exists():
            raise Conflict(_("已有待审批的延期申请"), code="extension-pending")
        created.append(
            ExtensionRequest.objects.create(
                ticket=locked, requested_by=actor, days=days, reason=reason
            )
        )
        return {"days": days}

    transitions.run(
        actor=actor, ticket=ticket, action="request_extension", note=reason, effect=effect
    )
    return created[0]


def ticket_decide_extension(
    *, actor: Any, extension: ExtensionRequest, approve: bool, note: str = ""
) -> ExtensionRequest:
    def effect(locked: Ticket):
        request = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
        if request.status != ExtensionStatus.PENDING:
            raise Conflict(_("该延期申请已处理"), code="extension-decided")
        request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
        request.decided_by, request.decided_at = actor, timezone.now()
        request.decision_note = note
        if approve:
            base = timezone.localtime(locked.handle_deadline or timezone.now()).date()
            locked.handle_deadline = sla.end_of_working_day(
                workdays.add_working_days(base, request.days)
            )
            locked.overdue_at = None
            request.new_deadline = locked.handle_deadline
        request.save()
        return {"approved": approve, "days": request.days}

    with transaction.atomic():
        transitions.run(
            actor=actor, ticket=extension.ticket, action="decide_extension", note=note,
            effect=effect,
        )  # fmt: skip
    extension.refresh_from_db()
    return extension


def ticket_reply(
    *,
    actor: Any,
    ticket: Ticket,
    text: str,
    attachments: list[UploadedFile] | None = None,
    expected_version: int | None = None,
) -> Ticket:
    """答复: the lead department's answer, to be reviewed by the dispatcher."""
    text = _text(text, "text")
    files = validate_files(attachments or [])

    def effect(locked: Ticket):
        _require_in_current_department(actor, locked, "reply")
        locked.reply_text = text
        locked.replied_at = timezone.now()

    updated, event = transitions.run(
        actor=actor, ticket=ticket, action="reply", note=text, effect=effect,
        expected_version=expected_version,
    )  # fmt: skip
    if files:
        with transaction.atomic():
            save_attachments(ticket=updated, event=event, files=files, uploaded_by=actor)
    return updated


def ticket_review(
    *, actor: Any, ticket: Ticket, accept: bool, note: str = "",
    expected_version: int | None = None,
) -> Ticket:  # fmt: skip
    """The dispatcher accepts the reply (办结) or sends it back (退回重办)."""
    if not accept:
        note = _text(note, "note")
        updated, _e = transitions.run(
            actor=actor, ticket=ticket, action="reject_reply", note=note,
            expected_version=expected_version,
        )  # fmt: skip
        return updated

    def effect(locked: Ticket):
        locked.closed_at = timezone.now()

    with transaction.atomic():
        updated, _e = transitions.run(
            actor=actor, ticket=ticket, action="approve_reply", note=note, effect=effect,
            expected_version=expected_version,
        )  # fmt: skip
        department = updated.lead_department.name if updated.lead_department else ""
        notifications.tell_all_requesters(
            updated, notifications.REPLIED, department=department, reply=updated.reply_text[:200]
        )
        notifications.tell_all_requesters(
            updated, notifications.CLOSED, reopen_days=reopen_window_days()
        )
    return updated


def reopen_window_days() -> int:
    from django.conf import settings

    return int(getattr(settings, "YIWANG_REOPEN_WORKING_DAYS", 10))
