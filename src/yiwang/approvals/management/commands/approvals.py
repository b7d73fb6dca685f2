"""``yiwang approvals``: process definitions and the clock sweep, for operators.

yiwang approvals definitions list
yiwang approvals definitions load               # the processes that ship with yiwang
yiwang approvals definitions upload FILE.bpmn   # validated; becomes the next version
yiwang approvals sweep [--json]                 # time-limit warnings, overdue, step timers
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yiwang.core.errors import YiwangError, in_language


class Command(BaseCommand):
    help = "联审联办 operations: process definitions (list/load/upload) and the clock sweep."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", metavar="{definitions,sweep}")
        definitions = sub.add_parser("definitions", help="BPMN process definitions (审批流程)")
        action = definitions.add_subparsers(dest="action", metavar="{list,load,upload}")
        action.add_parser("list", help="every stored version")
        action.add_parser("load", help="load the shipped processes (idempotent)")
        upload = action.add_parser("upload", help="validate and store a BPMN 2.0 file")
        upload.add_argument("file", type=Path)
        upload.add_argument("--note", default="")
        sweep = sub.add_parser("sweep", help="run the clock sweep once (办结时限巡检)")
        sweep.add_argument("--json", action="store_true")

    def handle(self, *args, **options) -> None:
        subcommand = options.get("subcommand")
        try:
            if subcommand == "definitions":
                self._definitions(options)
            elif subcommand == "sweep":
                from yiwang.approvals.services.sweep import clock_sweep

                result = clock_sweep()
                if options["json"]:
                    self.stdout.write(json.dumps(result))
                else:
                    self.stdout.write(
                        f"warned {result['warned']}, overdue {result['overdue']}, "
                        f"step timers {result['step_timers']}"
                    )
            else:
                raise CommandError("usage: yiwang approvals {definitions,sweep} ... (缺少子命令)")
        except YiwangError as exc:
            lines = [in_language(exc.detail, "zh-hans")]
            lines += [in_language(e.message, "zh-hans") for e in exc.field_errors]
            lines += [in_language(e.message, "en") for e in exc.field_errors]
            raise CommandError("\n".join(dict.fromkeys(lines))) from None

    def _definitions(self, options) -> None:
        from yiwang.approvals.models import ProcessDefinition
        from yiwang.approvals.services import definitions as service

        action = options.get("action")
        if action == "list":
            for d in ProcessDefinition.objects.order_by("key", "version"):
                mark = "*" if d.is_current else " "
                self.stdout.write(f"{mark} {d.key} v{d.version}  {d.name}  {d.sha256[:12]}")
        elif action == "load":
            for d in service.definitions_load_shipped(actor=None):
                self.stdout.write(f"{d.key} v{d.version}")
        elif action == "upload":
            path: Path = options["file"]
            if not path.is_file():
                raise CommandError(f"no such file: {path}")
            d = service.definition_upload(actor=None, bpmn_xml=path.read_bytes(),
                                          note=options["note"])  # fmt: skip
            self.stdout.write(f"{d.key} v{d.version}")
        else:
            raise CommandError("usage: yiwang approvals definitions {list,load,upload FILE}")
