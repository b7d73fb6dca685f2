"""``yiwang bench <name>``: run one benchmark and print its result as one JSON object.

Benchmarks live in the apps (``<app>/bench.py``, see yiwang.core.bench); each measures one
run on its own throwaway data folder and database, over loopback. Progress goes to stderr,
so stdout is exactly the JSON.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yiwang.core import bench


class Command(BaseCommand):
    help = "Run a benchmark and print one JSON object (性能基准测试): yiwang bench tickets"
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        bench.autodiscover()
        sub = parser.add_subparsers(dest="bench", metavar="{" + ",".join(
            b.name for b in bench.registered_benches()) + "}")  # fmt: skip
        for item in bench.registered_benches():
            child = sub.add_parser(item.name, help=item.help, description=item.help)
            if item.add_arguments is not None:
                item.add_arguments(child)

    def handle(self, *args, **options) -> None:
        name = options.get("bench")
        found = {b.name: b for b in bench.registered_benches()}
        if name not in found:
            raise CommandError(
                f"usage: yiwang bench {{{','.join(found)}}} [options] (请指定基准测试名称)"
            )
        try:
            result = found[name].run(options)
        except (RuntimeError, ValueError) as exc:
            raise CommandError(f"bench {name}: {exc}") from None
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        self.stdout.flush()
