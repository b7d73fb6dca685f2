"""``yiwang bench search``: index N generated publications (default 1,000,000), then time
queries with 1 and 8 clients and a LIKE scan over the same table — one run, one JSON object.

The run happens in a sandbox (yiwang.core.bench): its own data folder and database (SQLite
there, or ``<name>_bench`` on the PostgreSQL server of DATABASE_URL). This process migrates
the sandbox and runs ``bench search --stage run`` inside it, where:

1. Forked workers generate documents (``search.corpus``) and analyse them; the stage process
   writes them through the service's write path, in ``backend.bulk_load()``.
2. Size of the index (table + text index) and the database.
3. The same 1-3-word queries (``benchmark.queries``), a sixth each with no filter, a
   department, a category, a one-year date range, or a department or category with a date
   range, from 1 client and then from 8 processes at once.
4. A ``LIKE '%词%'`` scan for as many of those queries as fit the budget, same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import sys
import time
from typing import Any

import yiwang
from yiwang.core.bench import make_sandbox, progress, register_bench


def add_arguments(parser) -> None:
    parser.add_argument("--docs", type=int, default=1_000_000, help="documents (1000000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (1)")
    parser.add_argument("--queries", type=int, default=300, help="distinct queries (300)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (8)")
    parser.add_argument("--workers", type=int, default=2, help="analysing processes (2)")
    parser.add_argument("--batch-size", type=int, default=2000, help="rows per write (2000)")
    parser.add_argument(
        "--like-seconds", type=float, default=60.0,
        help="time budget of the LIKE comparison (60; at least 3 queries)",
    )  # fmt: skip
    parser.add_argument("--data-dir", default=None, help="sandbox folder (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the sandbox afterwards")
    parser.add_argument("--stage", default="all", choices=("all", "run"), help=argparse.SUPPRESS)


def _check(options: dict[str, Any]) -> None:
    limits = {"docs": (100, 20_000_000), "queries": (6, 100_000), "clients": (1, 64),
              "workers": (1, 32), "batch_size": (10, 100_000)}  # fmt: skip
    for name, (low, high) in limits.items():
        if not low <= options[name] <= high:
            raise ValueError(f"--{name.replace('_', '-')} must be between {low} and {high}")


def run(options: dict[str, Any]) -> dict[str, Any]:
    _check(options)
    if options["stage"] == "run":
        return stage_run(options)
    return orchestrate(options)


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def stage_run(options: dict[str, Any]) -> dict[str, Any]:
    from tqdm import tqdm

    from yiwang.search.backends import get_backend
    from yiwang.search.benchmark import queries as q
    from yiwang.search.benchmark.load import load

    docs = options["docs"]
    load_before = _load()
    with tqdm(total=docs, unit="doc", file=sys.stderr, desc="indexing", mininterval=2) as bar:
        indexing = load(
            docs=docs, seed=options["seed"], batch_size=options["batch_size"],
            workers=options["workers"], progress=bar.update,
        )  # fmt: skip
    indexing["load_average_before_after"] = [load_before, _load()]
    backend = get_backend()
    size = backend.size_bytes()
    queries = q.make_queries(options["queries"])
    progress(f"{len(queries)} queries, 1 client")
    q.time_queries(queries[:30])  # warm the caches this process will use
    load_before = _load()
    cpu: list[float] = []
    timed = q.time_queries(queries, cpu)
    single = q.summary([s for s, _t, _e in timed])
    single["cpu"] = q.summary(cpu)
    by_filter = {
        kind: q.summary([s for (s, _t, _e), query in zip(timed, queries, strict=True)
                         if query.filter_kind == kind])
        for kind in q.FILTER_KINDS
    }  # fmt: skip
    by_words = {
        str(n): q.summary([s for (s, _t, _e), query in zip(timed, queries, strict=True)
                           if query.words == n])
        for n in (1, 2, 3)
    }  # fmt: skip
    progress(f"{len(queries)} queries, {options['clients']} clients")
    many = q.concurrent(queries, clients=options["clients"])
    many["load_average_before_after"] = [load_before, _load()]
    progress(f"LIKE scan, {options['like_seconds']:.0f} s budget")
    like = q.like_comparison(queries, budget_seconds=options["like_seconds"])
    return {
        "docs": docs,
        "avg_body_chars": _avg_body_chars(),
        "indexing": indexing,
        "index_size_mb": round(size / 1_048_576, 1) if size else None,
        "database_size_mb": _database_mb(),
        "query_1_client": single,
        "query_1_client_by_filter": by_filter,
        "query_1_client_by_words": by_words,
        "query_concurrent": many,
        "hits_found": sum(1 for _s, total, _e in timed if total),
        "like_scan": like,
    }


def _avg_body_chars() -> int:
    from yiwang.search.benchmark.load import documents

    sample = documents(0, 1000, 1)
    return round(sum(len(d.body) for _i, d in sample) / len(sample))


def _database_mb() -> float | None:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT pg_database_size(current_database())")
            return round(cur.fetchone()[0] / 1_048_576, 1)
    path = connection.settings_dict["NAME"]
    total = sum(os.path.getsize(p) for p in (path, f"{path}-wal") if os.path.exists(p))
    return round(total / 1_048_576, 1)


def _interrupt(*_args) -> None:
    raise KeyboardInterrupt


def orchestrate(options: dict[str, Any]) -> dict[str, Any]:
    previous = signal.signal(signal.SIGTERM, _interrupt)
    began = time.monotonic()
    sandbox = make_sandbox(data_dir=options["data_dir"], keep=options["keep"])
    try:
        progress(f"sandbox {sandbox.data_dir} ({sandbox.vendor}); migrating")
        sandbox.yiwang("migrate", "--no-input", "-v", "0", timeout=900)
        argv = ["bench", "search", "--stage", "run"]
        for name in ("docs", "seed", "queries", "clients", "workers", "batch_size", "like_seconds"):
            argv += [f"--{name.replace('_', '-')}", str(options[name])]
        stage = json.loads(sandbox.yiwang(*argv, timeout=6 * 3600, show_progress=True))
    finally:
        sandbox.close()
        signal.signal(signal.SIGTERM, previous)
    return {
        "benchmark": "search",
        "yiwang": yiwang.__version__,
        "database": sandbox.vendor,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(terse=True),
        },
        "docs_per_s": stage["indexing"]["docs_per_s"],
        "index_size_mb": stage["index_size_mb"],
        "p95_ms_1_client": stage["query_1_client"]["p95_ms"],
        "p95_ms_concurrent": stage["query_concurrent"]["p95_ms"],
        "like_to_service_ratio": stage["like_scan"]["like_to_service_p50_ratio"],
        **stage,
        "total_seconds": round(time.monotonic() - began, 1),
    }


register_bench(
    "search",
    run,
    add_arguments=add_arguments,
    help="full-text search: indexing throughput and size, query p50/p95 with 1 and 8 clients, "
    "ratio to a LIKE scan, over 1,000,000 generated publications (全文检索性能基准)",
)
