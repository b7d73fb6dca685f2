"""CPU time of the work itself, apart from the wait for a core.

On a busy machine the wall clock measures the other processes as much as the code. The CPU
a query costs does not depend on them: this process's thread CPU (Python, the driver, and on
SQLite the engine itself, which runs in-process) plus, on PostgreSQL, the CPU of the server
process that answered (``/proc/<pid>/schedstat``: nanoseconds on a CPU; readable when the
server runs on this machine, as in the benchmark). Where the server's figure cannot be read
(a remote server), only the client's is reported and ``server`` stays None.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.db import connection


class CpuMeter:
    """``start()`` then ``stop() -> (client_s, server_s | None)`` around one piece of work."""

    def __init__(self) -> None:
        self._pid_for: tuple[int, int] | None = None  # (id of the DB-API connection, pid)
        self._client0 = 0.0
        self._server0: int | None = None

    def _server_pid(self) -> int | None:
        if connection.vendor != "postgresql":
            return None
        connection.ensure_connection()
        raw = id(connection.connection)
        if self._pid_for is None or self._pid_for[0] != raw:
            with connection.cursor() as cur:
                cur.execute("SELECT pg_backend_pid()")
                self._pid_for = (raw, cur.fetchone()[0])
        return self._pid_for[1]

    def _server_ns(self) -> int | None:
        pid = self._server_pid()
        if pid is None:
            return None
        try:
            return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def start(self) -> None:
        self._server0 = self._server_ns()
        self._client0 = time.thread_time()

    def stop(self) -> tuple[float, float | None]:
        client = time.thread_time() - self._client0
        if self._server0 is None:
            return client, None
        after = self._server_ns()
        return client, None if after is None else (after - self._server0) / 1e9


def server_cpu_seconds() -> float | None:
    """CPU seconds the server process of this connection has used so far (PostgreSQL on
    this machine), or None."""
    ns = CpuMeter()._server_ns()
    return None if ns is None else ns / 1e9
