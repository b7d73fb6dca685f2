"""`yiwang routing eval --cv 5 --experiments ...`: the docs' experiments, one JSON line each."""

from __future__ import annotations

import json

from yiwang.routing.tests.classify_support import sample, write_jsonl
from yiwang.routing.tests.test_cli_classify import routing


def test_each_named_experiment_prints_its_cross_validated_figures(tmp_path):
    data = write_jsonl(tmp_path / "labelled.jsonl", *sample(n_per_label=15))
    names = ["svm", "stacked_views", "svm_class_bias", "svm_hashed18", "softvote_svm_logistic"]

    status, out = routing(
        "eval", "--data", str(data), "--cv", "5", "--experiments", ",".join(names)
    )

    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and [r["experiment"] for r in rows] == names
    for row in rows:
        assert 0.8 < row["macro_f1"] <= 1 and 0 <= row["fold_sd"] < 0.2
        assert set(row) >= {"fold_mean", "accuracy", "cpu_seconds"}


def test_an_unknown_experiment_is_named_in_the_error(tmp_path):
    data = write_jsonl(tmp_path / "labelled.jsonl", *sample(n_per_label=5))

    status, out = routing("eval", "--data", str(data), "--cv", "5", "--experiments", "svm,bert")

    assert status == 1 and "bert" in json.loads(out)["error"]


def test_third_round_experiments_run_and_count_conflicting_duplicates(tmp_path, monkeypatch):
    texts, labels = sample(n_per_label=15)
    # one exact copy under another label: the duplicate count must name it
    texts, labels = [*texts, texts[0]], [*labels, next(x for x in labels if x != labels[0])]
    data = write_jsonl(tmp_path / "labelled.jsonl", texts, labels)
    pool = tmp_path / "pool.jsonl"
    pool.write_text(
        "".join(
            json.dumps({"留言主题": t[:8], "留言详情": t}, ensure_ascii=False) + "\n"
            for t in sample(n_per_label=6, seed=7)[0]
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("YIWANG_ROUTING_UNLABELLED", str(pool))
    names = ["duplicates", "svm_head12", "svm_head12_pool_idf", "self_training", "lsa100"]

    status, out = routing(
        "eval", "--data", str(data), "--cv", "5", "--experiments", ",".join(names)
    )

    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and [r["experiment"] for r in rows] == names
    assert rows[0]["conflicting_pairs"] >= 1
    for row in rows[1:]:
        assert 0.8 < row["macro_f1"] <= 1
