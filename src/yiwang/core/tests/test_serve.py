"""``yiwang serve`` is a real server: it answers over HTTP and stops cleanly on SIGTERM."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest


def wait_for_health(url: str, proc: subprocess.Popen, deadline: float) -> dict:
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"server exited with {proc.returncode}:\n{out}\n{err}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return json.loads(response.read())
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last_error = exc
            time.sleep(0.2)
    pytest.fail(f"no answer from {url}: {last_error}")


def stop(proc: subprocess.Popen) -> tuple[str, str]:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        return proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.communicate()


def test_serve_answers_health_and_stops_gracefully(yiwang_cmd, cli_env, free_port):
    # A migrated database is not needed: health only runs SELECT 1.
    proc = subprocess.Popen(
        [*yiwang_cmd, "serve", "--port", str(free_port), "--workers", "1", "--threads", "2"],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        body = wait_for_health(
            f"http://127.0.0.1:{free_port}/api/v1/health", proc, time.monotonic() + 60
        )
        assert body["status"] == "ok"
        assert body["database"] == "sqlite"
        with urllib.request.urlopen(f"http://127.0.0.1:{free_port}/static/yiwang/site.css") as r:
            assert r.status == 200  # static files come from the app, not a CDN
    finally:
        out, err = stop(proc)
    assert proc.returncode == 0, err
    assert f"http://127.0.0.1:{free_port}/" in out
    assert "gunicorn" in err  # the production server, never runserver


def test_serve_on_a_taken_port_says_so(yiwang_cmd, cli_env):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        result = subprocess.run(
            [*yiwang_cmd, "serve", "--port", str(port)],
            env=cli_env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    assert result.returncode != 0
    assert "--port" in result.stderr
    assert "已被占用" in result.stderr
