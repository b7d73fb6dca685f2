"""``yiwang worker``: run the background worker that fits the configured task backend.

- django-tasks-db (the embedded default): django_tasks_db's ``db_worker``.
- django-tasks-rq (REDIS_URL set): django_rq's ``rqworker`` with the Job class django-tasks-rq
  needs and RQ's scheduler, which releases retries deferred with ``run_after``.
- the immediate backend runs tasks inside the request; there is nothing to run.

Periodic jobs (yiwang.core.periodic: the SLA sweep ...) run in a background thread of the
worker unless ``--no-periodic``; with the immediate backend ``yiwang worker`` runs only them.
Several workers may run at once: a lease per job lets one of them run it each interval.
"""

from __future__ import annotations

import signal
from contextlib import contextmanager

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


@contextmanager
def _signals_restored():
    # The db worker installs its own SIGINT/SIGTERM handlers; put the caller's back afterwards
    # (matters when the command is called in-process, e.g. by tests or `yiwang demo`).
    names = [s for s in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, s)]
    saved = {name: signal.getsignal(getattr(signal, name)) for name in names}
    try:
        yield
    finally:
        for name, handler in saved.items():
            if handler is not None:
                signal.signal(getattr(signal, name), handler)


class Command(BaseCommand):
    help = "Run the background worker for the configured task backend (运行后台任务进程)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend", default="default", help="TASKS alias to work for (default: default)"
        )
        parser.add_argument(
            "--queue",
            action="append",
            dest="queues",
            help="queue to process; repeat or separate with commas (default: all the "
            "backend's queues)",
        )
        parser.add_argument(
            "--once",
            "--batch",
            action="store_true",
            dest="once",
            help="process what is queued now, then exit (db: --batch, rq: --burst)",
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="exit after this many tasks"
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="db backend: seconds between polls when idle (default 1)",
        )
        parser.add_argument(
            "--worker-id", default=None, help="a name for this worker, unique in the pool"
        )
        parser.add_argument(
            "--no-periodic",
            action="store_true",
            help="do not run periodic jobs (SLA sweep ...) in this worker",
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="rq backend: do not run RQ's scheduler (retries wait for another worker's)",
        )

    def handle(self, *args, **options):
        from django_tasks import task_backends
        from django_tasks.exceptions import InvalidTaskBackendError

        alias = options["backend"]
        try:
            backend = task_backends[alias]
        except InvalidTaskBackendError as exc:
            raise CommandError(f"no task backend {alias!r} in TASKS (未配置该任务后端)") from exc
        path = f"{type(backend).__module__}.{type(backend).__qualname__}"
        queues = []
        for item in options["queues"] or []:
            queues += [q.strip() for q in item.split(",") if q.strip()]
        queues = queues or sorted(backend.queues) or ["default"]
        verbosity = options["verbosity"]
        periodic = None
        if not options["once"] and not options["no_periodic"]:
            periodic = self._start_periodic(verbosity, foreground=_is_immediate(backend))
            if periodic is not None and _is_immediate(backend):
                return  # ran in the foreground until stopped
        try:
            self._run_backend(backend, alias, path, queues, options, verbosity)
        finally:
            if periodic is not None:
                periodic.stop()

    def _run_backend(self, backend, alias, path, queues, options, verbosity) -> None:
        if _is_db_backend(backend):
            self._say(f"yiwang worker: django-tasks-db ({path}), queues {', '.join(queues)}")
            argv = [
                "--backend",
                alias,
                "--queue-name",
                ",".join(queues),
                "--interval",
                str(options["interval"]),
                "--no-reload",
            ]
            if options["once"]:
                argv += ["--batch", "--no-startup-delay"]
            if options["max_tasks"]:
                argv += ["--max-tasks", str(options["max_tasks"])]
            if options["worker_id"]:
                argv += ["--worker-id", options["worker_id"]]
            with _signals_restored():
                call_command("db_worker", *argv, verbosity=verbosity)
        elif _is_rq_backend(backend):
            self._say(f"yiwang worker: django-tasks-rq ({path}), queues {', '.join(queues)}")
            argv = [*queues, "--job-class", "django_tasks_rq.Job"]
            if not options["no_scheduler"]:
                argv.append("--with-scheduler")
            if options["once"]:
                argv.append("--burst")
            if options["max_tasks"]:
                argv += ["--max-jobs", str(options["max_tasks"])]
            if options["worker_id"]:
                argv += ["--name", options["worker_id"]]
            call_command("rqworker", *argv, verbosity=verbosity)
        else:
            self._say(
                f"yiwang worker: {path} runs tasks in the calling process; no worker is needed "
                f"(该任务后端无需后台进程)"
            )

    def _start_periodic(self, verbosity: int, *, foreground: bool):
        """Start the periodic jobs: in a thread beside the task worker, or (immediate backend,
        which has no worker of its own) in this thread until SIGINT/SIGTERM."""
        from yiwang.core.periodic import PeriodicRunner, autodiscover, registered_jobs

        autodiscover()
        jobs = registered_jobs()
        if not jobs:
            return None

        def report(outcome) -> None:
            if outcome.ran and (verbosity >= 2 or not outcome.ok):
                status = "ok" if outcome.ok else "failed"
                self._say(
                    f"periodic {outcome.job}: {status} in {outcome.seconds:.2f} s: {outcome.result}"
                )

        runner = PeriodicRunner(jobs, on_outcome=report)
        names = ", ".join(f"{j.name} every {j.every_seconds:g} s" for j in jobs)
        self._say(f"yiwang worker: periodic jobs {names} (定时任务, holder {runner.holder})")
        if not foreground:
            runner.start()
            return runner
        self._say("yiwang worker: tasks run in the calling process; running periodic jobs only")
        with _signals_restored():
            for name in ("SIGINT", "SIGTERM"):
                signal.signal(getattr(signal, name), lambda *_a: runner.stop(timeout=0))
            runner.run_forever()
        return runner

    def _say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()


def _is_db_backend(backend) -> bool:
    try:
        from django_tasks_db import DatabaseBackend
    except ImportError:  # pragma: no cover - always installed with yiwang
        return False
    return isinstance(backend, DatabaseBackend)


def _is_immediate(backend) -> bool:
    return not (_is_db_backend(backend) or _is_rq_backend(backend))


def _is_rq_backend(backend) -> bool:
    try:
        from django_tasks_rq import RQBackend
    except ImportError:  # pragma: no cover
        return False
    return isinstance(backend, RQBackend)
