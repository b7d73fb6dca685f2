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

The same check serves a second case: an AND whose rarer words already leave few matches.
The engine then finds fewer than the candidates it was asked for, so nothing stops its walk
early and it reads every further word's whole posting list (at 1,000,000 documents,
政府采购 AND 燃气: 4 ms; AND 安全 besides: 16 ms; AND 云 AND 峰: 36 ms, still nothing). A
further word goes to the engine only while walking its posting list costs less than checking
the candidates the rarer words leave (``split_terms``).

The result is the same set, in the same order: for a Chinese word, "among the document's
terms" and "inside its text" are the same thing, because index-time analysis emits every
dictionary word found anywhere in the text and every single character (segment.analyze);
``_check`` names the one exotic exception. Latin words are never dropped (there the two
tests differ: "ab" is inside "abc"). When the check rejects most of the first candidates (the
words were not independent), the rarest checked word goes back to the engine for the rest of
the walk, and so on, so the work stays bounded either way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from django.db import connection

from yiwang.core.config import env_int
from yiwang.search import relevance
from yiwang.search.backends.base import TABLE, Backend, Candidate, Match, key_bounds

FETCH_CHUNK = 900  # keys per IN (...) list, below SQLite's old 999-variable limit
# After FIRST_CHUNK candidates with fewer than one in this many passing, the rarest dropped
# word goes back to the engine for the rest of the walk.
MAX_EXAMINED_FACTOR = 3
MIN_PASS = 0.4
MIN_CHUNK = 50  # candidates asked of the engine at least, once the pass rate is known
# Candidates asked first while words are checked: enough to tell a pass rate of a third
# from a good one, few enough that a bad guess costs little.
FIRST_CHUNK = 100
# An OR expected to match this many windows is marked dense (the engine walks newest first).
DENSE = 20
# A walk that stopped at its window estimates the total from the span of keys it covered
# when the estimate is above this many windows; below, counting exactly is cheap.
ESTIMATE_ABOVE_WINDOWS = 2


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
    oldest_key: int | None = None  # the oldest key the engine returned, where the walk ended

    @property
    def pass_rate(self) -> float:
        return len(self.candidates) / self.examined if self.examined else 1.0


def split_terms(
    backend: Backend,
    terms: tuple[str, ...],
    *,
    limit: int,
    title: bool = False,
    groups: tuple[tuple[str, ...], ...] = (),
    time_share: float = 1.0,
) -> tuple[tuple[str, ...], dict]:
    """(terms for the engine, {dropped term: its share of documents}). For the title tier the
    shares are those of the title markers the engine would walk. Two kinds of word are
    dropped (see the module docstring): words most documents hold, and words whose posting
    lists cost more to walk than checking the few candidates the rarer words leave (with
    the filters' marker ``groups``, which the engine always gets, and the ``time_share`` of
    the index a date range leaves)."""
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
    # Rarest first: while the words the engine gets (as if independent) leave fewer than
    # ``limit`` matches, a further word's posting list is walked whole (nothing stops the walk
    # early), where checking the matches of the rarer words costs candidates × the backend's
    # ``check_cost_in_postings``. The cheaper side wins.
    matches = documents * shares[rarest] * _groups_share(backend, groups, documents) * time_share
    for term in sorted(terms, key=lambda t: shares[t]):
        if term == rarest or term in dropped:
            continue
        walk = documents * shares[term]
        check = backend.check_cost_in_postings * matches * (1 - shares[term])
        if not term.isascii() and matches * shares[term] < limit and walk > check:
            dropped[term] = shares[term]
        else:
            matches *= shares[term]
    if not dropped:
        return terms, {}
    return tuple(t for t in terms if t not in dropped), dropped


def _expected_any(backend: Backend, match: Match) -> float:
    """Documents surely holding one of the words (the most common one's, no more: the
    fallback's words are a word and the words inside it, far from independent) and passing
    the filters and the date range; 0 when the engine cannot tell."""
    from yiwang.search.facets import title_marker

    held, documents = 0.0, 0.0
    for term in match.terms:
        found = backend.document_frequency(title_marker(term) if match.title else term)
        if found is None or not found[1]:
            return 0.0
        held, documents = max(held, found[0]), found[1]
    return held * _groups_share(backend, match.groups, documents) * time_share(backend, match)


