"""The benchmark tools: percentiles, the load generator, the sandbox database name, the CLI."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from yiwang.core import bench


def test_nearest_rank_percentiles():
    values = sorted(float(v) for v in range(1, 101))
    assert bench.percentile(values, 50) == 50
    assert bench.percentile(values, 99) == 99
    assert bench.percentile(values, 100) == 100
    assert bench.percentile([7.0], 99) == 7.0
    assert bench.percentile([], 50) is None
    assert bench.latency_summary([0.001, 0.002, 0.003])["p50_ms"] == 2.0


def test_bench_database_is_never_the_platform_database(monkeypatch):
    monkeypatch.delenv("YIWANG_BENCH_DATABASE_URL", raising=False)
    url = bench.bench_database_url("postgres://postgres@127.0.0.1:5432/yiwang")
    assert url == "postgres://postgres@127.0.0.1:5432/yiwang_bench"
    monkeypatch.setenv("YIWANG_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1/elsewhere")
    assert bench.bench_database_url("postgres://x@h/yiwang").endswith("/elsewhere")
    with pytest.raises(ValueError):
        bench._safe_name('x"; DROP DATABASE yiwang; --')


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn speaks it

    def do_GET(self):
        status = 500 if self.path.endswith("fail") else 200
        body = b'{"ok": true}'
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = ThreadingHTTPServer((bench.LOOPBACK, 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_http_load_counts_every_request_and_keeps_the_first_error(local_server):
    ok = bench.http_load(port=local_server, method="GET", path="/health", total=30, clients=3,
                         max_seconds=30)  # fmt: skip
    assert (ok.attempted, ok.ok, dict(ok.statuses)) == (30, 30, {200: 30})
    assert len(ok.latencies) == 30 and ok.seconds > 0
    summary = ok.as_dict("requests_per_s")
    assert summary["errors"] == 0 and summary["requests_per_s"] > 0
    failing = bench.http_load(port=local_server, method="GET", path="/fail", total=5, clients=2,
                              max_seconds=30)  # fmt: skip
    assert (failing.ok, failing.statuses[500]) == (0, 5)
    assert failing.first_error.startswith("500:")


def test_bench_command_lists_the_benchmarks():
    with pytest.raises(CommandError, match="tickets"):
        call_command("bench", stdout=StringIO())
