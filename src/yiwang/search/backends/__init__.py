"""The two text-index backends, chosen by the database vendor. Same rows, same terms, same
candidate order, same relevance (``yiwang.search.relevance``): the engines only find."""

from __future__ import annotations

from django.db import connection

from yiwang.search.backends.base import Backend, Candidate, IndexRow, Match


def get_backend() -> Backend:
    if connection.vendor == "postgresql":
        from yiwang.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from yiwang.search.backends.sqlite import SqliteBackend

        return SqliteBackend()
    raise NotImplementedError(f"no search backend for database vendor {connection.vendor!r}")


__all__ = ["Backend", "Candidate", "IndexRow", "Match", "get_backend"]
