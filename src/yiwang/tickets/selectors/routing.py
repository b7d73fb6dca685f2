"""What the staff ticket page shows of smart dispatch (智能派单) and reply quality (答复质量)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from yiwang.org.models import Department
from yiwang.tickets.models import Category, ReplyAssessment, RoutingDecision, Ticket


@dataclass(frozen=True)
class Suggestion:
    label: str
    percent: int
    category: str
    department: Department | None


@dataclass(frozen=True)
class RoutingPanel:
    decision: RoutingDecision
    suggestions: list[Suggestion] = field(default_factory=list)


def routing_panel(ticket: Ticket) -> RoutingPanel | None:
    """The ticket's routing decision with its top suggestions resolved to names."""
    decision = (
        RoutingDecision.objects.filter(ticket=ticket)
        .select_related("suggested_department", "overridden_to", "overridden_by")
        .first()
    )
    if decision is None:
        return None
    top: list[dict[str, Any]] = [t for t in decision.top or [] if isinstance(t, dict)]
    department_ids = {t.get("department_id") for t in top} - {None}
    category_ids = {t.get("category_id") for t in top} - {None}
    departments = Department.objects.in_bulk(department_ids)
    categories = dict(Category.objects.filter(pk__in=category_ids).values_list("pk", "name"))
    suggestions = [
        Suggestion(
            label=str(t.get("label", "")),
            percent=round(float(t.get("confidence") or 0) * 100),
            category=categories.get(t.get("category_id"), ""),
            department=departments.get(t.get("department_id")),
        )
        for t in top
    ]
    return RoutingPanel(decision, suggestions)


def reply_quality(ticket: Ticket) -> ReplyAssessment | None:
    """The stored assessment of the current reply, scoring it first when it is missing."""
    if not ticket.reply_text or ticket.replied_at is None:
        return None
    from yiwang.tickets.services.reply_quality import reply_assess

    return reply_assess(ticket)
