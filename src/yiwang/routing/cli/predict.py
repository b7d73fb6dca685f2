"""`yiwang routing predict "文本"`: the label, its confidence, the top 3 and the model version —
or "cannot classify" and why."""

from __future__ import annotations

import json
from typing import Any

from yiwang.routing.classify import ModelUnavailable, predict


def add_arguments(parser) -> None:
    parser.add_argument("text", help="待分类的文本 / text to classify")
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")


def run(options: dict[str, Any], out) -> int:
    try:
        prediction = predict(options["text"])
    except ModelUnavailable as error:
        out.write(
            f"没有可用的分类模型（{error.problem}）：请先运行 yiwang routing train"
            f" / no usable model ({error.problem}: {error})\n"
        )
        return 2
    if options.get("json"):
        out.write(json.dumps(prediction.as_dict(), ensure_ascii=False) + "\n")
        return 0
    if not prediction.classified:
        out.write(f"无法分类 / cannot classify: {prediction.reason_text} ({prediction.reason})\n")
        out.write(f"模型版本 / model: {prediction.model_version}\n")
        return 0
    out.write(f"分类 / label: {prediction.label}\n")
    out.write(f"置信度 / confidence: {prediction.confidence:.3f}\n")
    out.write("前三 / top 3: " + "；".join(f"{lb} {p:.3f}" for lb, p in prediction.top) + "\n")
    out.write(f"模型版本 / model: {prediction.model_version}\n")
    return 0
