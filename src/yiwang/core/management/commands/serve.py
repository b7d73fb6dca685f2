from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yiwang.core.management.server import PortInUse, ServerOptions, format_bind, run_server


def positive_int(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError(raw)
    return value


class Command(BaseCommand):
    help = (
        "Serve the platform with a production WSGI server (gunicorn, gthread workers). "
        "Static files are served by the app. Stops gracefully on SIGINT/SIGTERM. "
        "以生产级 WSGI 服务器运行平台。"
    )
    requires_system_checks = []  # `yiwang check --deploy` is the place for checks

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to bind (监听地址)")
        parser.add_argument("--port", type=positive_int, default=8000, help="port (端口)")
        parser.add_argument(
            "--workers",
            type=positive_int,
            default=2,
            help="worker processes (工作进程数); about 2 per CPU core behind nginx",
        )
        parser.add_argument(
            "--threads", type=positive_int, default=4, help="threads per worker (每进程线程数)"
        )
        parser.add_argument(
            "--timeout", type=positive_int, default=60, help="seconds before a stuck worker dies"
        )
        parser.add_argument(
            "--access-log", action="store_true", help="log each request to stderr (访问日志)"
        )

    def handle(self, *args, **options) -> None:
        server = ServerOptions(
            host=options["host"],
            port=options["port"],
            workers=options["workers"],
            threads=options["threads"],
            timeout=options["timeout"],
            access_log=options["access_log"],
        )
        url = f"http://{format_bind(server.host, server.port)}/"

        def announce() -> None:
            self.stdout.write(f"yiwang: serving on {url} (服务已启动)", ending="\n")
            self.stdout.flush()

        try:
            run_server(server, on_ready=announce)
        except PortInUse as exc:
            raise CommandError(
                f"cannot listen on {format_bind(server.host, server.port)}: {exc}; "
                f"choose another with --port "
                f"(端口 {server.port} 已被占用，请用 --port 指定其他端口)"
            ) from None
