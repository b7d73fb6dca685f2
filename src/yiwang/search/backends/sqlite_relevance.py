"""SQLite: relevance of AND candidates without FTS5's bm25 (issue 6, 1,000,000 documents).

FTS5's bm25 computes each phrase's IDF by reading its whole doclist, on every query: the
type marker every document of a type carries, a department marker, a word in half of all
documents. That is a few milliseconds per 100,000 documents per phrase, tens of
milliseconds at 1,000,000, however few candidates are then ranked.

Here the candidates (the newest ``limit`` matches, found by FTS5 without ranking) are
ranked the way bm25 ranks them under ``detail=column``, where a term is present in a column
or not: ``Σ idf(word) × column weight`` (title 10, body 1), minus bm25's length
normalisation, which needs the column sizes FTS5 does not expose to SQL.

- Which candidates hold a word in their title: one query per word, the same match AND the
  word's title marker, over the candidates' rowid range (never more rows than candidates).
- IDF per word from its document frequency: counted exactly up to ``DF_SAMPLE`` matches,
  above that estimated from how far back in the rank keys its ``DF_SAMPLE``-th newest match
  lies (recency keys spread documents over time roughly evenly). Cached per process for
  ``DF_TTL_SECONDS``: a document frequency moves slowly, and the estimate is all ranking
  needs (IDF is logarithmic).
"""

from __future__ import annotations

import math
import time

from yiwang.search.backends.base import TABLE, Candidate, Match

FTS = "search_fts"
TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
DF_SAMPLE = 2000
DF_TTL_SECONDS = 300.0
DF_CACHE_MAX = 20_000

_df_cache: dict[str, tuple[float, float]] = {}  # word -> (idf, expires at)
_shape: list[float] = []  # [expires at, documents, lowest rank key, highest rank key]


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def clear_cache() -> None:
    _df_cache.clear()
    _shape.clear()


def _index_shape(cur) -> tuple[int, int, int]:
    """(documents, lowest rank key, highest rank key), each from an index end (O(log n))."""
    now = time.monotonic()
    if not _shape or _shape[0] < now:
        cur.execute(
            f"SELECT (SELECT MAX(id) FROM {TABLE}), (SELECT MIN(rank_key) FROM {TABLE}), "
            f"(SELECT MAX(rank_key) FROM {TABLE})"
        )
        documents, low, high = cur.fetchone()
        _shape[:] = [now + DF_TTL_SECONDS, documents or 0, low or 0, high or 0]
    return int(_shape[1]), int(_shape[2]), int(_shape[3])


def _idf(cur, term: str) -> float:
    now = time.monotonic()
    cached = _df_cache.get(term)
    if cached is not None and cached[1] >= now:
        return cached[0]
    documents, low, high = _index_shape(cur)
    cur.execute(
        f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s ORDER BY rowid DESC LIMIT 1 OFFSET %s",
        [_phrase(term), DF_SAMPLE - 1],
    )
    row = cur.fetchone()
    if row is None:  # fewer than DF_SAMPLE: count them
        cur.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {FTS} WHERE {FTS} MATCH %s)", [_phrase(term)]
        )
        df = float(cur.fetchone()[0])
    else:
        covered = (high - row[0]) / (high - low) if high > low else 1.0
        df = min(float(documents), DF_SAMPLE / max(covered, 1e-9))
    documents = max(documents, df)
    # bm25's IDF (FTS5 floors it at a small positive value, as here)
    idf = max(math.log((documents - df + 0.5) / (df + 0.5)), 1e-6)
    if len(_df_cache) >= DF_CACHE_MAX:
        _df_cache.clear()
    _df_cache[term] = (idf, now + DF_TTL_SECONDS)
    return idf


def rank_and_match(
    cur, match: Match, keys: list[int], expression: str, between: str, bounds: list[int]
) -> list[Candidate]:
    """(rank key, relevance) for AND candidates ``keys`` (newest first) of ``match``."""
    from yiwang.search.facets import title_marker

    idf = {term: _idf(cur, term) for term in match.terms}
    if match.title:  # every word is in every candidate's title
        score = TITLE_WEIGHT * sum(idf.values())
        return [(key, score) for key in keys]
    scores = dict.fromkeys(keys, BODY_WEIGHT * sum(idf.values()))
    low = keys[-1]
    for term in match.terms:
        cur.execute(
            f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s AND rowid >= %s{between}",
            [f"{expression} AND {_phrase(title_marker(term))}", low, *bounds],
        )
        gain = (TITLE_WEIGHT - BODY_WEIGHT) * idf[term]
        for (key,) in cur.fetchall():
            if key in scores:
                scores[key] += gain
    return list(scores.items())
