"""Marker tokens indexed beside the words: the document's type, department and filter values,
and a title-marked copy of each title word.

Putting filters into the text index lets the engine intersect them with the query terms
(FTS5 doclists, a PostgreSQL GIN index) instead of checking every match row by row, and lets
the planner's word statistics see how selective the whole query is. Each marker starts with a
private-use character, which ``segment.normalize`` removes from all user text, so no document
or query word can ever equal a marker. Both engines treat private-use characters as word
characters (FTS5 unicode61: categories L* N* Co).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

TITLE = "\ue000"
FACET = "\ue001"

# Filter keys with their own column in the index table (shown in stats and admin lists);
# any other key is kept in the ``extra`` JSON. All of them are markers in the text index.
COLUMN_FILTERS = ("category", "status")


def title_marker(term: str) -> str:
    return TITLE + term


def _digest(*parts: str) -> str:
    data = "\x1f".join(parts).encode("utf-8", "surrogatepass")  # hostile input hashes too
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def doc_type_marker(doc_type: str) -> str:
    return f"{FACET}t{_digest('doc_type', doc_type)}"


def department_marker(department_id: int) -> str:
    return f"{FACET}d{int(department_id)}"


def filter_marker(key: str, value: Any) -> str:
    return f"{FACET}f{_digest(str(key), value_text(value))}"


def values_of(value: Any) -> list[Any]:
    """A filter value is one scalar or a list of them (a document may carry several tags)."""
    if value is None:
        return []
    if isinstance(value, list | tuple | set | frozenset):
        return [v for v in value if v is not None]
    return [value]


def document_markers(
    *, doc_type: str, department_id: int | None, filters: Mapping[str, Any]
) -> list[str]:
    out = [doc_type_marker(doc_type)]
    if department_id is not None:
        out.append(department_marker(department_id))
    for key in sorted(filters):
        out.extend(filter_marker(key, v) for v in values_of(filters[key]))
    return out


def restriction_groups(
    *,
    doc_types: Iterable[str] | None,
    department_ids: Iterable[int] | None,
    filters: Mapping[str, Any] | None,
) -> list[list[str]] | None:
    """Markers a hit must carry: AND over groups, OR within a group. None when some group is
    empty (e.g. a person whose scope has no department), which matches nothing."""
    groups: list[list[str]] = []
    if doc_types is not None:
        groups.append(sorted({doc_type_marker(t) for t in doc_types}))
    if department_ids is not None:
        groups.append(sorted({department_marker(d) for d in department_ids}))
    for key in sorted(filters or {}, key=str):
        if filters[key] is None:  # "no preference", not "nothing"
            continue
        groups.append(sorted({filter_marker(key, v) for v in values_of(filters[key])}))
    if any(not group for group in groups):
        return None
    return groups
