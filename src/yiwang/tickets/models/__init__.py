from yiwang.tickets.models.catalogue import (
    AttributeType,
    Category,
    CategoryAttribute,
    DispatchRule,
    SlaPolicy,
)
from yiwang.tickets.models.knowledge import KnowledgeEntry
from yiwang.tickets.models.reply_template import ReplyTemplate
from yiwang.tickets.models.routing import ReplyAssessment, RoutingDecision, RoutingSource
from yiwang.tickets.models.ticket import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    Attachment,
    CaseCounter,
    Channel,
    ExtensionRequest,
    ExtensionStatus,
    IdempotencyRecord,
    PartyRole,
    Rating,
    RatingLevel,
    SlaState,
    Status,
    Ticket,
    TicketEvent,
    TicketParty,
    TicketType,
)
from yiwang.tickets.models.verification import PhoneVerification, ThrottleHit

__all__ = [
    "FINISHED_STATUSES", "OPEN_STATUSES", "Attachment", "AttributeType", "CaseCounter",
    "Category", "CategoryAttribute", "Channel", "DispatchRule", "ExtensionRequest",
    "ExtensionStatus", "IdempotencyRecord", "KnowledgeEntry", "PartyRole", "PhoneVerification",
    "Rating", "RatingLevel", "ReplyAssessment", "ReplyTemplate", "RoutingDecision",
    "RoutingSource", "SlaPolicy", "SlaState", "Status", "ThrottleHit",
    "Ticket", "TicketEvent", "TicketParty", "TicketType",
]  # fmt: skip
