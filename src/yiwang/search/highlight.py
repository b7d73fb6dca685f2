"""Highlighting: the original text, HTML-escaped, with <mark> around the query terms.

Terms are found in the normalised text (full-width folded, lower case) and the marks are put
back on the original characters, so "ＡＢＣ" in a document is marked for the query "abc" and
shown as written. Everything outside the marks is escaped; the result is safe to render.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from html import escape  # Django's lazy-aware wrapper costs more than the escaping here

from django.utils.safestring import SafeString, mark_safe

from yiwang.search import segment

SNIPPET_CHARS = 120
LEAD_CHARS = 24
ELLIPSIS = "…"
MAX_SPANS = 300


def _pattern(terms: Iterable[str]) -> re.Pattern | None:
    # Longest first, so 营业执照 is marked whole rather than 营业 and 执照 apart.
    unique = sorted({t for t in terms if t}, key=len, reverse=True)
    if not unique:
        return None
    return re.compile("|".join(re.escape(t) for t in unique))


def _spans(text: str, terms: Iterable[str]) -> tuple[list[tuple[int, int, str]], str]:
    """Matched spans as (start, end, term) in ``text``'s own indices."""
    pattern = _pattern(terms)
    if pattern is None or not text:
        return [], text
    normal = segment.nfkc(text).lower()
    if len(normal) == len(text):  # the usual case: one character for one, no map needed
        origin = range(len(text))
    else:
        normal, origin = segment.normalize_with_map(text)
    spans = []
    for found in pattern.finditer(normal):
        start, end = origin[found.start()], origin[found.end() - 1] + 1
        if spans and start < spans[-1][1]:
            continue
        spans.append((start, end, found.group()))
        if len(spans) >= MAX_SPANS:
            break
    return spans, text


def _render(text: str, spans: list[tuple[int, int, str]], start: int, end: int) -> str:
    out = []
    at = start
    for s, e, _term in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[at:s]))
        out.append("<mark>" + escape(text[s:e]) + "</mark>")
        at = e
    out.append(escape(text[at:end]))
    return "".join(out)


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """The whole text with every term marked (for titles)."""
    text = text or ""
    spans, text = _spans(text, terms)
    return mark_safe(_render(text, spans, 0, len(text)))  # every piece was escaped in _render


def _best_window(spans: list[tuple[int, int, str]], length: int) -> int:
    """Start of the window of ``length`` characters that shows the most different terms
    (the earliest such window): one pass with a sliding window over the spans."""
    counts: Counter[str] = Counter()
    best_start, best = 0, 0
    j = 0
    for i, (start, _end, _term) in enumerate(spans):
        while j < len(spans) and spans[j][1] <= start + length:
            counts[spans[j][2]] += 1
            j += 1
        if len(counts) > best:
            best_start, best = start, len(counts)
        if j > i:
            counts[spans[i][2]] -= 1
            if not counts[spans[i][2]]:
                del counts[spans[i][2]]
    return best_start


def snippet(text: str, terms: Iterable[str], *, length: int = SNIPPET_CHARS) -> SafeString:
    """A passage of about ``length`` characters around the terms, marked, with ellipses."""
    text = " ".join((text or "").split())
    spans, text = _spans(text, terms)
    if not spans:
        start = 0
    else:
        start = max(0, _best_window(spans, length - LEAD_CHARS) - LEAD_CHARS)
        start = min(start, max(0, len(text) - length))
    end = min(len(text), start + length)
    html = _render(text, spans, start, end)
    if start > 0:
        html = ELLIPSIS + html
    if end < len(text):
        html += ELLIPSIS
    return mark_safe(html)  # every piece was escaped in _render


def highlight_query(text: str, query: str) -> SafeString:
    """``highlight`` for a raw query string (segmented the same way searches are)."""
    return highlight(text, segment.query_terms(query))
