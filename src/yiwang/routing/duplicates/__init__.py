"""Near-duplicate detection (查重) on plain documents: the tickets app indexes each new
request and asks for open ones about the same matter. Method: docs/routing.md "Duplicates"."""

from yiwang.routing.duplicates.index import (
    DEFAULT_MIN_SCORE,
    Document,
    Match,
    find_similar,
    index_document,
    index_documents,
    purge,
    remove_documents,
)

__all__ = [
    "DEFAULT_MIN_SCORE", "Document", "Match", "find_similar", "index_document",
    "index_documents", "purge", "remove_documents",
]  # fmt: skip
