"""Reads behind the REST API: filtered ticket lists and one ticket with everything around it.

Both start from ``tickets_visible`` — the API never widens what a person may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from yiwang.core import pii
from yiwang.tickets.models import Category, Ticket, TicketEvent, TicketParty
from yiwang.tickets.selectors.visibility import tickets_visible

ORDERINGS = {
    "-created_at": ("-created_at", "-pk"),
    "created_at": ("created_at", "pk"),
    "-updated_at": ("-updated_at", "-pk"),
    "handle_deadline": ("handle_deadline", "pk"),
}


@dataclass(frozen=True)
class TicketFilters:
    statuses: tuple[str, ...] = ()
    category_code: str = ""
    department_id: int | None = None
    channels: tuple[str, ...] = ()
    ticket_types: tuple[str, ...] = ()
    sla_states: tuple[str, ...] = ()
    region: str = ""
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""
    ordering: str = "-created_at"


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def _text_condition(q: str) -> Q:
    """Case number, subject or description; a mobile number matches the requester's phone
    through its blind index (the phone itself is encrypted and cannot be searched)."""
    condition = Q(case_number__iexact=q) | Q(subject__icontains=q) | Q(description__icontains=q)
    from yiwang.accounts.validators import validate_mobile_phone

    try:
        phone = validate_mobile_phone(q)
    except ValidationError:
        return condition
    return condition | Q(requester_phone_index=pii.blind_index(phone, purpose="phone"))


def ticket_search(*, user: Any, filters: TicketFilters) -> QuerySet[Ticket]:
    """The tickets ``user`` may see, narrowed by ``filters``, in the requested order."""
    tickets = tickets_visible(user=user)
    if filters.statuses:
        tickets = tickets.filter(status__in=filters.statuses)
    if filters.category_code:
        category = Category.objects.filter(code=filters.category_code).first()
        if category is None:
            return tickets.none()
        tickets = tickets.filter(category__path__startswith=category.path)
    if filters.department_id is not None:
        d = filters.department_id
        tickets = tickets.filter(Q(current_department_id=d) | Q(lead_department_id=d))
    if filters.channels:
        tickets = tickets.filter(channel__in=filters.channels)
    if filters.ticket_types:
        tickets = tickets.filter(ticket_type__in=filters.ticket_types)
    if filters.sla_states:
        tickets = tickets.filter(sla_state__in=filters.sla_states)
    if filters.region:
        tickets = tickets.filter(region_code__startswith=filters.region)
    if filters.date_from:
        tickets = tickets.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        tickets = tickets.filter(created_at__lt=_day_start(filters.date_to + timedelta(days=1)))
    if filters.q:
        tickets = tickets.filter(_text_condition(filters.q))
    return tickets.select_related(
        "category", "lead_department", "current_department", "current_assignee", "merged_into"
    ).order_by(*ORDERINGS.get(filters.ordering, ORDERINGS["-created_at"]))


def _with_everything(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    return tickets.select_related(
        "category", "lead_department", "current_department", "current_assignee",
        "suggested_department", "received_by", "merged_into",
    ).prefetch_related(
        Prefetch("parties", queryset=TicketParty.objects.select_related("department")),
        Prefetch(
            "events",
            queryset=TicketEvent.objects.select_related("actor", "actor_department").order_by(
                "created_at", "pk"
            ),
        ),
        "attachments", "extensions", "ratings",
    )  # fmt: skip


def ticket_detail(*, user: Any, ticket_id: int) -> Ticket | None:
    """One visible ticket with its timeline, parties, attachments, extensions and ratings
    loaded in a fixed number of queries; None when it does not exist or is out of scope."""
    return _with_everything(tickets_visible(user=user).filter(pk=ticket_id)).first()


def ticket_unscoped(ticket_id: int) -> Ticket:
    """The same, without the visibility rule: only to show someone the outcome of an action
    they just took that moved the ticket out of their scope (a transfer, say)."""
    return _with_everything(Ticket.objects.filter(pk=ticket_id)).get()
