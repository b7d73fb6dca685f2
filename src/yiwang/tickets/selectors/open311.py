"""Reads behind Open311: the services (leaf categories) and the requests a client may see.

Open311 GETs are public. A request is public when its requester allowed publication
(``allow_publication``); a client that sends an API key also sees what that key's account may
see (``tickets_visible``) — for instance the requests it filed itself. Neither view ever
includes the requester's name, phone or e-mail (the representation leaves them out).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from yiwang.tickets.models import Category, CategoryAttribute, Channel, Ticket, TicketEvent
from yiwang.tickets.selectors.visibility import tickets_visible

MAX_REQUESTS = 1000  # GeoReport v2: "first 1000 requests returned"


def leaf_categories() -> QuerySet[Category]:
    """Active categories without active children: the codes a request can be filed under."""
    children = Category.objects.filter(parent=OuterRef("pk"), is_active=True)
    attributes = CategoryAttribute.objects.filter(category=OuterRef("pk"))
    return (
        Category.objects.filter(is_active=True)
        .exclude(Exists(children))
        .annotate(has_attributes=Exists(attributes))
        .order_by("path")
    )


def service_groups(categories: Iterable[Category]) -> dict[int, str]:
    """Category id → the name of its top-level ancestor (the Open311 ``group``)."""
    roots = {c.pk: int(c.path.strip("/").split("/")[0]) for c in categories if c.path.strip("/")}
    names = dict(Category.objects.filter(pk__in=set(roots.values())).values_list("pk", "name"))
    return {pk: names.get(root, "") for pk, root in roots.items()}


def service(code: str) -> Category | None:
    return leaf_categories().filter(code=code).prefetch_related("attributes").first()


def _readable(user: Any) -> QuerySet[Ticket]:
    public = Q(allow_publication=True)
    if user is not None and getattr(user, "is_authenticated", False):
        public |= Q(pk__in=tickets_visible(user=user).values("pk"))
    latest_public = TicketEvent.objects.filter(ticket=OuterRef("pk"), is_public=True).order_by(
        "-created_at", "-pk"
    )
    return (
        Ticket.objects.filter(public)
        .select_related("category", "lead_department", "merged_into")
        .annotate(latest_public_action=Subquery(latest_public.values("action")[:1]))
    )


def requests_by_ids(*, user: Any, case_numbers: list[str]) -> list[Ticket]:
    tickets = _readable(user).filter(case_number__in=case_numbers[:MAX_REQUESTS])
    return list(tickets.order_by("-created_at", "-pk"))


def request_search(
    *,
    user: Any,
    service_code: str = "",
    start: datetime,
    end: datetime,
    open_statuses: Iterable[str] | None = None,
) -> list[Ticket]:
    """Requests filed in [start, end], newest first, at most 1000. ``open_statuses``: the
    ticket statuses wanted (None: all)."""
    tickets = _readable(user).filter(created_at__gte=start, created_at__lte=end)
    if service_code:
        tickets = tickets.filter(category__code=service_code)
    if open_statuses is not None:
        tickets = tickets.filter(status__in=list(open_statuses))
    return list(tickets.order_by("-created_at", "-pk")[:MAX_REQUESTS])


def request_by_case_number(*, user: Any, case_number: str) -> Ticket | None:
    return _readable(user).filter(case_number=case_number).first()


def open311_details(tickets: Iterable[Ticket]) -> dict[int, dict[str, Any]]:
    """What an Open311 client sent beyond the ticket's fields (address_id, media_url), kept
    on the creation event; one query for the whole page."""
    ids = [t.pk for t in tickets if t.channel == Channel.OPEN311]
    if not ids:
        return {}
    rows = TicketEvent.objects.filter(ticket_id__in=ids, action="create").values_list(
        "ticket_id", "data"
    )
    return {ticket_id: data or {} for ticket_id, data in rows}
