"""Reads for the staff ticket page and the operator console: what the viewer may do now,
who holds the ticket, the requester as the viewer may see them, templates, knowledge, repeats."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.core import pii
from yiwang.org.models import Department
from yiwang.org.permissions import can
from yiwang.tickets import workflow
from yiwang.tickets.models import (
    OPEN_STATUSES,
    Attachment,
    ExtensionStatus,
    KnowledgeEntry,
    PartyRole,
    ReplyTemplate,
    Status,
    Ticket,
    TicketEvent,
)
from yiwang.tickets.selectors.visibility import tickets_visible

logger = logging.getLogger(__name__)

# actions that belong to the lead (current) department, as the services insist
LEAD_ACTIONS = frozenset({"sign", "request_return", "request_extension", "reply"})
# never offered as a button: intake has its own page, escalation is the sweep's
NOT_ON_PAGE = frozenset({"create", "escalate"})
# the two outcomes of one decision are one form
PAIRED = {"reject_return": "accept_return", "reject_reply": "approve_reply"}
DUPLICATE_WINDOW_DAYS = 30


def ticket_for_staff(*, user: Any, pk: int) -> Ticket | None:
    """The ticket if the viewer may see it (otherwise None: the page answers 404)."""
    return (
        tickets_visible(user=user)
        .select_related(
            "category",
            "current_department",
            "current_assignee",
            "lead_department",
            "suggested_department",
            "received_by",
            "merged_into",
            "requester",
        )
        .filter(pk=pk)
        .first()
    )


def timeline(ticket: Ticket) -> QuerySet[TicketEvent]:
    return (
        TicketEvent.objects.filter(ticket=ticket)
        .select_related("actor", "actor_department")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        .order_by("created_at", "pk")
    )


FORM_LABELS = {"accept_return": _("审核退单"), "approve_reply": _("审核答复")}


def form_label(action: str) -> str:
    """The heading of an action's form (one form may carry two outcomes)."""
    if action in FORM_LABELS:
        return str(FORM_LABELS[action])
    return action_label(action)


def action_label(action: str) -> str:
    try:
        return str(workflow.get(action).label)
    except KeyError:
        return action


def available_actions(user: Any, ticket: Ticket) -> list[str]:
    """The actions this viewer may take on the ticket right now, in lifecycle order.

    Starts from the state machine, asks the one permission function, then applies the
    narrower rules the services enforce (lead-department actions, co-handling opinions),
    so no button leads to a refusal.
    """
    result: list[str] = []
    for transition in workflow.actions_from(ticket.status):
        action = transition.action
        if action in NOT_ON_PAGE:
            continue
        name = PAIRED.get(action, action)
        if name in result or not can(user, workflow.permission_name(action), ticket):
            continue
        lead_only = action in LEAD_ACTIONS and ticket.current_department_id is not None
        if lead_only and not can(user, workflow.permission_name(action), ticket.current_department):
            continue
        if action == "co_opinion" and not co_departments_of(user, ticket):
            continue
        if action == "decide_extension" and not pending_extension(ticket):
            continue
        if action == "rate" and ticket.ratings.filter(round=ticket.reopen_count).exists():
            continue
        if action == "rectify" and not _rectifiable(user, ticket):
            continue
        result.append(name)
    return result


def _rectifiable(user: Any, ticket: Ticket) -> bool:
    from yiwang.tickets.services.closing import unrectified_bad_rating

    if ticket.lead_department_id and not can(user, "tickets.rectify", ticket.lead_department):
        return False
    return unrectified_bad_rating(ticket) is not None


def co_departments_of(user: Any, ticket: Ticket) -> list[Department]:
    """Active co-handling departments of the ticket for which this viewer may give opinions."""
    parties = ticket.parties.filter(role=PartyRole.CO, is_active=True).select_related("department")
    return [p.department for p in parties if can(user, "tickets.co_opinion", p.department)]


def pending_extension(ticket: Ticket):
    return ticket.extensions.filter(status=ExtensionStatus.PENDING).first()


def parties(ticket: Ticket):
    return ticket.parties.select_related("department", "assignee").order_by("-is_active", "pk")


@dataclass(frozen=True)
class RequesterView:
    name: str
    phone: str
    has_account: bool
    may_reveal: bool
    revealed: bool


