"""What a viewer is shown of a ticket: the requester sees their own data and a public timeline
(departments, never staff names); staff see everything except the requester's phone, which is
masked until they reveal it (audited)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from yiwang.core.pii import mask_phone
from yiwang.org.permissions import can
from yiwang.tickets import workflow
from yiwang.tickets.emergency import EmergencyHint
from yiwang.tickets.models import Ticket

# Timeline notes a requester may read: their own words and the answer given at once. Other
# notes are written for colleagues; the approved reply reaches the requester as reply_text.
OWNER_NOTES = frozenset({"answer_now", "rate", "reopen"})


def is_owner(user: Any, ticket: Ticket) -> bool:
    return ticket.requester_id is not None and ticket.requester_id == getattr(user, "pk", None)


def _ref(obj: Any, name_attr: str = "name") -> dict[str, Any] | None:
    if obj is None:
        return None
    return {"id": obj.pk, "name": getattr(obj, name_attr) or str(obj)}


def _user_ref(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.display_name or user.username}


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


def requester(user: Any, ticket: Ticket) -> dict[str, Any]:
    owner = is_owner(user, ticket)
    phone = ticket.requester_phone or ""
    return {
        "name": ticket.requester_name,
        "phone": phone if owner else mask_phone(phone),
        "phone_masked": bool(phone) and not owner,
        "has_account": ticket.requester_id is not None,
    }


def summary(user: Any, ticket: Ticket) -> dict[str, Any]:
    staff = not is_owner(user, ticket)
    return {
        "id": ticket.pk,
        "case_number": ticket.case_number,
        "version": ticket.version,
        "status": ticket.status,
        "status_label": str(ticket.get_status_display()),
        "channel": ticket.channel,
        "ticket_type": ticket.ticket_type,
        "subject": ticket.subject,
        "category": {"code": ticket.category.code, "name": ticket.category.name}
        if ticket.category_id
        else None,
        "address": ticket.address,
        "latitude": _float(ticket.latitude),
        "longitude": _float(ticket.longitude),
        "region_code": ticket.region_code,
        "allow_publication": ticket.allow_publication,
        "requester": requester(user, ticket),
        "lead_department": _ref(ticket.lead_department),
        "current_department": _ref(ticket.current_department),
        "current_assignee": _user_ref(ticket.current_assignee) if staff else None,
        "sla_state": ticket.sla_state,
        "sign_deadline": ticket.sign_deadline,
        "handle_deadline": ticket.handle_deadline,
        "supervised": ticket.supervised if staff else None,
        "reopen_count": ticket.reopen_count,
        "merged_into": ticket.merged_into.case_number if ticket.merged_into_id else None,
        "created_at": ticket.created_at,
        "updated_at": ticket.updated_at,
        "dispatched_at": ticket.dispatched_at,
        "signed_at": ticket.signed_at,
        "replied_at": ticket.replied_at,
        "closed_at": ticket.closed_at,
    }


def action_label(action: str) -> str:
    transition = workflow.TRANSITIONS.get(action)
    return str(transition.label) if transition else action


def _event(event, *, staff: bool) -> dict[str, Any]:
    note = event.note if staff or event.action in OWNER_NOTES else ""
    data = None
    if staff:
        data = {k: v for k, v in (event.data or {}).items() if not k.endswith("_encrypted")}
    return {
        "id": event.pk,
        "action": event.action,
        "label": action_label(event.action),
        "from_status": event.from_status,
        "to_status": event.to_status,
        "actor": _user_ref(event.actor) if staff else None,
        "department": _ref(event.actor_department),
        "note": note,
        "data": data,
        "is_public": event.is_public,
        "created_at": event.created_at,
    }


def approved_reply(events: list) -> tuple[str, int | None]:
    """The reply the requester may read: the latest one the dispatcher accepted (or the answer
    given at once), and its event. A reply under review is never shown; after a reopen the
    accepted one stays until the next is accepted."""
    for index in range(len(events) - 1, -1, -1):
        approval = events[index]
        if approval.action == "answer_now":
            return approval.note, None
        if approval.action == "approve_reply":
            reply = next((e for e in reversed(events[:index]) if e.action == "reply"), None)
            return (reply.note, reply.pk) if reply else ("", None)
    return "", None


def visible_attachments(user: Any, ticket: Ticket) -> list:
    """Staff see every attachment; the requester what they attached and the attachments of
    the accepted reply."""
    if not is_owner(user, ticket):
        return list(ticket.attachments.all())
    events = list(ticket.events.all())
    reply_event = approved_reply(events)[1]
    own = {e.pk for e in events if e.action == "create" or e.pk == reply_event}
    return [a for a in ticket.attachments.all() if a.event_id in own]


def available_actions(user: Any, ticket: Ticket) -> list[str]:
    return [
        t.action
        for t in workflow.actions_from(ticket.status)
        if t.roles or t.owner  # system-only steps (escalation) are never offered
        if can(user, workflow.permission_name(t.action), ticket)
    ]


def detail(user: Any, ticket: Ticket) -> dict[str, Any]:
    """Everything about one ticket (loaded with ``selectors.api.ticket_detail``)."""
    staff = not is_owner(user, ticket)
    events = list(ticket.events.all())
    reply_text = ticket.reply_text if staff else approved_reply(events)[0]
    body = summary(user, ticket)
    body.update(
        description=ticket.description,
        reply_text=reply_text,
        suggested_department=_ref(ticket.suggested_department) if staff else None,
        received_by=_user_ref(ticket.received_by) if staff else None,
        recording_ref=ticket.recording_ref if staff else None,
        external_source=ticket.external_source if staff else None,
        external_id=ticket.external_id if staff else None,
        may_reveal_requester=staff and can(user, "tickets.view_requester", ticket),
        available_actions=available_actions(user, ticket),
        parties=[
            {
                "department": _ref(p.department),
                "role": p.role,
                "is_active": p.is_active,
                "signed_at": p.signed_at,
                "opinion": p.opinion,
            }
            for p in ticket.parties.all()
        ]
        if staff
        else [],
        events=[_event(e, staff=staff) for e in events if staff or e.is_public],
        attachments=[
            {
                "id": a.pk,
                "name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
                "event_id": a.event_id,
                "created_at": a.created_at,
                "url": reverse(
                    "api-v1:ticket_attachment",
                    kwargs={"ticket_id": ticket.pk, "attachment_id": a.pk},
                ),
            }
            for a in visible_attachments(user, ticket)
        ],
        extensions=[
            {
                "id": x.pk,
                "days": x.days,
                "reason": x.reason,
                "status": x.status,
                "created_at": x.created_at,
                "decided_at": x.decided_at,
                "new_deadline": x.new_deadline,
            }
            for x in ticket.extensions.all()
        ]
        if staff
        else [],
        ratings=[
            {
                "round": r.round,
                "level": r.level,
                "level_label": str(r.get_level_display()),
                "comment": r.comment,
                "is_bad": r.is_bad,
                "created_at": r.created_at,
            }
            for r in ticket.ratings.all()
        ],
    )
    return body


def emergency(hints: list[EmergencyHint]) -> list[dict[str, Any]]:
    return [{"number": h.number, "service": str(h.service), "words": list(h.words)} for h in hints]
