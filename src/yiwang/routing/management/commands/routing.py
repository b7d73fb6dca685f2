"""`yiwang routing <subcommand>`: text intelligence from the command line (DESIGN §3: one entry
point). Each subcommand lives in `yiwang.routing.cli.<module>`; this file only dispatches."""

from __future__ import annotations

import sys
from importlib import import_module

from django.core.management.base import BaseCommand, CommandError

# subcommand -> (module in yiwang.routing.cli, help)
SUBCOMMANDS = {
    "train": ("train", "训练分类模型 / train a classification model"),
    "eval": ("eval", "评估分类模型 / evaluate the classifier on labelled JSONL"),
    "predict": ("predict", "预测分类 / classify one text"),
    "reply-quality": ("reply_quality", "答复质量评分 / score replies"),
    "hotspots": ("hotspots", "热点发现 / discover hotspots"),
}


class Command(BaseCommand):
    help = "智能派单、查重、热点与答复质量 / routing: classification, duplicates, hotspots, replies"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        for name, (module_name, help_text) in SUBCOMMANDS.items():
            sub_parser = sub.add_parser(name, help=help_text)
            module = self._module(module_name)
            if module is not None:
                module.add_arguments(sub_parser)

    def handle(self, *args, **options) -> None:
        module = self._module(SUBCOMMANDS[options["subcommand"]][0])
        if module is None:
            raise CommandError(f"routing {options['subcommand']}: not available")
        status = module.run(options, self.stdout)
        if status:
            sys.exit(status)

    @staticmethod
    def _module(module_name: str):
        try:
            return import_module(f"yiwang.routing.cli.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"yiwang.routing.cli.{module_name}":
                return None  # a subcommand whose module is not written yet
            raise
