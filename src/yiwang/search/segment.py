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
- Index time uses jieba's full mode: every dictionary word found anywhere in the text and
  every single character. Query time uses precise mode, whose terms are dictionary words,
  single characters or runs of Latin letters and digits; each of them is among a document's
  terms whenever the document contains it. So an AND query finds every document that
  contains all its words, even where the document's sentence would be cut differently
  (文昌街道路灯不亮 cuts as 文昌街/道路/灯不亮, yet 路灯 and 街道 find it). The price is a
  larger index (about two terms per Chinese character) and the odd extra hit (道路 in it too).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from yiwang.search import conf, dictionary

MAX_TERM = 64
_SURROGATE = re.compile("[\ud800-\udfff]")
# Full-width ASCII (U+FF01-U+FF5E) and the ideographic space, as NFKC folds them. A regex
# with a lookup: str.translate looks up every character of a Chinese text (65 µs for 600).
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
_FOLDED = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_TERM_CACHE_LIMIT = 500_000


def _blank(ch: str) -> bool:
    # Cc control (NUL included), Cf format, Cs lone surrogates, Co private use, Cn unassigned.
    return unicodedata.category(ch)[0] == "C"


@cache
def _blank_pattern() -> re.Pattern:
    """One character class for every control, format, surrogate and private-use character
    (built once per process: a regex pass is far faster than a per-character test)."""
    ranges: list[tuple[int, int]] = []
    for cp in range(0x110000):
        if unicodedata.category(chr(cp)) in {"Cc", "Cf", "Cs", "Co"}:
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    parts = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )
    return re.compile(f"[{parts}]")


def clean_text(text: str | None) -> str:
    """Text as stored: no NUL (PostgreSQL refuses it) and no lone surrogates (not UTF-8)."""
    if not text:
        return ""
    text = text.replace("\x00", "")
    return text.encode("utf-8", "replace").decode("utf-8") if _has_surrogate(text) else text


def _has_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, quicker for Chinese text."""
    # Chinese text is full of full-width punctuation, which alone makes it "not NFKC"; folding
    # that block first lets most texts skip the (slow) full normalisation, same result.
    if unicodedata.is_normalized("NFKC", text):
        return text
    text = _FULL_WIDTH.sub(lambda found: _FOLDED[found.group()], text)
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def normalize(text: str) -> str:
    text = nfkc(clean_text(text)).lower()
    return _blank_pattern().sub(" ", text)


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
    """The distinct terms of one text, in the order of their first occurrence (no engine
    stores positions: FTS5 runs with detail=column, vectors are built without them)."""

    terms: list[str]
    fingerprint: str


class _TermCache(dict):
    """word -> term ("" when the word is no term), per dictionary; most words repeat."""

    def __missing__(self, word: str) -> str:
        term = _term(word)
        if term in dictionary.stopwords():
            term = ""
        if len(self) < _TERM_CACHE_LIMIT:
            self[word] = term
        return term


_term_caches: dict[str, _TermCache] = {}
_expansions: dict[tuple[str, str], tuple[str, ...]] = {}


def _terms_of(segmenter: dictionary.Segmenter) -> _TermCache:
    cache = _term_caches.get(segmenter.fingerprint)
    if cache is None:
        _term_caches.clear()
        cache = _term_caches[segmenter.fingerprint] = _TermCache()
    return cache


def _expand(segmenter: dictionary.Segmenter, term: str) -> tuple[str, ...]:
    key = (segmenter.fingerprint, term)
    found = _expansions.get(key)
    if found is None:
        terms = _terms_of(segmenter)
        seen: dict[str, None] = {}
        for part in segmenter.jieba.cut_all(term):
            part = terms[part]
            if len(part) >= 2 and part != term:
                seen.setdefault(part, None)
        found = tuple(seen)
        if len(_expansions) > _TERM_CACHE_LIMIT:
            _expansions.clear()
        _expansions[key] = found
    return found


def analyze(text: str, *, segmenter: dictionary.Segmenter | None = None) -> Analysis:
    """Index-time analysis of one field (title or body, already truncated): jieba's full
    mode, i.e. every dictionary word found anywhere in the text and every single character.
    A query term (a dictionary word, a single character or a run of Latin letters and
    digits, see ``query_terms``) is therefore among a document's terms whenever the document
    contains it, however the document's own sentences would have been cut."""
    segmenter = segmenter or dictionary.current()
    terms = _terms_of(segmenter)
    # Distinct words first (in C): a body repeats most of its words, and each distinct one
    # then costs one term lookup instead of one per occurrence.
    words = dict.fromkeys(segmenter.jieba.cut_all(normalize(text)))
    found = dict.fromkeys(map(terms.__getitem__, words))
    found.pop("", None)  # words that are no term
    return Analysis(terms=list(found), fingerprint=segmenter.fingerprint)


def query_terms(text: str) -> list[str]:
    """The distinct terms of a query, in order, capped in length and number."""
    text = normalize(text or "")[: conf.query_max_chars()]
    segmenter = dictionary.current()
    cache = _terms_of(segmenter)
    terms: dict[str, None] = {}
    for word in segmenter.jieba.cut(text, False):
        term = cache[word]
        if term:
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
