"""``yiwang demo``: from an empty folder to a running platform with the demo city in one command.

Data folder → migrate → load the demo city once → background worker (child process) →
production server in this process; stopping the server stops the worker.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from yiwang.core.management.commands.serve import positive_int
from yiwang.core.management.server import (
    PortInUse,
    ServerOptions,
    check_port_free,
    format_bind,
    run_server,
)
from yiwang.demo import content
from yiwang.demo.management.commands.demo_load import (
    describe_tickets,
    load_tickets_with_progress,
    load_with_progress,
    print_logins,
    refuse_production,
)


class Command(BaseCommand):
    help = (
        "Run the platform with the demo city: migrate, load 示范市 once, start the background "
        "worker and serve. 一条命令运行带示范数据的平台。"
    )
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to bind (监听地址)")
        parser.add_argument("--port", type=positive_int, default=8000, help="port (端口)")
        parser.add_argument("--workers", type=positive_int, default=2, help="web processes")
        parser.add_argument("--threads", type=positive_int, default=4, help="threads each")
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start the background worker"
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete the embedded SQLite database first and load the demo city afresh",
        )

    def say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def handle(self, *args, **options) -> None:
        refuse_production()
        host, port = options["host"], options["port"]
        started = time.monotonic()
        try:
            check_port_free(host, port)  # before minutes of work, not after
        except PortInUse as exc:
            raise CommandError(
                f"port {port} is in use ({exc}); try --port {port + 1} "
                f"(端口 {port} 已被占用，请用 --port 指定其他端口)"
            ) from None

        self.say(f"数据目录 data folder: {settings.DATA_DIR}")
        if options["reset"]:
            self.reset_database()
        self.say("准备数据库 migrating the database …")
        call_command("migrate", interactive=False, verbosity=0)
        result = load_with_progress(verbosity=options["verbosity"])
        if result.created:
            self.say(
                f"示范市已载入 demo city loaded: {result.departments} departments, "
                f"{result.staff} staff, {result.citizens} citizens, "
                f"{result.enterprises} enterprises."
            )
        else:
            self.say("复用已有的示范数据 reusing the demo data already in the data folder.")
        self.say(describe_tickets(load_tickets_with_progress(verbosity=options["verbosity"])))
        for line in content.load_demo_content():
            self.say(line)

        worker = None if options["no_worker"] else self.start_worker()
        owner_pid = os.getpid()
        server = ServerOptions(
            host=host, port=port, workers=options["workers"], threads=options["threads"]
        )
        shown_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
        url = f"http://{format_bind(shown_host, port)}/"

        def announce() -> None:
            lines = [
                "",
                f"一网 yiwang 示范市 is running: {url}  (started in "
                f"{time.monotonic() - started:.1f} s)",
                f"  门户 portal     {url}",
                f"  工作台 workbench {url}workbench/",
                f"  接口 API docs   {url}api/v1/docs",
                "",
            ]
            self.say("\n".join(lines))
            print_logins(self.say, result.logins)
            self.say("\n按 Ctrl+C 停止 / press Ctrl+C to stop.\n")

        try:
            run_server(server, on_ready=announce)
        except PortInUse as exc:
            raise CommandError(f"port {port} is in use: {exc} (端口已被占用)") from None
        finally:
            # gunicorn's workers are forks of this process and unwind through here too;
            # only the process that started the background worker may stop it.
            if worker is not None and os.getpid() == owner_pid:
                self.stop_worker(worker)

    def reset_database(self) -> None:
        db = settings.DATABASES["default"]
        if db["ENGINE"] != "django.db.backends.sqlite3":
            raise CommandError(
                "--reset only deletes the embedded SQLite database; drop and recreate a "
                "PostgreSQL database yourself (--reset 仅适用于内置 SQLite 数据库)"
            )
        connections.close_all()
        path = Path(db["NAME"])
        for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            candidate.unlink(missing_ok=True)
        self.say(f"已删除数据库 deleted {path}")

    def start_worker(self) -> subprocess.Popen | None:
        backend = settings.TASKS["default"]["BACKEND"]
        if backend.endswith("ImmediateBackend"):
            return None  # tasks run inline: nothing to start
        commands = get_commands()
        name = next((c for c in ("worker", "db_worker") if c in commands), None)
        if name is None:
            self.stderr.write("no background worker command found; notifications stay queued")
            return None
        env = os.environ | {"YIWANG_DATA_DIR": str(settings.DATA_DIR)}
        # the worker logs a line per task: keep them in the data folder, not on this terminal
        log_path = Path(settings.DATA_DIR) / "worker.log"
        with open(log_path, "ab") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "yiwang", name], env=env, stdout=log, stderr=log
            )
        self.say(
            f"后台任务进程已启动 background worker started (yiwang {name}, pid {proc.pid}; "
            f"日志 log: {log_path})"
        )
        return proc

    def stop_worker(self, proc: subprocess.Popen) -> None:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.say(f"后台任务进程已停止 background worker stopped (pid {proc.pid})")
