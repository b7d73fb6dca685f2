"""PostgreSQL: a ``search_vector`` tsvector column with a GIN index (migration 0002).

Rows are written with COPY, the vector as a tsvector literal of ``segment``'s terms (quoted
lexemes, no text parsing), and queries are tsquery literals, so PostgreSQL's own parser and
dictionaries (which depend on the server's locale) never touch the text: its lexemes are
exactly our terms, as with the 'simple'
configuration over segmented text but independent of the locale. Like SQLite's
``detail=column``, a vector says which terms a document holds, not where: title words are
also present as title markers, and AND matches are ranked by ``yiwang.search.relevance``
(the same ranking on both engines), with document frequencies from the planner's statistics.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from yiwang.search.backends.base import (
    MAIN_COLUMNS,
    TABLE,
    Backend,
    IndexRow,
    Match,
)

GIN_INDEX = "search_searchdocument_vector_gin"
EXACT_COUNT_LIMIT = 500
DF_TTL_SECONDS = 300.0
EXACT_DF_BELOW = 20_000  # documents; below this, frequencies are counted, not estimated
DF_CACHE_MAX = 20_000
_df_cache: dict[str, tuple[float, float]] = {}  # term -> (estimated documents, expires at)
_documents: list[float] = []  # [expires at, rows in the table]


def clear_cache() -> None:
    _df_cache.clear()
    _documents.clear()


def _lexeme(term: str) -> str:
    if "'" in term or "\\" in term:  # never in our terms; kept for safety
        term = term.replace("\\", "\\\\").replace("'", "''")
    return "'" + term + "'"


def encode_row(row: IndexRow) -> str:
    """The tsvector literal of every distinct term of the title and body and of the markers
    (title markers among them): quoted lexemes without positions."""
    return " ".join(
        _lexeme(t) for t in dict.fromkeys([*row.title_terms, *row.body_terms, *row.markers])
    )


def compile_match(match: Match) -> str:
    from yiwang.search.facets import title_marker

    parts = []
    if match.terms:
        words = [title_marker(t) if match.title else t for t in match.terms]
        joiner = " & " if match.mode == "and" else " | "
        parts.append("(" + joiner.join(_lexeme(w) for w in words) + ")")
    parts.extend("(" + " | ".join(_lexeme(m) for m in group) + ")" for group in match.groups)
    return " & ".join(parts)


def _row_count(cur) -> float:
    """Rows in the table: the statistics' figure once it is large, else counted."""
    cur.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [TABLE])
    estimate = float(cur.fetchone()[0])
    if estimate >= EXACT_DF_BELOW:
        return estimate
    cur.execute(f"SELECT COUNT(*) FROM {TABLE}")
    return float(cur.fetchone()[0])


def _planned_rows(cur, where: str, params: list) -> int:
    cur.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE} {where}", params)
    plan = cur.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


