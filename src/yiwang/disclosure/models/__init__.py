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

# D2: requests (依申请公开) and the annual report import their models here.

__all__ = [
    "CatalogueNode", "DecisionKind", "DocKind", "IndexSequence", "Publication",
    "PublicationAttachment", "PublicationEvent", "PublicationStatus", "Topic", "Validity",
]  # fmt: skip
