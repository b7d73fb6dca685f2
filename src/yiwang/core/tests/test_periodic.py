"""Periodic jobs: the registry, the lease that stops two workers running a job in the same
interval, the runner thread, and ``yiwang worker`` starting it."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from yiwang.core import periodic
from yiwang.core.models import PeriodicLease

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return f"call {self.calls}"


def test_register_rejects_bad_jobs_and_conflicting_twins():
    func = Counter()
    with pytest.raises(ValueError):
        periodic.register_periodic("", 60, func)
    with pytest.raises(ValueError):
        periodic.register_periodic("test.zero", 0, func)
    job = periodic.register_periodic("test.twin", 60, func)
    assert periodic.register_periodic("test.twin", 60, func) == job  # re-import is fine
    with pytest.raises(ValueError):
        periodic.register_periodic("test.twin", 30, func)


def test_the_sla_sweep_is_registered_every_minute():
    periodic.autodiscover()
    jobs = {j.name: j for j in periodic.registered_jobs()}
    assert jobs["tickets.sla_sweep"].every_seconds == 60


def test_lease_is_held_until_it_expires():
    now = timezone.now()
    assert periodic.acquire_lease("test.lease", holder="a", seconds=60, now=now) == (
        True,
        now + timedelta(seconds=60),
    )
    taken, until = periodic.acquire_lease(
        "test.lease", holder="b", seconds=60, now=now + timedelta(seconds=59)
    )
    assert not taken and until == now + timedelta(seconds=60)
    # the holder itself does not get a second run in the same interval either
    assert not periodic.acquire_lease("test.lease", holder="a", seconds=60, now=now)[0]
    assert periodic.acquire_lease(
        "test.lease", holder="b", seconds=60, now=now + timedelta(seconds=60)
    )[0]
    assert PeriodicLease.objects.get(name="test.lease").holder == "b"


def test_two_workers_run_a_job_once_per_interval():
    func = Counter()
    job = periodic.PeriodicJob("test.once", 60, func)
    first = periodic.run_job(job, holder="worker-1")
    second = periodic.run_job(job, holder="worker-2")
    assert first.ran and first.ok and first.result == "call 1"
    assert not second.ran and second.next_lease_at == first.next_lease_at
    assert func.calls == 1
    lease = PeriodicLease.objects.get(name="test.once")
    assert lease.holder == "worker-1" and lease.last_ok is True
    assert lease.last_result == "call 1" and lease.last_finished_at is not None

    later = timezone.now() + timedelta(seconds=61)
    assert periodic.run_job(job, holder="worker-2", now=later).ran
    assert func.calls == 2


def test_a_failing_job_is_recorded_and_does_not_stop_the_runner():
    def broken():
        raise RuntimeError("boom")

    good = Counter()
    runner = periodic.PeriodicRunner(
        [
            periodic.PeriodicJob("test.broken", 60, broken),
            periodic.PeriodicJob("test.good", 60, good),
        ],
        holder="w",
    )
    outcomes = {o.job: o for o in runner.run_pending()}
    assert outcomes["test.broken"].ran and not outcomes["test.broken"].ok
    assert "boom" in outcomes["test.broken"].result
    assert outcomes["test.good"].ok and good.calls == 1
    assert PeriodicLease.objects.get(name="test.broken").last_ok is False


def test_runner_waits_for_the_interval_and_a_loser_for_the_lease():
    func = Counter()
    job = periodic.PeriodicJob("test.rhythm", 60, func)
    winner = periodic.PeriodicRunner([job], holder="winner")
    loser = periodic.PeriodicRunner([job], holder="loser")
    assert [o.ran for o in winner.run_pending()] == [True]
    assert [o.ran for o in loser.run_pending()] == [False]
    # neither asks again before the interval (or the other's lease) is over
    assert winner.run_pending() == [] and loser.run_pending() == []
    assert func.calls == 1
    assert 55 < loser._next_try["test.rhythm"] - time.monotonic() <= 61


@pytest.mark.django_db(transaction=True)
def test_runner_thread_runs_jobs_and_stops():
    ran = threading.Event()

    def job():
        ran.set()
        return "done"

    runner = periodic.PeriodicRunner(
        [periodic.PeriodicJob("test.thread", 60, job)], tick_seconds=0.05
    )
    runner.start()
    try:
        assert ran.wait(10)
    finally:
        runner.stop(timeout=10)
    assert not runner._thread.is_alive()
    assert PeriodicLease.objects.get(name="test.thread").holder == runner.holder


@pytest.mark.django_db(transaction=True)
def test_worker_runs_periodic_jobs_beside_the_task_worker(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ran = threading.Event()
    monkeypatch.setattr(periodic, "_JOBS", {})
    monkeypatch.setattr(periodic, "autodiscover", lambda: None)
    periodic.register_periodic("test.worker", 60, ran.set)
    seen = {}

    def fake_db_worker(name, *args, **kwargs):
        # the task worker runs in the foreground while the periodic thread works beside it
        seen["name"] = name
        seen["periodic ran"] = ran.wait(10)

    monkeypatch.setattr("yiwang.notify.management.commands.worker.call_command", fake_db_worker)
    out = StringIO()
    call_command("worker", stdout=out)
    assert seen == {"name": "db_worker", "periodic ran": True}
    assert "test.worker every 60 s" in out.getvalue()
    assert [t for t in threading.enumerate() if t.name == "yiwang-periodic"] == []


def test_worker_once_and_no_periodic_leave_periodic_jobs_alone(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(
        "yiwang.notify.management.commands.worker.call_command", lambda *a, **k: None
    )
    for argv in (["--once"], ["--no-periodic"]):
        out = StringIO()
        call_command("worker", *argv, stdout=out)
        assert "periodic" not in out.getvalue()
    assert not PeriodicLease.objects.exists()


def test_worker_with_the_immediate_backend_runs_only_periodic_jobs(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    func = Counter()
    monkeypatch.setattr(periodic, "_JOBS", {})
    monkeypatch.setattr(periodic, "autodiscover", lambda: None)
    periodic.register_periodic("test.foreground", 60, func)
    # one pass instead of running until a signal
    monkeypatch.setattr(periodic.PeriodicRunner, "run_forever", periodic.PeriodicRunner.run_pending)
    out = StringIO()
    call_command("worker", stdout=out)
    assert func.calls == 1
    assert "running periodic jobs only" in out.getvalue()
    assert "no worker is needed" not in out.getvalue()
