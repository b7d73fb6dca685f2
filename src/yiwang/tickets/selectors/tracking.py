"""What a requester sees of their ticket: the public timeline (departments, never staff
names), the reply once the dispatcher approved it, and what they may still do (rate, reopen).

Two ways in: a signed-in requester's own tickets (through ``tickets_visible``), and the public
tracking check by case number + phone (``ticket_for_tracking``), which compares the phone's
blind index in constant time and answers the same for an unknown case and a wrong phone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.validators import validate_mobile_phone
from yiwang.core import pii
from yiwang.org.models import Department
from yiwang.tickets import workflow
from yiwang.tickets.models import Attachment, Rating, Ticket, TicketEvent
from yiwang.tickets.selectors.visibility import tickets_visible

_CASE = re.compile(r"^[A-Z0-9]{1,16}-\d{8}-\d{6}$")
_NO_INDEX = "0" * 64  # compared against when there is no ticket, so both paths do the same work
REPLY_APPROVALS = ("approve_reply", "answer_now")


def normalize_case_number(value: str) -> str:
    """Full-width digits and letters, spaces and lower case are forgiven."""
    return pii.normalize(value or "")[:40]


def ticket_for_tracking(*, case_number: str, phone: str) -> Ticket | None:
    """The ticket when ``phone`` is its requester's phone; None for any mismatch."""
    case = normalize_case_number(case_number)
    ticket = Ticket.objects.filter(case_number=case).first() if _CASE.match(case) else None
    try:
        phone = validate_mobile_phone((phone or "").strip())
    except ValidationError:
        phone = phone or ""
    given = pii.blind_index(phone, purpose="phone")
    expected = (ticket.requester_phone_index if ticket is not None else "") or _NO_INDEX
    matches = constant_time_compare(given, expected)
    return ticket if matches and ticket is not None and ticket.requester_phone_index else None


def my_tickets(*, user: Any) -> QuerySet[Ticket]:
    """The signed-in person's own requests, newest first."""
    return (
        tickets_visible(user=user)
        .filter(requester_id=user.pk)
        .select_related("category")
        .order_by("-created_at", "-pk")
    )


def my_ticket(*, user: Any, case_number: str) -> Ticket | None:
    return (
        my_tickets(user=user)
        .select_related("lead_department", "current_department", "merged_into")
        .filter(case_number=normalize_case_number(case_number))
        .first()
    )


def live_ticket(ticket: Ticket) -> Ticket:
    """A merged ticket is followed to the ticket that handles the matter now."""
    seen = {ticket.pk}
    while ticket.merged_into_id is not None and ticket.merged_into_id not in seen:
        seen.add(ticket.merged_into_id)
        ticket = Ticket.objects.select_related("lead_department").get(pk=ticket.merged_into_id)
    return ticket


# --- the public timeline ------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    action: str
    label: Any
    who: Any  # a department, "诉求人", or the channel — never a member of staff by name
    detail: Any = ""


def _label(action: str) -> Any:
    try:
        return workflow.get(action).label
    except KeyError:
        return action


def public_timeline(ticket: Ticket) -> list[TimelineEntry]:
    events = list(
        TicketEvent.objects.filter(ticket=ticket, is_public=True)
        .select_related("actor_department")
        .order_by("created_at", "pk")
    )
    wanted = set()
    for event in events:
        for key in ("lead_department", "to_department"):
            if isinstance(event.data.get(key), int):
                wanted.add(event.data[key])
    names = dict(Department.objects.filter(pk__in=wanted).values_list("pk", "name"))
    entries = []
    for event in events:
        entries.append(
            TimelineEntry(
                at=event.created_at,
                action=event.action,
                label=_label(event.action),
                who=_who(ticket, event),
                detail=_detail(event, names),
            )
        )
    return entries


def _who(ticket: Ticket, event: TicketEvent) -> Any:
    if event.action == "create":
        return ticket.get_channel_display()
    by_requester = event.actor_id is not None and event.actor_id == ticket.requester_id
    if by_requester or (event.actor_id is None and event.action in ("rate", "reopen")):
        return _("诉求人")
    if event.actor_department is not None:
        return event.actor_department.name
    return _("12345 热线")


def _detail(event: TicketEvent, names: dict[int, str]) -> Any:
    data = event.data or {}
    if event.action == "dispatch" and data.get("lead_department") in names:
        return _("交由%(department)s办理") % {"department": names[data["lead_department"]]}
    if event.action == "transfer" and data.get("to_department") in names:
        return _("转交%(department)s办理") % {"department": names[data["to_department"]]}
    if event.action == "merge" and data.get("into_case_number"):
        return _("并入工单 %(case)s") % {"case": data["into_case_number"]}
    return ""


# --- the reply, once approved ---------------------------------------------------------------


@dataclass
class ApprovedReply:
    text: str
    department: str
    replied_at: datetime
    approved_at: datetime
    attachments: list[Attachment] = field(default_factory=list)


def approved_reply(ticket: Ticket) -> ApprovedReply | None:
    """The latest reply the dispatcher accepted (or the operator's at-once answer). A reply
    still under review is never shown; after a reopen, the accepted one stays until the
    next is accepted."""
    approval = (
        TicketEvent.objects.filter(ticket=ticket, action__in=REPLY_APPROVALS)
        .order_by("-created_at", "-pk")
        .first()
    )
    if approval is None:
        return None
    if approval.action == "answer_now":
        return ApprovedReply(
            text=approval.note, department=str(_("12345 热线")),
            replied_at=approval.created_at, approved_at=approval.created_at,
        )  # fmt: skip
    reply = (
        TicketEvent.objects.filter(ticket=ticket, action="reply", pk__lt=approval.pk)
        .select_related("actor_department")
        .order_by("-pk")
        .first()
    )
    if reply is None:
        return None
    department = reply.actor_department or ticket.lead_department
    return ApprovedReply(
        text=reply.note,
        department=department.name if department is not None else "",
        replied_at=reply.created_at,
        approved_at=approval.created_at,
        attachments=list(Attachment.objects.filter(event=reply).order_by("pk")),
    )


def own_attachments(ticket: Ticket) -> list[Attachment]:
    """What the requester attached when filing (shown to the signed-in requester only)."""
    return list(Attachment.objects.filter(ticket=ticket, event__action="create").order_by("pk"))


# --- what the requester may still do ---------------------------------------------------------


@dataclass(frozen=True)
class RequesterOptions:
    can_rate: bool
    can_reopen: bool
    reopen_until: datetime | None
    rating: Rating | None  # this round's rating, once given


def requester_options(ticket: Ticket, *, now: datetime | None = None) -> RequesterOptions:
    """Rating (一事一评: once per handling round) and reopening (within the window), as the
    lifecycle allows the requester; the services check all of it again."""
    from yiwang.tickets.services.closing import reopen_allowed_until

    now = now or timezone.now()
    rate, reopen = workflow.get("rate"), workflow.get("reopen")
    rating = Rating.objects.filter(ticket=ticket, round=ticket.reopen_count).first()
    until = reopen_allowed_until(ticket)
    return RequesterOptions(
        can_rate=rate.owner and ticket.status in rate.sources and rating is None,
        can_reopen=reopen.owner
        and ticket.status in reopen.sources
        and until is not None
        and now <= until,
        reopen_until=until,
        rating=rating,
    )
