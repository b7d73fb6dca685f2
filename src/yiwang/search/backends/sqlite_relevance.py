"""SQLite: relevance of AND candidates without FTS5's bm25 (issue 6, 1,000,000 documents).

FTS5's bm25 computes each phrase's IDF by reading its whole doclist, on every query: the
type marker every document of a type carries, a department marker, a word in half of all
documents. That is a few milliseconds per 100,000 documents per phrase, tens of
milliseconds at 1,000,000, however few candidates are then ranked.

Here the candidates (the newest ``limit`` matches, found by FTS5 without ranking) are
ranked the way bm25 ranks them under ``detail=column``, where a term is present in a column
or not: ``Σ idf(word) × column weight`` (title 10, body 1), minus bm25's length
normalisation, which needs the column sizes FTS5 does not expose to SQL.

- Which candidates hold a word in their title: their titles, read by key
  (``relevance.title_scores``).
- IDF per word from its document frequency: counted exactly up to ``DF_SAMPLE`` matches,
  above that estimated from how far back in the rank keys its ``DF_SAMPLE``-th newest match
  lies (recency keys spread documents over time roughly evenly). Cached per process for
  ``DF_TTL_SECONDS``: a document frequency moves slowly, and the estimate is all ranking
  needs (IDF is logarithmic).
"""

from __future__ import annotations

import time

from yiwang.search.backends.base import TABLE

FTS = "search_fts"
DF_SAMPLE = 2000
DF_TTL_SECONDS = 300.0
DF_CACHE_MAX = 20_000

_df_cache: dict[str, tuple[float, float]] = {}  # word -> (document frequency, expires at)
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


def document_frequency(cur, term: str) -> tuple[float, float]:
    """(documents holding ``term``, documents in the index), estimated above ``DF_SAMPLE``."""
    now = time.monotonic()
    documents = _index_shape(cur)[0]
    cached = _df_cache.get(term)
    if cached is not None and cached[1] >= now:
        return cached[0], max(float(documents), cached[0])
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
    if len(_df_cache) >= DF_CACHE_MAX:
        _df_cache.clear()
    _df_cache[term] = (df, now + DF_TTL_SECONDS)
    return df, max(float(documents), df)
