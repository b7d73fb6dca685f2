"""SQLite: an FTS5 table ``search_fts(title, body, meta)`` whose rowid is the row's rank key.

The columns hold space-separated terms from ``segment``; FTS5's unicode61 tokenizer then
splits on exactly those spaces (terms are letters and digits only), so FTS5's terms are ours.
``meta`` holds the title markers and facet markers. A trigger (migration 0002) deletes the
FTS row when its index row is deleted, whatever deletes it.
"""

from __future__ import annotations

from django.db import DatabaseError, connection

from yiwang.search.backends.base import (
    ID_MASK,
    MAIN_COLUMNS,
    TABLE,
    Backend,
    Candidate,
    IndexRow,
    Match,
)

FTS = "search_fts"
# bm25 column weights (title, body, meta): a title word counts ten times a body word; the
# markers only select. The title-only tier ranks by the title markers instead.
WEIGHTS_ALL = (10.0, 1.0, 0.0)
WEIGHTS_TITLE = (0.0, 0.0, 1.0)


def _phrase(term: str) -> str:
    # A quoted FTS5 string is always a literal: no operator, column filter or NEAR inside.
    return '"' + term.replace('"', '""') + '"'


def compile_match(match: Match) -> str:
    from yiwang.search.facets import title_marker

    parts = []
    if match.terms:
        words = [title_marker(t) if match.title else t for t in match.terms]
        joiner = " AND " if match.mode == "and" else " OR "
        parts.append("(" + joiner.join(_phrase(w) for w in words) + ")")
    parts.extend("(" + " OR ".join(_phrase(m) for m in group) + ")" for group in match.groups)
    return " AND ".join(parts)


class SqliteBackend(Backend):
    vendor = "sqlite"

    def allocate_ids(self, n: int) -> list[int]:
        # Called inside the writing transaction, which SQLite's IMMEDIATE mode (settings)
        # opened with the write lock held, so no other writer can take the same ids.
        with connection.cursor() as cur:
            cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {TABLE}")
            start = cur.fetchone()[0] + 1
        return list(range(start, start + n))

    def insert(self, rows: list[IndexRow]) -> None:
        placeholders = ", ".join(["%s"] * 14)
        with connection.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {TABLE} ({MAIN_COLUMNS}) VALUES ({placeholders})",
                [row.main_params() for row in rows],
            )
            cur.executemany(
                f"INSERT INTO {FTS} (rowid, title, body, meta) VALUES (%s, %s, %s, %s)",
                [
                    (
                        row.rank_key,
                        " ".join(t for t, _ in row.title_terms),
                        " ".join(t for t, _ in row.body_terms),
                        " ".join(row.markers),
                    )
                    for row in rows
                ],
            )

    def candidates(self, match: Match, *, limit: int) -> list[Candidate]:
        weights = ", ".join(str(w) for w in (WEIGHTS_TITLE if match.title else WEIGHTS_ALL))
        # FTS5 walks its doclists in rowid (= rank key) order and stops after ``limit``
        # rows, so bm25 is computed for at most ``limit`` documents however common the term.
        sql = (
            f"SELECT rowid, bm25({FTS}, {weights}) FROM {FTS} WHERE {FTS} MATCH %s "
            "ORDER BY rowid DESC LIMIT %s"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [compile_match(match), limit])
            return [Candidate(key & ID_MASK, key, -(score or 0.0)) for key, score in cur]

    def count(self, match: Match, *, cap: int) -> int:
        sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM {FTS} WHERE {FTS} MATCH %s LIMIT %s)"
        with connection.cursor() as cur:
            cur.execute(sql, [compile_match(match), cap])
            return cur.fetchone()[0]

    def recent(self, match: Match, *, limit: int, offset: int) -> list[int]:
        sql = f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s ORDER BY rowid DESC LIMIT %s OFFSET %s"
        with connection.cursor() as cur:
            cur.execute(sql, [compile_match(match), limit, offset])
            return [key & ID_MASK for (key,) in cur]

    def size_bytes(self) -> int | None:
        with connection.cursor() as cur:
            try:
                cur.execute(
                    "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE %s OR name LIKE %s",
                    [f"{FTS}%", f"{TABLE}%"],
                )
            except DatabaseError:  # dbstat is a compile-time option; without it, no figure
                return None
            return cur.fetchone()[0]

    def optimize(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")
