"""The demo's classifier: trained once from the board's labelled messages when they are there.

The labelled file is never part of the repository; it is read at run time from
``$YIWANG_SHARED_DIR/data`` or ``../shared/data`` beside the checkout. Without it (or with
``YIWANG_DEMO_ROUTING_MODEL=0``, which the demo's own tests set: training takes ~20 s of CPU)
new tickets are routed by the dispatch rules, as on a fresh installation.
"""

from __future__ import annotations

import os
from pathlib import Path

from yiwang.core.config import env_bool

LABELLED_FILE = "messages-labelled-train.jsonl"
SKIP_ENV = "YIWANG_DEMO_ROUTING_MODEL"


def shared_dir() -> Path:
    override = os.environ.get("YIWANG_SHARED_DIR", "").strip()
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[4].parent / "shared"


def labelled_file() -> Path:
    return shared_dir() / "data" / LABELLED_FILE


def _usable_current_version() -> str:
    from yiwang.routing.classify import ModelUnavailable, store

    try:
        return store.current_model().version if store.current_version() else ""
    except ModelUnavailable:
        return ""  # a broken pointer or file: train a new one


def load_demo_model() -> str:
    """Train and activate a model unless one is current; one console line says what happened."""
    if not env_bool(SKIP_ENV, default=True):
        return f"智能派单模型：已跳过（{SKIP_ENV}=0），按派单规则派单 / routing model skipped."
    current = _usable_current_version()
    if current:
        return f"复用已有的智能派单模型 / reusing the routing model {current}."
    path = labelled_file()
    if not path.is_file():
        return (
            f"智能派单：未找到 {path}，新工单按派单目录规则派单"
            f" / no labelled messages at {path}: the dispatch rules route new tickets."
        )
    from yiwang.routing.classify import service
    from yiwang.routing.classify.data import read_jsonl

    examples = read_jsonl(path)
    saved = service.train(examples.texts, examples.labels, source=str(path), activate=True)
    seconds = saved.metadata.get("training_seconds")
    return (
        f"智能派单模型 routing model: {saved.version}, {len(examples)} 条留言 messages, "
        f"训练 trained in {seconds} s."
    )
