"""`yiwang routing train / eval / predict` on a small sample the test writes itself."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from yiwang.routing.tests.classify_support import sample, write_jsonl

SHARED = Path(__file__).resolve().parents[4] / ".." / "shared" / "data"


def routing(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("routing", *args, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_train_eval_predict_round_trip(model_dir, tmp_path):
    texts, labels = sample()
    data = write_jsonl(tmp_path / "train.jsonl", texts, labels)
    status, out = routing("train", "--data", str(data))
    assert status == 0
    trained = json.loads(out)
    assert trained["activated"] is True and trained["examples"] == 60  # the first model
    assert (model_dir / f"{trained['version']}.joblib").is_file()

    held_out = write_jsonl(tmp_path / "test.jsonl", *sample(n_per_label=5, seed=42))
    status, out = routing("eval", "--data", str(held_out))
    figures = json.loads(out)  # one JSON object
    assert status == 0 and figures["model_version"] == trained["version"]
    for key in ("accuracy", "macro_f1", "per_class", "confusion_matrix", "latency_ms_p50",
                "latency_ms_p95"):  # fmt: skip
        assert key in figures
    assert figures["macro_f1"] > 0.9
    assert figures["per_class"]["交通运输"]["support"] == 5
    assert figures["confusion_matrix"]["labels"] == sorted(set(labels))

    status, out = routing("eval", "--data", str(data), "--cv", "2")
    cv = json.loads(out)
    assert status == 0 and cv["folds"] == 2 and len(cv["fold_macro_f1"]) == 2
    assert cv["latency_ms_p95"] is not None

    status, out = routing("predict", "学校招生学位不够，孩子入学难")
    assert status == 0
    assert "教育文体" in out and trained["version"] in out and "置信度" in out

    status, out = routing("predict", "--json", "😀😀")
    assert status == 0 and json.loads(out)["label"] is None


def test_a_second_training_waits_unless_activated(model_dir, tmp_path):
    data = write_jsonl(tmp_path / "train.jsonl", *sample())
    first = json.loads(routing("train", "--data", str(data))[1])
    second = json.loads(routing("train", "--data", str(data))[1])
    assert second["activated"] is False
    assert (model_dir / "current").read_text().strip() == first["version"]
    status, _out = routing("train", "--activate-version", second["version"])
    assert status == 0
    assert (model_dir / "current").read_text().strip() == second["version"]


@pytest.mark.parametrize(
    "content",
    ["", "not json\n", '{"text": "路灯坏了"}\n', '{"text": "", "label": "x"}\n'],
)
def test_unusable_training_files_are_refused_clearly(model_dir, tmp_path, content):
    data = tmp_path / "bad.jsonl"
    data.write_text(content, encoding="utf-8")
    status, out = routing("train", "--data", str(data))
    assert status == 1 and "无法训练" in out
    assert not model_dir.exists() or not list(model_dir.glob("*.joblib"))


def test_missing_file_and_missing_model_are_errors_not_tracebacks(model_dir, tmp_path):
    status, out = routing("train", "--data", str(tmp_path / "nowhere.jsonl"))
    assert status == 1 and "找不到文件" in out
    status, out = routing("predict", "路灯坏了")
    assert status == 2 and "没有可用的分类模型" in out
    data = write_jsonl(tmp_path / "d.jsonl", *sample(n_per_label=3))
    status, out = routing("eval", "--data", str(data))
    assert status == 2 and "error" in json.loads(out)


def test_cross_validation_on_the_board_data_reaches_the_documented_figure(tmp_path):
    """Slow (minutes): run with YIWANG_ROUTING_FULL_CV=1. Reproduces docs/routing.md."""
    import os

    data = SHARED / "messages-labelled-train.jsonl"
    if not data.is_file():
        pytest.skip("../shared/data not present")
    if os.environ.get("YIWANG_ROUTING_FULL_CV") != "1":
        pytest.skip("set YIWANG_ROUTING_FULL_CV=1 to run the 5-fold CV on the board data")
    status, out = routing("eval", "--data", str(data), "--cv", "5")
    result = json.loads(out)
    assert status == 0 and result["macro_f1"] >= 0.91
    assert result["latency_ms_p95"] <= 5
