"""The suite's PostgreSQL guard (root conftest.py): an unreachable server fails a CI run and
skips, with a clear reason, everywhere else."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[4]
SOME_FAST_TESTS = "src/yiwang/demo/tests/test_identities.py"


@pytest.fixture
def unreachable_pg_env() -> dict[str, str]:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"CI", "DATABASE_URL"} and not k.startswith(("PYTEST_", "YIWANG_"))
    }
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{port}/yiwang_test"
    return env


def run_pytest(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", SOME_FAST_TESTS],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_unreachable_postgres_fails_a_ci_run_loudly(unreachable_pg_env):
    result = run_pytest(unreachable_pg_env | {"CI": "true"})

    assert result.returncode not in (0, 5), result.stdout
    assert "PostgreSQL is not reachable" in result.stdout + result.stderr
    assert " passed" not in result.stdout


def test_unreachable_postgres_skips_every_test_with_the_reason_outside_ci(unreachable_pg_env):
    result = run_pytest(unreachable_pg_env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "PostgreSQL is not reachable" in result.stdout
    assert " skipped" in result.stdout and " passed" not in result.stdout
