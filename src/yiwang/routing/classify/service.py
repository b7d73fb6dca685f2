"""The classifier's public operations: train and save a version, predict with the current one.

Routing knows no ticket model (DESIGN §2): callers hand it plain text and labels; the tickets
app turns its history into examples (tickets.services.smart_dispatch) and handles the fallback
when no model is usable.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from yiwang.routing.classify import store
from yiwang.routing.classify.features import document
from yiwang.routing.classify.model import Prediction
from yiwang.routing.classify.training import TrainingRecipe, fit


def train(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    source: str,
    activate: bool = True,
    recipe: TrainingRecipe | None = None,
    progress: Callable[[str], None] | None = None,
) -> store.SavedModel:
    """Train on raw texts and labels, write a new version and (by default) make it current.
    Running processes pick the new version up within the pointer check interval."""
    if len(texts) != len(labels):
        raise ValueError("texts and labels differ in length")
    started = time.perf_counter()
    docs = [document(t) for t in texts]
    if progress:
        progress(f"segmented {len(docs)} texts in {time.perf_counter() - started:.1f}s")
    model = fit(docs, list(labels), recipe=recipe)
    seconds = round(time.perf_counter() - started, 1)
    if progress:
        progress(f"trained in {seconds}s")
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    metadata = {
        **model.metadata,
        "source": source,
        "examples": len(docs),
        "label_counts": counts,
        "training_seconds": seconds,
    }
    saved = store.save(model, metadata=metadata, activate=activate)
    if activate:
        store.forget_loaded_model()
    return saved


def predict(text: str | None) -> Prediction:
    """Classify raw text with the current model. Raises ``store.ModelUnavailable`` (missing or
    corrupt) for the caller to fall back; odd text never raises (see Prediction.reason)."""
    return store.current_model().predict(text)
