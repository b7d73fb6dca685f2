"""``yiwang bench routing``: train the classifier on labelled JSONL (timed) and measure one
prediction at a time on raw text (p50/p95/p99 ms, this process, one core) — one JSON object.

The model is trained into a throwaway folder, never the live model folder. Defaults to the
shared board data (``../shared/data/messages-labelled-train.jsonl`` next to the repository).
"""

from __future__ import annotations

import os
import platform
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from yiwang.core.bench import latency_summary, percentile, progress, register_bench

DEFAULT_DATA = Path(__file__).resolve().parents[4] / ".." / "shared" / "data"
DEFAULT_FILE = "messages-labelled-train.jsonl"


def add_arguments(parser) -> None:
    parser.add_argument("--data", default=str(DEFAULT_DATA / DEFAULT_FILE), help="labelled JSONL")
    parser.add_argument("--messages", type=int, default=2000, help="predictions to time")
    parser.add_argument("--seed", type=int, default=7)


def run(options: dict[str, Any]) -> dict[str, Any]:
    from yiwang.routing.classify import service, store
    from yiwang.routing.classify.data import read_jsonl

    examples = read_jsonl(options["data"])
    progress(f"{len(examples)} labelled messages from {options['data']}")
    folder = tempfile.mkdtemp(prefix="yiwang-routing-bench-")
    previous = os.environ.get("YIWANG_ROUTING_MODEL_DIR")
    os.environ["YIWANG_ROUTING_MODEL_DIR"] = folder
    try:
        store.forget_loaded_model()
        started, started_cpu = time.perf_counter(), time.process_time()
        saved = service.train(examples.texts, examples.labels, source="bench", progress=progress)
        training_seconds = time.perf_counter() - started
        training_cpu = time.process_time() - started_cpu
        model = store.load(saved.version)
        texts = list(examples.texts)
        random.Random(options["seed"]).shuffle(texts)
        texts = texts[: options["messages"]]
        model.predict(texts[0])
        timings, cpu = [], []
        for text in texts:
            t0, c0 = time.perf_counter(), time.thread_time()
            model.predict(text)
            cpu.append(time.thread_time() - c0)
            timings.append(time.perf_counter() - t0)
        cpu.sort()
        long_text = "小区路灯坏了，晚上出行不便。" * 7200  # 100,000 characters
        t0 = time.perf_counter()
        model.predict(long_text)
        long_ms = round((time.perf_counter() - t0) * 1000, 2)
    finally:
        if previous is None:
            os.environ.pop("YIWANG_ROUTING_MODEL_DIR", None)
        else:
            os.environ["YIWANG_ROUTING_MODEL_DIR"] = previous
        store.forget_loaded_model()
        for path in Path(folder).glob("*"):
            path.unlink()
        Path(folder).rmdir()
    latency = latency_summary(timings)
    return {
        "bench": "routing",
        "examples": len(examples),
        "training_seconds": round(training_seconds, 1),
        "training_cpu_seconds": round(training_cpu, 1),
        "model_bytes": saved.metadata["bytes"],
        "features": saved.metadata["features"],
        "predictions": len(timings),
        "predict_p50_ms": latency["p50_ms"],
        "predict_p95_ms": round(percentile(sorted(timings), 95) * 1000, 2),
        "predict_p99_ms": latency["p99_ms"],
        "predict_max_ms": latency["max_ms"],
        # this thread's CPU time: what one core takes, without the waits of a shared machine
        "predict_cpu_p50_ms": round(percentile(cpu, 50) * 1000, 2),
        "predict_cpu_p95_ms": round(percentile(cpu, 95) * 1000, 2),
        "load_average_1m": round(os.getloadavg()[0], 1),
        "predict_100k_chars_ms": long_ms,
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
    }


register_bench(
    "routing", run, add_arguments=add_arguments,
    help="智能派单：训练耗时与单条预测延迟 / classifier training time and predict latency",
)  # fmt: skip
