"""Sources: how apps feed the index without the search app knowing their models.

An app registers one provider per document type, usually from its AppConfig.ready()::

    register_source("kb_entry", KnowledgeSource())

A provider is a callable ``provider(object_id) -> IndexDoc | dict | None`` (None: the object
is gone or must not be found, e.g. unpublished) with ``provider.all_ids()`` for rebuilds.
It may offer ``provider.get_many(ids) -> {id: IndexDoc | dict | None}`` to fetch a batch in
one query; rebuilds use it when present (it is what makes 2,000 documents a second).

After a write, the app calls ``index_later(doc_type, object_id)``: a task runs when the
transaction commits, asks the provider and indexes or removes the object.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from yiwang.core.errors import InvalidInput, NotFound
from yiwang.search import dictionary, indexing
from yiwang.search.backends import Backend, IndexRow, get_backend
from yiwang.search.indexing import IndexDoc

log = logging.getLogger(__name__)


class Provider(Protocol):
    def __call__(self, object_id: str) -> IndexDoc | Mapping[str, Any] | None: ...

    def all_ids(self) -> Iterable[Any]: ...


_sources: dict[str, Provider] = {}


def register_source(doc_type: str, provider: Provider) -> None:
    """Register (or replace) the provider of one document type."""
    indexing.validate_key(doc_type, "-")
    if not callable(provider) or not callable(getattr(provider, "all_ids", None)):
        raise TypeError("a search source is callable and has all_ids()")
    _sources[doc_type] = provider


def unregister_source(doc_type: str) -> None:
    _sources.pop(doc_type, None)


def registered_types() -> list[str]:
    return sorted(_sources)


def get_source(doc_type: str) -> Provider:
    try:
        return _sources[doc_type]
    except KeyError:
        raise NotFound(f"search source {doc_type!r} is not registered") from None


def _fetch(provider: Provider, object_ids: list[str]) -> dict[str, IndexDoc | None]:
    get_many = getattr(provider, "get_many", None)
    if callable(get_many):
        found = get_many(object_ids)
        found = {str(k): v for k, v in found.items()}
        docs = {object_id: found.get(object_id) for object_id in object_ids}
    else:
        docs = {object_id: provider(object_id) for object_id in object_ids}
    return {k: IndexDoc.coerce(v) if v is not None else None for k, v in docs.items()}


def _prepare(
    doc_type: str,
    docs: dict[str, IndexDoc | None],
    segmenter: dictionary.Segmenter,
    backend: Backend,
    *,
    strict: bool,
) -> list[IndexRow]:
    """Analyse and encode a batch: CPU only, no database (may run in a worker process).
    Not ``strict`` (rebuilds): a document a source got wrong is logged and skipped, so one
    bad row cannot stop the re-indexing of a million good ones."""
    now = timezone.now()
    rows = []
    for object_id, doc in docs.items():
        if doc is None:
            continue
        try:
            row = indexing.prepare(
                doc_type=doc_type, object_id=object_id, doc=doc, now=now, segmenter=segmenter
            )
        except InvalidInput as exc:
            if strict:
                raise
            log.warning("search: %s:%s not indexed: %s", doc_type, object_id, exc)
            continue
        backend.encode(row)
        rows.append(row)
    return rows


def _store(
    doc_type: str, docs: dict[str, IndexDoc | None], rows: list[IndexRow], *, bulk: bool = False
) -> int:
    gone = [object_id for object_id, doc in docs.items() if doc is None]
    with transaction.atomic():
        indexing.write(rows, bulk=bulk)
        return indexing.remove_documents(doc_type=doc_type, object_ids=gone) if gone else 0


def index_many(doc_type: str, object_ids: Iterable[Any]) -> tuple[int, int]:
    """Index these objects now from their source; returns (indexed, removed)."""
    provider = get_source(doc_type)
    ids = [indexing.validate_key(doc_type, o)[1] for o in object_ids]
    docs = _fetch(provider, ids)
    rows = _prepare(doc_type, docs, dictionary.current(), get_backend(), strict=True)
    return len(rows), _store(doc_type, docs, rows)


def index_now(doc_type: str, object_id: Any) -> bool:
    """Index one object now; False when its source says it should not be (it is removed)."""
    indexed, _removed = index_many(doc_type, [object_id])
    return indexed == 1


def index_later(doc_type: str, object_id: Any) -> None:
    """Queue (re)indexing of one object for when the current transaction commits."""
    doc_type, object_id = indexing.validate_key(doc_type, object_id)
    from yiwang.search.tasks import index_object

    transaction.on_commit(lambda: index_object.enqueue(doc_type, object_id))
