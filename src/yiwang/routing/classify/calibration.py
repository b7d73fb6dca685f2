"""Calibrated probabilities for a linear SVM: temperature scaling of its decision values.

The SVM's margins rank the classes well but are no probabilities. Out-of-fold margins (each
training message scored by a model that did not see it) are turned into probabilities by a
softmax with one temperature T, chosen to minimise the log-loss of those out-of-fold
predictions; the final SVM is then trained on everything. One parameter cannot overfit a few
thousand messages, keeps the ranking of the classes, and costs one matrix product at
prediction time (CalibratedClassifierCV's per-class sigmoids cost k models and 3x the time,
for no better calibration here — docs/routing.md).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC


def softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    z = scores / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _margins(svm: LinearSVC, matrix) -> np.ndarray:
    scores = svm.decision_function(matrix)
    if scores.ndim == 1:  # two classes: one margin, for the second class
        scores = np.column_stack([-scores, scores])
    return scores


def fit_temperature(margins: np.ndarray, truth: np.ndarray) -> float:
    """The temperature minimising the log-loss of softmax(margins / T) on the true classes."""

    def loss(log_t: float) -> float:
        p = softmax(margins, float(np.exp(log_t)))
        return float(-np.log(np.clip(p[np.arange(len(truth)), truth], 1e-12, None)).mean())

    best = minimize_scalar(loss, bounds=(np.log(0.01), np.log(100.0)), method="bounded")
    return float(np.exp(best.x))


class CalibratedSVM:
    """A LinearSVC with temperature-scaled softmax probabilities (``predict_proba``)."""

    def __init__(self, *, c: float = 0.5, class_weight: str | None = None, folds: int = 3):
        self.c = c
        self.class_weight = class_weight
        self.folds = folds

    def _svm(self) -> LinearSVC:
        return LinearSVC(C=self.c, class_weight=self.class_weight)

    def fit(self, matrix, labels) -> CalibratedSVM:
        labels = np.asarray(labels)
        self.classes_, truth = np.unique(labels, return_inverse=True)
        smallest = int(np.bincount(truth).min())
        folds = min(self.folds, smallest)
        margins = np.zeros((matrix.shape[0], len(self.classes_)))
        if folds >= 2:
            splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
            for train_idx, test_idx in splitter.split(matrix, truth):
                svm = self._svm().fit(matrix[train_idx], truth[train_idx])
                margins[test_idx] = _margins(svm, matrix[test_idx])
            self.temperature_ = fit_temperature(margins, truth)
        else:  # too few examples to hold any out: an uncalibrated but sane softmax
            self.temperature_ = 1.0
        self.svm_ = self._svm().fit(matrix, truth)
        return self

    def decision_function(self, matrix) -> np.ndarray:
        return _margins(self.svm_, matrix)

    def predict_proba(self, matrix) -> np.ndarray:
        return softmax(self.decision_function(matrix), self.temperature_)

    def predict(self, matrix) -> np.ndarray:
        return self.classes_[self.decision_function(matrix).argmax(axis=1)]
