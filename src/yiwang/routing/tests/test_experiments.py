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
