"""``yiwang bench names``: the name check against a register of 1,000,000 names.

In a sandbox (yiwang.core.bench: its own data folder and database — SQLite there, or
``<name>_bench`` on the PostgreSQL server of DATABASE_URL):

1. ``migrate``; then, inside the sandbox, ``--stage measure``:
2. the register is generated (yiwang.names.generator: realistic 字号, industries, forms and
   regions, never the same 字号 twice in one industry) and bulk-loaded with its lookup keys
   (COPY on PostgreSQL, executemany on SQLite) — fixture data, bypassing the services;
   the shipped 禁限用字词 are seeded through the service.
3. ``--probes`` checks are timed one by one through ``name_check`` (parse, words, the three
   indexed conflict lookups), a quarter each: a registered name again (rejected), its 字号
   with one character replaced (near-identical), a homophone 字号 (same pinyin), and a new
   name. Reported: p50/p95/p99 overall and per kind, the verdicts, and the query plans.
"""

from __future__ import annotations

import argparse
import random
import time
from typing import Any

from yiwang.core.bench import latency_summary, measure_in_sandbox, progress, register_bench

TARGET_P95_MS = 50.0
REGIONS = ("示范市", "示范市明湖区", "示范市云山区", "示范市临江区", "示范市新城区")
BATCH = 20_000


def add_arguments(parser) -> None:
    parser.add_argument("--names", type=int, default=1_000_000, help="registered names (1000000)")
    parser.add_argument("--probes", type=int, default=1000, help="timed checks (1000)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--data-dir", default=None, help="sandbox folder (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the sandbox afterwards")
    parser.add_argument("--stage", default="all", choices=("all", "measure"),
                        help=argparse.SUPPRESS)  # fmt: skip


def run(options: dict[str, Any]) -> dict[str, Any]:
    if not 1 <= options["names"] <= 5_000_000 or not 4 <= options["probes"] <= 100_000:
        raise ValueError("--names must be 1..5000000 and --probes 4..100000")
    if options["stage"] == "measure":
        return measure(options)
    return measure_in_sandbox(
        "names", "--names", str(options["names"]), "--probes", str(options["probes"]),
        "--seed", str(options["seed"]), data_dir=options["data_dir"], keep=options["keep"],
    )  # fmt: skip


# --- inside the sandbox -------------------------------------------------------------------------


def _rows(count: int, seed: int):
    """(name rows, key rows) in batches, with explicit ids so keys can point at them."""
    from yiwang.names import keys
    from yiwang.names.generator import generate_names

    names, key_rows = [], []
    for pk, (parts, at) in enumerate(generate_names(count, seed=seed, regions=REGIONS), start=1):
        names.append((pk, parts.full_name, parts.region, parts.trade_name,
                      keys.pinyin_key(parts.trade_name), parts.industry, parts.industry_section,
                      parts.org_form, parts.region_position, "registered", at, None, None, "",
                      1, at))  # fmt: skip
        key_rows.extend((pk, key) for key in keys.near_keys(parts.trade_name))
        if len(names) >= BATCH:
            yield names, key_rows
            names, key_rows = [], []
    if names:
        yield names, key_rows


NAME_COLUMNS = (
    "id", "full_name", "region", "trade_name", "trade_name_pinyin", "industry",
    "industry_section", "org_form", "region_position", "status", "registered_at",
    "reserved_until", "reserved_for_id", "reference", "version", "created_at",
)  # fmt: skip


def bulk_load(count: int, seed: int) -> dict[str, Any]:
    from django.db import connection, transaction

    name_table, key_table = "names_registeredname", "names_namekey"
    columns = ", ".join(NAME_COLUMNS)
    generate_seconds = 0.0
    keys_total = 0
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        batches = _rows(count, seed)
        while True:
            t0 = time.perf_counter()
            batch = next(batches, None)
            generate_seconds += time.perf_counter() - t0
            if batch is None:
                break
            names, key_rows = batch
            keys_total += len(key_rows)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {name_table} ({columns}) FROM STDIN") as copy:
                    for row in names:
                        copy.write_row(row)
                with cursor.cursor.copy(f"COPY {key_table} (name_id, key) FROM STDIN") as copy:
                    for row in key_rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(NAME_COLUMNS))
                cursor.executemany(f"INSERT INTO {name_table} ({columns}) VALUES ({marks})", names)
                cursor.executemany(f"INSERT INTO {key_table} (name_id, key) VALUES (%s, %s)",
                                   key_rows)  # fmt: skip
            if names[-1][0] % 100_000 < BATCH:
                progress(f"{names[-1][0]} names loaded")
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{name_table}', 'id'), %s)", [count]
            )
    t0 = time.perf_counter()
    with connection.cursor() as cursor:  # as autovacuum / a DBA would after a bulk load
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else f"ANALYZE {name_table}")
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {key_table}")
    analyze_seconds = time.perf_counter() - t0
    total = time.perf_counter() - started - analyze_seconds
    return {"names": count, "keys": keys_total,
            "generate_seconds": round(generate_seconds, 1),
            "insert_and_index_seconds": round(total - generate_seconds, 1),
            "analyze_seconds": round(analyze_seconds, 1),
            "method": "COPY" if connection.vendor == "postgresql" else "executemany"}  # fmt: skip


