"""Tunables of the search service, read from the environment (DESIGN §4: configuration is
environment variables). Read at call time so tests and operators can change them."""

from __future__ import annotations

from yiwang.core.config import env_int


def body_max_chars() -> int:
    """Characters of a body that are indexed (and kept for snippets). Attachments' extracted
    text can run to megabytes; past this the words add little to ranking and much to size."""
    return max(1000, env_int("YIWANG_SEARCH_BODY_MAX_CHARS", default=20_000))


def attachments_max_chars() -> int:
    """Characters of attachment text indexed after the body (a 300-page annex adds little
    beyond its first pages to finding the publication)."""
    return max(1000, env_int("YIWANG_SEARCH_ATTACHMENTS_MAX_CHARS", default=30_000))


def title_max_chars() -> int:
    return 500


def query_max_chars() -> int:
    """A query longer than this is cut: nobody types more, and a pasted page must not turn
    into a thousand-term query."""
    return max(10, env_int("YIWANG_SEARCH_QUERY_MAX_CHARS", default=100))


def query_max_terms() -> int:
    return 16


def candidates() -> int:
    """How many matches (the most recent first) are ranked exactly per query tier."""
    return max(50, env_int("YIWANG_SEARCH_CANDIDATES", default=500))


def window_max() -> int:
    """The deepest result a page may reach (offset + limit)."""
    return max(candidates(), env_int("YIWANG_SEARCH_WINDOW_MAX", default=5000))


def count_cap() -> int:
    """When more than the candidate window matched, totals are counted exactly up to this
    many (SQLite; PostgreSQL estimates above 500); above it the total is a lower bound."""
    return max(candidates(), env_int("YIWANG_SEARCH_COUNT_CAP", default=10_000))


def recency_half_life_days() -> int:
    return max(1, env_int("YIWANG_SEARCH_HALF_LIFE_DAYS", default=365))


def recency_weight_percent() -> int:
    """Share of the final score that comes from recency (the rest is relevance)."""
    return min(100, max(0, env_int("YIWANG_SEARCH_RECENCY_WEIGHT", default=25)))


def dictionary_check_seconds() -> int:
    """How often a process looks whether the department names changed (one cheap query)."""
    return max(0, env_int("YIWANG_SEARCH_DICTIONARY_CHECK_SECONDS", default=300))