def time_share(backend: Backend, match: Match) -> float:
    """The share of the index's time span (rank keys) a date range leaves, 1 without one."""
    if match.key_from is None and match.key_to is None:
        return 1.0
    span = backend.key_span()
    if span[0] is None or span[1] is None:
        return 1.0
    bounds = key_bounds(span, match.key_from, match.key_to)
    if bounds is None:
        return 0.0
    return min(1.0, (bounds[1] - bounds[0]) / (span[1] + 1 - span[0]))


def _groups_share(backend: Backend, groups: tuple[tuple[str, ...], ...], documents: float) -> float:
    """The share of documents the filter groups let through, as if independent (a group is an
    OR of markers: the sum of their shares, at most all)."""
    share = 1.0
    for group in groups:
        held = 0.0
        for marker in group:
            found = backend.document_frequency(marker)
            held += found[0] if found is not None else documents
        share *= min(1.0, held / documents) if documents else 1.0
    return share


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
        if match.terms:
            match = replace(match, dense=_expected_any(backend, match) >= DENSE * limit)
        found = backend.candidates(match, limit=limit)
        return Narrowed(found, match, len(found), len(found) < limit, _oldest(found))
    selective, dropped = split_terms(
        backend,
        match.terms,
        limit=limit,
        title=match.title,
        groups=match.groups,
        time_share=time_share(backend, match),
    )
    if not dropped:
        found = backend.candidates(match, limit=limit)
        return Narrowed(found, match, len(found), len(found) < limit, _oldest(found))
    # The words' own frequencies weigh them, in either tier (as ``Backend.rank`` does).
    checked = {t: backend.idf(t) for t in sorted(dropped, key=dropped.__getitem__)}
    engine_terms = list(selective)
    kept: dict[int, float] = {}  # key -> relevance the checked words add
    stages: list[tuple[Match, list[int]]] = []  # what the engine was asked, what it kept
    examined = stage_examined = stage_kept = 0
    # An engine that resumes its walk cheaply is asked a little at a time; one that works
    # out the whole match again for every request (a GIN bitmap) is asked a lot at once.
    first = min(limit, FIRST_CHUNK) if backend.resumes_walks else limit
    most = limit if backend.resumes_walks else MAX_EXAMINED_FACTOR * limit
    key_to, chunk, exhausted, promoted = match.key_to, first, False, False
    walk = _Walk(backend, match)
    while len(kept) < limit and not exhausted:
        if (
            checked
            and stage_examined >= first
            and stage_kept * MAX_EXAMINED_FACTOR < stage_examined
            and not _checking_is_cheaper(backend, match, next(iter(checked)), walk)
        ):
            # Few pass: the rarest checked word is better walked by the engine (the words
            # were not independent). From where the walk is, with the words it has.
            term = next(iter(checked))
            del checked[term]
            engine_terms = [t for t in match.terms if t in engine_terms or t == term]
            stage_examined = stage_kept = 0
            walk.restart(key_to)
            promoted = True
            chunk = min(limit - len(kept), first) if checked else limit - len(kept)
        narrowed = replace(match, terms=tuple(engine_terms), sparse=promoted)
        if not stages or stages[-1][0] != narrowed:
            stages.append((narrowed, []))
        keys = backend.matching_keys(replace(narrowed, key_to=key_to), limit=chunk)
        exhausted = len(keys) < chunk
        examined += len(keys)
        stage_examined += len(keys)
        walk.advance(len(keys), keys[-1] if keys else None)
        if not keys:
            continue
        passed = _check(backend, keys, checked, title_only=match.title) if checked else None
        for key in keys:  # newest first, as the engine returned them
            if len(kept) < limit and (passed is None or key in passed):
                kept[key] = passed[key] if passed is not None else 0.0
                stages[-1][1].append(key)
                stage_kept += 1
        key_to = keys[-1]
        # The next request: what is still wanted at the pass rate seen, with a margin.
        rate = max(stage_kept / stage_examined, 1 / MAX_EXAMINED_FACTOR)
        chunk = min(most, max(MIN_CHUNK, math.ceil((limit - len(kept)) / rate * 1.25)))
    ranked: list[Candidate] = []
    for asked, keys in stages:
        ranked += [(key, rel + kept[key]) for key, rel in backend.rank(asked, keys)]
    final = stages[-1][0] if stages else replace(match, terms=selective)
    return Narrowed(ranked, final, examined, exhausted, key_to if examined else None)


