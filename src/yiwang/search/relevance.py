"""Relevance of candidates, the same on both engines: bm25 as it ranks under
``detail=column`` (a word is in a column or not), without length normalisation:
``Σ idf(word) × column weight`` over the words a candidate holds, a title word counting
``TITLE_WEIGHT``, a body word ``BODY_WEIGHT``. Which words a title (and, for the OR fallback,
a body) holds is read from the stored text (``TextTerms``); document frequencies come from the
engine (``Backend.document_frequency``, estimated and cached). Engines' own rankers (FTS5's
bm25, ``ts_rank``) read every word's whole posting list or every candidate's vector on every
query, tens of milliseconds per common word at 1,000,000 documents (an OR fallback over
common words cost 80-170 ms); this costs one read of the candidates' text by key."""

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
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]+")


def idf(documents: float, df: float) -> float:
    """bm25's IDF, floored at a small positive value as FTS5 floors it."""
    documents = max(documents, df)
    return max(math.log((documents - df + 0.5) / (df + 0.5)), 1e-6)


def is_han(term: str) -> bool:
    return _HAN.fullmatch(term) is not None


class TextTerms:
    """Which query terms are among the index terms of a stored text, remembering per text
    what the answer needs (one ranking call: hundreds of texts, a few terms each).

    For a word of Chinese characters that is a substring test: index-time analysis emits
    every dictionary word found anywhere in the text and every single character. Anything
    else (Latin letters, digits) is looked up among the text's analysed terms."""

    def __init__(self, terms: tuple[str, ...] | list[str]) -> None:
        self.han = [t for t in terms if is_han(t)]
        self.other = [t for t in terms if not is_han(t)]

    def held(self, text: str) -> list[str]:
        if not text:
            return []
        found = [t for t in self.han if t in text]
        if len(found) < len(self.han) and _FOLDS_TO_HAN.search(text) is not None:
            folded = segment.normalize(text)
            found += [t for t in self.han if t not in found and t in folded]
        if self.other:
            # An index term is a word of the normalised text without its other characters,
            # so it is inside that text stripped to letters and digits: a cheap first test.
            letters = _NOT_LETTER_OR_DIGIT.sub("", segment.normalize(text))
            maybe = [t for t in self.other if t in letters]
            if maybe:
                analysed = frozenset(segment.analyze(text).terms)
                found += [t for t in maybe if t in analysed]
        return found


def title_scores(
    rows: dict[int, str], terms: tuple[str, ...], idf_of: Callable[[str], float]
) -> dict[int, float]:
    """Body-tier relevance of each candidate from its title (``rows``: key -> title): every
    word counts once as a body word, and ``TITLE_WEIGHT`` instead where the title holds it."""
    weights = {t: idf_of(t) for t in terms}
    base = BODY_WEIGHT * sum(weights.values())
    gain = {t: (TITLE_WEIGHT - BODY_WEIGHT) * w for t, w in weights.items()}
    texts = TextTerms(terms)
    return {key: base + sum(gain[t] for t in texts.held(title)) for key, title in rows.items()}


def _stored(keys: list[int], columns: str) -> list[tuple]:
    # Plain SQL: the ORM spends longer compiling a 900-key IN list than the database reading it.
    from django.db import connection

    from yiwang.search.backends.base import TABLE

    found: list[tuple] = []
    with connection.cursor() as cur:
        for start in range(0, len(keys), FETCH_CHUNK):
            chunk = keys[start : start + FETCH_CHUNK]
            cur.execute(
                f"SELECT rank_key, {columns} FROM {TABLE} "
                f"WHERE rank_key IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
            found.extend(cur.fetchall())
    return found


def stored_titles(keys: list[int]) -> dict[int, str]:
    return dict(_stored(keys, "title"))


def rank(match: Match, keys: list[int], idf_of: Callable[[str], float]) -> list[Candidate]:
    """(rank key, relevance) for AND matches ``keys`` of ``match``, in the order given."""
    if match.title:  # every word is in every candidate's title
        score = TITLE_WEIGHT * sum(idf_of(t) for t in match.terms)
        return [(key, score) for key in keys]
    scores = title_scores(stored_titles(keys), match.terms, idf_of)
    return [(key, scores.get(key, 0.0)) for key in keys]


def rank_any(match: Match, keys: list[int], idf_of: Callable[[str], float]) -> list[Candidate]:
    """(rank key, relevance) for OR matches ``keys``, each holding some of the words: the
    words it holds, in its title (``TITLE_WEIGHT``) or else its body (``BODY_WEIGHT``; the
    title only, for a title match)."""
    weights = {t: idf_of(t) for t in match.terms}
    columns = "title, ''" if match.title else "title, body"
    texts = {key: (title, body) for key, title, body in _stored(keys, columns)}
    held = TextTerms(match.terms)
    ranked = []
    for key in keys:
        title, body = texts.get(key, ("", ""))
        in_title = held.held(title)
        score = TITLE_WEIGHT * sum(weights[t] for t in in_title)
        if len(in_title) < len(weights):
            score += BODY_WEIGHT * sum(weights[t] for t in held.held(body) if t not in in_title)
        ranked.append((key, score))
    return ranked
