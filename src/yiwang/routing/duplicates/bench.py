"""``yiwang bench duplicates``: duplicate lookup at intake with 100,000 open tickets indexed.

In a sandbox (yiwang.core.bench: its own data folder and database, SQLite or ``<name>_bench``
on the PostgreSQL server of DATABASE_URL):

1. ``migrate``; then, inside the sandbox, ``--stage measure``:
2. N open-ticket fingerprints are bulk-indexed, spread over the last 30 days: texts composed
   by the demo's 12345 text generator (yiwang.demo.tickets_text: 40 categories' complaints,
   openers, durations, closings) about 3,000 compounds, 1,200 roads and 12 districts named
   here — the project's own text, never the board data.
3. ``--probes`` intakes are timed one by one, each doing what intake does (fingerprint, one
   lookup in the 30-day window, index itself): half repeat an indexed matter in other words
   (same category, place and details, another opener, duration and closing), half are new.
   Reported: p50/p95/p99 per intake; recall@5 — the share of repeats for which a request
   about the same matter (same district and the same filled-in subject: template, place and
   details) is among the five suggestions; and the mean number of suggestions for a new
   request (in this generated city the same template at the same compound recurs, so some
   of those are true repeats too).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import time
from datetime import timedelta
from typing import Any

from yiwang.core.bench import latency_summary, make_sandbox, progress, register_bench

SYLLABLES = "金 银 翠 华 锦 绣 春 秋 明 月 星 辰 东 南 西 北 嘉 和 盛 世 龙 凤 桂 兰 梅 竹 松 柏 湖 江 河 山 泉 林 园 新 城 阳 光 福 康 泰 安 宁 德 顺 丰 荣 瑞 祥".split()  # noqa: E501
COMPOUND_TAILS = ("小区", "花园", "家园", "苑", "新村", "公寓", "雅居", "名都", "华府", "佳园")
ROAD_TAILS = ("路", "大道", "街", "巷")


def add_arguments(parser) -> None:
    parser.add_argument("--documents", type=int, default=100_000, help="indexed open tickets")
    parser.add_argument("--probes", type=int, default=400, help="timed intakes (400)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data-dir", default=None, help="sandbox folder (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the sandbox afterwards")
    parser.add_argument("--stage", default="all", choices=("all", "measure"),
                        help=argparse.SUPPRESS)  # fmt: skip


def run(options: dict[str, Any]) -> dict[str, Any]:
    if not 1 <= options["documents"] <= 2_000_000 or not 1 <= options["probes"] <= 100_000:
        raise ValueError("--documents must be 1..2000000 and --probes 1..100000")
    if options["stage"] == "measure":
        return measure(options)
    began = time.monotonic()
    sandbox = make_sandbox(data_dir=options["data_dir"], keep=options["keep"])
    try:
        progress(f"sandbox {sandbox.data_dir} ({sandbox.vendor}); migrating")
        sandbox.yiwang("migrate", "--no-input", "-v", "0", timeout=900)
        result = json.loads(sandbox.yiwang(
            "bench", "duplicates", "--stage", "measure", "--documents",
            str(options["documents"]), "--probes", str(options["probes"]),
            "--seed", str(options["seed"]), timeout=7200, show_progress=True,
        ))  # fmt: skip
    finally:
        sandbox.close()
    return {
        "benchmark": "duplicates",
        "database": sandbox.vendor,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        **result,
        "total_seconds": round(time.monotonic() - began, 1),
    }


# --- inside the sandbox -------------------------------------------------------------------------


def _names(rng: random.Random, count: int, tails: tuple[str, ...]) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        stem = "".join(rng.sample(SYLLABLES, rng.choice((2, 2, 3))))
        names.add(stem + rng.choice(tails))
    return sorted(names)


def city(rng: random.Random):
    from yiwang.demo.tickets_text import Place

    compounds = _names(rng, 3000, COMPOUND_TAILS)
    roads = _names(rng, 1200, ROAD_TAILS)
    spots = _names(rng, 600, ("广场", "公园", "市场", "商场"))
    places = []
    for i in range(600):  # 12 districts × 50 communities
        district = f"{'东南西北中新老上下前后左'[i % 12]}湖区"
        region = f"3399{i % 12 + 10:02d}{i // 12:03d}001"
        places.append(Place(
            district=district, street=f"{_names(rng, 1, ('街道',))[0]}", community="",
            region_code=region, roads=tuple(rng.sample(roads, 2)),
            compounds=tuple(compounds[(i * 5 + k) % len(compounds)] for k in range(5)),
            landmarks=tuple(rng.sample(spots, 2)),
        ))  # fmt: skip
    return places


def _compose(rng: random.Random, place, *, code: str, ticket_type: str, values=None):
    from yiwang.demo import tickets_text

    values = values or tickets_text.values_for(rng, place, "")
    request = tickets_text.compose(rng, code=code, leaf_name="", ticket_type=ticket_type,
                                   channel="phone", place=place, values=values)  # fmt: skip
    return request, values


def _kinds() -> list[tuple[str, str]]:
    from yiwang.demo import tickets_text

    return sorted({
        (code, tickets_text.TYPE_LETTERS[letter])
        for code, issues in tickets_text.ISSUES.items()
        for letters, _s, _c in issues for letter in letters
    })  # fmt: skip


def measure(options: dict[str, Any]) -> dict[str, Any]:
    from django.utils import timezone

    from yiwang.routing import duplicates
    from yiwang.routing.hotspots.places import extract_place

    rng = random.Random(options["seed"])
    places, kinds = city(rng), _kinds()
    now = timezone.now()
    originals: list[tuple[str, Any, str, str, dict]] = []
    matter: dict[str, tuple[str, str]] = {}  # key -> (area, subject): what the request is about

    def document(key, place, request, created_at):
        matter[key] = (place.region_code[:6], request.subject)
        where = extract_place(request.address or request.description, subject=request.subject)
        return duplicates.Document(
            key=key, subject=request.subject, text=request.description,
            area=place.region_code[:6], place=where.key, requester=f"u:{rng.randrange(10**7)}",
            created_at=created_at,
        )  # fmt: skip

    def generate():
        for i in range(options["documents"]):
            place, (code, ticket_type) = rng.choice(places), rng.choice(kinds)
            request, values = _compose(rng, place, code=code, ticket_type=ticket_type)
            if i % max(1, options["documents"] // (options["probes"] // 2 + 1)) == 0:
                originals.append((f"bench:{i}", place, code, ticket_type, values))
            if i and i % 10_000 == 0:
                progress(f"indexed {i}")
            yield document(
                f"bench:{i}", place, request, now - timedelta(seconds=rng.randrange(30 * 86400))
            )

    began = time.monotonic()
    indexed = duplicates.index_documents(generate(), batch_size=2000)
    index_seconds = time.monotonic() - began
    progress(f"{indexed} documents in {index_seconds:.0f} s; timing {options['probes']} intakes")
    since = now - timedelta(days=30)
    latencies, cpu, found, repeats, fresh_suggested, fresh = [], [], 0, 0, 0, 0
    for n in range(options["probes"]):
        repeat = n % 2 == 0 and originals
        if repeat:
            key, place, code, ticket_type, values = originals[(n // 2) % len(originals)]
            request, _v = _compose(rng, place, code=code, ticket_type=ticket_type, values=values)
        else:
            place, (code, ticket_type) = rng.choice(places), rng.choice(kinds)
            request, _v = _compose(rng, place, code=code, ticket_type=ticket_type)
        doc = document(f"probe:{n}", place, request, now)
        t0, c0 = time.perf_counter(), time.process_time()
        matches = duplicates.find_similar(doc, since=since, limit=5, index=True)
        latencies.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        if repeat:
            repeats += 1
            found += any(matter.get(m.key) == matter[key] for m in matches)
        else:
            fresh += 1
            fresh_suggested += len(matches)
    summary = latency_summary(latencies)
    from yiwang.core.bench import percentile

    return {
        "documents": indexed,
        "index_seconds": round(index_seconds, 1),
        "index_docs_per_s": round(indexed / index_seconds, 1) if index_seconds else None,
        "intake_p50_ms": summary["p50_ms"],
        "intake_p95_ms": round(percentile(sorted(latencies), 95) * 1000, 2),
        "intake_p99_ms": summary["p99_ms"],
        "intake_max_ms": summary["max_ms"],
        # this process's CPU time per intake: on a shared machine the wall clock also counts
        # the time spent waiting for a core (on PostgreSQL the server's work is not in it)
        "intake_cpu_p50_ms": round(percentile(sorted(cpu), 50) * 1000, 2),
        "intake_cpu_p95_ms": round(percentile(sorted(cpu), 95) * 1000, 2),
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "repeat_recall_at_5": round(found / repeats, 3) if repeats else None,
        "suggestions_per_new_matter": round(fresh_suggested / fresh, 2) if fresh else None,
        "probes": options["probes"],
    }


register_bench(
    "duplicates",
    run,
    add_arguments=add_arguments,
    help="查重: duplicate lookup per intake with 100,000 open tickets indexed (p50/p95/p99)",
)
