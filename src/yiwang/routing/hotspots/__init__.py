"""Hotspot discovery (热点发现) on plain rows: cluster recent messages by matter, place and time
window, rank the clusters by a heat index. Knows no ticket model: the tickets app (or a JSONL
file) supplies ``MessageRow``s. Method and results: docs/routing.md "Hotspots"."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from yiwang.routing.hotspots.cluster import (
    DEFAULT_THRESHOLD,
    Message,
    cluster_messages,
    district_of,
    prepare,
)
from yiwang.routing.hotspots.heat import Hotspot, bucket_size, growth, heat_index, trend
from yiwang.routing.hotspots.places import Place, extract_place
from yiwang.routing.hotspots.rows import MessageRow, read_jsonl, rows_from

__all__ = [
    "Hotspot",
    "HotspotReport",
    "MessageRow",
    "Place",
    "extract_place",
    "find_hotspots",
    "read_jsonl",
    "rows_from",
]  # fmt: skip

MAX_ROWS = 50_000  # a window larger than this is cut to its most recent rows
REPRESENTATIVES = 3


@dataclass
class HotspotReport:
    hotspots: list[Hotspot]
    rows: int  # rows in the window
    messages: int  # after copies collapsed
    clusters: int
    window_start: datetime | None
    window_end: datetime | None
    bucket: str = "day"
    threshold: float = DEFAULT_THRESHOLD
    truncated: bool = False
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "messages": self.messages,
            "clusters": self.clusters,
            "window": [
                self.window_start.isoformat(sep=" ") if self.window_start else None,
                self.window_end.isoformat(sep=" ") if self.window_end else None,
            ],
            "bucket": self.bucket,
            "threshold": self.threshold,
            "truncated": self.truncated,
            "hotspots": [h.as_dict() for h in self.hotspots],
        }


def _in_window(rows: Iterable[MessageRow], start: datetime | None, end: datetime | None):
    for row in rows:
        if row.time is None:
            if start is None and end is None:
                yield row
            continue
        if (start is None or row.time >= start) and (end is None or row.time <= end):
            yield row


def find_hotspots(
    rows: Iterable[MessageRow],
    *,
    top: int = 10,
    start: datetime | None = None,
    end: datetime | None = None,
    window_days: int | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    min_messages: int = 1,
    known_places: Sequence[str] = (),
) -> HotspotReport:
    """The ``top`` hotspots of the rows between ``start`` and ``end`` (or the last
    ``window_days`` before ``end`` / the newest row). Never raises on bad rows."""
    top = max(1, min(int(top), 1000))
    threshold = min(max(float(threshold), 0.05), 0.99)
    rows = list(rows)
    if window_days and start is None:
        latest = end or max((r.time for r in rows if r.time), default=None)
        if latest is not None:
            start, end = latest - timedelta(days=int(window_days)), latest
    selected = list(_in_window(rows, start, end))
    truncated = len(selected) > MAX_ROWS
    if truncated:
        selected = sorted(selected, key=lambda r: r.time or datetime.min)[-MAX_ROWS:]
    times = [r.time for r in selected if r.time]
    window_start = start or (min(times) if times else None)
    window_end = end or (max(times) if times else None)
    messages = prepare(selected, known_places=known_places)
    clusters, graph = cluster_messages(messages, threshold=threshold)
    length = (window_end - window_start) if window_start and window_end else timedelta(0)
    size = bucket_size(length)
    hotspots = [
        _hotspot(messages, members, graph, window_start, window_end, length, size)
        for members in clusters
    ]
    hotspots = [h for h in hotspots if h.messages >= min_messages]
    hotspots.sort(key=lambda h: (-h.heat, -h.messages, h.ids[0] if h.ids else ""))
    for rank, hotspot in enumerate(hotspots, start=1):
        hotspot.rank = rank
    return HotspotReport(
        hotspots=hotspots[:top], rows=len(selected), messages=len(messages),
        clusters=len(clusters), window_start=window_start, window_end=window_end, bucket=size,
        threshold=threshold, truncated=truncated,
    )  # fmt: skip


def _most_common(values: Iterable[str]) -> str:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else ""


def _hotspot(
    messages: Sequence[Message], members: list[int], graph, window_start, window_end,
    length: timedelta, size: str,
) -> Hotspot:  # fmt: skip
    rows = [row for i in members for row in messages[i].rows]
    times = sorted(r.time for r in rows if r.time)
    requesters = {r.requester for r in rows if r.requester}
    anonymous = sum(1 for r in rows if not r.requester)
    # the centre: the member most similar to the others
    if len(members) > 1:
        sub = graph[members][:, members]
        centrality = np.asarray(sub.sum(axis=1)).ravel()
        central = [members[i] for i in np.argsort(-centrality, kind="stable")]
    else:
        central = members
    places = [messages[i].place for i in members]
    place = _place_label(places)
    word_counts = Counter(w for i in members for w in set(messages[i].words) if _keyword(w))
    ordered = sorted(rows, key=lambda r: (r.time or datetime.min, r.id))
    kept_growth = growth(times, window_end=window_end, window_length=length) if window_end else 0.0
    messages_count = len(members)
    people = len(requesters) + anonymous
    votes, against = sum(r.votes for r in rows), sum(r.against for r in rows)
    return Hotspot(
        heat=heat_index(messages=messages_count, requesters=people, votes=votes,
                        against=against, growth=kept_growth),
        title=messages[central[0]].first.subject or messages[central[0]].first.text[:60],
        place=place,
        district=_most_common(district_of(messages[i]) for i in members),
        start=times[0] if times else None,
        end=times[-1] if times else None,
        messages=messages_count,
        requesters=people,
        votes=votes,
        against=against,
        growth=kept_growth,
        keywords=[w for w, _n in word_counts.most_common(6)],
        ids=[r.id for r in ordered],
        representative_ids=[messages[i].first.id for i in central[:REPRESENTATIVES]],
        trend=trend(times, start=times[0].date(), end=times[-1].date(), size=size)
        if times
        else [],
    )  # fmt: skip


def _keyword(word: str) -> bool:
    """Words worth showing: not place tokens, single characters or codes (a4, 58)."""
    return len(word) >= 2 and not word.startswith("@") and not word.isascii()


def _place_label(places: list[Place]) -> str:
    """The most named unit at each level: 区, 街道/镇, 路, 小区."""
    parts = [
        _most_common(getattr(p, level) for p in places)
        for level in ("district", "town", "road", "compound")
    ]
    return " ".join(p for p in parts if p)
