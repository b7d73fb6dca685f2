"""The classification experiments of docs/routing.md, reproducible on the board file.

``yiwang routing eval --data FILE --cv 5 --experiments all`` (or a comma list of names below)
prints one JSON line per experiment: macro-F1 over all messages, the mean and spread of the
five fold macro-F1s, accuracy and CPU seconds. Same stratified folds (seed 42) as
``evaluate.cross_validate``. Every view is computed once per fold and cached in memory, so an
experiment costs only its fits (n_jobs=1: the machine is shared).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from functools import cache

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.svm import LinearSVC

from yiwang.routing.classify.features import _joined, _words, document

Split = tuple[csr_matrix, csr_matrix]


class Lab:
    """Segmented texts, folds and cached per-fold views (word / character TF-IDF)."""

    def __init__(self, texts: Sequence[str], labels: Sequence[str], *, folds: int = 5):
        self.docs = [document(t) for t in texts]
        self.classes, self.y = np.unique(np.asarray(labels), return_inverse=True)
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=42)
        self.folds = list(splitter.split(self.docs, self.y))
        self.view = cache(self._view)

    def _view(self, name: str, fold: int) -> Split:
        """``w`` words; ``c12`` / ``c13`` characters; suffixes ``:min2`` (min_df=2) and
        ``:max.5`` (max_df=0.5); ``h18`` / ``h20`` hashed words+chars in 2^n columns."""
        train, test = self.folds[fold]
        base, _, option = name.partition(":")
        extra = {"min2": {"min_df": 2}, "max.5": {"max_df": 0.5}}.get(option, {})
        if base.startswith("h"):
            return self._hashed(int(base[1:]), train, test)
        if base == "w":
            vec = TfidfVectorizer(analyzer=_words, sublinear_tf=True, lowercase=False, **extra)
        else:
            high = int(base[2])
            vec = TfidfVectorizer(analyzer="char", preprocessor=_joined, ngram_range=(1, high),
                                  sublinear_tf=True, lowercase=False, **extra)  # fmt: skip
        fitted = vec.fit_transform([self.docs[i] for i in train])
        return fitted, vec.transform([self.docs[i] for i in test])

    def _hashed(self, bits: int, train, test) -> Split:
        parts = []
        for kind in ("word", "char"):
            analyser = {"analyzer": _words} if kind == "word" else {
                "analyzer": "char", "preprocessor": _joined, "ngram_range": (1, 2)}  # fmt: skip
            hasher = HashingVectorizer(n_features=2**bits, alternate_sign=False, norm=None,
                                       lowercase=False, **analyser)  # fmt: skip
            raw_train = hasher.transform([self.docs[i] for i in train])
            weights = TfidfTransformer(sublinear_tf=True).fit(raw_train)
            raw_test = hasher.transform([self.docs[i] for i in test])
            parts.append((weights.transform(raw_train), weights.transform(raw_test)))
        return _side_by_side(parts)

    def features(self, views: Sequence[str], fold: int) -> Split:
        return _side_by_side([self.view(v, fold) for v in views])

    def scores(self, make: Callable[[], object], views: Sequence[str]) -> np.ndarray:
        """Decision values of every message from the model of the fold that left it out."""
        out = np.zeros((len(self.y), len(self.classes)))
        for fold, (train, test) in enumerate(self.folds):
            x_train, x_test = self.features(views, fold)
            out[test] = make().fit(x_train, self.y[train]).decision_function(x_test)
        return out

    def report(self, name: str, predicted: np.ndarray, started: float) -> dict:
        per_fold = [f1_score(self.y[t], predicted[t], average="macro") for _, t in self.folds]
        return {
            "experiment": name,
            "macro_f1": round(float(f1_score(self.y, predicted, average="macro")), 4),
            "fold_mean": round(float(np.mean(per_fold)), 4),
            "fold_sd": round(float(np.std(per_fold)), 4),
            "accuracy": round(float(accuracy_score(self.y, predicted)), 4),
            "cpu_seconds": round(time.process_time() - started, 1),
        }


def _side_by_side(parts: Sequence[Split]) -> Split:
    return hstack([p[0] for p in parts]).tocsr(), hstack([p[1] for p in parts]).tocsr()


def _svm(c: float = 1.0) -> Callable[[], LinearSVC]:
    return lambda: LinearSVC(C=c, class_weight="balanced")


def _logistic(c: float) -> Callable[[], OneVsRestClassifier]:
    return lambda: OneVsRestClassifier(
        LogisticRegression(C=c, solver="liblinear", class_weight="balanced")
    )


def _zscore(s: np.ndarray) -> np.ndarray:
    return (s - s.mean(axis=1, keepdims=True)) / s.std(axis=1, keepdims=True)


def _stacked(lab: Lab) -> np.ndarray:
    """A word SVM and a character SVM; a logistic regression learns to combine their
    decision values from 3-fold out-of-fold values inside each training fold."""
    k = len(lab.classes)
    out = np.zeros((len(lab.y), k))
    for fold, (train, test) in enumerate(lab.folds):
        views = [lab.view("w", fold), lab.view("c12", fold)]
        y_train = lab.y[train]
        inner = np.zeros((len(train), 2 * k))
        splitter = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
        for fit_idx, held in splitter.split(np.zeros(len(train)), y_train):
            for v, (x_train, _) in enumerate(views):
                svm = _svm()().fit(x_train[fit_idx], y_train[fit_idx])
                inner[held, v * k : (v + 1) * k] = svm.decision_function(x_train[held])
        outer = np.hstack(
            [_svm()().fit(x_tr, y_train).decision_function(x_te) for x_tr, x_te in views]
        )
        meta = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000)
        out[test] = meta.fit(inner, y_train).predict_log_proba(outer)
    return out


def _class_bias(lab: Lab, scores: np.ndarray) -> np.ndarray:
    """Per-class offsets added to the SVM's scores (a prior correction), chosen by coordinate
    search for macro-F1 on the other folds' messages, applied to the held-out fold."""
    predicted = np.zeros(len(lab.y), dtype=int)
    for train, test in lab.folds:
        bias = np.zeros(scores.shape[1])
        for _ in range(3):
            for k in range(len(bias)):
                best, best_f1 = bias[k], -1.0
                for value in np.linspace(-0.3, 0.3, 13):
                    bias[k] = value
                    f1 = f1_score(lab.y[train], (scores[train] + bias).argmax(1), average="macro")
                    if f1 > best_f1 + 1e-9:
                        best, best_f1 = value, f1
                bias[k] = best
        predicted[test] = (scores[test] + bias).argmax(1)
    return predicted


