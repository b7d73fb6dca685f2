"""Loading the generated corpus through the service's own write path.

Forked workers generate and analyse (``indexing.prepare`` + ``backend.encode``: the CPU part
of indexing), the parent writes each batch with ``indexing.write(bulk=True)`` — the path
``rebuild`` uses — inside ``backend.bulk_load()``, which lets each engine do what it does best
for a large load (PostgreSQL: the GIN index built once at the end; SQLite: FTS5 segments
merged once at the end).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

from django.db import connections
from django.utils import timezone

from yiwang.search import dictionary, indexing
from yiwang.search.backends import IndexRow, get_backend
from yiwang.search.benchmark.cpu import server_cpu_seconds
from yiwang.search.corpus import generate

DOC_TYPE = "bench.publication"


def close_for_fork() -> None:
    """No connection may cross the fork: a pooled PostgreSQL connection returned to the pool
    stays open, and two processes on one socket garble the protocol. Close the pools too."""
    for conn in connections.all(initialized_only=True):
        close_pool = getattr(conn, "close_pool", None)
        if callable(close_pool):
            close_pool()
    connections.close_all()


def documents(start: int, n: int, seed: int) -> list[tuple[str, indexing.IndexDoc]]:
    return [
        (
            p.object_id,
            indexing.IndexDoc(
                title=p.title,
                body=p.body,
                url=f"/disclosure/p/{p.object_id}/",
                department_id=p.department,
                filters={"status": "published", "category": p.category, "kind": p.kind},
                published_at=p.published_at,
            ),
        )
        for p in generate(n, seed=seed, start=start)
    ]


def prepare_batch(start: int, n: int, seed: int) -> tuple[list[IndexRow], float, float]:
    """Rows of documents start .. start+n-1, encoded; and the seconds spent generating and
    analysing them (CPU in this process)."""
    began = time.process_time()
    docs = documents(start, n, seed)
    generated = time.process_time()
    backend = get_backend()
    segmenter = dictionary._current or dictionary.build()
    now = timezone.now()
    rows = []
    for object_id, doc in docs:
        row = indexing.prepare(
            doc_type=DOC_TYPE, object_id=object_id, doc=doc, now=now, segmenter=segmenter
        )
        backend.encode(row)
        row.title_terms = row.body_terms = row.markers = []  # only the encoded form travels
        rows.append(row)
    return rows, generated - began, time.process_time() - generated


def load(
    *,
    docs: int,
    seed: int,
    batch_size: int,
    workers: int,
    progress: Callable[[int], None] | None = None,
) -> dict:
    dictionary.reload()  # loaded before the fork, so the workers share it
    backend = get_backend()
    close_for_fork()
    context = multiprocessing.get_context("fork")
    generate_s = analyse_s = write_s = write_cpu_s = 0.0
    began = time.perf_counter()
    server_began = None
    with ProcessPoolExecutor(max_workers=max(1, workers), mp_context=context) as pool:
        starts = iter(range(0, docs, batch_size))
        in_flight: deque[Future] = deque()

        def submit() -> None:
            start = next(starts, None)
            if start is not None:
                in_flight.append(
                    pool.submit(prepare_batch, start, min(batch_size, docs - start), seed)
                )

        for _ in range(max(1, workers) * 2):
            submit()
        with backend.bulk_load():
            server_began = server_cpu_seconds()
            while in_flight:
                rows, gen, ana = in_flight.popleft().result()
                submit()
                generate_s, analyse_s = generate_s + gen, analyse_s + ana
                t0, c0 = time.perf_counter(), time.process_time()
                indexing.write(rows, bulk=True)
                write_s += time.perf_counter() - t0
                write_cpu_s += time.process_time() - c0
                if progress:
                    progress(len(rows))
            server_written = server_cpu_seconds()
            t0, c0 = time.perf_counter(), time.process_time()
        # the engine's end-of-load work (index build, merge)
        finish_s, finish_cpu_s = time.perf_counter() - t0, time.process_time() - c0
        server_finished = server_cpu_seconds()
    seconds = time.perf_counter() - began
    server = {}
    if None not in (server_began, server_written, server_finished):
        server = {
            "write": server_written - server_began,
            "finish": server_finished - server_written,
        }
    cpu_s = write_cpu_s + analyse_s + finish_cpu_s + sum(server.values())
    return {
        "docs": docs,
        "seconds": round(seconds, 1),
        "docs_per_s": round(docs / seconds, 1) if seconds else None,
        "workers": workers,
        "batch_size": batch_size,
        "write_seconds": round(write_s, 1),
        # CPU of this process while writing (SQLite's work is in-process; PostgreSQL's is
        # in the server): on a busy machine, what the writes cost apart from waiting
        "write_cpu_seconds": round(write_cpu_s, 1),
        "finish_seconds": round(finish_s, 1),
        "finish_cpu_seconds": round(finish_cpu_s, 1),
        "worker_cpu_seconds": {"generate": round(generate_s, 1), "analyse": round(analyse_s, 1)},
        # PostgreSQL's backend process (on this machine): the inserts and the index build
        "server_cpu_seconds": {k: round(v, 1) for k, v in server.items()} or None,
        # What indexing costs in CPU, whoever spends it (analysis, writes, the engine, the
        # final merge or index build; not the corpus generation, which is the benchmark's)
        "cpu_ms_per_doc": round(cpu_s * 1000 / docs, 3),
        # docs/s those CPU seconds allow on this machine's cores, if nothing else ran: what
        # the wall-clock rate would be on an idle machine with the same cores (an upper bound;
        # the parts do not overlap perfectly)
        "cpu_bound_docs_per_s": round(docs / (cpu_s / (os.cpu_count() or 1)), 1) if cpu_s else None,
    }
