"""Small read-mostly lists every check needs: the active 禁限用字词 and the department-derived
regions. Held in the Django cache (shared under Redis, per process otherwise) for a minute;
a write to the words drops the entry on commit, so the writing process sees it at once and
the others within ``WORDS_TTL`` seconds."""

from __future__ import annotations

from typing import NamedTuple

from django.core.cache import cache
from django.db import transaction

WORDS_KEY, REGIONS_KEY = "yiwang:names:words:1", "yiwang:names:regions:1"
WORDS_TTL, REGIONS_TTL = 60, 300


class ActiveWord(NamedTuple):
    word: str
    kind: str
    reason: str
    basis: str


def active_words() -> list[ActiveWord]:
    words = cache.get(WORDS_KEY)
    if words is None:
        from yiwang.names.models import NameWord

        rows = NameWord.objects.filter(is_active=True).order_by("word")
        words = [ActiveWord(*r) for r in rows.values_list("word", "kind", "reason", "basis")]
        cache.set(WORDS_KEY, words, WORDS_TTL)
    return words


def forget_words() -> None:
    # now (this process reads its own write) and again after commit (a reader in between
    # may have cached the old list)
    cache.delete(WORDS_KEY)
    transaction.on_commit(lambda: cache.delete(WORDS_KEY))


def cached_regions(load) -> list[str]:
    regions = cache.get(REGIONS_KEY)
    if regions is None:
        regions = load()
        cache.set(REGIONS_KEY, regions, REGIONS_TTL)
    return regions


def forget() -> None:
    """Drop both lists now (tests; after loading departments)."""
    cache.delete_many([WORDS_KEY, REGIONS_KEY])