def run_experiments(lab: Lab, names: Sequence[str], emit: Callable[[dict], None]) -> None:
    memo: dict[str, np.ndarray] = {}

    def svm_scores() -> np.ndarray:
        if "svm" not in memo:
            memo["svm"] = lab.scores(_svm(), ["w", "c12"])
        return memo["svm"]

    plain = {
        "svm": (_svm(), ["w", "c12"]),
        "svm_c1.5": (_svm(1.5), ["w", "c12"]),
        "svm_char13": (_svm(), ["w", "c13"]),
        "svm_min_df2": (_svm(), ["w:min2", "c12:min2"]),
        "svm_max_df.5": (_svm(), ["w", "c12:max.5"]),
        "svm_hashed18": (_svm(), ["h18"]),
        "svm_hashed20": (_svm(), ["h20"]),
        "logistic_c10": (_logistic(10.0), ["w", "c12"]),
    }
    for name in names:
        started = time.process_time()
        if name == "svm":
            predicted = svm_scores().argmax(1)
        elif name in plain:
            make, views = plain[name]
            predicted = lab.scores(make, views).argmax(1)
        elif name == "softvote_svm_logistic":
            logistic = lab.scores(_logistic(10.0), ["w", "c12"])
            predicted = (_zscore(svm_scores()) + _zscore(logistic)).argmax(1)
        elif name == "stacked_views":
            predicted = _stacked(lab).argmax(1)
        elif name == "svm_class_bias":
            predicted = _class_bias(lab, svm_scores())
        else:
            raise ValueError(f"unknown experiment {name!r}; known: {', '.join(EXPERIMENTS)}")
        emit(lab.report(name, predicted, started))


EXPERIMENTS = [
    "svm", "svm_c1.5", "svm_char13", "svm_min_df2", "svm_max_df.5", "svm_hashed18",
    "svm_hashed20", "logistic_c10", "softvote_svm_logistic", "stacked_views", "svm_class_bias",
]  # fmt: skip


def main(texts: Sequence[str], labels: Sequence[str], names: str, out) -> None:
    chosen = EXPERIMENTS if names == "all" else [n.strip() for n in names.split(",") if n.strip()]
    unknown = [n for n in chosen if n not in EXPERIMENTS]
    if unknown or not chosen:
        raise ValueError(f"unknown experiment {unknown}; known: {', '.join(EXPERIMENTS)}")
    lab = Lab(texts, labels)

    def emit(row: dict) -> None:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        out.flush()

    run_experiments(lab, chosen, emit)
