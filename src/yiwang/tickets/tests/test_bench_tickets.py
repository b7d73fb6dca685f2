"""Smoke test of ``yiwang bench tickets`` with tiny numbers: it runs end to end in its own
sandbox and prints one JSON object with every figure. Timings are not checked."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection


def test_bench_tickets_prints_one_json_object(yiwang_cmd, cli_env, tmp_path):
    sandbox = tmp_path / "sandbox"
    env = dict(cli_env)
    if connection.vendor == "postgresql":  # the same run against the suite's server
        url = os.environ["DATABASE_URL"]
        parts = urlsplit(url)
        env["DATABASE_URL"] = url
        env["YIWANG_BENCH_DATABASE_URL"] = urlunsplit(
            parts._replace(path=f"/yiwang_bench_smoke_{os.getpid()}")
        )
    proc = subprocess.Popen(
        [*yiwang_cmd, "bench", "tickets", "--requests", "20", "--open-tickets", "2000",
         "--tracking-samples", "10", "--clients", "4", "--workers", "1", "--threads", "2",
         "--data-dir", str(sandbox)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,  # on a hang, stop the server and stages it started too
    )  # fmt: skip
    try:
        out, err = proc.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(f"yiwang bench tickets hung:\n{err[-3000:]}")
    assert proc.returncode == 0, err[-3000:]
    report = json.loads(out)  # stdout is the JSON and nothing else
    assert report["database"] == connection.vendor
    for key in ("intake_tickets_per_s", "health_requests_per_s", "intake_to_health_ratio",
                "tracking_p50_ms", "tracking_p99_ms", "sla_sweep_seconds"):  # fmt: skip
        assert isinstance(report[key], int | float), key
    assert report["intake"]["ok"] == 20 and report["intake"]["errors"] == 0
    assert report["health"]["ok"] == 20
    assert report["tracking"]["samples"] == 10
    sweep = report["sla_sweep"]
    assert sweep["open_tickets"] == 2000 and sweep["due"] == 10
    assert (sweep["examined"], sweep["warned"], sweep["overdue"]) == (10, 5, 5)
    if connection.vendor == "sqlite":  # PostgreSQL may rightly scan a table this small
        assert sweep["uses_sla_index"] is True
    # the server it started was stopped, gracefully
    assert "Shutting down: Master" in (sandbox / "bench-serve.log").read_text()
