from yiwang.disclosure.models.publications import (
    CatalogueNode,
    DecisionKind,
    DocKind,
    IndexSequence,
    Publication,
    PublicationAttachment,
    PublicationEvent,
    PublicationStatus,
    Topic,
    Validity,
)
from yiwang.disclosure.models.reports import AnnualReport, ReportStatus
from yiwang.disclosure.models.requests import (
    ApplicantType,
    DisclosureRequest,
    RequestEvent,
    RequestPause,
    RequestStatus,
)

__all__ = [
    "AnnualReport",
    "ApplicantType",
    "CatalogueNode",
    "DecisionKind",
    "DisclosureRequest",
    "DocKind",
    "IndexSequence",
    "Publication",
    "PublicationAttachment",
    "PublicationEvent",
    "PublicationStatus",
    "ReportStatus",
    "RequestEvent",
    "RequestPause",
    "RequestStatus",
    "Topic",
    "Validity",
]  # fmt: skip
