"""Category classification of citizen messages (智能派单): features, training with
calibration, versioned model files, prediction. See docs/routing.md, "Classification"."""

from yiwang.routing.classify.model import Prediction
from yiwang.routing.classify.service import predict, train
from yiwang.routing.classify.store import (
    ModelCorrupt,
    ModelMissing,
    ModelUnavailable,
    current_version,
)

__all__ = [
    "ModelCorrupt", "ModelMissing", "ModelUnavailable", "Prediction", "current_version",
    "predict", "train",
]  # fmt: skip