class _Walk:
    """How far the engine's current walk went back in time, and what it found there: the
    density of the engine's matches, to estimate how many are left below."""

    def __init__(self, backend: Backend, match: Match) -> None:
        self.backend, self.match = backend, match
        self._span: tuple[int | None, int | None] | None = None
        self.top: int | None = match.key_to
        self.found, self.last = 0, None

    def span(self) -> tuple[int | None, int | None]:
        if self._span is None:
            self._span = self.backend.key_span()
        return self._span

    def restart(self, key_to: int | None) -> None:
        self.top, self.found, self.last = key_to, 0, None

    def advance(self, found: int, last: int | None) -> None:
        self.found += found
        self.last = last if last is not None else self.last

    def left_below(self) -> float | None:
        """Estimated engine matches below where the walk is, as if evenly spread in time."""
        bounds = key_bounds(self.span(), self.match.key_from, self.top)
        if bounds is None or self.last is None:
            return None
        floor, top = bounds
        covered = top - self.last
        return self.found * max(0, self.last - floor) / covered if covered > 0 else None


def _checking_is_cheaper(backend: Backend, match: Match, term: str, walk: _Walk) -> bool:
    """Whether checking every engine match left below costs less than the engine taking
    ``term`` back: its whole posting list (an AND that finds little reads its words whole)."""
    from yiwang.search.facets import title_marker

    left = walk.left_below()
    found = backend.document_frequency(title_marker(term) if match.title else term)
    if left is None or found is None:
        return False
    return left * backend.check_cost_in_postings < found[0]


def _oldest(found: list[Candidate]) -> int | None:
    return found[-1][0] if found else None


def walk_estimate(backend: Backend, match: Match, tier: Narrowed) -> float | None:
    """How many documents match, from a walk that stopped at its window: the candidates it
    kept over the share of the rank-key span (recency, newest first) it covered, as if the
    matches spread evenly over time. Costs two index seeks instead of a second, longer walk."""
    if tier.exhausted or tier.oldest_key is None or not tier.candidates:
        return None
    bounds = key_bounds(backend.key_span(), match.key_from, match.key_to)
    if bounds is None:
        return None
    bottom, top = bounds
    covered = (top - tier.oldest_key) / (top - bottom)
    return len(tier.candidates) / min(1.0, max(covered, 1e-9))


def count(
    backend: Backend, match: Match, *, cap: int, limit: int, tier: Narrowed | None = None
) -> tuple[int, bool]:
    """How many documents match (``Backend.count``). Narrowed, the engine counts the rarer
    words only and the figure is scaled by the share of candidates that held the common ones
    (``tier``, when it was this match's walk), else by the common words' shares of the index
    (as if independent): an estimate, shown as one. A walk (``tier``) that found many more
    matches than its window gives its ``walk_estimate`` instead."""
    if tier is not None:
        estimate = walk_estimate(backend, match, tier)
        narrowed = tier.engine_match.terms != match.terms  # no exact count to be had cheaply
        if estimate is not None and (narrowed or estimate > ESTIMATE_ABOVE_WINDOWS * limit):
            return max(round(estimate), len(tier.candidates)), False
    selective, dropped = (
        split_terms(
            backend,
            match.terms,
            limit=limit,
            groups=match.groups,
            time_share=time_share(backend, match),
        )
        if match.mode == "and"
        else ((), {})
    )
    engine = replace(match, terms=selective) if dropped else match
    if tier is None and not backend.estimates_counts:
        # Nothing walked this match yet (the title tier filled the page): a bare walk of one
        # window, keys only, tells the count or gives the span estimate; counting up to the
        # cap would walk twenty windows.
        keys = backend.matching_keys(engine, limit=limit)
        found = [(key, 0.0) for key in keys]
        sample = Narrowed(found, engine, len(keys), len(keys) < limit, _oldest(found))
        estimate = walk_estimate(backend, engine, sample)
        if estimate is not None and estimate > ESTIMATE_ABOVE_WINDOWS * limit:
            return round(estimate * math.prod(dropped.values())), False
    if not dropped:
        return backend.count(match, cap=cap)
    total, _exact = backend.count(engine, cap=cap)
    if tier is not None and tier.engine_match.terms == selective and not tier.engine_match.title:
        rate = tier.pass_rate
    else:
        rate = math.prod(dropped.values())
    return round(total * rate), False
