"""The heat index of a cluster and what a hotspot shows (热度).

heat = (people + ½·repeats + 2·log₂(1 + net support / 4)) × (1 + ½·growth)

- people: distinct requesters (a message without a requester counts as one person);
  repeats: further messages by the same people — pressing again is a signal, but weaker
  than one more person.
- net support: support votes (点赞) minus opposing ones (反对), never below zero, on a log
  scale: four votes weigh like two more people, a thousand like sixteen — not a thousand.
- growth: messages in the last quarter of the window (at least 7, at most 30 days) against
  the same period before, as (recent − before) / max(before, 1), capped to 0..2 — a matter
  that is growing now ranks above an equally large one that has calmed down.
The weights are module constants so that a city can tune them; docs/routing.md explains them.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

REPEAT_WEIGHT = 0.5
SUPPORT_WEIGHT = 2.0
SUPPORT_SCALE = 4.0
GROWTH_WEIGHT = 0.5
GROWTH_CAP = 2.0
MIN_GROWTH_PERIOD = timedelta(days=7)
MAX_GROWTH_PERIOD = timedelta(days=30)


@dataclass
class Hotspot:
    heat: float
    title: str  # the subject of the most central message
    place: str  # 区 街道 路 小区, as far as the messages tell
    district: str
    start: datetime | None
    end: datetime | None
    messages: int
    requesters: int
    votes: int
    against: int
    growth: float
    keywords: list[str]
    ids: list[str]  # every message id, oldest first
    representative_ids: list[str]  # the most central messages first
    trend: list[tuple[date, int]] = field(default_factory=list)
    rank: int = 0

    def as_dict(self) -> dict:
        return {
            "rank": self.rank,
            "heat": round(self.heat, 2),
            "title": self.title,
            "place": self.place,
            "district": self.district,
            "time_range": [
                self.start.isoformat(sep=" ") if self.start else None,
                self.end.isoformat(sep=" ") if self.end else None,
            ],
            "messages": self.messages,
            "requesters": self.requesters,
            "votes": self.votes,
            "against": self.against,
            "growth": round(self.growth, 2),
            "keywords": self.keywords,
            "ids": self.ids,
            "representative_ids": self.representative_ids,
            "trend": [[d.isoformat(), n] for d, n in self.trend],
        }


def growth(times: list[datetime], *, window_end: datetime, window_length: timedelta) -> float:
    period = min(max(MIN_GROWTH_PERIOD, window_length / 4), MAX_GROWTH_PERIOD)
    recent = sum(1 for t in times if window_end - period < t <= window_end)
    before = sum(1 for t in times if window_end - 2 * period < t <= window_end - period)
    return max(0.0, min(GROWTH_CAP, (recent - before) / max(before, 1)))


def heat_index(*, messages: int, requesters: int, votes: int, against: int, growth: float) -> float:
    people = max(requesters, 1 if messages else 0)
    repeats = max(messages - people, 0)
    support = max(votes - against, 0)
    base = (
        people + REPEAT_WEIGHT * repeats + SUPPORT_WEIGHT * math.log2(1 + support / SUPPORT_SCALE)
    )
    return base * (1 + GROWTH_WEIGHT * growth)


def bucket_of(moment: date, size: str) -> date:
    if size == "month":
        return moment.replace(day=1)
    if size == "week":
        return moment - timedelta(days=moment.weekday())
    return moment


def bucket_size(length: timedelta) -> str:
    if length > timedelta(days=400):
        return "month"
    if length > timedelta(days=62):
        return "week"
    return "day"


def buckets(start: date, end: date, size: str) -> list[date]:
    """Every bucket from start to end, so a trend shows quiet days as zeros."""
    out, current = [], bucket_of(start, size)
    while current <= end and len(out) < 1000:
        out.append(current)
        if size == "month":
            current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
        else:
            current += timedelta(days=7 if size == "week" else 1)
    return out


def trend(times: list[datetime], *, start: date, end: date, size: str) -> list[tuple[date, int]]:
    counts = Counter(bucket_of(t.date(), size) for t in times)
    return [(b, counts.get(b, 0)) for b in buckets(start, end, size)]
