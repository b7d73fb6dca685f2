"""PostgreSQL: a ``search_vector`` tsvector column with a GIN index (migration 0002).

The vector is written as a tsvector literal built here from ``segment``'s terms, and queries
as tsquery literals, so PostgreSQL's own parser and dictionaries (which depend on the server's
locale) never touch the text: its lexemes are exactly our terms, as with the 'simple'
configuration over segmented text but independent of the locale. Title words carry weight A,
body words weight B; markers carry no position and so never count towards ts_rank_cd.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from yiwang.search.backends.base import (
    MAIN_COLUMNS,
    TABLE,
    Backend,
    Candidate,
    IndexRow,
    Match,
)

GIN_INDEX = "search_searchdocument_vector_gin"
MAX_POSITION = 16383  # PostgreSQL's limit; larger positions are clamped
POSITIONS_PER_LEXEME = 8
EXACT_COUNT_LIMIT = 500
VECTOR_SQL = (
    "setweight(%s::tsvector, 'A') || setweight(%s::tsvector, 'B') || array_to_tsvector(%s::text[])"
)
# ts_rank_cd weights {D, C, B, A}: a title word counts ten times a body word.
RANK_WEIGHTS = "{0.1, 0.2, 0.1, 1.0}"
RANK_NORMALIZATION = 1  # divide by 1 + log(document length), as bm25 normalises length


def _lexeme(term: str) -> str:
    if "'" in term or "\\" in term:  # never in our terms; kept for safety
        term = term.replace("\\", "\\\\").replace("'", "''")
    return "'" + term + "'"


_NUMBERS = [str(n) for n in range(MAX_POSITION + 1)]


def _positions_literal(terms: list[str]) -> str:
    """``'term':1,5 'other':2`` — each term with its first ``POSITIONS_PER_LEXEME``
    positions (ts_rank_cd's term frequency saturates like bm25's, and the vector stays
    small)."""
    positions: dict[str, list[str]] = {}
    get = positions.get
    numbers = _NUMBERS
    last = len(numbers) - 1
    for n, term in enumerate(terms, start=1):
        slot = get(term)
        if slot is None:
            positions[term] = [numbers[n if n < last else last]]
        elif len(slot) < POSITIONS_PER_LEXEME:
            slot.append(numbers[n if n < last else last])
    text = " ".join([f"'{term}':{','.join(slot)}" for term, slot in positions.items()])
    if "\\" in text or "''" in text or text.count("'") != 2 * len(positions):
        # A quote or backslash inside a term (never produced by segment): the safe way.
        text = " ".join(_lexeme(t) + ":" + ",".join(slot) for t, slot in positions.items())
    return text


def _is_bare(term: str) -> bool:
    """Single Chinese characters go in without positions (see encode_row)."""
    return len(term) == 1 and not term.isascii()


def encode_row(row: IndexRow) -> tuple[str, str, list[str]]:
    """Title words and body words as tsvector literals with positions, which the INSERT
    weights A and B; then, as a plain array, the single characters and the markers.

    Parsing tsvector text is the costly part of a PostgreSQL insert (0.2 ms for a vector of
    a 650-character document); the single characters are half the lexemes, and
    ``array_to_tsvector`` takes them unparsed. Without positions they match but do not rank
    (``compile_rank_query`` leaves them out)."""
    bare = [t for t in dict.fromkeys(row.title_terms + row.body_terms) if _is_bare(t)]
    title = [t for t in row.title_terms if not _is_bare(t)]
    body = [t for t in row.body_terms if not _is_bare(t)]
    return (
        _positions_literal(title),
        _positions_literal(body),
        bare + list(dict.fromkeys(row.markers)),
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


def compile_rank_query(match: Match) -> str:
    joiner = " & " if match.mode == "and" else " | "
    return joiner.join(_lexeme(t) for t in match.terms if not _is_bare(t))


class PostgresBackend(Backend):
    vendor = "postgresql"

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
        placeholders = ", ".join(["%s"] * 9 + ["%s::jsonb"] + ["%s"] * 5 + [VECTOR_SQL])
        with connection.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {TABLE} ({MAIN_COLUMNS}, search_vector) VALUES ({placeholders})",
                [[*row.main_params(), *row.encoded] for row in rows],
            )

    def candidates(self, match: Match, *, limit: int) -> list[Candidate]:
        # The inner query picks the ``limit`` most recent matches: for a rare term the GIN
        # index finds them all and a top-N sort keeps the newest; for a common one the
        # planner (which knows each lexeme's frequency) walks the rank_key index newest first
        # and stops early. Only those rows are ranked.
        # Only (id, rank_key) go through the sort: carrying the vectors made it spill to
        # disk. The survivors fetch their vector again by primary key to be ranked.
        between, bounds = match.key_range_sql("rank_key")
        inner = (
            f"SELECT id, rank_key FROM {TABLE} WHERE search_vector @@ %s::tsquery{between} "
            "ORDER BY rank_key DESC LIMIT %s"
        )
        inner_params = [compile_match(match), *bounds, limit]
        rank_query = compile_rank_query(match)
        if rank_query:
            sql = (
                "SELECT c.rank_key, "
                "ts_rank_cd(%s::float4[], d.search_vector, %s::tsquery, %s) "
                f"FROM ({inner}) AS c JOIN {TABLE} AS d ON d.id = c.id"
            )
            params = [RANK_WEIGHTS, rank_query, RANK_NORMALIZATION, *inner_params]
        else:
            sql = f"SELECT rank_key, 0.0 FROM ({inner}) AS c"
            params = inner_params
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()

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
            cur.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE} {where}", params)
            plan = cur.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            estimate = int(plan[0]["Plan"]["Plan Rows"])
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