def requester_view(
    user: Any, ticket: Ticket, revealed: dict[str, str] | None = None
) -> RequesterView:
    """Masked by default; in full only after an audited reveal by someone allowed to."""
    phone = ticket.requester_phone or (ticket.requester.phone if ticket.requester_id else "")
    may_reveal = can(user, "tickets.view_requester", ticket)
    if revealed is not None and may_reveal:
        return RequesterView(
            revealed["name"], revealed["phone"], bool(ticket.requester_id), True, True
        )
    return RequesterView(
        ticket.requester_name,
        pii.mask_phone(phone or ""),
        bool(ticket.requester_id),
        may_reveal and bool(phone),
        False,
    )


def responsible_now(ticket: Ticket) -> dict[str, Any]:
    """一受理就负责到底: the department and, once signed, the person holding the ticket."""
    if ticket.status == Status.PENDING_DISPATCH:
        return {"department": None, "person": None, "waiting_for": "dispatch"}
    if ticket.status == Status.RETURN_REQUESTED:
        return {
            "department": ticket.current_department,
            "person": ticket.current_assignee,
            "waiting_for": "return_decision",
        }
    if ticket.status == Status.PENDING_REVIEW:
        return {
            "department": ticket.current_department,
            "person": ticket.current_assignee,
            "waiting_for": "review",
        }
    return {
        "department": ticket.current_department,
        "person": ticket.current_assignee,
        "waiting_for": "sign" if ticket.status == Status.PENDING_SIGN else "",
    }


def accepting_departments() -> QuerySet[Department]:
    return Department.objects.filter(is_active=True, accepts_tickets=True).order_by("path")


def transfer_targets(user: Any, ticket: Ticket) -> QuerySet[Department]:
    """Dispatchers may move a ticket anywhere; a department only down its own tree."""
    targets = accepting_departments()
    if ticket.current_department_id:
        targets = targets.exclude(pk=ticket.current_department_id)
    if can(user, "tickets.dispatch", ticket):
        return targets
    current = ticket.current_department
    if current is None:
        return targets.none()
    return targets.filter(path__startswith=current.path)


def reply_templates_for(ticket: Ticket) -> list[ReplyTemplate]:
    """Templates for the ticket's category and its ancestors, then the global ones."""
    chain = []
    if ticket.category_id:
        chain = [int(pk) for pk in ticket.category.path.strip("/").split("/") if pk]
    return list(
        ReplyTemplate.objects.filter(is_active=True)
        .filter(Q(category__isnull=True) | Q(category_id__in=chain))
        .order_by("category_id", "sort_order", "title")
    )


def fill_template(template: ReplyTemplate, ticket: Ticket) -> str:
    department = ticket.current_department.name if ticket.current_department_id else ""
    values = {
        "{case_number}": ticket.case_number,
        "{subject}": ticket.subject,
        "{department}": department,
    }
    text = template.body
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def knowledge_lookup(query: str, *, user: Any, limit: int = 10) -> list[KnowledgeEntry]:
    """Active knowledge entries matching ``query``: the knowledge base's Chinese full-text
    search (``selectors.knowledge``), or a plain substring match when that finds nothing or
    cannot answer (index not built yet, search backend down)."""
    query = (query or "").strip()[:100]
    if not query:
        return []
    try:
        from yiwang.tickets.selectors.knowledge import knowledge_search

        found = knowledge_search(user=user, query=query, limit=limit)
    except Exception:  # a broken index must not stop an operator answering a call
        logger.exception("knowledge search failed; falling back to a substring match")
        found = []
    if found:
        return found
    condition = Q()
    for word in query.split()[:5]:
        condition &= (
            Q(question__icontains=word) | Q(answer__icontains=word) | Q(keywords__icontains=word)
        )
    entries = KnowledgeEntry.objects.filter(is_active=True).select_related("department", "category")
    return list(entries.filter(condition).order_by("-use_count", "-updated_at")[:limit])


def possible_duplicates(*, user: Any, phone: str, limit: int = 5) -> list[Ticket]:
    """Open or recent requests from the same phone: the caller may be ringing about one."""
    phone = (phone or "").strip()
    if len(phone) < 7:
        return []
    index = pii.blind_index(pii.normalize(phone).removeprefix("+86"), purpose="phone")
    since = timezone.now() - timedelta(days=DUPLICATE_WINDOW_DAYS)
    return list(
        tickets_visible(user=user)
        .filter(requester_phone_index=index)
        .filter(Q(status__in=list(OPEN_STATUSES)) | Q(created_at__gte=since))
        .select_related("current_department")
        .order_by("-created_at")[:limit]
    )
