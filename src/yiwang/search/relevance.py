"""Relevance of AND candidates, the same on both engines: bm25 as it ranks under
``detail=column`` (a word is in a column or not), without length normalisation:
``Σ idf(word) × column weight``, a title word counting ``TITLE_WEIGHT``, a body word
``BODY_WEIGHT``. Which words a title holds is read from the stored title (``holds``);
document frequencies come from the engine (``Backend.document_frequency``, estimated and
cached). Engines' own rankers (FTS5's bm25) read every word's whole posting list on every
query, tens of milliseconds per word at 1,000,000 documents; this costs one read of the
candidates' titles by key."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from yiwang.search import segment
from yiwang.search.backends.base import Candidate, Match

TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
FETCH_CHUNK = 900  # keys per IN (...) list, below SQLite's old 999-variable limit
# Characters NFKC turns into CJK unified ideographs: radicals, Kangxi radicals, compatibility
# ideographs. Only a text holding one needs normalising before a substring test.
_FOLDS_TO_HAN = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]+")


def idf(documents: float, df: float) -> float:
    """bm25's IDF, floored at a small positive value as FTS5 floors it."""
    documents = max(documents, df)
    return max(math.log((documents - df + 0.5) / (df + 0.5)), 1e-6)


def is_han(term: str) -> bool:
    return _HAN.fullmatch(term) is not None


def holds(text: str, term: str, analysed: dict[str, frozenset[str]] | None = None) -> bool:
    """Whether ``term`` (a query term) is among the index terms of ``text`` (stored text).

    For a word of Chinese characters that is a substring test: index-time analysis emits
    every dictionary word found anywhere in the text and every single character. Anything
    else (Latin letters, digits) is looked up among the text's analysed terms."""
    if not text:
        return False
    if is_han(term):
        if term in text:
            return True
        return _FOLDS_TO_HAN.search(text) is not None and term in segment.normalize(text)
    cache = analysed if analysed is not None else {}
    terms = cache.get(text)
    if terms is None:
        terms = cache[text] = frozenset(segment.analyze(text).terms)
    return term in terms


def title_scores(
    rows: dict[int, str], terms: tuple[str, ...], idf_of: Callable[[str], float]
) -> dict[int, float]:
    """Body-tier relevance of each candidate from its title (``rows``: key -> title): every
    word counts once as a body word, and ``TITLE_WEIGHT`` instead where the title holds it."""
    weights = {t: idf_of(t) for t in terms}
    base = BODY_WEIGHT * sum(weights.values())
    gain = {t: (TITLE_WEIGHT - BODY_WEIGHT) * w for t, w in weights.items()}
    analysed: dict[str, frozenset[str]] = {}
    return {
        key: base + sum(g for t, g in gain.items() if holds(title, t, analysed))
        for key, title in rows.items()
    }


def stored_titles(keys: list[int]) -> dict[int, str]:
    # Plain SQL: the ORM spends longer compiling a 900-key IN list than the database reading it.
    from django.db import connection

    from yiwang.search.backends.base import TABLE

    found: dict[int, str] = {}
    with connection.cursor() as cur:
        for start in range(0, len(keys), FETCH_CHUNK):
            chunk = keys[start : start + FETCH_CHUNK]
            cur.execute(
                f"SELECT rank_key, title FROM {TABLE} "
                f"WHERE rank_key IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
            found.update(cur.fetchall())
    return found


def rank(match: Match, keys: list[int], idf_of: Callable[[str], float]) -> list[Candidate]:
    """(rank key, relevance) for AND matches ``keys`` of ``match``, in the order given."""
    if match.title:  # every word is in every candidate's title
        score = TITLE_WEIGHT * sum(idf_of(t) for t in match.terms)
        return [(key, score) for key in keys]
    scores = title_scores(stored_titles(keys), match.terms, idf_of)
    return [(key, scores.get(key, 0.0)) for key in keys]
