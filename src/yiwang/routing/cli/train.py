"""`yiwang routing train --data FILE.jsonl | --from-db [--activate]`: train a new model version.

The new version becomes current with ``--activate``, or when there is no current model yet;
otherwise it waits in the model folder (``yiwang routing eval --model VERSION`` compares it)."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.apps import apps

from yiwang.routing.classify import history, service, store
from yiwang.routing.classify.data import DataError, read_jsonl


def add_arguments(parser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--data", help="JSONL 文件，每行含 text 与 label / labelled JSONL")
    source.add_argument(
        "--from-db", action="store_true", help="用本市已办结工单训练 / train on handled tickets"
    )
    parser.add_argument(
        "--activate", action="store_true", help="训练后立即启用 / make the new model current"
    )
    parser.add_argument(
        "--activate-version",
        metavar="VERSION",
        default="",
        help="只切换到已有版本，不训练 / switch to an existing version without training",
    )


def _progress(message: str) -> None:
    print(f"[train] {message}", file=sys.stderr, flush=True)


def _from_db() -> tuple[list[str], list[str], str]:
    # the sources register when their app's modules load (tickets: smart_dispatch)
    for config in apps.get_app_configs():
        if config.name == "yiwang.tickets":
            import yiwang.tickets.services.smart_dispatch  # noqa: F401
    texts, labels, counts = history.examples()
    return texts, labels, "db:" + ",".join(f"{k}={v}" for k, v in counts.items())


def run(options: dict[str, Any], out) -> int:
    if options.get("activate_version"):
        try:
            store.activate_version(options["activate_version"])
        except store.ModelUnavailable:
            out.write(f"没有该模型版本 / no such model version: {options['activate_version']}\n")
            return 1
        out.write(json.dumps({"activated": options["activate_version"]}) + "\n")
        return 0
    try:
        if not options.get("from_db") and not options.get("data"):
            out.write("请指定 --data FILE.jsonl 或 --from-db / give --data or --from-db\n")
            return 1
        if options.get("from_db"):
            texts, labels, source = _from_db()
        else:
            examples = read_jsonl(options["data"])
            texts, labels, source = examples.texts, examples.labels, f"file:{options['data']}"
            if examples.skipped:
                _progress(f"skipped {len(examples.skipped)} unusable lines")
        activate = options.get("activate") or not store.current_version()
        saved = service.train(texts, labels, source=source, activate=activate, progress=_progress)
    except (DataError, ValueError) as error:
        out.write(f"无法训练 / cannot train: {error}\n")
        return 1
    meta = saved.metadata
    out.write(json.dumps({
        "version": saved.version, "path": str(saved.path), "activated": activate,
        "examples": meta["examples"], "label_counts": meta["label_counts"],
        "features": meta["features"], "training_seconds": meta["training_seconds"],
        "bytes": meta["bytes"], "source": source,
    }, ensure_ascii=False) + "\n")  # fmt: skip
    return 0
