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
from pathlib import Path
from typing import Any

import yiwang
from yiwang.core.bench import (
    _KEEP_ENV,
    Sandbox,
    bench_database_url,
    make_sandbox,
    progress,
    register_bench,
)


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
    parser.add_argument(
        "--load-only", action="store_true", help="index and measure the size, no queries"
    )
    parser.add_argument(
        "--reuse", action="store_true",
        help="query the index a --keep run left in --data-dir (and its PostgreSQL database) "
        "instead of loading one; implies --keep",
    )  # fmt: skip
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
    from yiwang.search.models import SearchDocument

    out: dict[str, Any] = {}
    if options["reuse"]:
        out["docs"] = SearchDocument.objects.count()
        out["reused_index"] = True
    else:
        out["docs"] = options["docs"]
        out["indexing"] = _stage_load(options)
    out["avg_body_chars"] = _avg_body_chars()
    size = _index_bytes()
    out["index_size_mb"] = round(size / 1_048_576, 1) if size else None
    out["database_size_mb"] = _database_mb()
    if not options["load_only"]:
        out.update(_stage_queries(options))
    return out


def _stage_load(options: dict[str, Any]) -> dict[str, Any]:
    from tqdm import tqdm

    from yiwang.search.benchmark.load import load

    docs = options["docs"]
    load_before = _load()
    with tqdm(total=docs, unit="doc", file=sys.stderr, desc="indexing", mininterval=2) as bar:
        indexing = load(
            docs=docs, seed=options["seed"], batch_size=options["batch_size"],
            workers=options["workers"], progress=bar.update,
        )  # fmt: skip
    indexing["load_average_before_after"] = [load_before, _load()]
    return indexing


def _describe(timing, query) -> dict[str, Any]:
    return {
        "query": query.text,
        "filter": query.filter_kind,
        "total": timing.total,
        "wall_ms": round(timing.seconds * 1000, 2),
        "cpu_ms": round(timing.cpu * 1000, 2),
    }


def _index_bytes() -> int | None:
    from yiwang.search.backends import get_backend

    return get_backend().size_bytes()


def _stage_queries(options: dict[str, Any]) -> dict[str, Any]:
    from yiwang.search.benchmark import queries as q

    queries = q.make_queries(options["queries"])
    progress(f"{len(queries)} queries, 1 client")
    q.time_queries(queries[:30])  # warm the caches this process will use
    load_before = _load()
    timed = q.time_queries(queries)
    single = q.timing_summary(timed)
    single["load_average_before_after"] = [load_before, _load()]
    pairs = list(zip(timed, queries, strict=True))
    by_filter = {
        kind: q.timing_summary([t for t, query in pairs if query.filter_kind == kind])
        for kind in q.FILTER_KINDS
    }
    by_words = {
        str(n): q.timing_summary([t for t, query in pairs if query.words == n]) for n in (1, 2, 3)
    }
    progress(f"{len(queries)} queries, {options['clients']} clients")
    load_before = _load()
    many = q.concurrent(queries, clients=options["clients"])
    many["load_average_before_after"] = [load_before, _load()]
    progress(f"LIKE scan, {options['like_seconds']:.0f} s budget")
    like = q.like_comparison(queries, budget_seconds=options["like_seconds"])
    slowest = sorted(pairs, key=lambda pair: -pair[0].cpu)[:5]
    return {
        "query_1_client": single,
        "query_1_client_by_filter": by_filter,
        "query_1_client_by_words": by_words,
        "query_1_client_slowest_by_cpu": [_describe(t, query) for t, query in slowest],
        "query_concurrent": many,
        "hits_found": sum(1 for t in timed if t.total),
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


def _existing_sandbox(data_dir: str) -> Sandbox:
    """The sandbox a ``--keep`` run left: its folder and, on PostgreSQL, its database, as
    they are (``make_sandbox`` would start them afresh)."""
    path = Path(data_dir).resolve()
    if not path.is_dir():
        raise ValueError(f"--reuse: no benchmark folder {path}")
    env = {k: v for k, v in os.environ.items() if k in _KEEP_ENV}
    env.update(YIWANG_ENV="development", YIWANG_DATA_DIR=str(path), YIWANG_TASK_BACKEND="db",
               YIWANG_LOG_LEVEL="WARNING", PYTHONUNBUFFERED="1")  # fmt: skip
    sandbox = Sandbox(path, keep=True, env=env)
    database_url = os.environ.get("DATABASE_URL", "").strip()
    if database_url:
        sandbox.database_url = bench_database_url(database_url)
        env.update(DATABASE_URL=sandbox.database_url, YIWANG_DB_POOL="1")
    return sandbox


def orchestrate(options: dict[str, Any]) -> dict[str, Any]:
    previous = signal.signal(signal.SIGTERM, _interrupt)
    began = time.monotonic()
    if options["reuse"]:
        if not options["data_dir"]:
            raise ValueError("--reuse needs the --data-dir of a --keep run")
        sandbox = _existing_sandbox(options["data_dir"])
    else:
        sandbox = make_sandbox(data_dir=options["data_dir"], keep=options["keep"])
    try:
        if not options["reuse"]:
            progress(f"sandbox {sandbox.data_dir} ({sandbox.vendor}); migrating")
            sandbox.yiwang("migrate", "--no-input", "-v", "0", timeout=900)
        argv = ["bench", "search", "--stage", "run"]
        for name in ("docs", "seed", "queries", "clients", "workers", "batch_size", "like_seconds"):
            argv += [f"--{name.replace('_', '-')}", str(options[name])]
        argv += [f"--{flag.replace('_', '-')}" for flag in ("reuse", "load_only") if options[flag]]
        stage = json.loads(sandbox.yiwang(*argv, timeout=6 * 3600, show_progress=True))
    finally:
        sandbox.close()
        signal.signal(signal.SIGTERM, previous)
    headline: dict[str, Any] = {}
    if "indexing" in stage:
        headline["docs_per_s"] = stage["indexing"]["docs_per_s"]
        headline["indexing_cpu_ms_per_doc"] = stage["indexing"]["cpu_ms_per_doc"]
    headline["index_size_mb"] = stage["index_size_mb"]
    if "query_1_client" in stage:
        headline.update(
            p95_ms_1_client=stage["query_1_client"]["p95_ms"],
            p95_cpu_ms_1_client=stage["query_1_client"]["cpu"]["p95_ms"],
            p95_ms_concurrent=stage["query_concurrent"]["p95_ms"],
            p95_cpu_ms_concurrent=stage["query_concurrent"]["cpu"]["p95_ms"],
            like_to_service_ratio=stage["like_scan"]["like_to_service_p50_ratio"],
        )
    return {
        "benchmark": "search",
        "yiwang": yiwang.__version__,
        "database": sandbox.vendor,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(terse=True),
        },
        **headline,
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
