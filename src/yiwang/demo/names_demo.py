"""Demo: the name register of 示范市 — the shipped 禁限用字词 and about 5,000 registered
enterprise names from the names app's own generator (yiwang.names.generator), spread over
the city and its districts. Run after the demo city (regions come from its governments).
Idempotent: a register that already holds names is left as it is."""

from __future__ import annotations

from typing import Any

DEMO_NAMES = 5000
SEED = 20251001


def load_names(*, count: int = DEMO_NAMES, progress: Any = None) -> dict[str, int]:
    from yiwang.names import cache
    from yiwang.names.generator import generate_names
    from yiwang.names.models import RegisteredName
    from yiwang.names.services import names_import, words_seed

    cache.forget()  # the regions now come from the demo city's governments
    words = words_seed(actor=None)
    names = 0
    if not RegisteredName.objects.exists():
        names = names_import(actor=None, names=generate_names(count, seed=SEED))
    if progress is not None:
        progress(words + names)
    return {"words": words, "names": names}
