"""Reads of the knowledge base: the operators' Chinese search, and the managers' lists.

Every member of staff may consult the knowledge base (its answers are what the city tells
the public); only ``tickets.knowledge.manage`` within its data scope sees deactivated entries
and may change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from yiwang.org.models import Department
from yiwang.org.permissions import can, scope_queryset
from yiwang.search import service as search
from yiwang.tickets.models import Category, KnowledgeEntry
from yiwang.tickets.services.knowledge import DOC_TYPE, MANAGE

# Consulting the knowledge base comes with any staff role (the action every staff role holds;
# without an object it asks for the role alone, so citizens are refused).
CONSULT = "tickets.view"
MAX_LIMIT = 50


def may_consult(user: Any) -> bool:
    return can(user, CONSULT)


def may_manage(user: Any, entry: KnowledgeEntry | Department | None = None) -> bool:
    return can(user, MANAGE, entry)


@dataclass(frozen=True)
class KnowledgeSearch:
    """One page of search results: entries in rank order, each carrying ``question_html``
    and ``snippet`` (escaped HTML with <mark> around the matched words) and ``score``."""

    entries: list[KnowledgeEntry]
    total: int
    mode: str  # "and": every word matched; "or": the best partial matches; "none"
    terms: list[str]


def knowledge_search(
    *,
    user: Any,
    query: str,
    limit: int = 10,
    offset: int = 0,
    category: Category | None = None,
    department_id: int | None = None,
) -> list[KnowledgeEntry]:
    """Active entries matching ``query``, best first — what the ticket page offers for
    即时办结 (``services.ticket_answer_now(knowledge_entry=...)``)."""
    return knowledge_search_page(
        user=user, query=query, limit=limit, offset=offset, category=category,
        department_id=department_id,
    ).entries  # fmt: skip


def knowledge_search_page(
    *,
    user: Any,
    query: str,
    limit: int = 10,
    offset: int = 0,
    category: Category | None = None,
    department_id: int | None = None,
) -> KnowledgeSearch:
    if not may_consult(user):
        return KnowledgeSearch([], 0, "none", [])
    limit = max(0, min(int(limit), MAX_LIMIT))
    filters = {"category": category.code} if category is not None else None
    results = search.search(
        query or "", doc_types=[DOC_TYPE], filters=filters, limit=limit, offset=max(0, offset),
        department_ids=[department_id] if department_id else None,
    )  # fmt: skip
    ids = [int(hit.object_id) for hit in results.hits if hit.object_id.isdigit()]
    found = KnowledgeEntry.objects.filter(pk__in=ids, is_active=True).select_related(
        "department", "category"
    )
    by_id = {entry.pk: entry for entry in found}
    entries = []
    for hit in results.hits:
        entry = by_id.get(int(hit.object_id)) if hit.object_id.isdigit() else None
        if entry is None:  # deactivated since it was indexed: the index catches up
            continue
        entry.score = hit.score
        entry.question_html = search.highlight(entry.question, results.terms)
        entry.snippet = search.snippet(entry.answer, results.terms)
        entries.append(entry)
    return KnowledgeSearch(entries, results.total, results.mode, list(results.terms))


def knowledge_get(*, user: Any, pk: Any) -> KnowledgeEntry | None:
    """An entry the user may read: any active one for staff, inactive ones for its managers."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    entry = KnowledgeEntry.objects.select_related("department", "category", "updated_by").filter(
        pk=pk
    )
    entry = entry.first()
    if entry is None:
        return None
    if entry.is_active and may_consult(user):
        return entry
    return entry if may_manage(user, entry) else None


def knowledge_list(
    *,
    user: Any,
    query: str = "",
    department_id: int | None = None,
    category_id: int | None = None,
    status: str = "active",
) -> QuerySet[KnowledgeEntry]:
    """Entries the user manages (its departments' within scope), newest change first.
    ``status``: "active", "inactive" or "all". The text filter is a plain substring match so
    that managers find deactivated entries too (they are not in the search index)."""
    entries = scope_queryset(
        user, MANAGE, KnowledgeEntry.objects.select_related("department", "category")
    )
    if status == "active":
        entries = entries.filter(is_active=True)
    elif status == "inactive":
        entries = entries.filter(is_active=False)
    if department_id:
        entries = entries.filter(department_id=department_id)
    if category_id:
        entries = entries.filter(category_id=category_id)
    query = " ".join((query or "").split())[:100]
    if query:
        entries = entries.filter(
            Q(question__icontains=query) | Q(answer__icontains=query) | Q(keywords__icontains=query)
        )
    return entries.order_by("-updated_at", "-pk")


def manageable_departments(user: Any) -> QuerySet[Department]:
    """Departments whose entries the user may create or change."""
    return scope_queryset(
        user, MANAGE, Department.objects.filter(is_active=True), department_field="self"
    ).order_by("path")


def knowledge_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("path")
