"""Publications in the shared search service (doc_type ``disclosure.publication``).

Only public publications are documents: the provider answers None for drafts and revoked
ones, so ``index_later`` after a transition removes them. The body carries the keywords,
发文字号, 索引号, the text and the text of the attachments.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from yiwang.disclosure.models import Publication
from yiwang.disclosure.selectors.publications import PUBLIC_STATUSES
from yiwang.disclosure.services.publications import DOC_TYPE
from yiwang.search.service import IndexDoc, register_source


def _node_codes(node) -> list[str]:
    """The node and its ancestors (from the materialised path): 重点领域 finds 教育 too."""
    return [code for code in node.path.split("/") if code]


def publication_document(publication: Publication) -> IndexDoc | None:
    if publication.status not in PUBLIC_STATUSES:
        return None
    attachments = [a.extracted_text for a in publication.attachments.all() if a.extracted_text]
    parts = [
        publication.keywords.replace("、", " "),
        publication.document_number,
        publication.index_number or "",
        publication.body_text,
        *attachments,
    ]
    published = publication.published_at
    return IndexDoc(
        title=publication.title,
        body="\n".join(part for part in parts if part),
        url=reverse("disclosure:publication", args=[publication.pk]),
        department_id=publication.department_id,
        filters={
            "status": "published",
            "category": _node_codes(publication.catalogue),
            "kind": publication.doc_kind,
            "validity": publication.validity,
            "topic": publication.topic,
            "year": str(published.year) if published else "",
        },
        published_at=published,
    )


class PublicationSource:
    def _rows(self):
        return Publication.objects.select_related("catalogue").prefetch_related("attachments")

    def __call__(self, object_id: Any) -> IndexDoc | None:
        if not str(object_id).isdigit():
            return None
        publication = self._rows().filter(pk=int(object_id)).first()
        return publication_document(publication) if publication is not None else None

    def get_many(self, object_ids: Iterable[Any]) -> dict[str, IndexDoc | None]:
        ids = [int(i) for i in object_ids if str(i).isdigit()]
        rows = self._rows().in_bulk(ids)
        return {str(pk): publication_document(p) for pk, p in rows.items()}

    def all_ids(self) -> list[int]:
        return list(
            Publication.objects.filter(status__in=PUBLIC_STATUSES).values_list("pk", flat=True)
        )


def register() -> None:
    register_source(DOC_TYPE, PublicationSource())