def _probes(count: int, seed: int) -> list[tuple[str, str]]:
    """(kind, full name) for each timed check."""
    from yiwang.names import keys
    from yiwang.names.generator import TRADE_NAME_CHARACTERS, generate_names
    from yiwang.names.models import RegisteredName

    rng = random.Random(seed + 1)
    top = RegisteredName.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    picked = rng.sample(range(1, top + 1), min(top, count))
    known = list(RegisteredName.objects.filter(pk__in=picked).values(
        "full_name", "region", "trade_name", "industry", "org_form"))  # fmt: skip
    by_syllable: dict[str, list[str]] = {}
    for ch in TRADE_NAME_CHARACTERS:
        by_syllable.setdefault(keys.pinyin_key(ch), []).append(ch)
    probes: list[tuple[str, str]] = []
    for n, row in enumerate(known):
        kind = ("registered", "near", "homophone", "new")[n % 4]
        tn = row["trade_name"]
        i = rng.randrange(len(tn))
        if kind == "registered":
            name = row["full_name"]
        elif kind == "near":
            other = rng.choice([c for c in TRADE_NAME_CHARACTERS if c != tn[i]])
            tn = tn[:i] + other + tn[i + 1 :]
            name = f"{row['region']}{tn}{row['industry']}{row['org_form']}"
        elif kind == "homophone":  # a character swapped for one read alike, where one exists
            options = [
                (j, c)
                for j in range(len(tn))
                for c in by_syllable.get(keys.pinyin_key(tn[j]), [])
                if c != tn[j]
            ]
            if not options:
                kind, name = "registered", row["full_name"]
                probes.append((kind, name))
                continue
            j, c = rng.choice(options)
            tn = tn[:j] + c + tn[j + 1 :]
            name = f"{row['region']}{tn}{row['industry']}{row['org_form']}"
        else:
            parts, _at = next(generate_names(1, seed=seed + 1000 + n, regions=REGIONS))
            name = parts.full_name
        probes.append((kind, name))
    return probes


def _plan(trade_name: str) -> str:
    """The database's plan for the check's conflict query (yiwang.names.checking)."""
    from django.db import connection

    from yiwang.names import keys
    from yiwang.names.checking import conflict_sql

    sql, params = conflict_sql(trade_name, keys.pinyin_key(trade_name), now=None, ignore_id=None)
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql, params)
        lines = [" ".join(str(v) for v in row) for row in cursor.fetchall()]
    return " | ".join(line.strip() for line in lines if line.strip())[:1500]


def measure(options: dict[str, Any]) -> dict[str, Any]:
    from yiwang.core.errors import InvalidInput
    from yiwang.names.checking import name_check
    from yiwang.names.services import words_seed

    words_seed(actor=None)
    progress(f"generating and loading {options['names']} registered names")
    load = bulk_load(options["names"], options["seed"])
    probes = _probes(options["probes"], options["seed"])
    for _kind, name in probes[:20]:  # warm the connection, caches and pinyin tables
        name_check(name=name)
    progress(f"timing {len(probes)} checks")
    timings: dict[str, list[float]] = {}
    verdicts: dict[str, dict[str, int]] = {}
    invalid = 0
    for kind, name in probes:
        t0 = time.perf_counter()
        try:
            verdict = name_check(name=name).verdict
        except InvalidInput:
            verdict = "invalid"
            invalid += 1
        elapsed = time.perf_counter() - t0
        timings.setdefault(kind, []).append(elapsed)
        counts = verdicts.setdefault(kind, {})
        counts[verdict] = counts.get(verdict, 0) + 1
    from yiwang.names.parsing import parse_name

    first_trade_name = parse_name(probes[0][1]).trade_name if probes else "云帆"
    everything = [t for values in timings.values() for t in values]
    summary = latency_summary(everything)
    from yiwang.core.bench import percentile

    p95 = percentile(sorted(everything), 95) * 1000
    return {
        "register": load,
        "check": {
            "probes": len(everything), **summary, "p95_ms": round(p95, 2),
            "target_p95_ms": TARGET_P95_MS, "meets_target": p95 <= TARGET_P95_MS,
            "invalid": invalid,
            "measured": "yiwang.names.checking.name_check: parse + words + 3 indexed lookups",
        },
        "by_kind": {kind: {**latency_summary(values), "verdicts": verdicts[kind]}
                    for kind, values in timings.items()},
        "plan": _plan(first_trade_name),
    }  # fmt: skip


register_bench(
    "names", run, add_arguments=add_arguments,
    help="name check (名称自主申报比对) p50/p95 against 1,000,000 registered names",
)  # fmt: skip
