"""`yiwang routing eval --data FILE.jsonl [--cv 5] [--model VERSION]`: one JSON object.

Without ``--cv``: the current (or named) model on the file — accuracy, macro_f1, per-class
precision/recall/f1/support, confusion matrix, and per-message latency p50/p95 (raw text in,
label out, one message at a time, this process only).
With ``--cv K``: stratified K-fold cross-validation of the training recipe on the file (the
figure for messages the model never saw; reproduces docs/routing.md), latency measured with
the last fold's model. ``--cv 5 --experiments all|name,...``: the experiments of
docs/routing.md (classify/experiments.py), one JSON line each.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from yiwang.routing.classify import store
from yiwang.routing.classify.data import DataError, read_jsonl
from yiwang.routing.classify.evaluate import cross_validate, evaluate


def add_arguments(parser) -> None:
    parser.add_argument("--data", required=True, help="JSONL 文件，每行含 text 与 label")
    parser.add_argument("--cv", type=int, default=0, metavar="K", help="K 折交叉验证 / K-fold CV")
    parser.add_argument("--model", default="", metavar="VERSION", help="评估指定版本")
    parser.add_argument(
        "--experiments", default="", metavar="NAMES", help="对比实验（all 或逗号分隔的名称）"
    )


def _progress(message: str) -> None:
    print(f"[eval] {message}", file=sys.stderr, flush=True)


def run(options: dict[str, Any], out) -> int:
    try:
        examples = read_jsonl(options["data"])
    except DataError as error:
        out.write(json.dumps({"error": str(error)}, ensure_ascii=False) + "\n")
        return 1
    try:
        if options.get("cv") and options.get("experiments"):
            from yiwang.routing.classify.experiments import main as experiments

            experiments(examples.texts, examples.labels, options["experiments"], out)
            return 0
        if options.get("cv"):
            result = cross_validate(
                examples.texts, examples.labels, folds=options["cv"], progress=_progress
            )
            result = {"mode": f"{options['cv']}-fold cross-validation", **result}
        else:
            version = options.get("model") or store.current_version()
            model = store.load(version)
            result = {"mode": "model", "model_version": version,
                      **evaluate(model, examples.texts, examples.labels)}  # fmt: skip
    except store.ModelUnavailable as error:
        out.write(json.dumps({"error": f"no usable model ({error.problem}): {error}"}) + "\n")
        return 2
    except ValueError as error:
        out.write(json.dumps({"error": str(error)}, ensure_ascii=False) + "\n")
        return 1
    result["skipped_lines"] = len(examples.skipped)
    out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0
