"""The production web server behind ``yiwang serve`` and ``yiwang demo``: gunicorn, embedded.

Embedding gunicorn through its ``BaseApplication`` keeps one entry point (``yiwang``) and one
configuration (the environment) instead of a second command line and config file to learn.
gthread workers: a few processes with several threads each suit a Django app that mostly
waits on its database.
"""

from __future__ import annotations

import errno
import signal
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter


@dataclass(frozen=True)
class ServerOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    threads: int = 4
    timeout: int = 60
    graceful_timeout: int = 30
    access_log: bool = False
    log_level: str = "info"


class PortInUse(Exception):
    """The address is taken; raised before gunicorn starts so the message can say what to do."""


def format_bind(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # Same option gunicorn sets, so a port in TIME_WAIT from a previous run is not "in use".
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                raise PortInUse(str(exc)) from exc
            raise


class _GracefulArbiter(Arbiter):
    # gunicorn treats SIGINT (Ctrl-C) as a quick shutdown that drops requests in flight;
    # an operator pressing Ctrl-C expects the same graceful stop as SIGTERM.
    def handle_int(self):
        raise StopIteration


def _worker_graceful_sigint(worker) -> None:
    # Ctrl-C reaches the workers too (same process group). Let them finish their requests.
    signal.signal(signal.SIGINT, worker.handle_exit)


class YiwangServer(BaseApplication):
    def __init__(self, options: ServerOptions, on_ready: Callable[[], None] | None = None):
        self.options = options
        self.on_ready = on_ready
        super().__init__(prog="yiwang serve")

    def load_config(self) -> None:
        opts = self.options
        settings = {
            "bind": [format_bind(opts.host, opts.port)],
            "workers": opts.workers,
            "worker_class": "gthread",
            "threads": opts.threads,
            "timeout": opts.timeout,
            "graceful_timeout": opts.graceful_timeout,
            # Load Django once in the master and fork: faster start, less memory.
            "preload_app": True,
            "accesslog": "-" if opts.access_log else None,
            "errorlog": "-",
            "loglevel": opts.log_level,
            "proc_name": "yiwang",
            "post_worker_init": _worker_graceful_sigint,
            "when_ready": self._when_ready,
            # Newer gunicorn opens a control socket at one fixed per-user path; two servers on
            # one machine (several `yiwang serve` behind nginx, parallel tests) would collide.
            "control_socket_disable": True,
        }
        for key, value in settings.items():
            if key in self.cfg.settings:
                self.cfg.set(key, value)

    def _when_ready(self, _arbiter) -> None:
        if self.on_ready is not None:
            self.on_ready()

    def load(self):
        from django.core.wsgi import get_wsgi_application
        from django.urls import get_resolver

        application = get_wsgi_application()
        # Import every URLconf (and so every view and API module) here, once, before forking:
        # a broken import stops the start with its traceback instead of a 500 per request.
        get_resolver().url_patterns  # noqa: B018
        return application

    def run(self) -> None:
        _GracefulArbiter(self).run()


def run_server(options: ServerOptions, *, on_ready: Callable[[], None] | None = None) -> None:
    """Serve until SIGINT/SIGTERM. Raises PortInUse before starting if the port is taken.

    gunicorn ends by raising SystemExit; callers that must clean up use try/finally.
    """
    from django.conf import settings
    from django.db import connections

    check_port_free(options.host, options.port)
    # whitenoise warns at every start when the collected-static folder is absent.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    # Workers are forked from this process: never let them share a database connection.
    connections.close_all()
    YiwangServer(options, on_ready=on_ready).run()
