"""Periodic jobs: a tiny registry and the runner that ``yiwang worker`` starts.

An app registers its jobs in ``<app>/periodic.py`` (found by :func:`autodiscover`)::

    register_periodic("tickets.sla_sweep", 60, run_sla_sweep)

Several workers may run at once (several hosts, or a worker restarted while the old one is
still stopping). Before running a job a worker takes its lease: a row in ``PeriodicLease``
that says who holds the job until when. Taking it is one conditional UPDATE (``expires_at <=
now``), which the database serialises, so in each interval exactly one worker wins and the
others wait until the lease runs out. A worker that dies mid-run loses nothing: its lease
simply expires. The lease is the cheap guard; jobs still have to be safe to run twice
(the SLA sweep locks its rows with SKIP LOCKED), because a run can outlast its interval.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, close_old_connections, connection, connections, transaction
from django.utils import timezone

logger = logging.getLogger("yiwang.periodic")

# How long a worker waits before asking again after another worker's lease has run out.
RETRY_SLACK_SECONDS = 0.2


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every_seconds: float
    func: Callable[[], Any]


_JOBS: dict[str, PeriodicJob] = {}


def register_periodic(name: str, every_seconds: float, func: Callable[[], Any]) -> PeriodicJob:
    """Run ``func()`` every ``every_seconds`` in one of the running workers."""
    if not name or len(name) > 100:
        raise ValueError("a periodic job needs a name of 1 to 100 characters")
    if every_seconds <= 0:
        raise ValueError(f"periodic job {name!r}: every_seconds must be positive")
    job = PeriodicJob(name, float(every_seconds), func)
    existing = _JOBS.get(name)
    if existing is not None and existing != job:
        raise ValueError(f"periodic job {name!r} registered twice with different settings")
    _JOBS[name] = job
    return job


def registered_jobs() -> list[PeriodicJob]:
    return sorted(_JOBS.values(), key=lambda j: j.name)


def autodiscover() -> None:
    """Import every installed app's ``periodic`` module, which registers its jobs."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("periodic")


def new_holder() -> str:
    """A name for one runner, unique across hosts and processes (shown in the lease row)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


# --- the lease --------------------------------------------------------------------------------


def acquire_lease(
    name: str, *, holder: str, seconds: float, now: datetime | None = None
) -> tuple[bool, datetime]:
    """Take the lease on job ``name`` for ``seconds`` unless someone holds it.

    Returns ``(taken, expires_at)``: when not taken, ``expires_at`` says when to ask again.
    """
    from yiwang.core.models import PeriodicLease

    now = now or timezone.now()
    until = now + timedelta(seconds=seconds)
    with transaction.atomic():
        taken = PeriodicLease.objects.filter(name=name, expires_at__lte=now).update(
            holder=holder, expires_at=until, last_started_at=now
        )
        if taken:
            return True, until
        try:
            with transaction.atomic():
                PeriodicLease.objects.create(
                    name=name, holder=holder, expires_at=until, last_started_at=now
                )
            return True, until
        except IntegrityError:  # the row exists and its lease has not run out
            current = (
                PeriodicLease.objects.filter(name=name).values_list("expires_at", flat=True).first()
            )
            return False, current or until


def _record_finish(name: str, *, holder: str, ok: bool, result: str) -> None:
    from yiwang.core.models import PeriodicLease

    PeriodicLease.objects.filter(name=name, holder=holder).update(
        last_finished_at=timezone.now(), last_ok=ok, last_result=result[:500]
    )


@dataclass
class RunOutcome:
    job: str
    ran: bool  # False: another worker holds the lease
    ok: bool = True
    result: Any = None
    seconds: float = 0.0
    next_lease_at: datetime | None = None


def run_job(job: PeriodicJob, *, holder: str, now: datetime | None = None) -> RunOutcome:
    """Run ``job`` once if this holder gets its lease; failures are logged, never raised,
    so one broken job cannot stop the runner or the others."""
    from yiwang.core import context

    taken, expires_at = acquire_lease(job.name, holder=holder, seconds=job.every_seconds, now=now)
    if not taken:
        return RunOutcome(job.name, ran=False, next_lease_at=expires_at)
    started = time.monotonic()
    try:
        with context.bind(request_id=context.new_request_id(), channel="periodic"):
            result = job.func()
    except Exception as exc:
        logger.exception("periodic job %s failed", job.name)
        outcome = RunOutcome(job.name, ran=True, ok=False, result=repr(exc))
    else:
        outcome = RunOutcome(job.name, ran=True, ok=True, result=result)
    outcome.seconds = time.monotonic() - started
    outcome.next_lease_at = expires_at
    try:
        _record_finish(job.name, holder=holder, ok=outcome.ok, result=str(outcome.result))
    except Exception:  # the database may be the thing that failed
        logger.exception("periodic job %s: could not record the result", job.name)
    return outcome


# --- the runner -------------------------------------------------------------------------------


def _drop_stale_connection() -> None:
    # As Django does around each request: a long-lived thread must not keep a connection the
    # server has dropped. Never inside a transaction (a caller's, or a test's).
    if not connection.in_atomic_block:
        close_old_connections()


class PeriodicRunner:
    """Runs the registered jobs on their intervals in a background thread.

    Each job is tried when its interval has passed; a worker that lost the lease tries again
    when that lease runs out, so the job keeps its rhythm even if the winner stops.
    """

    def __init__(
        self,
        jobs: Iterable[PeriodicJob] | None = None,
        *,
        holder: str | None = None,
        tick_seconds: float = 1.0,
        on_outcome: Callable[[RunOutcome], None] | None = None,
    ):
        self.jobs = list(jobs) if jobs is not None else registered_jobs()
        self.holder = holder or new_holder()
        self.tick_seconds = tick_seconds
        self.on_outcome = on_outcome
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._next_try = dict.fromkeys((j.name for j in self.jobs), 0.0)

    def run_pending(self) -> list[RunOutcome]:
        """One pass: run (or try the lease of) every job whose time has come."""
        outcomes = []
        for job in self.jobs:
            if self._stop.is_set():
                break
            if time.monotonic() < self._next_try[job.name]:
                continue
            _drop_stale_connection()
            try:
                outcome = run_job(job, holder=self.holder)
            except Exception:  # no lease at all (database down): try again next interval
                logger.exception("periodic job %s: could not take the lease", job.name)
                self._next_try[job.name] = time.monotonic() + job.every_seconds
                continue
            finally:
                _drop_stale_connection()
            self._next_try[job.name] = time.monotonic() + self._wait_after(job, outcome)
            outcomes.append(outcome)
            if self.on_outcome is not None:
                self.on_outcome(outcome)
        return outcomes

    @staticmethod
    def _wait_after(job: PeriodicJob, outcome: RunOutcome) -> float:
        if outcome.next_lease_at is None:
            return job.every_seconds
        left = (outcome.next_lease_at - timezone.now()).total_seconds()
        return max(left, 0.0) + (0.0 if outcome.ran else RETRY_SLACK_SECONDS)

    def _loop(self) -> None:
        try:
            while not self._stop.is_set():
                self.run_pending()
                self._stop.wait(self.tick_seconds)
        finally:
            connections.close_all()  # this thread's connections only

    def start(self) -> threading.Thread:
        if self._thread is not None:
            return self._thread
        self._thread = threading.Thread(target=self._loop, name="yiwang-periodic", daemon=True)
        self._thread.start()
        return self._thread

    def run_forever(self) -> None:
        """Run in the calling thread until :meth:`stop` (from a signal handler or a thread)."""
        self._loop()

    def stop(self, timeout: float | None = 10.0) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
