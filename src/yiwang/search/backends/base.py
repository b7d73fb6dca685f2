"""What the backends share: the row to write, the match to run, the candidate returned."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection

ID_BITS = 36
ID_MASK = (1 << ID_BITS) - 1
TABLE = "search_searchdocument"


def make_rank_key(minutes: int, row_id: int) -> int:
    return (minutes << ID_BITS) | (row_id & ID_MASK)


def rank_key_minutes(rank_key: int) -> int:
    return rank_key >> ID_BITS


def key_bounds(
    span: tuple[int | None, int | None], key_from: int | None, key_to: int | None
) -> tuple[int, int] | None:
    """The rank keys [bottom, top) a date range leaves of the index's ``span`` (lowest and
    highest key, ``Backend.key_span``); None for an empty index or range."""
    low, high = span
    if low is None or high is None:
        return None
    bottom = low if key_from is None else max(key_from, low)
    top = high + 1 if key_to is None else min(key_to, high + 1)
    return (bottom, top) if top > bottom else None


@dataclass
class IndexRow:
    """One document, analysed and ready to write."""

    doc_type: str
    object_id: str
    title: str
    body: str
    url: str
    department_id: int | None
    category: str
    status: str
    extra: dict[str, Any]
    published_at: datetime | None
    indexed_at: datetime
    minutes: int  # recency, minutes since the epoch
    dictionary: str
    title_terms: list[str]
    body_terms: list[str]
    markers: list[str]  # title markers and facet markers
    id: int = 0
    rank_key: int = 0
    terms_blob: bytes | None = None  # SQLite: the compressed FTS5 terms
    encoded: Any = None  # the backend's form of the terms (Backend.encode)

    def main_params(self) -> list[Any]:
        ops = connection.ops
        return [
            self.id,
            self.doc_type,
            self.object_id,
            self.title,
            self.body,
            self.url,
            self.department_id,
            self.category,
            self.status,
            json.dumps(self.extra, ensure_ascii=False, sort_keys=True),
            ops.adapt_datetimefield_value(self.published_at),
            ops.adapt_datetimefield_value(self.indexed_at),
            self.rank_key,
            self.dictionary,
            self.terms_blob,
        ]


MAIN_COLUMNS = (
    "id, doc_type, object_id, title, body, url, department_id, category, status, extra, "
    "published_at, indexed_at, rank_key, dictionary, terms"
)
MAIN_COLUMN_COUNT = 15


@dataclass(frozen=True)
class Match:
    """What to look for. ``terms`` are joined by AND or OR; ``title`` looks only at title
    words; ``groups`` are marker groups (AND over groups, OR inside one). No terms and no
    groups would match everything and is never passed to an engine."""

    terms: tuple[str, ...] = ()
    mode: str = "and"
    title: bool = False
    groups: tuple[tuple[str, ...], ...] = ()
    # A date range as rank keys (recency is their high bits): lowest included, highest not.
    key_from: int | None = None
    key_to: int | None = None
    # A hint: the caller saw that these words rarely go together (narrowing's check), so few
    # documents match, whatever their separate frequencies suggest.
    sparse: bool = False
    # A hint: the caller expects many matches (an OR over common words).
    dense: bool = False

    def key_range_sql(self, column: str) -> tuple[str, list[int]]:
        """`` AND column >= %s AND column < %s`` for the bounds that are set."""
        sql, params = "", []
        if self.key_from is not None:
            sql, params = f" AND {column} >= %s", [self.key_from]
        if self.key_to is not None:
            sql, params = f"{sql} AND {column} < %s", [*params, self.key_to]
        return sql, params


# (rank_key, relevance): thousands per query, so plain tuples straight from the driver. The
# row id is the rank key's low bits (``rank_key_id``).
Candidate = tuple[int, float]


def rank_key_id(rank_key: int) -> int:
    return rank_key & ID_MASK


class Backend:
    vendor = ""
    # SQL function(haystack, needle) giving the 1-based position of a substring, 0 if absent.
    substring_position = "instr"
    # Checking one candidate's stored text (narrowing) costs about as much as the engine
    # walking this many posting-list entries: SQLite at 1,000,000 documents, 9 µs against 45 ns.
    check_cost_in_postings = 200
    # Whether asking for the next matches below a key costs about those matches only (FTS5
    # resumes its walk) rather than the whole match again (a GIN bitmap scan).
    resumes_walks = True
    # Whether ``count`` answers large counts with a cheap estimate (else it walks the matches).
    estimates_counts = False

    def allocate_ids(self, n: int) -> list[int]:
        raise NotImplementedError

    def encode(self, row: IndexRow) -> None:
        """Turn the row's terms into what ``insert`` writes (CPU only, no database: a
        rebuild runs it in a second thread while the first writes the previous batch)."""
        raise NotImplementedError

    def insert(self, rows: list[IndexRow]) -> None:
        """Insert encoded rows whose ids and rank keys are set."""
        raise NotImplementedError

    def candidates(self, match: Match, *, limit: int) -> list[Candidate]:
        """The ``limit`` most recent matches as (rank_key, relevance) pairs, ranked by
        ``yiwang.search.relevance`` (higher is better): the same on every engine."""
        keys = self.matching_keys(match, limit=limit) if match.terms or match.groups else []
        if not keys:
            return []
        if match.mode == "and" and match.terms:
            return self.rank(match, keys)
        return self.rank_any(match, keys)

    def matching_keys(self, match: Match, *, limit: int) -> list[int]:
        """The rank keys of the ``limit`` most recent matches, newest first, unranked."""
        raise NotImplementedError

    def rank(self, match: Match, keys: list[int]) -> list[Candidate]:
        """(rank_key, relevance) for AND matches ``keys`` of ``match``: the same ranking on
        every engine (``yiwang.search.relevance``), weighted by ``idf``."""
        from yiwang.search import relevance

        return relevance.rank(match, keys, self.idf) if keys else []

    def rank_any(self, match: Match, keys: list[int]) -> list[Candidate]:
        """(rank_key, relevance) for OR matches ``keys`` of ``match`` (the fallback when no
        document holds every word): the words each holds, weighted by ``idf``."""
        from yiwang.search import relevance

        return relevance.rank_any(match, keys, self.idf) if keys else []

    def idf(self, term: str) -> float:
        from yiwang.search import relevance

        df, documents = self.document_frequency(term)
        return relevance.idf(documents, df)

    def count(self, match: Match | None, *, cap: int) -> tuple[int, bool]:
        """How many rows match (every row for None): ``(n, True)`` when exact, else
        ``(at least cap or an estimate, False)``."""
        raise NotImplementedError

    def recent(self, match: Match, *, limit: int, offset: int) -> list[int]:
        raise NotImplementedError

    def document_frequency(self, term: str) -> tuple[float, float] | None:
        """(documents holding ``term``, documents in the index), an estimate cached for a few
        minutes; None when the engine cannot tell cheaply (no narrowing then)."""
        return None

    def tune_for_bulk(self) -> None:
        """Called inside a rebuild batch's transaction, before its writes."""

    def purge(self) -> None:
        """Finish removing deleted rows from the text index (called inside the transaction
        that deleted them, before new rows are written)."""

    def key_span(self) -> tuple[int | None, int | None]:
        """The lowest and highest rank key in the index (two index seeks)."""
        with connection.cursor() as cur:
            # One aggregate per subquery: SQLite reads an index end only for a lone MIN/MAX.
            cur.execute(
                f"SELECT (SELECT MIN(rank_key) FROM {TABLE}), (SELECT MAX(rank_key) FROM {TABLE})"
            )
            low, high = cur.fetchone()
        return low, high

    def size_bytes(self) -> int | None:
        return None

    def optimize(self) -> None:
        """Compact the text index after a large rebuild."""

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Around a large load into a quiet index (a first build, a benchmark): the engine
        may defer index maintenance to the end. Searches during it are slower, never wrong."""
        try:
            yield
        finally:
            self.optimize()
