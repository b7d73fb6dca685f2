"""``yiwang tickets sweep``: run the SLA deadline sweep now (once, or repeatedly with --loop).

The worker already runs the sweep every minute (yiwang.tickets.periodic); this command is
for operators: to see what a sweep does right now, or to run sweeps from cron/systemd
instead of a worker. Running it beside workers is safe: the sweep locks its rows.
"""

from __future__ import annotations

import json
import signal
import threading
import time
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandError, CommandParser


def _positive_float(raw: str) -> float:
    value = float(raw)
    if not value > 0:
        raise ValueError(raw)
    return value


class Command(BaseCommand):
    help = "12345 tickets operations: `sweep` runs the SLA deadline sweep (工单时限巡检)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", metavar="{sweep}")
        sweep = sub.add_parser(
            "sweep",
            help="warn at 75% of a time limit, mark overdue and escalate at 100% (时限巡检)",
        )
        sweep.add_argument("--loop", action="store_true", help="repeat until Ctrl+C / SIGTERM")
        sweep.add_argument(
            "--interval",
            type=_positive_float,
            default=60.0,
            help="seconds between sweeps with --loop (default 60)",
        )
        sweep.add_argument("--json", action="store_true", help="print each result as JSON")
        sweep.add_argument(
            "--max-runs", type=int, default=None, help="with --loop: stop after this many sweeps"
        )

    def handle(self, *args, **options) -> None:
        if options.get("subcommand") != "sweep":
            raise CommandError("usage: yiwang tickets sweep [--loop --interval S] (缺少子命令)")
        stop = threading.Event()
        saved = {}
        if options["loop"]:  # stop between sweeps, never in the middle of one
            for name in ("SIGINT", "SIGTERM"):
                number = getattr(signal, name)
                saved[number] = signal.signal(number, lambda *_a: stop.set())
        try:
            runs = 0
            while True:
                self._sweep_once(as_json=options["json"])
                runs += 1
                if not options["loop"] or (options["max_runs"] and runs >= options["max_runs"]):
                    break
                if stop.wait(options["interval"]):
                    break
        finally:
            for number, handler in saved.items():
                signal.signal(number, handler)

    def _sweep_once(self, *, as_json: bool) -> None:
        from django.db import close_old_connections, connection
        from django.utils import timezone

        from yiwang.tickets.services.supervision import sla_sweep

        if not connection.in_atomic_block:  # a --loop may outlive its connection
            close_old_connections()
        now = timezone.now()
        started = time.perf_counter()
        result = sla_sweep(now=now)
        seconds = time.perf_counter() - started
        if as_json:
            payload = {**asdict(result), "seconds": round(seconds, 4), "at": now.isoformat()}
            self.stdout.write(json.dumps(payload))
        else:
            self.stdout.write(
                f"{timezone.localtime(now):%Y-%m-%d %H:%M:%S} SLA sweep: "
                f"examined {result.examined}, warned {result.warned}, "
                f"overdue {result.overdue} in {seconds:.3f} s "
                f"(巡检 {result.examined} 件，预警 {result.warned} 件，超期 {result.overdue} 件)"
            )
        self.stdout.flush()
