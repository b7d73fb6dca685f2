"""The tickets app's documents in the shared search service: knowledge-base entries ("kb").

Registered from ``TicketsConfig.ready()``; the knowledge services call ``index_later`` after
every write, and ``yiwang search rebuild --type kb`` rebuilds from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import NoReverseMatch, reverse

from yiwang.search.service import IndexDoc, register_source
from yiwang.tickets.models import KnowledgeEntry
from yiwang.tickets.services.knowledge import DOC_TYPE


def _url(pk: int) -> str:
    try:
        return reverse("tickets:knowledge_detail", args=[pk])
    except NoReverseMatch:  # the workbench pages may be switched off in a deployment
        return ""


def _category_codes(entry: KnowledgeEntry) -> list[str]:
    """The entry's category and its ancestors, so a filter on 城乡建设 finds 道路破损."""
    category = entry.category
    codes = []
    seen = 0
    while category is not None and seen < 10:
        codes.append(category.code)
        category, seen = category.parent, seen + 1
    return codes


def knowledge_document(entry: KnowledgeEntry) -> IndexDoc | None:
    if not entry.is_active:
        return None  # deactivated: removed from the index
    # The question alone is the title: an FAQ whose question holds every word of the query is
    # the best answer, and the title tier ranks first. Keywords (other ways people say it)
    # lead the body, so a query in those words still finds the entry.
    body = f"{entry.keywords.replace('、', ' ')}\n{entry.answer}"
    if entry.category is not None:
        body = f"{body}\n{entry.category.name}"
    return IndexDoc(
        title=entry.question,
        body=body,
        url=_url(entry.pk),
        department_id=entry.department_id,
        filters={"category": _category_codes(entry), "status": "active"},
        published_at=entry.updated_at,
    )


class KnowledgeSource:
    def _entries(self):
        return KnowledgeEntry.objects.select_related("category__parent__parent")

    def __call__(self, object_id: str) -> IndexDoc | None:
        if not str(object_id).isdigit():
            return None
        entry = self._entries().filter(pk=int(object_id)).first()
        return knowledge_document(entry) if entry is not None else None

    def get_many(self, object_ids: Iterable[Any]) -> dict[str, IndexDoc | None]:
        ids = [int(i) for i in object_ids if str(i).isdigit()]
        entries = self._entries().in_bulk(ids)
        return {str(pk): knowledge_document(entry) for pk, entry in entries.items()}

    def all_ids(self) -> list[int]:
        return list(KnowledgeEntry.objects.filter(is_active=True).values_list("pk", flat=True))


def register() -> None:
    register_source(DOC_TYPE, KnowledgeSource())
