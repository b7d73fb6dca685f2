"""The benchmark's queries: 1-3 words from the corpus vocabulary with and without filters,
timed through ``search()`` (candidates, ranking, hits, highlighting: what a result page
costs), from one client and from several processes at once, and the same questions asked as
a ``LIKE '%词%'`` scan over the same table."""

from __future__ import annotations

import multiprocessing
import random
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from operator import and_, or_
from typing import Any

from django.db.models import Q

from yiwang.core.bench import latency_summary
from yiwang.search import corpus
from yiwang.search.benchmark.cpu import CpuMeter
from yiwang.search.benchmark.load import DOC_TYPE, close_for_fork
from yiwang.search.models import SearchDocument
from yiwang.search.searching import search

COMMON = ("通知", "工作", "管理", "实施方案", "公告", "批复", "示范市", "加强", "监督检查")
FILTER_KINDS = ("none", "department", "category", "date", "department+date", "category+date")


@dataclass(frozen=True)
class Query:
    text: str
    words: int
    filter_kind: str
    department_ids: list[int] | None = None
    category: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    kwargs: dict[str, Any] = field(default_factory=dict, compare=False)

    def run(self):
        return search(
            self.text,
            doc_types=[DOC_TYPE],
            department_ids=self.department_ids,
            filters={"category": self.category} if self.category else None,
            published_from=self.date_from,
            published_to=self.date_to,
            limit=20,
        )


def _word(r: random.Random) -> str:
    pick = r.random()
    topic = r.choice(corpus.TOPICS)
    if pick < 0.35:
        return r.choice(topic)
    if pick < 0.5:
        return r.choice(COMMON)
    if pick < 0.65:
        return r.choice(corpus.DISTRICTS + corpus.STREETS)
    if pick < 0.8:
        return r.choice(corpus.ROADS)
    if pick < 0.9:
        return r.choice(corpus.DOC_KINDS)
    return r.choice(corpus.OBJECTS)


def make_queries(n: int, *, seed: int = 7) -> list[Query]:
    r = random.Random(seed)
    out = []
    for i in range(n):
        words = 1 + i % 3
        text = " ".join(dict.fromkeys(_word(r) for _ in range(words)))
        kind = FILTER_KINDS[(i // 3) % len(FILTER_KINDS)]
        department = category = date_from = date_to = None
        if "department" in kind:
            department = [r.randint(1, len(corpus.DEPARTMENTS))]
        if "category" in kind:
            category = r.choice(corpus.CATEGORIES)[0]
        if "date" in kind:
            year = r.randint(2016, 2025)
            date_from, date_to = date(year, 1, 1), date(year, 12, 31)
        out.append(Query(text, len(text.split()), kind, department, category, date_from, date_to))
    return out


@dataclass(frozen=True)
class Timing:
    seconds: float  # wall clock
    total: int
    total_exact: bool
    client_cpu: float  # this thread's CPU (on SQLite the engine's work too)
    server_cpu: float | None  # PostgreSQL's backend process, when readable (benchmark.cpu)

    @property
    def cpu(self) -> float:
        return self.client_cpu + (self.server_cpu or 0.0)


def time_queries(queries: list[Query]) -> list[Timing]:
    """One Timing per query, in order: wall clock and the CPU the query itself used, which a
    busy machine does not inflate (only the wait for a core)."""
    meter = CpuMeter()
    out = []
    for query in queries:
        meter.start()
        t0 = time.perf_counter()
        results = query.run()
        seconds = time.perf_counter() - t0
        client, server = meter.stop()
        out.append(Timing(seconds, results.total, results.total_exact, client, server))
    return out


def timing_summary(timings: list[Timing]) -> dict[str, Any]:
    """Wall-clock percentiles, and the same percentiles of CPU per query (total; client and
    server apart when the server's CPU is known)."""
    out: dict[str, Any] = summary([t.seconds for t in timings])
    out["cpu"] = summary([t.cpu for t in timings])
    if timings and all(t.server_cpu is not None for t in timings):
        out["cpu_client"] = summary([t.client_cpu for t in timings])
        out["cpu_server"] = summary([t.server_cpu for t in timings])
    return out


def _client(args: tuple[list[Query], int]) -> list[Timing]:
    queries, rounds = args
    return [timing for _ in range(rounds) for timing in time_queries(queries)]


def concurrent(queries: list[Query], *, clients: int, rounds: int = 1) -> dict[str, Any]:
    """Every client a forked process with its own connection, each running its share of the
    queries at the same time as the others; latencies as each client saw them."""
    close_for_fork()
    shares = [(queries[c::clients], rounds) for c in range(clients)]
    began = time.perf_counter()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=clients, mp_context=context) as pool:
        timings = [t for share in pool.map(_client, shares) for t in share]
    seconds = time.perf_counter() - began
    return {
        "clients": clients,
        "queries": len(timings),
        "queries_per_s": round(len(timings) / seconds, 1),
        **timing_summary(timings),
    }


def summary(seconds: list[float]) -> dict[str, float | None]:
    out = latency_summary(seconds)
    values = sorted(seconds)
    p95 = values[max(0, -(-95 * len(values) // 100) - 1)] if values else None
    return {
        "p50_ms": out["p50_ms"],
        "p95_ms": None if p95 is None else round(p95 * 1000, 2),
        "p99_ms": out["p99_ms"],
        "max_ms": out["max_ms"],
    }


def like_query(query: Query) -> tuple[list[int], int]:
    """The scan a search box without a text index does: every word as LIKE '%word%' on the
    title or the body, the same filters as columns, the newest 20 and the count."""
    rows = SearchDocument.objects.filter(doc_type=DOC_TYPE)
    rows = rows.filter(
        reduce(
            and_,
            [reduce(or_, [Q(title__contains=w), Q(body__contains=w)]) for w in query.text.split()],
        )
    )
    if query.department_ids:
        rows = rows.filter(department_id__in=query.department_ids)
    if query.category:
        rows = rows.filter(category=query.category)
    if query.date_from:
        rows = rows.filter(published_at__date__gte=query.date_from)
    if query.date_to:
        rows = rows.filter(published_at__date__lte=query.date_to)
    top = list(rows.order_by("-rank_key").values_list("id", flat=True)[:20])
    return top, rows.count()


def like_comparison(queries: list[Query], *, budget_seconds: float) -> dict[str, Any]:
    """LIKE scans for as many queries as fit the budget (at least three), against the search
    service on the same queries, one client, same run."""
    like_s, service_s = [], []
    began = time.perf_counter()
    for query in queries:
        if len(like_s) >= 3 and time.perf_counter() - began > budget_seconds:
            break
        t0 = time.perf_counter()
        like_query(query)
        like_s.append(time.perf_counter() - t0)
        service_s.append(time_queries([query])[0].seconds)
    like_p50 = sorted(like_s)[len(like_s) // 2]
    service_p50 = sorted(service_s)[len(service_s) // 2]
    return {
        "queries": len(like_s),
        "like": summary(like_s),
        "service": summary(service_s),
        "like_to_service_p50_ratio": round(like_p50 / service_p50, 1) if service_p50 else None,
    }
