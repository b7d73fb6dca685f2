"""`yiwang demo` end to end, as a user runs it: in a subprocess on an empty data folder."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has already exited


def start_demo(cmd, env, port: int, log: Path, *extra: str) -> subprocess.Popen:
    handle = log.open("w")
    return subprocess.Popen(
        [*cmd, "demo", "--port", str(port), "--workers", "1", *extra],
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_until_serving(proc: subprocess.Popen, port: int, log: Path, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"demo exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2) as r:
                return json.loads(r.read())
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    pytest.fail(f"demo did not answer within {timeout} s:\n{log.read_text()}")


def stop(proc: subprocess.Popen, sig=signal.SIGINT) -> int:
    if proc.poll() is None:
        proc.send_signal(sig)
    try:
        return proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail("demo did not stop within 60 s")


def test_demo_serves_the_city_once_and_reuses_it_on_a_second_run(
    yiwang_cmd, cli_env, free_port, yiwang_data_dir, tmp_path
):
    first_log = tmp_path / "first.log"
    # the full 2,000 requests and 300 publications would take this test long
    cli_env = cli_env | {"YIWANG_DEMO_TICKETS": "30", "YIWANG_DEMO_PUBLICATIONS": "20",
                         "YIWANG_DEMO_ROUTING_MODEL": "0"}  # fmt: skip
    proc = start_demo(yiwang_cmd, cli_env, free_port, first_log)
    try:
        assert wait_until_serving(proc, free_port, first_log)["status"] == "ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{free_port}/") as page:
            assert page.status == 200
    finally:
        code = stop(proc)  # Ctrl-C
    out = first_log.read_text()
    assert code == 0, out
    assert (yiwang_data_dir / "yiwang.sqlite3").exists()
    assert "demo city loaded" in out and "200 citizens" in out
    assert "12345 demo data loaded" in out and "30 requests" in out
    assert f"http://127.0.0.1:{free_port}/" in out
    for username in ("citizen", "enterprise", "operator", "dispatcher", "handler",
                     "supervisor", "deptadmin", "admin"):  # fmt: skip
        assert re.search(rf"^\s+{username}\s", out, re.MULTILINE), username
    assert "yiwang2025" in out
    worker = re.search(r"background worker started \(yiwang \S+, pid (\d+); ", out)
    assert worker, out
    assert (yiwang_data_dir / "worker.log").exists()  # its per-task lines stay off the terminal
    assert "background worker stopped" in out
    assert not alive(int(worker.group(1)))

    second_log = tmp_path / "second.log"
    proc = start_demo(yiwang_cmd, cli_env, free_port, second_log, "--no-worker")
    try:
        wait_until_serving(proc, free_port, second_log)
    finally:
        code = stop(proc, signal.SIGTERM)
    out = second_log.read_text()
    assert code == 0, out
    assert "reusing the demo data" in out and "reusing the 12345 demo data" in out
    assert "demo city loaded" not in out
    assert "background worker" not in out


def test_demo_refuses_a_port_in_use_before_doing_any_work(yiwang_cmd, cli_env):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*yiwang_cmd, "demo", "--port", str(port)],
            env=cli_env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode != 0
    assert "--port" in result.stderr
    assert "migrating" not in result.stdout


@pytest.mark.parametrize("command", ["demo", "demo_load"])
def test_demo_data_is_refused_in_production(yiwang_cmd, cli_env, command):
    env = cli_env | {
        "YIWANG_ENV": "production",
        "SECRET_KEY": "p" * 60,
        "YIWANG_PII_KEY": "ab" * 32,
        "ALLOWED_HOSTS": "www.example.gov.cn",
        "DATABASE_URL": "postgres://yiwang@db.invalid:5432/yiwang",  # never reached
    }
    result = subprocess.run(
        [*yiwang_cmd, command], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode != 0
    assert "not for production" in result.stderr
