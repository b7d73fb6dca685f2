"""``yiwang bench tickets``: intake throughput through the API, public tracking latency, and
the SLA sweep over a million open tickets — one run, one JSON object.

The run happens in a sandbox (yiwang.core.bench): a throwaway data folder and its own
database (SQLite there, or ``<name>_bench`` on the PostgreSQL server of DATABASE_URL). This
process only orchestrates; the work runs in ``yiwang`` subprocesses against the sandbox:

1. ``migrate``, then ``bench tickets --stage setup``: a small city (districts with handlers),
   a category routed by region, and an API key whose account holds the operator role.
2. ``serve`` on a free loopback port; N clients (threads, keep-alive connections) call the
   bare ``GET /api/v1/health`` and then ``POST /api/v1/tickets`` (API-key auth, validation,
   dispatch rule, case number, audit record, notification queued) — same server, same run.
3. ``bench tickets --stage sweep`` (yiwang.tickets.bench_data): bulk-loads the open tickets,
   times one ``sla_sweep`` and the tracking selectors.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import time
from typing import Any

import yiwang
from yiwang.core.bench import (
    Server,
    http_load,
    json_body,
    make_sandbox,
    progress,
    register_bench,
)

DISTRICTS = (("339901", "东城区"), ("339902", "西城区"), ("339903", "南湖区"), ("339904", "北山区"))
CATEGORY_CODE = "BENCH-ROAD"
SUBJECTS = ("路灯不亮", "人行道破损", "井盖缺失", "道路积水", "占道经营", "噪声扰民")


def add_arguments(parser) -> None:
    parser.add_argument("--clients", type=int, default=8, help="concurrent API clients (8)")
    parser.add_argument(
        "--requests", type=int, default=2000,
        help="requests per HTTP phase: health, then intake (2000)",
    )  # fmt: skip
    parser.add_argument(
        "--open-tickets", type=int, default=1_000_000,
        help="open tickets bulk-loaded before the SLA sweep (1000000)",
    )  # fmt: skip
    parser.add_argument(
        "--due-fraction", type=float, default=0.005,
        help="share of the open tickets whose SLA moment has come (0.005)",
    )  # fmt: skip
    parser.add_argument("--tracking-samples", type=int, default=500, help="tracking lookups (500)")
    parser.add_argument("--workers", type=int, default=2, help="yiwang serve workers (2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument(
        "--phase-seconds", type=float, default=60.0,
        help="upper bound on each HTTP phase; it stops early when reached (60)",
    )  # fmt: skip
    parser.add_argument("--data-dir", default=None, help="sandbox folder (default: a temp dir)")
    parser.add_argument(
        "--keep", action="store_true", help="keep the sandbox folder and database afterwards"
    )
    # internal: the stages that run inside the sandbox
    parser.add_argument("--stage", default="all", choices=("all", "setup", "sweep"),
                        help=argparse.SUPPRESS)  # fmt: skip


def _check(options: dict[str, Any]) -> None:
    limits = {"clients": (1, 256), "requests": (1, 1_000_000), "open_tickets": (0, 20_000_000),
              "tracking_samples": (1, 100_000), "workers": (1, 64), "threads": (1, 64)}  # fmt: skip
    for name, (low, high) in limits.items():
        if not low <= options[name] <= high:
            raise ValueError(f"--{name.replace('_', '-')} must be between {low} and {high}")
    if not 0 <= options["due_fraction"] <= 1:
        raise ValueError("--due-fraction must be between 0 and 1")
    if options["phase_seconds"] <= 0:
        raise ValueError("--phase-seconds must be positive")


def run(options: dict[str, Any]) -> dict[str, Any]:
    _check(options)
    if options["stage"] == "setup":
        return stage_setup()
    if options["stage"] == "sweep":
        from yiwang.tickets.bench_data import stage_sweep

        return stage_sweep(options)
    return orchestrate(options)


# --- inside the sandbox: the small city ---------------------------------------------------------


def stage_setup() -> dict[str, Any]:
    from django.db import transaction

    from yiwang.accounts import services as accounts
    from yiwang.org import services as org
    from yiwang.org.models import DepartmentKind, Level, Role
    from yiwang.tickets.services import catalogue

    with transaction.atomic():
        city = org.department_create(actor=None, name="示范市人民政府", code="BENCH-CITY",
                                     kind=DepartmentKind.GOVERNMENT, level=Level.CITY,
                                     region_code="339900")  # fmt: skip
        centre = org.department_create(actor=None, name="12345热线中心", code="BENCH-CENTRE",
                                       kind=DepartmentKind.CENTRE, level=Level.CITY,
                                       region_code="339900", parent=city)  # fmt: skip
        road = catalogue.category_create(actor=None, code=CATEGORY_CODE, name="道路设施")
        for n, (region, name) in enumerate(DISTRICTS, start=1):
            district = org.department_create(
                actor=None, name=f"{name}人民政府", code=f"BENCH-D{n}",
                kind=DepartmentKind.GOVERNMENT, level=Level.DISTRICT, region_code=region,
                parent=city,
            )  # fmt: skip
            catalogue.dispatch_rule_set(
                actor=None, category=road, lead_department=district, region_prefix=region
            )
            for h in (1, 2):
                handler = accounts.staff_create(
                    actor=None, username=f"bench-handler-{n}-{h}", password=None,
                    display_name=f"{name}承办人{h}", password_hash="!bench",
                )  # fmt: skip
                org.membership_add(actor=None, user=handler, department=district,
                                   roles=[Role.HANDLER])  # fmt: skip
        api_key, plaintext = accounts.apikey_create(actor=None, name="bench intake")
        org.membership_add(actor=None, user=api_key.account, department=centre,
                           roles=[Role.OPERATOR])  # fmt: skip
    return {"api_key": plaintext, "category": CATEGORY_CODE,
            "regions": [f"{region}001" for region, _name in DISTRICTS]}  # fmt: skip


# --- outside: the orchestration -----------------------------------------------------------------


def intake_payload(i: int, *, category: str, regions: list[str]) -> dict[str, Any]:
    """A plausible phone-in complaint, different every time (written here, not sampled)."""
    subject = SUBJECTS[i % len(SUBJECTS)]
    return {
        "ticket_type": "complaint",
        "subject": f"幸福路{i % 300 + 1}号附近{subject}",
        "description": f"市民来电反映：幸福路{i % 300 + 1}号附近{subject}已有{i % 7 + 1}天，"
        f"影响居民出行，希望有关部门尽快处理。（压测编号 {i}）",
        "category": category,
        "region_code": regions[i % len(regions)],
        "address": f"幸福路{i % 300 + 1}号",
        "requester_name": "王先生",
        "requester_phone": f"139{i:08d}",
        "channel": "api",
    }


def _interrupt(*_args) -> None:
    # SIGTERM unwinds like Ctrl+C: the server and stages are stopped, the sandbox removed
    raise KeyboardInterrupt


def orchestrate(options: dict[str, Any]) -> dict[str, Any]:
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return _orchestrate(options)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _orchestrate(options: dict[str, Any]) -> dict[str, Any]:
    began = time.monotonic()
    sandbox = make_sandbox(data_dir=options["data_dir"], keep=options["keep"])
    clients, total, limit = options["clients"], options["requests"], options["phase_seconds"]
    try:
        progress(f"sandbox {sandbox.data_dir} ({sandbox.vendor}); migrating")
        sandbox.yiwang("migrate", "--no-input", "-v", "0", timeout=900)
        setup = json.loads(sandbox.yiwang("bench", "tickets", "--stage", "setup", timeout=300))
        headers = {"Content-Type": "application/json", "X-API-Key": setup["api_key"]}

        def body(i: int) -> bytes:
            return json_body(
                intake_payload(i, category=setup["category"], regions=setup["regions"])
            )

        progress(f"serving ({options['workers']} workers × {options['threads']} threads)")
        with Server(sandbox, workers=options["workers"], threads=options["threads"]) as server:
            # warm every worker's imports and caches before anything is measured
            http_load(port=server.port, method="GET", path="/api/v1/health",
                      total=clients * 4, clients=clients, max_seconds=limit)  # fmt: skip
            warm = http_load(port=server.port, method="POST", path="/api/v1/tickets",
                             body=lambda i: body(10_000_000 + i), headers=headers,
                             total=clients * 2, clients=clients, max_seconds=limit,
                             ok_status=(201,))  # fmt: skip
            if warm.ok == 0:
                raise RuntimeError(f"intake does not work: {warm.first_error}")
            progress(f"health: {total} requests from {clients} clients")
            health = http_load(port=server.port, method="GET", path="/api/v1/health",
                               total=total, clients=clients, max_seconds=limit)  # fmt: skip
            progress(f"intake: {total} tickets from {clients} clients")
            intake = http_load(port=server.port, method="POST", path="/api/v1/tickets",
                               body=body, headers=headers, total=total, clients=clients,
                               max_seconds=limit, ok_status=(201,))  # fmt: skip
        progress(f"loading {options['open_tickets']} open tickets, then one SLA sweep")
        stage = json.loads(sandbox.yiwang(
            "bench", "tickets", "--stage", "sweep",
            "--open-tickets", str(options["open_tickets"]),
            "--due-fraction", str(options["due_fraction"]),
            "--tracking-samples", str(options["tracking_samples"]),
            timeout=3600, show_progress=True,
        ))  # fmt: skip
    finally:
        sandbox.close()
    intake_out = intake.as_dict("tickets_per_s")
    health_out = health.as_dict("requests_per_s")
    ratio = (
        round(intake_out["tickets_per_s"] / health_out["requests_per_s"], 4)
        if intake_out["tickets_per_s"] and health_out["requests_per_s"]
        else None
    )
    return {
        "benchmark": "tickets",
        "yiwang": yiwang.__version__,
        "database": sandbox.vendor,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(terse=True),
        },
        "server": {
            "workers": options["workers"],
            "threads": options["threads"],
            "clients": clients,
        },
        "intake_tickets_per_s": intake_out["tickets_per_s"],
        "health_requests_per_s": health_out["requests_per_s"],
        "intake_to_health_ratio": ratio,
        "tracking_p50_ms": stage["tracking"]["p50_ms"],
        "tracking_p99_ms": stage["tracking"]["p99_ms"],
        "sla_sweep_seconds": stage["sla_sweep"]["seconds"],
        "intake": intake_out,
        "health": health_out,
        "tracking": stage["tracking"],
        "sla_sweep": stage["sla_sweep"],
        "total_seconds": round(time.monotonic() - began, 1),
    }


register_bench(
    "tickets",
    run,
    add_arguments=add_arguments,
    help="12345 tickets: API intake throughput vs a bare endpoint, tracking latency, "
    "SLA sweep over 1,000,000 open tickets (工单性能基准)",
)
