"""The classification experiments of docs/routing.md, reproducible on the board file.

``yiwang routing eval --data FILE --cv 5 --experiments all`` (or a comma list of names below)
prints one JSON line per experiment: macro-F1 over all messages, the mean and spread of the
five fold macro-F1s, accuracy and CPU seconds. Same stratified folds (seed 42) as
``evaluate.cross_validate``. Every view is computed once per fold and cached in memory, so an
experiment costs only its fits (n_jobs=1: the machine is shared).
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Sequence
from functools import cache

import numpy as np
from scipy.sparse import csr_matrix, hstack, vstack
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

from yiwang.routing.classify.features import _joined, _words, document

Split = tuple[csr_matrix, csr_matrix]

HEAD_TOKENS = 12
NEAR_COPY = 0.8
_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")


def _head(doc: list[str]) -> list[str]:
    return doc[:HEAD_TOKENS]


def _head_joined(doc: list[str]) -> str:
    return "".join(doc[:HEAD_TOKENS])


def _han_joined(doc: list[str]) -> str:
    return _NOT_HAN.sub(" ", "".join(doc))


def _pool_texts() -> list[str]:
    """Unlabelled board messages (subject + description) named by YIWANG_ROUTING_UNLABELLED."""
    paths = [p for p in os.environ.get("YIWANG_ROUTING_UNLABELLED", "").split(":") if p]
    if not paths:
        raise ValueError("set YIWANG_ROUTING_UNLABELLED to the unlabelled JSONL file(s)")
    texts = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    row = json.loads(line)
                    subject, body = row.get("留言主题") or "", row.get("留言详情") or ""
                    texts.append(row.get("text") or f"{subject} {body}")
    return texts


class Lab:
    """Segmented texts, folds and cached per-fold views (word / character TF-IDF)."""

    def __init__(self, texts: Sequence[str], labels: Sequence[str], *, folds: int = 5):
        self.docs = [document(t) for t in texts]
        self.classes, self.y = np.unique(np.asarray(labels), return_inverse=True)
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=42)
        self.folds = list(splitter.split(self.docs, self.y))
        self.view = cache(self._view)
        self._pool: list[list[str]] | None = None

    @property
    def pool(self) -> list[list[str]]:
        """The unlabelled messages, near copies of labelled ones left out (no labels used)."""
        if self._pool is None:
            docs = [document(t) for t in _pool_texts()]
            vec = TfidfVectorizer(analyzer=_words, sublinear_tf=True, lowercase=False)
            labelled = vec.fit_transform(self.docs)
            nearest = (vec.transform(docs) @ labelled.T).max(axis=1).toarray().ravel()
            self._pool = [d for d, s in zip(docs, nearest, strict=True) if s <= NEAR_COPY]
        return self._pool

    def _vectoriser(self, base: str, extra: dict) -> TfidfVectorizer:
        common = {"sublinear_tf": True, "lowercase": False, **extra}
        if base in ("w", "hw"):
            return TfidfVectorizer(analyzer=_words if base == "w" else _head, **common)
        if base == "hc":
            return TfidfVectorizer(analyzer="char", preprocessor=_head_joined,
                                   ngram_range=(1, 2), **common)  # fmt: skip
        if base == "c12han":
            return TfidfVectorizer(analyzer="char", preprocessor=_han_joined,
                                   ngram_range=(1, 2), **common)  # fmt: skip
        high = int(base[2])
        return TfidfVectorizer(analyzer="char", preprocessor=_joined, ngram_range=(1, high),
                               **common)  # fmt: skip

    def _view(self, name: str, fold: int) -> Split:
        """``w`` words; ``c12`` / ``c13`` characters; ``c12han`` characters of the Han text
        only; ``hw`` / ``hc`` words / characters 1-2 of the first HEAD_TOKENS tokens;
        suffixes ``:min2`` (min_df=2), ``:max.5`` (max_df=0.5), ``:pool`` (vocabulary and IDF
        fitted on the training fold plus the unlabelled pool); ``h18`` / ``h20`` hashed
        words+chars in 2^n columns."""
        train, test = self.folds[fold]
        base, _, option = name.partition(":")
        extra = {"min2": {"min_df": 2}, "max.5": {"max_df": 0.5}}.get(option, {})
        if base in ("h18", "h20"):
            return self._hashed(int(base[1:]), train, test)
        vec = self._vectoriser(base, extra)
        train_docs = [self.docs[i] for i in train]
        vec.fit(train_docs + self.pool if option == "pool" else train_docs)
        return vec.transform(train_docs), vec.transform([self.docs[i] for i in test])

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
        """Views side by side; ``name*0.7`` scales a view (its rows then have norm 0.7)."""
        parts = []
        for spec in views:
            name, _, weight = spec.partition("*")
            x_train, x_test = self.view(name, fold)
            w = float(weight or 1)
            parts.append((x_train * w, x_test * w) if w != 1 else (x_train, x_test))
        return _side_by_side(parts)

    def pool_view(self, views: Sequence[str], fold: int) -> csr_matrix:
        """The unlabelled pool in the same columns as ``features(views, fold)`` (refits the
        training fold's vectorisers: only self-training needs it)."""
        train, _ = self.folds[fold]
        parts = []
        for spec in views:
            name, _, weight = spec.partition("*")
            vec = self._vectoriser(name.partition(":")[0], {})
            vec.fit([self.docs[i] for i in train])
            parts.append(vec.transform(self.pool) * float(weight or 1))
        return hstack(parts).tocsr()

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


HEAD_VIEWS = ["w", "c12", "hw*0.7", "hc*0.7"]


def _self_training(lab: Lab, margin: float, weight: float) -> np.ndarray:
    """One round: the fold's SVM labels the pool; messages whose top margin beats the
    runner-up by ``margin`` join the training fold with ``weight``; the SVM is refitted."""
    out = np.zeros((len(lab.y), len(lab.classes)))
    for fold, (train, test) in enumerate(lab.folds):
        x_train, x_test = lab.features(HEAD_VIEWS, fold)
        x_pool = lab.pool_view(HEAD_VIEWS, fold)
        if x_pool.shape[0] == 0:
            raise ValueError("the unlabelled pool is empty (all near copies of labelled text)")
        scores = _svm()().fit(x_train, lab.y[train]).decision_function(x_pool)
        ranked = np.sort(scores, axis=1)
        keep = ranked[:, -1] - ranked[:, -2] > margin
        weights = np.r_[np.ones(len(train)), np.full(int(keep.sum()), weight)]
        y_all = np.r_[lab.y[train], scores.argmax(1)[keep]]
        svm = _svm()().fit(vstack([x_train, x_pool[keep]]), y_all, sample_weight=weights)
        out[test] = svm.decision_function(x_test)
    return out


def _lsa(lab: Lab, components: int, weight: float) -> np.ndarray:
    """Head views plus an LSA block: truncated SVD of the word TF-IDF of the training fold and
    the unlabelled pool (co-occurrence from ~13k texts), rows L2-normalised, scaled."""
    out = np.zeros((len(lab.y), len(lab.classes)))
    for fold, (train, test) in enumerate(lab.folds):
        x_train, x_test = lab.features(HEAD_VIEWS, fold)
        train_docs = [lab.docs[i] for i in train]
        vec = TfidfVectorizer(analyzer=_words, sublinear_tf=True, lowercase=False)
        counts = vec.fit_transform(train_docs + lab.pool)
        svd = TruncatedSVD(min(components, counts.shape[1] - 1), random_state=42).fit(counts)
        z_train = normalize(svd.transform(vec.transform(train_docs))) * weight
        z_test = normalize(svd.transform(vec.transform([lab.docs[i] for i in test]))) * weight
        svm = _svm()().fit(hstack([x_train, csr_matrix(z_train)]).tocsr(), lab.y[train])
        out[test] = svm.decision_function(hstack([x_test, csr_matrix(z_test)]).tocsr())
    return out


def duplicates(lab: Lab, threshold: float = 0.9) -> dict:
    """Near-duplicate pairs (word TF-IDF cosine > threshold) and how many disagree on label."""
    vec = TfidfVectorizer(analyzer=_words, sublinear_tf=True, lowercase=False)
    x = vec.fit_transform(lab.docs)
    rows, cols = (x @ x.T > threshold).nonzero()
    pairs = [(a, b) for a, b in zip(rows, cols, strict=True) if a < b]
    conflicts = [(a, b) for a, b in pairs if lab.y[a] != lab.y[b]]
    return {
        "experiment": "duplicates",
        "threshold": threshold,
        "pairs": len(pairs),
        "messages": len({i for p in pairs for i in p}),
        "conflicting_pairs": len(conflicts),
        "conflicting_messages": len({i for p in conflicts for i in p}),
    }


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
        "svm_head12": (_svm(), HEAD_VIEWS),
        "svm_head12_x0.5": (_svm(), ["w", "c12", "hw*0.5", "hc*0.5"]),
        "svm_head12_x1": (_svm(), ["w", "c12", "hw", "hc"]),
        "svm_head12_c0.7": (_svm(0.7), HEAD_VIEWS),
        "svm_head12_c1.5": (_svm(1.5), HEAD_VIEWS),
        "svm_head12_pool_idf": (_svm(), ["w:pool", "c12:pool", "hw*0.7", "hc*0.7"]),
        "svm_head12_han_chars": (_svm(), ["w", "c12han", "hw*0.7", "hc*0.7"]),
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
        elif name == "duplicates":
            emit(duplicates(lab))
            continue
        elif name == "self_training":
            predicted = _self_training(lab, margin=0.5, weight=1.0).argmax(1)
        elif name == "self_training_m1_w0.3":
            predicted = _self_training(lab, margin=1.0, weight=0.3).argmax(1)
        elif name == "lsa100":
            predicted = _lsa(lab, 100, 0.5).argmax(1)
        else:
            raise ValueError(f"unknown experiment {name!r}; known: {', '.join(EXPERIMENTS)}")
        emit(lab.report(name, predicted, started))


EXPERIMENTS = [
    "svm", "svm_c1.5", "svm_char13", "svm_min_df2", "svm_max_df.5", "svm_hashed18",
    "svm_hashed20", "logistic_c10", "softvote_svm_logistic", "stacked_views", "svm_class_bias",
    "duplicates", "svm_head12", "svm_head12_x0.5", "svm_head12_x1", "svm_head12_c0.7",
    "svm_head12_c1.5", "svm_head12_han_chars", "svm_head12_pool_idf", "self_training",
    "self_training_m1_w0.3", "lsa100",
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
