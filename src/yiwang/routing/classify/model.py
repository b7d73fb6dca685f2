"""The trained classifier: a vectoriser, a calibrated linear model and the label names.

``predict`` never raises on odd text: empty text, text without any Chinese character
(emoji only, Latin only, digits) and text with no usable words get ``label=None`` and a
reason (Chinese) instead of a guess — a 12345 message is written in Chinese, so a model
trained on Chinese has nothing to say about anything else. Mixed script is classified on
what it holds. Over-long text is cut (features.MAX_CHARS).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from django.utils.translation import gettext_lazy as _

from yiwang.routing.segment import han_count

if TYPE_CHECKING:
    from yiwang.routing.classify.features import Vectoriser

TOP_K = 3
# Fewer Han characters than this is no message about a matter ("你好", "?"); two already
# name one (路灯, 社保), so the bar is low.
MIN_HAN = 2

REASON_EMPTY = "empty"
REASON_NO_CHINESE = "no_chinese"
REASON_NO_WORDS = "no_words"
REASONS = {
    REASON_EMPTY: _("内容为空，无法分类"),
    REASON_NO_CHINESE: _("内容中没有可识别的中文，无法分类"),
    REASON_NO_WORDS: _("内容中没有可用于分类的词语，无法分类"),
}


@dataclass(frozen=True)
class Prediction:
    """The best label and its calibrated probability, the top 3, and the model that said so.

    ``label`` is None when the text cannot be classified; ``reason`` then says why."""

    label: str | None
    confidence: float
    top: list[tuple[str, float]] = field(default_factory=list)
    model_version: str = ""
    reason: str = ""

    @property
    def classified(self) -> bool:
        return self.label is not None

    @property
    def reason_text(self) -> str:
        return str(REASONS.get(self.reason, ""))

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "confidence": round(self.confidence, 4),
            "top": [{"label": label, "confidence": round(p, 4)} for label, p in self.top],
            "model_version": self.model_version,
            "reason": self.reason,
            "reason_text": self.reason_text,
        }


@dataclass
class TextClassifier:
    """What a model file holds. ``estimator`` has ``predict_proba`` with columns in
    ``labels`` order."""

    vectoriser: Vectoriser
    estimator: Any
    labels: list[str]
    version: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, docs: list[list[str]]) -> np.ndarray:
        return self.estimator.predict_proba(self.vectoriser.transform(docs))

    def _scorer(self):
        """The one-message fast path (fastpath.py), built on first use and never pickled."""
        scorer = self.__dict__.get("_fast")
        if scorer is None and hasattr(self.estimator, "svm_"):
            from yiwang.routing.classify.fastpath import LinearScorer

            scorer = self.__dict__["_fast"] = LinearScorer(self.vectoriser, self.estimator)
        return scorer

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_fast", None)
        return state

    def _one(self, doc: list[str]) -> np.ndarray | None:
        scorer = self._scorer()
        if scorer is not None:
            return scorer.probabilities(doc)
        matrix = self.vectoriser.transform([doc])
        return None if matrix.nnz == 0 else self.estimator.predict_proba(matrix)[0]

    def predict_documents(self, docs: list[list[str]]) -> list[str]:
        probs = self.probabilities(docs)
        return [self.labels[i] for i in probs.argmax(axis=1)]

    def predict(self, text: str | None) -> Prediction:
        text = text if isinstance(text, str) else ""
        if not text.strip():
            return self._cannot(REASON_EMPTY)
        if han_count(text[:20000]) < MIN_HAN:
            return self._cannot(REASON_NO_CHINESE)
        from yiwang.routing.classify.features import document

        doc = document(text)
        probs = self._one(doc) if doc else None
        if probs is None:
            return self._cannot(REASON_NO_WORDS)
        order = np.argsort(-probs)[:TOP_K]
        top = [(self.labels[i], float(probs[i])) for i in order]
        return Prediction(top[0][0], top[0][1], top, self.version)

    def _cannot(self, reason: str) -> Prediction:
        return Prediction(None, 0.0, [], self.version, reason)
