"""Narrowing: leave words that nearly every document holds out of the engine's AND, and check
them on the candidates' own text instead.

An AND of several common words with few documents in common is an engine's slowest query:
FTS5 (and a GIN scan) walk every word's whole posting list, although a word in 80 % of the
documents selects almost nothing (at 1,000,000 documents, 60 ms for seven such terms and a
department, where the three rarer ones alone take 5 ms). So when the index is large, the
Chinese query words held by more than ``YIWANG_SEARCH_COMMON_SHARE`` % of the documents are
dropped from the engine's query (the rarest word always stays), and each candidate the
engine returns — newest first, as always — is kept only if its stored title and body (exactly
the text that was indexed) contain every dropped word.

The result is the same set, in the same order: for a Chinese word, "among the document's
terms" and "inside its text" are the same thing, because index-time analysis emits every
dictionary word found anywhere in the text and every single character (segment.analyze);
``_check`` names the one exotic exception. Latin words are never dropped (there the two
tests differ: "ab" is inside "abc"). When the check rejects most candidates, the rest of the
walk gives the engine every word again, so the work stays bounded either way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from django.db import connection

from yiwang.core.config import env_int
from yiwang.search import relevance
from yiwang.search.backends.base import TABLE, Backend, Candidate, Match

FETCH_CHUNK = 900  # keys per IN (...) list, below SQLite's old 999-variable limit
# After examining this many times the requested candidates with a low pass rate, the engine
# gets every word again for the rest of the walk.
MAX_EXAMINED_FACTOR = 3
MIN_PASS = 0.4


def min_documents() -> int:
    """Below this many documents every engine query is cheap: nothing is narrowed."""
    return max(0, env_int("YIWANG_SEARCH_NARROW_MIN_DOCS", default=50_000))


def common_share() -> float:
    return min(100, max(1, env_int("YIWANG_SEARCH_COMMON_SHARE", default=20))) / 100


@dataclass(frozen=True)
class Narrowed:
    """A tier's candidates and how they were found (for the total)."""

    candidates: list[Candidate]
    engine_match: Match  # what the engine was asked (the full match when nothing was dropped)
    examined: int  # candidates the engine returned
    exhausted: bool  # the engine had no more matches

    @property
    def pass_rate(self) -> float:
        return len(self.candidates) / self.examined if self.examined else 1.0


def split_terms(
    backend: Backend, terms: tuple[str, ...], *, title: bool = False
) -> tuple[tuple[str, ...], dict]:
    """(terms for the engine, {dropped term: its share of documents}). For the title tier the
    shares are those of the title markers the engine would walk."""
    from yiwang.search.facets import title_marker

    if len(terms) < 2:
        return terms, {}
    frequencies = {}
    for term in terms:
        found = backend.document_frequency(title_marker(term) if title else term)
        if found is None:
            return terms, {}
        frequencies[term] = found
    documents = max(documents for _, documents in frequencies.values())
    if documents < min_documents():
        return terms, {}
    shares = {t: df / documents if documents else 0.0 for t, (df, _) in frequencies.items()}
    rarest = min(terms, key=lambda t: shares[t])
    # The most common words first, while the expected share of candidates that hold all of
    # them (as if independent) stays above MIN_PASS: each candidate checked should mostly pass.
    dropped: dict[str, float] = {}
    expected = 1.0
    for term in sorted(terms, key=lambda t: -shares[t]):
        if term == rarest or term.isascii() or shares[term] <= common_share():
            continue
        if expected * shares[term] < MIN_PASS:
            break
        dropped[term] = shares[term]
        expected *= shares[term]
    if not dropped:
        return terms, {}
    return tuple(t for t in terms if t not in dropped), dropped


