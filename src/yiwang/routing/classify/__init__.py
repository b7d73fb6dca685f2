"""Category classification of citizen messages (智能派单): features, training with
calibration, versioned model files, prediction. See docs/routing.md, "Classification".

Importing the package is light (no scikit-learn): ``predict`` and ``train`` load the
machinery on first use, so the tickets app can import this at start-up for free.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from yiwang.routing.classify.errors import (
    ModelCorrupt,
    ModelMissing,
    ModelNotTrained,
    ModelUnavailable,
)

if TYPE_CHECKING:
    from yiwang.routing.classify.model import Prediction

__all__ = [
    "ModelCorrupt", "ModelMissing", "ModelNotTrained", "ModelUnavailable", "current_version",
    "predict",
]  # fmt: skip


def predict(text: str | None) -> Prediction:
    """Classify raw text with the current model (see service.predict)."""
    from yiwang.routing.classify.service import predict as _predict

    return _predict(text)


def current_version() -> str:
    from yiwang.routing.classify.store import current_version as _current_version

    return _current_version()
