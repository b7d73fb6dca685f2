"""The benchmark's generated corpus and its LIKE baseline: deterministic documents, and a
LIKE scan that answers the same question as the search service (so their times compare)."""

from __future__ import annotations

import pytest

from yiwang.search import corpus, indexing
from yiwang.search.benchmark.load import DOC_TYPE, documents
from yiwang.search.benchmark.queries import Query, like_query, make_queries


def test_documents_are_the_same_whichever_range_generates_them():
    whole = list(corpus.generate(2500, seed=3))
    assert list(corpus.generate(10, seed=3, start=1995)) == whole[1995:2005]
    assert list(corpus.generate(5, seed=4)) != whole[:5]
    titles = [d.title for d in whole]
    assert len(set(titles)) > 1000  # varied, not a handful of templates
    assert any(t.startswith("关于印发《示范市") and t.endswith("》的通知") for t in titles)
    assert all("〔" in d.body and "号" in d.body for d in whole[:50])  # 发文字号
    assert 300 < sum(len(d.body) for d in whole) / len(whole) < 1500
    assert {d.year for d in whole} == set(range(2016, 2026))


def test_queries_cover_one_to_three_words_and_every_filter():
    queries = make_queries(60)
    assert {q.words for q in queries} == {1, 2, 3}
    assert {q.filter_kind for q in queries} == {
        "none", "department", "category", "date", "department+date", "category+date",
    }  # fmt: skip


@pytest.mark.django_db
def test_the_like_scan_and_the_service_find_the_same_documents():
    rows = [
        indexing.prepare(doc_type=DOC_TYPE, object_id=i, doc=doc, now=doc.published_at)
        for i, doc in documents(0, 150, 1)
    ]
    indexing.write(rows)
    for query in make_queries(12, seed=11):
        if query.date_from:  # LIKE compares dates by day in the database's time zone
            continue
        _top, like_total = like_query(query)
        results = query.run()
        # Every document holding each word is found; words the dictionary does not know
        # (文昌路 without the demo's departments) are matched by their parts, which may find
        # a few more than the substring scan.
        if results.mode == "and":
            assert results.total >= like_total, query.text
        else:
            assert like_total == 0, query.text
    assert Query("示范市", 1, "none").run().total == 150
    assert like_query(Query("示范市", 1, "none"))[1] == 150