def _check(
    backend: Backend, keys: list[int], idf: dict[str, float], *, title_only: bool
) -> dict[int, float]:
    """The keys whose text holds every dropped word, each with the relevance those words add.

    The database tests the stored text (``instr``/``strpos``, no text leaves it): a Chinese
    word inside the text as written is inside it after normalisation too. The one case this
    misses is a text written with compatibility ideographs (U+F900...) where ordinary ones
    belong, which normalisation folds and no input method produces."""
    terms = list(idf)
    weights = [idf[t] for t in terms]
    find = backend.substring_position
    in_title = [f"{find}(title, %s) > 0" for _ in terms]
    held = (
        in_title
        if title_only
        else [f"({find}(title, %s) > 0 OR {find}(body, %s) > 0)" for _ in terms]
    )
    held_params = terms if title_only else [p for t in terms for p in (t, t)]
    kept: dict[int, float] = {}
    with connection.cursor() as cur:
        for start in range(0, len(keys), relevance.FETCH_CHUNK):
            chunk = keys[start : start + relevance.FETCH_CHUNK]
            cur.execute(
                f"SELECT rank_key, {', '.join(in_title)} FROM {TABLE} "
                f"WHERE rank_key IN ({', '.join(['%s'] * len(chunk))}) AND {' AND '.join(held)}",
                [*terms, *chunk, *held_params],
            )
            for key, *titled in cur.fetchall():
                kept[key] = sum(
                    w * (relevance.TITLE_WEIGHT if t else relevance.BODY_WEIGHT)
                    for w, t in zip(weights, titled, strict=True)
                )
    return kept


def candidates(backend: Backend, match: Match, *, limit: int) -> Narrowed:
    """The ``limit`` newest matches of ``match`` (see ``Backend.candidates``)."""
    if match.mode != "and" or not match.terms:
        return Narrowed(backend.candidates(match, limit=limit), match, 0, False)
    selective, dropped = split_terms(backend, match.terms, title=match.title)
    if not dropped:
        found = backend.candidates(match, limit=limit)
        return Narrowed(found, match, len(found), len(found) < limit)
    # The words' own frequencies weigh them, in either tier (as ``Backend.rank`` does).
    idf = {t: backend.idf(t) for t in dropped}
    narrowed = replace(match, terms=selective)
    kept: dict[int, float] = {}  # key -> relevance the dropped words add
    examined, key_to = 0, match.key_to
    while True:
        if examined >= MAX_EXAMINED_FACTOR * limit and len(kept) * MAX_EXAMINED_FACTOR < examined:
            # Few pass: the engine is better at it. Every word again, from where the walk is.
            wanted = limit - len(kept)
            rest = backend.candidates(replace(match, key_to=key_to), limit=wanted)
            found = backend.rank(narrowed, list(kept))
            ranked = [(key, rel + kept[key]) for key, rel in found] + rest
            return Narrowed(ranked, narrowed, examined + len(rest), len(rest) < wanted)
        keys = backend.matching_keys(replace(narrowed, key_to=key_to), limit=limit)
        examined += len(keys)
        if keys:
            passed = _check(backend, keys, idf, title_only=match.title)
            for key in keys:  # newest first, as the engine returned them
                if key in passed and len(kept) < limit:
                    kept[key] = passed[key]
            key_to = keys[-1]
        if len(kept) >= limit or len(keys) < limit:
            break
    found = backend.rank(narrowed, list(kept))
    ranked = [(key, rel + kept[key]) for key, rel in found]
    return Narrowed(ranked, narrowed, examined, len(keys) < limit)


def count(
    backend: Backend, match: Match, *, cap: int, tier: Narrowed | None = None
) -> tuple[int, bool]:
    """How many documents match (``Backend.count``). Narrowed, the engine counts the rarer
    words only and the figure is scaled by the share of candidates that held the common ones
    (``tier``, when it was this match's walk), else by the common words' shares of the index
    (as if independent): an estimate, shown as one."""
    selective, dropped = split_terms(backend, match.terms) if match.mode == "and" else ((), {})
    if not dropped:
        return backend.count(match, cap=cap)
    total, _exact = backend.count(replace(match, terms=selective), cap=cap)
    if tier is not None and tier.engine_match.terms == selective and not tier.engine_match.title:
        rate = tier.pass_rate
    else:
        rate = math.prod(dropped.values())
    return round(total * rate), False
