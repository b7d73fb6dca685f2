"""Open tickets that look like the same matter as a given one (查重 suggestions), for the
dispatcher's merge decision. Only tickets the viewer may see are suggested."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yiwang.routing import duplicates
from yiwang.tickets.models import OPEN_STATUSES, Ticket
from yiwang.tickets.selectors.visibility import tickets_visible
from yiwang.tickets.services.duplicates import (
    min_score,
    ticket_document,
    ticket_id_of,
    window_start,
)


@dataclass(frozen=True)
class DuplicateSuggestion:
    ticket: Ticket
    score: float
    text_similarity: float
    subject_similarity: float
    same_place: bool
    exact: bool
    same_requester: bool


def _suggestion(ticket: Ticket, match: duplicates.Match) -> DuplicateSuggestion:
    return DuplicateSuggestion(
        ticket=ticket, score=match.score, text_similarity=match.text_similarity,
        subject_similarity=match.subject_similarity, same_place=match.same_place,
        exact=match.exact, same_requester=match.same_requester,
    )  # fmt: skip


def duplicate_suggestions(
    *, user: Any, ticket: Ticket, limit: int = 5
) -> list[DuplicateSuggestion]:
    """Likely duplicates of ``ticket`` among open tickets, best first (empty when the ticket
    itself is no longer open)."""
    if ticket.status not in OPEN_STATUSES:
        return []
    matches = duplicates.find_similar(
        ticket_document(ticket), since=window_start(), limit=limit * 3, min_score=min_score()
    )
    by_id = {ticket_id_of(m.key): m for m in matches}
    by_id.pop(None, None)
    by_id.pop(ticket.pk, None)
    if not by_id:
        return []
    visible = {
        t.pk: t
        for t in tickets_visible(user=user).filter(pk__in=list(by_id), status__in=OPEN_STATUSES)
    }
    out = [_suggestion(visible[pk], m) for pk, m in by_id.items() if pk in visible]
    out.sort(key=lambda s: (-s.score, s.ticket.created_at))
    return out[:limit]
