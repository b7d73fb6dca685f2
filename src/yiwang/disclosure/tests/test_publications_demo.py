"""The demo generator of publications goes through the real workflow."""

from __future__ import annotations

import pytest

from yiwang.demo.disclosure_publications import load_publications
from yiwang.disclosure.models import Publication, PublicationEvent
from yiwang.disclosure.selectors.publications import search_publications
from yiwang.disclosure.tests.publications_factories import office

pytestmark = pytest.mark.django_db


def test_generated_publications_are_published_indexed_and_varied():
    o = office()
    assert load_publications(count=40, seed=7) == 40
    rows = Publication.objects.all()
    # only the bureau has both a writer and a second person for the review
    assert {p.department_id for p in rows} == {o.bureau.pk}
    assert all(p.index_number and p.author != p.reviewer for p in rows)
    assert len({p.catalogue.code for p in rows}) >= 6
    assert rows.filter(decision_count__isnull=False).exists()
    for reading in rows.filter(doc_kind="interpretation"):
        assert reading.interprets is not None
    assert PublicationEvent.objects.filter(action="approve").count() == 40
    assert search_publications(query="通知").total > 0
    assert load_publications(count=40, seed=7) == 0  # a second run adds nothing
