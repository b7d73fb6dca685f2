"""Segmentation: the one place text becomes search terms, identical at index and query time.

- ``normalize``: NFKC (full-width letters and digits become ASCII), lower case, control and
  private-use characters become spaces. The private-use area is reserved for our own marker
  tokens (facets.py), so no user text can forge one.
- Words come from jieba-rs (rjieba) in precise mode with the HMM off: the HMM guesses unknown
  words from their neighbours, so the same name could be cut one way in a document and another
  way in a two-word query. Without it an unknown name is a run of single characters on both
  sides.
- A term keeps only letters and digits (emoji, punctuation and symbols are dropped) and at most
  ``MAX_TERM`` characters; stopwords are never terms.
- At index time each long word also yields the dictionary words inside it (jieba's ``cut_all``
  on that word): a document about 住房公积金管理中心 is found by 公积金 and by 住房公积金. Queries
  are not expanded, so a query word matches the same word or a longer word containing it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from yiwang.search import conf, dictionary

MAX_TERM = 64
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_EXPANSION_CACHE_LIMIT = 200_000


def _blank(ch: str) -> bool:
    # Cc control (NUL included), Cf format, Cs lone surrogates, Co private use, Cn unassigned.
    return unicodedata.category(ch)[0] == "C"


def clean_text(text: str | None) -> str:
    """Text as stored: no NUL (PostgreSQL refuses it) and no lone surrogates (not UTF-8)."""
    if not text:
        return ""
    text = text.replace("\x00", "")
    return text.encode("utf-8", "replace").decode("utf-8") if _has_surrogate(text) else text


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", clean_text(text)).lower()
    if any(_blank(ch) for ch in text):
        text = "".join(" " if _blank(ch) else ch for ch in text)
    return text


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index of the original
    character it came from (used to put highlights back on the original text)."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        piece = " " if _blank(ch) else unicodedata.normalize("NFKC", ch).lower()
        out.append(piece)
        origin.extend([i] * len(piece))
    return "".join(out), origin


def truncate(text: str, limit: int) -> str:
    """At most ``limit`` characters, ending at a sentence end near the cut when there is one."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    tail_start = max(0, limit - 300)
    ends = list(_SENTENCE_END.finditer(cut, tail_start))
    return cut[: ends[-1].end()] if ends else cut


def _term(word: str) -> str:
    term = "".join(ch for ch in word if unicodedata.category(ch)[0] in "LN")
    return term[:MAX_TERM]


def _is_long_cjk(term: str) -> bool:
    return len(term) >= 3 and not term.isascii()


@dataclass(frozen=True)
class Analysis:
    """Terms of one text in order, each with its position (expansions share their word's)."""

    terms: list[tuple[str, int]]
    fingerprint: str

    def words(self) -> list[str]:
        return [term for term, _ in self.terms]


_expansions: dict[tuple[str, str], tuple[str, ...]] = {}


def _expand(segmenter: dictionary.Segmenter, term: str) -> tuple[str, ...]:
    key = (segmenter.fingerprint, term)
    found = _expansions.get(key)
    if found is None:
        seen: dict[str, None] = {}
        for part in segmenter.jieba.cut_all(term):
            part = _term(part)
            if len(part) >= 2 and part != term:
                seen.setdefault(part, None)
        found = tuple(p for p in seen if p not in dictionary.stopwords())
        if len(_expansions) > _EXPANSION_CACHE_LIMIT:
            _expansions.clear()
        _expansions[key] = found
    return found


def analyze(text: str, *, expand: bool = True) -> Analysis:
    """Index-time analysis of one field (title or body, already truncated)."""
    segmenter = dictionary.current()
    stop = dictionary.stopwords()
    out: list[tuple[str, int]] = []
    position = 0
    for word in segmenter.jieba.cut(normalize(text), False):
        term = _term(word)
        if not term or term in stop:
            continue
        position += 1
        out.append((term, position))
        if expand and _is_long_cjk(term):
            out.extend((part, position) for part in _expand(segmenter, term))
    return Analysis(terms=out, fingerprint=segmenter.fingerprint)


def query_terms(text: str) -> list[str]:
    """The distinct terms of a query, in order, capped in length and number."""
    text = normalize(text or "")[: conf.query_max_chars()]
    segmenter = dictionary.current()
    stop = dictionary.stopwords()
    terms: dict[str, None] = {}
    for word in segmenter.jieba.cut(text, False):
        term = _term(word)
        if term and term not in stop:
            terms.setdefault(term, None)
        if len(terms) >= conf.query_max_terms():
            break
    return list(terms)


def fallback_terms(terms: list[str]) -> list[str]:
    """Terms for the OR fallback: each query word and the dictionary words inside it, so a
    query word that documents split differently still finds its parts."""
    segmenter = dictionary.current()
    out: dict[str, None] = {}
    for term in terms:
        out.setdefault(term, None)
        if _is_long_cjk(term):
            for part in _expand(segmenter, term):
                out.setdefault(part, None)
    return list(out)[: conf.query_max_terms() * 4]


def fingerprint() -> str:
    return dictionary.current().fingerprint
