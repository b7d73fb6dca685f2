"""Fit a classifier from token lists and labels: TF-IDF features (features.py), a linear SVM,
and temperature-scaled probabilities (calibration.py) so ``confidence`` means what it says
(of the messages predicted with confidence 0.9, about nine in ten are right) — the
auto-dispatch threshold depends on it.

Why this recipe: see docs/routing.md, "Classification" (every experiment and figure).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from yiwang.routing.classify.calibration import CalibratedSVM
from yiwang.routing.classify.features import FeatureSpec, Vectoriser
from yiwang.routing.classify.model import TextClassifier

MIN_PER_LABEL = 2


@dataclass(frozen=True)
class TrainingRecipe:
    features: FeatureSpec = field(default_factory=FeatureSpec)
    c: float = 1.0
    # the smallest class (交通运输) has a third of the largest's messages; balanced weights
    # trade a little precision on the big classes for its recall (macro-F1 counts each class)
    class_weight: str | None = "balanced"
    calibration_folds: int = 3

    def describe(self) -> dict:
        return asdict(self)


def _estimator(recipe: TrainingRecipe) -> CalibratedSVM:
    return CalibratedSVM(
        c=recipe.c, class_weight=recipe.class_weight, folds=recipe.calibration_folds
    )


def fit(
    docs: Sequence[list[str]], labels: Sequence[str], *, recipe: TrainingRecipe | None = None
) -> TextClassifier:
    """A fitted, calibrated classifier. Needs at least two labels with two examples each."""
    recipe = recipe or TrainingRecipe()
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    if len(counts) < 2:
        raise ValueError("训练至少需要两个类别 / training needs at least two labels")
    smallest = min(counts.values())
    if smallest < MIN_PER_LABEL:
        rare = ", ".join(sorted(k for k, v in counts.items() if v < MIN_PER_LABEL))
        raise ValueError(
            f"每个类别至少需要 {MIN_PER_LABEL} 条样本（不足：{rare}）"
            f" / every label needs at least {MIN_PER_LABEL} examples (too few: {rare})"
        )
    vectoriser = Vectoriser(recipe.features)
    matrix = vectoriser.fit_transform(list(docs))
    if matrix.shape[1] == 0:
        raise ValueError("样本中没有可用的词语 / the examples contain no usable words")
    estimator = _estimator(recipe)
    estimator.fit(matrix, list(labels))
    return TextClassifier(
        vectoriser=vectoriser,
        estimator=estimator,
        labels=[str(label) for label in estimator.classes_],
        metadata={
            "recipe": recipe.describe(),
            "features": vectoriser.size,
            "temperature": round(estimator.temperature_, 4),
        },
    )
