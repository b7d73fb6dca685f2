"""The classifier: training on a small sample, predictions with calibrated confidence, odd
text, and the versioned model store (hot swap, missing and corrupt files)."""

from __future__ import annotations

import dataclasses
import json
import shutil
import time

import numpy as np
import pytest

from yiwang.routing import classify
from yiwang.routing.classify import service, store
from yiwang.routing.classify.evaluate import cross_validate, evaluate
from yiwang.routing.classify.features import document
from yiwang.routing.tests.classify_support import sample


def test_a_trained_model_classifies_unseen_text_with_confidence_and_top_three(trained):
    prediction = classify.predict("我家小区门口的路灯坏了一个月，井盖也松动了，请尽快修理")
    assert prediction.label == "城乡建设"
    assert 0.5 < prediction.confidence <= 1.0
    assert len(prediction.top) == 3
    assert prediction.top[0][1] >= prediction.top[1][1] >= prediction.top[2][1]
    assert abs(sum(p for _l, p in prediction.top) - 1.0) < 0.05  # calibrated probabilities
    assert prediction.model_version == trained.version == classify.current_version()

    school = classify.predict("孩子今年上幼儿园，学校招生学位不够怎么办")
    assert school.label == "教育文体"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        (None, "empty"),
        ("😀😀😀🙏", "no_chinese"),
        ("the street light is broken, please fix", "no_chinese"),
        ("12345 67890", "no_chinese"),
        ("啊", "no_chinese"),
    ],
)
def test_text_without_chinese_content_cannot_be_classified(trained, text, reason):
    prediction = classify.predict(text)
    assert prediction.label is None and not prediction.classified
    assert prediction.reason == reason
    assert prediction.reason_text  # a Chinese sentence for the page and the CLI
    assert prediction.model_version == trained.version


def test_mixed_script_and_huge_text_are_classified_quickly(trained):
    mixed = classify.predict("bus 公交 线路 No.5 站点 😀 停靠 too far")
    assert mixed.label == "交通运输"
    huge = "公交线路站点太远，司机拒载。" * 7200  # about 100,000 characters
    started = time.perf_counter()
    prediction = classify.predict(huge)
    assert prediction.label == "交通运输"
    assert time.perf_counter() - started < 1.0


def test_training_writes_a_versioned_file_with_metadata(trained, model_dir):
    assert trained.path.parent == model_dir
    assert trained.path.name.startswith("routing-") and trained.path.suffix == ".joblib"
    meta = json.loads((model_dir / f"{trained.version}.json").read_text(encoding="utf-8"))
    assert meta["sha256"].startswith(trained.version[-8:])
    assert meta["examples"] == 60 and set(meta["labels"]) == {"城乡建设", "交通运输", "教育文体"}
    assert (model_dir / "current").read_text().strip() == trained.version


def test_a_new_version_is_picked_up_without_restart(trained, model_dir):
    assert classify.predict("路灯 井盖 坏了").model_version == trained.version
    texts, labels = sample(seed=11)
    waiting = service.train(texts, labels, source="test", activate=False)
    assert classify.predict("路灯 井盖 坏了").model_version == trained.version  # not active yet
    store.activate_version(waiting.version)
    assert classify.predict("路灯 井盖 坏了").model_version == waiting.version


def test_no_model_missing_file_and_corrupt_file_are_told_apart(model_dir, _trained_once):
    with pytest.raises(classify.ModelNotTrained):
        classify.predict("路灯坏了")
    shutil.copytree(_trained_once[0], model_dir)
    saved = _trained_once[1]
    saved = dataclasses.replace(saved, path=model_dir / saved.path.name)
    assert classify.predict("路灯坏了").classified

    saved.path.write_bytes(saved.path.read_bytes()[:-100])  # truncated on disk
    store.forget_loaded_model()
    with pytest.raises(classify.ModelCorrupt):
        classify.predict("路灯坏了")

    saved.path.unlink()
    store.forget_loaded_model()
    with pytest.raises(classify.ModelMissing) as missing:
        classify.predict("路灯坏了")
    assert missing.value.problem == "missing"

    (model_dir / "current").write_text("../../etc/passwd\n")
    store.forget_loaded_model()
    with pytest.raises(classify.ModelCorrupt):
        classify.predict("路灯坏了")


def test_training_refuses_a_single_label_and_too_few_examples(model_dir):
    with pytest.raises(ValueError, match="两个类别"):
        service.train(["路灯坏了", "井盖丢了"], ["城乡建设", "城乡建设"], source="test")
    with pytest.raises(ValueError, match="至少需要"):
        service.train(["路灯坏了", "井盖丢了", "公交"], ["城乡建设", "城乡建设", "交通运输"],
                      source="test")  # fmt: skip
    assert not list(model_dir.glob("*.joblib")) if model_dir.exists() else True


def test_evaluation_and_cross_validation_report_the_figures(trained):
    texts, labels = sample(n_per_label=8, seed=99)
    model = store.load(trained.version)
    result = evaluate(model, texts, labels)
    assert result["accuracy"] > 0.9 and result["macro_f1"] > 0.9
    assert set(result["per_class"]) == {"城乡建设", "交通运输", "教育文体"}
    assert result["per_class"]["城乡建设"]["support"] == 8
    assert sum(map(sum, result["confusion_matrix"]["matrix"])) == 24
    assert 0 < result["latency_ms_p50"] <= result["latency_ms_p95"]

    texts, labels = sample(n_per_label=6)
    cv = cross_validate(texts, labels, folds=2)
    assert cv["folds"] == 2 and len(cv["fold_macro_f1"]) == 2
    assert cv["macro_f1"] > 0.7
    with pytest.raises(ValueError, match="交叉验证"):
        cross_validate(texts[:13], labels[:13], folds=3)  # one label has too few


def test_the_one_message_fast_path_matches_scikit_learn(trained):
    model = store.load(trained.version)
    texts, _labels = sample(n_per_label=5, seed=5)
    texts += ["路灯", "公交 公交 公交 线路", "学校老师补课收费，家长反映强烈。" * 50]
    for text in texts:
        doc = document(text)
        fast = model._scorer().probabilities(doc)
        slow = model.probabilities([doc])[0]
        assert np.allclose(fast, slow, atol=1e-9), text
    assert model._scorer().probabilities(["从未见过的词"]) is None
