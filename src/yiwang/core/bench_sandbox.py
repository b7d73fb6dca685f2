"""The data folder and database a benchmark owns: a throwaway ``Sandbox`` (SQLite inside the
folder, or a PostgreSQL database of its own next to DATABASE_URL's) and ``yiwang`` run in it.
``yiwang.core.bench`` re-exports what benchmarks use."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

_KEEP_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT", "VIRTUAL_ENV",
             "YIWANG_TIME_ZONE")  # fmt: skip


@dataclass
class Sandbox:
    """A throwaway data folder, and a database of its own: SQLite inside the folder, or a
    dedicated PostgreSQL database (``<name>_bench`` next to DATABASE_URL's) dropped at the end.
    """

    data_dir: Path
    database_url: str = ""  # empty: SQLite in data_dir
    keep: bool = False
    created_dir: bool = False
    env: dict[str, str] = field(default_factory=dict)

    @property
    def vendor(self) -> str:
        return "postgresql" if self.database_url else "sqlite"

    def yiwang(self, *args: str, timeout: float, show_progress: bool = False) -> str:
        """Run ``yiwang <args>`` in the sandbox; its stdout, or an error with its stderr
        (which goes straight to ours with ``show_progress``)."""
        result = subprocess.run(
            [sys.executable, "-m", "yiwang", *args], env=self.env, stdout=subprocess.PIPE,
            stderr=None if show_progress else subprocess.PIPE, text=True, timeout=timeout,
            check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(
                f"yiwang {' '.join(args)} failed ({result.returncode}):\n"
                f"{(result.stderr or '(see above)')[-4000:]}"
            )
        return result.stdout

    def close(self) -> None:
        if self.keep:
            return
        if self.database_url:
            _drop_database(self.database_url)
        if self.created_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)


def _pg_params(url: str) -> tuple[dict[str, Any], str]:
    parts = urlsplit(url)
    params = {"host": parts.hostname or "localhost", "port": parts.port or 5432,
              "user": parts.username or None, "password": parts.password or None,
              "dbname": "postgres", "autocommit": True, "connect_timeout": 10}  # fmt: skip
    return params, parts.path.lstrip("/")


def _safe_name(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_]{1,60}", name):
        raise ValueError(f"unusable benchmark database name {name!r}")
    return name


def _drop_database(url: str) -> None:
    import psycopg

    params, name = _pg_params(url)
    with psycopg.connect(**params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{_safe_name(name)}" WITH (FORCE)')


def _recreate_database(url: str) -> None:
    import psycopg

    params, name = _pg_params(url)
    with psycopg.connect(**params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{_safe_name(name)}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{_safe_name(name)}"')


def bench_database_url(database_url: str) -> str:
    """The benchmark's own PostgreSQL database: YIWANG_BENCH_DATABASE_URL, or DATABASE_URL
    with ``_bench`` appended to the database name. Never the database itself."""
    explicit = os.environ.get("YIWANG_BENCH_DATABASE_URL", "").strip()
    if explicit:
        url = explicit
    else:
        parts = urlsplit(database_url)
        url = urlunsplit(parts._replace(path=f"/{parts.path.lstrip('/') or 'yiwang'}_bench"))
    if urlsplit(url).path == urlsplit(database_url).path and not explicit:
        raise ValueError("the benchmark database must not be the platform's database")
    return url


def make_sandbox(*, data_dir: str | None = None, keep: bool = False) -> Sandbox:
    """A data folder and database for one run. PostgreSQL when DATABASE_URL points at it."""
    created = data_dir is None
    path = Path(data_dir or tempfile.mkdtemp(prefix="yiwang-bench-")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("DATABASE_URL", "").strip()
    if database_url and urlsplit(database_url).scheme.split("+")[0] not in (
        "postgres",
        "postgresql",
        "pgsql",
    ):
        raise ValueError("yiwang bench supports SQLite (no DATABASE_URL) and PostgreSQL")
    env = {k: v for k, v in os.environ.items() if k in _KEEP_ENV}
    env.update(YIWANG_ENV="development", YIWANG_DATA_DIR=str(path), YIWANG_TASK_BACKEND="db",
               YIWANG_LOG_LEVEL="WARNING", PYTHONUNBUFFERED="1")  # fmt: skip
    sandbox = Sandbox(path, keep=keep, created_dir=created, env=env)
    if database_url:
        sandbox.database_url = bench_database_url(database_url)
        _recreate_database(sandbox.database_url)
        # as in production: pooled connections, not one new connection per request
        env.update(DATABASE_URL=sandbox.database_url, YIWANG_DB_POOL="1")
    return sandbox
