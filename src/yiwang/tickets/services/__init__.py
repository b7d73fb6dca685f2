"""Every write to tickets. Import from the submodules; this package re-exports the common ones."""

from yiwang.tickets.services.closing import (
    ticket_answer_now,
    ticket_follow_up,
    ticket_merge,
    ticket_rate,
    ticket_rectify,
    ticket_reopen,
)
from yiwang.tickets.services.dispatch import ticket_dispatch, ticket_transfer
from yiwang.tickets.services.handling import (
    ticket_co_opinion,
    ticket_decide_extension,
    ticket_decide_return,
    ticket_note,
    ticket_reply,
    ticket_request_extension,
    ticket_request_return,
    ticket_review,
    ticket_sign,
)
from yiwang.tickets.services.intake import IntakeResult, next_case_number, ticket_create
from yiwang.tickets.services.supervision import sla_sweep, ticket_supervise, ticket_urge

__all__ = [
    "IntakeResult", "next_case_number", "sla_sweep", "ticket_answer_now", "ticket_co_opinion",
    "ticket_create", "ticket_decide_extension", "ticket_decide_return", "ticket_dispatch",
    "ticket_follow_up", "ticket_merge", "ticket_note", "ticket_rate", "ticket_rectify",
    "ticket_reopen", "ticket_reply", "ticket_request_extension", "ticket_request_return",
    "ticket_review", "ticket_sign", "ticket_supervise", "ticket_transfer", "ticket_urge",
]  # fmt: skip
