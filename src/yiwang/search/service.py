"""The search service: everything other apps call (docs/CONTRACTS.md, section "search").

Writes: ``index_document``, ``remove_document``, ``index_later``, ``index_now``, ``rebuild``.
Reads: ``search``, ``suggest``, ``highlight``, ``snippet``, ``query_terms``.
Sources: ``register_source(doc_type, provider)`` with ``IndexDoc`` for what a provider returns.
Attachments: ``check_attachment`` (uploads), ``extract_text`` (index), ``sniff_type``.
Dictionary: ``reload_dictionary()`` after department names change (processes also notice by
themselves within ``YIWANG_SEARCH_DICTIONARY_CHECK_SECONDS``).
"""

from __future__ import annotations

from yiwang.search import dictionary
from yiwang.search.extract import (
    ALLOWED_ATTACHMENT_TYPES,
    ATTACHMENT_TYPES,
    check_attachment,
    extract_text,
    sniff_type,
)
from yiwang.search.highlight import highlight, highlight_query, snippet
from yiwang.search.indexing import IndexDoc, index_document, remove_document
from yiwang.search.rebuilding import RebuildResult, rebuild
from yiwang.search.searching import SearchHit, SearchResults, search, suggest
from yiwang.search.segment import query_terms
from yiwang.search.sources import (
    index_later,
    index_many,
    index_now,
    register_source,
    registered_types,
    unregister_source,
)


def reload_dictionary() -> str:
    """Rebuild the user dictionary now; returns its fingerprint."""
    return dictionary.reload().fingerprint


__all__ = [
    "ALLOWED_ATTACHMENT_TYPES",
    "ATTACHMENT_TYPES",
    "IndexDoc",
    "RebuildResult",
    "SearchHit",
    "SearchResults",
    "check_attachment",
    "extract_text",
    "highlight",
    "highlight_query",
    "index_document",
    "index_later",
    "index_many",
    "index_now",
    "query_terms",
    "rebuild",
    "register_source",
    "registered_types",
    "reload_dictionary",
    "remove_document",
    "search",
    "sniff_type",
    "snippet",
    "suggest",
    "unregister_source",
]
