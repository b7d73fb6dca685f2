"""Fixtures for the search tests: an in-memory source, a helper to index a note, and a
dictionary reset so departments created by one test do not leak into another's segmenter.

Every test here runs unchanged on SQLite (FTS5) and PostgreSQL (tsvector): the backend is
chosen by DATABASE_URL, and CI runs the suite once with each."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from yiwang.search import dictionary
from yiwang.search.indexing import IndexDoc
from yiwang.search.service import index_document, register_source, unregister_source

NOTE = "test.note"


class MemorySource:
    """A source over a dict, standing in for an app's model."""

    def __init__(self):
        self.docs: dict[str, IndexDoc] = {}
        self.batches: list[list[str]] = []

    def __call__(self, object_id):
        return self.docs.get(str(object_id))

    def all_ids(self):
        return sorted(self.docs)

    def get_many(self, object_ids):
        self.batches.append(list(object_ids))
        return {i: self.docs.get(i) for i in object_ids}


@pytest.fixture
def source():
    src = MemorySource()
    register_source(NOTE, src)
    yield src
    unregister_source(NOTE)


def days_ago(n: float) -> datetime:
    return timezone.now() - timedelta(days=n)


@pytest.fixture
def note(db):
    """index_document for a note: note(object_id, title, body, **kwargs)."""

    def make(object_id, title, body="", *, doc_type=NOTE, **kwargs):
        kwargs.setdefault("published_at", days_ago(30))
        index_document(doc_type=doc_type, object_id=object_id, title=title, body=body, **kwargs)

    return make


@pytest.fixture
def fresh_dictionary(db):
    """Rebuild the dictionary from this test's departments, and again afterwards."""
    dictionary.reload()
    yield dictionary
    dictionary._current = None  # the next use rebuilds from whatever the database holds
