"""Figures for a classifier: accuracy, macro-F1, per-class scores, confusion matrix, latency,
and stratified k-fold cross-validation of the training recipe."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)
from sklearn.model_selection import StratifiedKFold

from yiwang.core.bench import percentile
from yiwang.routing.classify.features import document
from yiwang.routing.classify.model import TextClassifier
from yiwang.routing.classify.training import TrainingRecipe, fit

LATENCY_SAMPLE = 1000
CALIBRATION_BINS = 10


def calibration(confidences: Sequence[float], correct: Sequence[bool]) -> dict[str, Any]:
    """Expected calibration error over 10 equal-width confidence bins (0 is perfect), and for
    the auto-dispatch view: the share of messages at or above 0.9 and their accuracy."""
    conf = np.asarray(confidences, dtype=float)
    hit = np.asarray(correct, dtype=bool)
    if not len(conf):
        return {}
    bins = np.minimum((conf * CALIBRATION_BINS).astype(int), CALIBRATION_BINS - 1)
    ece = 0.0
    for b in range(CALIBRATION_BINS):
        members = bins == b
        if members.any():
            ece += members.mean() * abs(conf[members].mean() - hit[members].mean())
    confident = conf >= 0.9
    return {
        "ece": round(float(ece), 4),
        "share_confidence_ge_0_9": round(float(confident.mean()), 4),
        "accuracy_confidence_ge_0_9": round(float(hit[confident].mean()), 4)
        if confident.any()
        else None,
    }


def _predict_with_confidence(model: TextClassifier, docs: list[list[str]]):
    probs = model.probabilities(docs)
    best = probs.argmax(axis=1)
    return [model.labels[i] for i in best], probs[np.arange(len(docs)), best].tolist()


def scores(truth: Sequence[str], predicted: Sequence[str], labels: list[str]) -> dict[str, Any]:
    """accuracy, macro_f1, per_class {label: precision, recall, f1, support}, confusion matrix
    (rows: true label, columns: predicted, in ``labels`` order)."""
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    macro_f1 = f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)
    return {
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "macro_f1": round(float(macro_f1), 4),
        "per_class": {
            label: {
                "precision": round(float(precision[i]), 4),
                "recall": round(float(recall[i]), 4),
                "f1": round(float(f1[i]), 4),
                "support": int(support[i]),
            }
            for i, label in enumerate(labels)
        },
        "confusion_matrix": {
            "labels": labels,
            "matrix": confusion_matrix(truth, predicted, labels=labels).tolist(),
        },
    }


def latency(model: TextClassifier, texts: Sequence[str], *, sample: int = LATENCY_SAMPLE):
    """Per-message time of one ``model.predict(raw text)`` call (segmentation included), over
    up to ``sample`` texts: {wall p50, wall p95, cpu p50, cpu p95} in ms. CPU time is this
    thread's own: on a machine shared with other work it is what one core would take, while
    wall time also counts the waits for a core."""
    chosen = list(texts)[:sample]
    if chosen:
        model.predict(chosen[0])  # warm caches (jieba dictionary) outside the measurement
    wall, cpu = [], []
    for text in chosen:
        start, start_cpu = time.perf_counter(), time.thread_time()
        model.predict(text)
        cpu.append(time.thread_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    wall.sort()
    cpu.sort()

    def ms(values: list[float], q: float) -> float | None:
        value = percentile(values, q)
        return None if value is None else round(value * 1000, 3)

    return {
        "latency_ms_p50": ms(wall, 50),
        "latency_ms_p95": ms(wall, 95),
        "cpu_ms_p50": ms(cpu, 50),
        "cpu_ms_p95": ms(cpu, 95),
    }


def evaluate(model: TextClassifier, texts: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """The model's figures on labelled texts it may or may not have seen."""
    docs = [document(t) for t in texts]
    predicted, confidence = _predict_with_confidence(model, docs)
    known = sorted(set(model.labels) | set(labels))
    result = scores(list(labels), predicted, known)
    result["calibration"] = calibration(
        confidence, [p == t for p, t in zip(predicted, labels, strict=True)]
    )
    result.update(examples=len(docs), **latency(model, texts))
    return result


def cross_validate(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    folds: int = 5,
    recipe: TrainingRecipe | None = None,
    seed: int = 42,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Stratified k-fold CV of the training recipe: every message is predicted once by a
    model that never saw it. Texts are segmented once and reused by every fold."""
    recipe = recipe or TrainingRecipe()
    y = np.asarray(labels)
    counts = {label: int((y == label).sum()) for label in sorted(set(labels))}
    smallest = min(counts.values())
    if folds < 2 or smallest < folds:
        raise ValueError(
            f"每个类别至少需要 {folds} 条样本才能做 {folds} 折交叉验证"
            f"（最少的类别只有 {smallest} 条）"
            f" / every label needs at least {folds} examples for {folds}-fold CV"
        )
    docs = [document(t) for t in texts]
    predicted = np.empty(len(docs), dtype=object)
    confidence = np.zeros(len(docs))
    fold_f1 = []
    started = time.perf_counter()
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for number, (train_idx, test_idx) in enumerate(splitter.split(docs, y), start=1):
        model = fit([docs[i] for i in train_idx], list(y[train_idx]), recipe=recipe)
        fold_pred, fold_conf = _predict_with_confidence(model, [docs[i] for i in test_idx])
        predicted[test_idx] = fold_pred
        confidence[test_idx] = fold_conf
        fold_f1.append(f1_score(y[test_idx], fold_pred, average="macro"))
        if progress:
            progress(f"fold {number}/{folds}: macro-F1 {fold_f1[-1]:.4f}")
    result = scores(list(y), list(predicted), sorted(counts))
    result["calibration"] = calibration(confidence, list(predicted == y))
    # latency of the last fold's model on its own unseen messages: raw text in, label out
    result.update(
        examples=len(docs),
        **latency(model, [texts[i] for i in test_idx]),
        folds=folds,
        fold_macro_f1=[round(float(v), 4) for v in fold_f1],
        macro_f1_mean=round(float(np.mean(fold_f1)), 4),
        macro_f1_std=round(float(np.std(fold_f1)), 4),
        seconds=round(time.perf_counter() - started, 1),
    )
    return result
