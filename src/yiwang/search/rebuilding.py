"""Full and partial rebuilds of the index from the registered sources.

Each batch is one transaction, so searches keep working during a rebuild and see old and new
rows side by side, never a half-written row. Analysis (segmenting, encoding) is CPU work in
Python and Rust; the write is the database's. With ``workers`` > 1 the analysis runs in
forked worker processes while this process fetches and writes, which is what lets a rebuild
use a second core. (A thread does not help: the database driver has to win the GIL back after
every row it writes, and the analysing thread holds it.)
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from django.db import connections, transaction
from django.utils import timezone

from yiwang.audit.services import audit_record
from yiwang.search import dictionary, indexing, segment
from yiwang.search.backends import Backend, IndexRow, get_backend
from yiwang.search.indexing import IndexDoc
from yiwang.search.models import SearchDocument
from yiwang.search.sources import _fetch, _prepare, _store, get_source


@dataclass(frozen=True)
class RebuildResult:
    doc_type: str
    indexed: int
    removed: int
    seconds: float


def _batches(iterable: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _prepare_in_worker(
    doc_type: str, docs: dict[str, IndexDoc | None], backend: Backend
) -> list[IndexRow]:
    # Forked after the parent loaded the dictionary: use that one, never look at the
    # database from here (the parent's connection must not be shared across the fork).
    rows = _prepare(doc_type, docs, dictionary._current, backend, strict=False)
    for row in rows:  # the encoded form is all the parent writes; do not ship the terms back
        row.title_terms, row.body_terms, row.markers = [], [], []
    return rows


def _fork_pool(workers: int) -> ProcessPoolExecutor | None:
    """A pool of forked workers, or None to analyse here: one worker asked for, no fork on
    this platform, or a connection that must stay open (an open transaction, such as a
    test's, or an in-memory SQLite database, which closing would throw away)."""
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    for conn in connections.all(initialized_only=True):
        if conn.in_atomic_block or (conn.vendor == "sqlite" and conn.is_in_memory_db()):
            return None
    # Nothing open may cross the fork: the next query simply reconnects.
    connections.close_all()
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))


def rebuild(
    doc_type: str,
    *,
    batch_size: int = 500,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int | None], None] | None = None,
    object_ids: Iterable[Any] | None = None,
) -> RebuildResult:
    """Re-index every object of a type, then drop rows whose object no longer exists.

    ``object_ids`` limits the rebuild to these objects (``--stale``) and then drops nothing
    else. ``on_total`` hears the number of objects first, when the source can tell it (for a
    progress bar). ``workers`` > 1 analyses in that many forked processes (the database
    connections are closed first; inside a transaction it quietly stays in one process).
    """
    provider = get_source(doc_type)
    started = timezone.now()
    indexed = removed = 0
    ids = provider.all_ids() if object_ids is None else object_ids
    if on_total:
        on_total(len(ids) if isinstance(ids, Sized) else None)
    segmenter = dictionary.current()  # one dictionary for the whole run
    backend = get_backend()
    batches = (
        _fetch(provider, [indexing.validate_key(doc_type, o)[1] for o in batch])
        for batch in _batches(ids, max(1, batch_size))
    )

    def store(docs: dict[str, IndexDoc | None], rows: list[IndexRow]) -> None:
        nonlocal indexed, removed
        removed += _store(doc_type, docs, rows, bulk=True)
        indexed += len(rows)
        if progress:
            progress(len(docs))

    # A first build (nothing indexed yet) lets the engine defer its index maintenance to the
    # end, as the benchmark's load does: PostgreSQL builds the GIN index once over the loaded
    # table instead of inserting into it row by row; FTS5 merges its segments once.
    first_build = object_ids is None and not SearchDocument.objects.exists()
    pool = _fork_pool(workers)
    with backend.bulk_load() if first_build else nullcontext():
        if pool is None:
            for docs in batches:
                store(docs, _prepare(doc_type, docs, segmenter, backend, strict=False))
        else:
            with pool:
                in_flight: deque[tuple[dict, Future]] = deque()
                for docs in batches:
                    future = pool.submit(_prepare_in_worker, doc_type, docs, backend)
                    in_flight.append((docs, future))
                    if len(in_flight) > workers:
                        done_docs, future = in_flight.popleft()
                        store(done_docs, future.result())
                while in_flight:
                    done_docs, future = in_flight.popleft()
                    store(done_docs, future.result())

    if object_ids is None:
        removed += indexing.remove_where(doc_type=doc_type, indexed_at__lt=started)
        if not first_build:  # bulk_load() ended with it
            backend.optimize()  # merge FTS5 segments / the GIN pending list, statistics
    seconds = (timezone.now() - started).total_seconds()
    with transaction.atomic():
        audit_record(
            action="search.rebuild",
            object_type="search.index",
            object_id=doc_type,
            summary=f"rebuilt search index {doc_type}: {indexed} indexed, {removed} removed",
        )
    return RebuildResult(doc_type=doc_type, indexed=indexed, removed=removed, seconds=seconds)


def stale_ids(doc_type: str) -> list[str]:
    """Objects indexed with another dictionary than the current one."""
    return list(
        SearchDocument.objects.filter(doc_type=doc_type)
        .exclude(dictionary=segment.fingerprint())
        .values_list("object_id", flat=True)
    )
