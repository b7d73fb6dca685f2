"""Benchmarks behind ``yiwang bench <name>``: a registry and the shared tools they use.

An app adds a benchmark in ``<app>/bench.py`` (found by :func:`autodiscover`)::

    register_bench("tickets", run, add_arguments=add_arguments, help="...")

``run(options) -> dict`` returns one JSON object. Benchmarks are not tests: they measure one
run on this machine, on their own throwaway data folder and database, over loopback only.
The tools here are the standard library only (http.client in threads, subprocess), so a
benchmark runs wherever yiwang itself does.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from yiwang.core.bench_sandbox import (  # noqa: F401 — re-exported for the benchmarks
    _KEEP_ENV,
    Sandbox,
    _safe_name,
    bench_database_url,
    make_sandbox,
)

LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Bench:
    name: str
    run: Callable[[dict[str, Any]], dict[str, Any]]
    add_arguments: Callable[[Any], None] | None = None
    help: str = ""


_BENCHES: dict[str, Bench] = {}


def register_bench(
    name: str,
    run: Callable[[dict[str, Any]], dict[str, Any]],
    *,
    add_arguments: Callable[[Any], None] | None = None,
    help: str = "",
) -> Bench:
    bench = Bench(name, run, add_arguments, help)
    _BENCHES[name] = bench
    return bench


def registered_benches() -> list[Bench]:
    return sorted(_BENCHES.values(), key=lambda b: b.name)


def autodiscover() -> None:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("bench")


def progress(message: str) -> None:
    """One line of progress on stderr: stdout carries only the JSON."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- numbers ------------------------------------------------------------------------------------


def percentile(sorted_values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100) of an already sorted list."""
    if not sorted_values:
        return None
    rank = max(1, int(-(-q * len(sorted_values) // 100)))  # ceil(q/100 * n)
    return sorted_values[min(rank, len(sorted_values)) - 1]


def latency_summary(seconds: list[float]) -> dict[str, float | None]:
    values = sorted(seconds)

    def ms(q: float) -> float | None:
        v = percentile(values, q)
        return None if v is None else round(v * 1000, 2)

    return {"p50_ms": ms(50), "p90_ms": ms(90), "p99_ms": ms(99), "max_ms": ms(100)}


# --- the data folder and database a benchmark owns ---------------------------------------------


def measure_in_sandbox(
    name: str, *stage_args: str, data_dir: str | None, keep: bool, timeout: float = 7200
) -> dict[str, Any]:
    """A benchmark whose work runs in a fresh sandbox: migrate it, run ``yiwang bench <name>
    --stage measure <stage_args>`` there (its progress shown), and return that stage's JSON
    with the benchmark's name, the database, the machine and the whole run's seconds."""
    began = time.monotonic()
    sandbox = make_sandbox(data_dir=data_dir, keep=keep)
    try:
        progress(f"sandbox {sandbox.data_dir} ({sandbox.vendor}); migrating")
        sandbox.yiwang("migrate", "--no-input", "-v", "0", timeout=900)
        out = sandbox.yiwang(
            "bench", name, "--stage", "measure", *stage_args, timeout=timeout, show_progress=True
        )
    finally:
        sandbox.close()
    return {
        "benchmark": name,
        "database": sandbox.vendor,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        **json.loads(out),
        "total_seconds": round(time.monotonic() - began, 1),
    }


# --- a server to measure -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


class Server:
    """``yiwang serve`` on a free loopback port, in the sandbox; stopped on exit."""

    def __init__(self, sandbox: Sandbox, *, workers: int, threads: int, start_timeout: float = 90):
        self.sandbox = sandbox
        self.port = free_port()
        self.workers, self.threads = workers, threads
        self.start_timeout = start_timeout
        self.proc: subprocess.Popen | None = None
        self.log_path = sandbox.data_dir / "bench-serve.log"

    def __enter__(self) -> Server:
        log = self.log_path.open("w")
        argv = [sys.executable, "-m", "yiwang", "serve", "--host", LOOPBACK,
                "--port", str(self.port), "--workers", str(self.workers),
                "--threads", str(self.threads)]  # fmt: skip
        self.proc = subprocess.Popen(argv, env=self.sandbox.env, stdout=log, stderr=log)
        log.close()
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"yiwang serve exited:\n{self.log_tail()}")
            try:
                status, _body = request_once(self.port, "GET", "/api/v1/health")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"yiwang serve did not answer in {self.start_timeout:.0f} s")

    def __exit__(self, *exc) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""


def request_once(port: int, method: str, path: str, body: bytes | None = None,
                 headers: dict[str, str] | None = None) -> tuple[int, bytes]:  # fmt: skip
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# --- load ---------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    attempted: int = 0
    ok: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    first_error: str = ""
    bodies: list[bytes] = field(default_factory=list)  # successful responses, when kept

    def as_dict(self, rate_name: str) -> dict[str, Any]:
        return {
            "requests": self.attempted,
            "ok": self.ok,
            "errors": self.attempted - self.ok,
            "seconds": round(self.seconds, 3),
            rate_name: round(self.ok / self.seconds, 1) if self.seconds else None,
            **latency_summary(self.latencies),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            **({"first_error": self.first_error} if self.first_error else {}),
        }


def http_load(
    *,
    port: int,
    method: str,
    path: str,
    total: int,
    clients: int,
    max_seconds: float,
    body: Callable[[int], bytes | None] = lambda i: None,
    headers: dict[str, str] | None = None,
    ok_status: tuple[int, ...] = (200,),
    keep_bodies: bool = False,
) -> LoadResult:
    """``total`` requests from ``clients`` threads, each on its own keep-alive connection,
    all starting together; stops early after ``max_seconds``. Loopback only."""
    result = LoadResult()
    numbers = itertools.count()
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client() -> None:
        conn = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
        mine: list[float] = []
        start.wait()
        try:
            while True:
                i = next(numbers)
                if i >= total or time.monotonic() > stop_at[0]:
                    break
                payload = body(i)
                t0 = time.perf_counter()
                try:
                    conn.request(method, path, body=payload, headers=headers or {})
                    response = conn.getresponse()
                    data = response.read()
                    status = response.status
                except (OSError, http.client.HTTPException) as exc:
                    conn.close()
                    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
                    status, data = 0, repr(exc).encode()
                elapsed = time.perf_counter() - t0
                with lock:
                    result.attempted += 1
                    result.statuses[status] += 1
                    if status in ok_status:
                        result.ok += 1
                        mine.append(elapsed)
                        if keep_bodies:
                            result.bodies.append(data)
                    elif not result.first_error:
                        result.first_error = f"{status}: {data[:500].decode(errors='replace')}"
        finally:
            conn.close()
            with lock:
                result.latencies.extend(mine)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    began = time.monotonic()
    stop_at[0] = began + max_seconds
    start.wait()
    for t in threads:
        t.join(max_seconds + 120)
    result.seconds = time.monotonic() - began
    return result


def json_body(values: dict[str, Any]) -> bytes:
    return json.dumps(values, ensure_ascii=False).encode()
