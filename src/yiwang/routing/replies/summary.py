"""Figures over many scored replies, and the document frequencies that rank key terms."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence

from yiwang.routing.replies.scoring import ELEMENT_NAMES, ReplyScore
from yiwang.routing.segment import tokens

BUCKET = 10


def document_frequencies(texts: Iterable[str]) -> dict[str, float]:
    """Smoothed inverse document frequency of every word in ``texts``: log((1+N)/(1+df))+1."""
    df: Counter[str] = Counter()
    n = 0
    for text in texts:
        n += 1
        df.update(set(tokens(text)))
    return {term: math.log((1 + n) / (1 + count)) + 1 for term, count in df.items()}


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def distribution(scores: Sequence[ReplyScore]) -> dict:
    """Count, mean, median, deciles, a 10-point histogram of the overall score, the mean of
    each part, and how often each completeness element is present."""
    if not scores:
        return {"count": 0}
    overall = [s.overall for s in scores]
    histogram = Counter(min(s.overall // BUCKET, 9) for s in scores)
    timely = [s.timeliness for s in scores if s.timeliness is not None]
    days = [s.working_days for s in scores if s.working_days is not None]
    return {
        "count": len(scores),
        "overall_mean": round(statistics.fmean(overall), 1),
        "overall_median": statistics.median(overall),
        "overall_p10": _percentile(overall, 10),
        "overall_p90": _percentile(overall, 90),
        "histogram": {
            f"{b * BUCKET}-{b * BUCKET + BUCKET - (0 if b == 9 else 1)}": histogram.get(b, 0)
            for b in range(10)
        },
        "relevance_mean": round(statistics.fmean(s.relevance for s in scores), 1),
        "completeness_mean": round(statistics.fmean(s.completeness for s in scores), 1),
        "timeliness_mean": round(statistics.fmean(timely), 1) if timely else None,
        "working_days_median": statistics.median(days) if days else None,
        "element_share": {
            name: round(sum(1 for s in scores if s.elements.get(name)) / len(scores), 3)
            for name in ELEMENT_NAMES
        },
    }
