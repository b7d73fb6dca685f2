"""Where ``yiwang routing train --from-db`` finds the city's own history.

Routing knows no ticket model (DESIGN §2), so the app that owns the history registers a
source: a callable yielding (text, label) pairs. The tickets app registers handled tickets,
with the dispatchers' recorded corrections (tickets.services.smart_dispatch).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Source = Callable[[], Iterable[tuple[str, str]]]
_sources: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    _sources[name] = source


def sources() -> dict[str, Source]:
    return dict(_sources)


def examples() -> tuple[list[str], list[str], dict[str, int]]:
    """Texts and labels from every registered source, and how many each gave."""
    texts: list[str] = []
    labels: list[str] = []
    counts: dict[str, int] = {}
    for name, source in sorted(_sources.items()):
        before = len(texts)
        for text, label in source():
            if text and label:
                texts.append(text)
                labels.append(label)
        counts[name] = len(texts) - before
    return texts, labels, counts
