"""The one place that says which tickets a person may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from yiwang.org.permissions import scope_queryset
from yiwang.tickets.models import Ticket, TicketParty


def tickets_visible(*, user: Any, action: str = "tickets.view") -> QuerySet[Ticket]:
    """Tickets of the user's scope: current, lead or co-handling department — or their own
    requests. A dispatcher (scope ALL) sees everything, including tickets not yet dispatched."""
    everything = Ticket.objects.all()
    direct = scope_queryset(
        user, action, everything,
        department_field=("current_department", "lead_department"), owner_field="requester",
    )  # fmt: skip
    if direct is everything:  # scope ALL: no narrowing, no extra subquery
        return direct
    co_handled = scope_queryset(
        user, action, TicketParty.objects.filter(is_active=True), department_field="department"
    ).filter(ticket=OuterRef("pk"))
    return Ticket.objects.filter(Q(pk__in=direct.values("pk")) | Exists(co_handled))