class PostgresBackend(Backend):
    vendor = "postgresql"
    substring_position = "strpos"
    resumes_walks = False  # a bitmap scan finds every match of the GIN index again
    estimates_counts = True  # the planner's estimate above EXACT_COUNT_LIMIT

    def allocate_ids(self, n: int) -> list[int]:
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT nextval(pg_get_serial_sequence('{TABLE}', 'id')) "
                "FROM generate_series(1, %s)",
                [n],
            )
            return [row[0] for row in cur]

    def encode(self, row: IndexRow) -> None:
        row.encoded = encode_row(row)

    def insert(self, rows: list[IndexRow]) -> None:
        # COPY, not INSERT: one statement for the batch, and the server parses each vector
        # literal straight into its column (no array built and converted per row).
        with (
            connection.cursor() as cur,
            cur.cursor.copy(f"COPY {TABLE} ({MAIN_COLUMNS}, search_vector) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row([*row.main_params(), row.encoded])

    def matching_keys(self, match: Match, *, limit: int) -> list[int]:
        # For a rare term the GIN index finds every match and a top-N sort keeps the newest;
        # for a common one the planner (which knows each lexeme's frequency) walks the
        # rank_key index newest first and stops early.
        between, bounds = match.key_range_sql("rank_key")
        sql = (
            f"SELECT rank_key FROM {TABLE} WHERE search_vector @@ %s::tsquery{between} "
            "ORDER BY rank_key DESC LIMIT %s"
        )
        # Hints from the caller the planner cannot have (it multiplies lexeme frequencies as
        # if independent):
        # - sparse: few documents hold all these words (they rarely go together); a walk of
        #   the rank_key index would read row after row for matches that hardly exist
        #   (seconds at 1,000,000 documents for two words never together). Only the GIN
        #   index, which intersects the posting lists and finds the few.
        # - dense: many documents match (an OR over common words); a bitmap scan would visit
        #   every match's row (100,000 rows: 500 ms) where the walk stops after ``limit``.
        off = ()
        if match.sparse:
            off = ("enable_indexscan", "enable_seqscan")
        elif match.dense:
            off = ("enable_bitmapscan", "enable_seqscan")
        with connection.cursor() as cur:
            for setting in off:
                cur.execute(f"SET {setting} = off")
            try:
                cur.execute(sql, [compile_match(match), *bounds, limit])
                return [key for (key,) in cur.fetchall()]
            finally:
                for setting in off:
                    cur.execute(f"RESET {setting}")

    def document_frequency(self, term: str) -> tuple[float, float]:
        # The planner's estimate from the column's lexeme statistics (ANALYZE keeps the most
        # common ones; a rarer lexeme is estimated below the least common of those). Cached:
        # a document frequency moves slowly, and ranking and narrowing need only its size.
        now = time.monotonic()
        with connection.cursor() as cur:
            # A small index is counted every time (cheap; its statistics may not exist yet),
            # a large one estimated and cached.
            if not _documents or _documents[0] < now or _documents[1] < EXACT_DF_BELOW:
                _documents[:] = [now + DF_TTL_SECONDS, _row_count(cur)]
            documents = _documents[1]
            where, params = "WHERE search_vector @@ %s::tsquery", [_lexeme(term)]
            if documents < EXACT_DF_BELOW:
                cur.execute(f"SELECT COUNT(*) FROM {TABLE} {where}", params)
                df = float(cur.fetchone()[0])
                return df, max(documents, df)
            cached = _df_cache.get(term)
            if cached is not None and cached[1] >= now:
                return cached[0], max(documents, cached[0])
            df = float(_planned_rows(cur, where, params))
        if len(_df_cache) >= DF_CACHE_MAX:
            _df_cache.clear()
        _df_cache[term] = (df, now + DF_TTL_SECONDS)
        return df, max(documents, df)

    def count(self, match: Match | None, *, cap: int) -> tuple[int, bool]:
        # An exact count visits every matching row in the heap (hundreds of milliseconds for
        # tens of thousands), so above EXACT_COUNT_LIMIT the planner's estimate is returned:
        # its lexeme statistics make it a fair one ("about 23,600").
        if match is None:
            where, params = "", []
        else:
            between, bounds = match.key_range_sql("rank_key")
            where = f"WHERE search_vector @@ %s::tsquery{between}"
            params = [compile_match(match), *bounds]
        with connection.cursor() as cur:
            estimate = _planned_rows(cur, where, params)
            if estimate > min(cap, EXACT_COUNT_LIMIT):
                return max(estimate, 1), False
            cur.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM {TABLE} {where} LIMIT %s) AS c",
                [*params, cap],
            )
            n = cur.fetchone()[0]
        return n, n < cap

    def recent(self, match: Match, *, limit: int, offset: int) -> list[int]:
        between, bounds = match.key_range_sql("rank_key")
        sql = (
            f"SELECT id FROM {TABLE} WHERE search_vector @@ %s::tsquery{between} "
            "ORDER BY rank_key DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [compile_match(match), *bounds, limit, offset])
            return [row_id for (row_id,) in cur.fetchall()]

    def size_bytes(self) -> int | None:
        with connection.cursor() as cur:
            cur.execute("SELECT pg_total_relation_size(%s)", [TABLE])
            return cur.fetchone()[0]

    def tune_for_bulk(self) -> None:
        # A longer GIN pending list turns many small index merges into fewer large ones
        # (1,230 -> 1,590 rows/s measured); optimize() merges what is left after a rebuild.
        with connection.cursor() as cur:
            cur.execute("SET LOCAL gin_pending_list_limit = 32768")

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        # Inserting into a GIN index row by row costs more than the rest of the insert; one
        # CREATE INDEX over the loaded table sorts every entry once. Commits need not wait for
        # the WAL flush: the index is derived data, a crash means loading again.
        with connection.cursor() as cur:
            cur.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
            cur.execute("SET synchronous_commit = off")
        try:
            yield
        finally:
            with connection.cursor() as cur:
                cur.execute("SET maintenance_work_mem = '256MB'")
                cur.execute(
                    f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON {TABLE} USING gin (search_vector)"
                )
                cur.execute("RESET maintenance_work_mem")
                cur.execute("RESET synchronous_commit")
            self.optimize()

    def optimize(self) -> None:
        # Merge the GIN pending list into the index and refresh the planner's lexeme
        # statistics, on which the choice between the GIN index and the rank_key walk depends.
        with connection.cursor() as cur:
            cur.execute("SELECT gin_clean_pending_list(%s::regclass)", [GIN_INDEX])
            cur.execute(f"ANALYZE {TABLE}")
