"""The shortcuts that keep queries fast at 1,000,000 documents must not change what is found:
the type filter left out when it selects everything, ranking inside the body tier, and the
benchmark's CPU figures."""

from __future__ import annotations

import pytest
from django.db import connection

from yiwang.search.backends import sqlite_relevance
from yiwang.search.service import search

from .conftest import NOTE, days_ago

pytestmark = pytest.mark.django_db

OTHER = "test.other"


def ids(results):
    return [hit.object_id for hit in results.hits]


@pytest.fixture(autouse=True)
def _fresh_relevance_cache():
    sqlite_relevance.clear_cache()
    yield
    sqlite_relevance.clear_cache()


def test_a_type_filter_finds_the_same_whether_or_not_other_types_exist(note):
    note("1", "河道保洁", "河道保洁日常巡查")
    note("2", "河道整治", "河道整治方案")
    # Only notes in the index: the filter selects everything, and still only notes match.
    assert set(ids(search("河道", doc_types=[NOTE]))) == {"1", "2"}
    assert search("河道", doc_types=[OTHER]).hits == []
    assert search("河道", doc_types=["a.before", "z.after"]).hits == []
    note("3", "河道清淤", "河道清淤工程", doc_type=OTHER)
    note("4", "河道巡查", "河道巡查制度", doc_type="test.zzz")
    assert set(ids(search("河道", doc_types=[NOTE]))) == {"1", "2"}
    assert set(ids(search("河道", doc_types=[NOTE, "test.zzz"]))) == {"1", "2", "4"}
    assert set(ids(search("河道", doc_types=[OTHER]))) == {"3"}
    assert set(ids(search("河道"))) == {"1", "2", "3", "4"}
    results = search("河道", doc_types=[NOTE, OTHER, "test.zzz"])
    assert results.total == 4 and results.total_exact


def test_in_the_body_tier_a_word_also_in_the_title_ranks_higher(note):
    # Neither title holds both words, so both are body-tier hits of the same age; one has
    # neither word in its title, the other has 停车.
    note("plain", "居民来信", "新增停车位并配建充电桩。", published_at=days_ago(20))
    note("titled", "停车位规划", "新增停车位并配建充电桩。", published_at=days_ago(20))
    results = search("停车 充电桩")
    assert ids(results) == ["titled", "plain"]
    assert results.hits[0].score > results.hits[1].score


def test_the_benchmark_reports_cpu_per_query_beside_wall_clock(note):
    from yiwang.search.benchmark.queries import Query, time_queries, timing_summary

    for n in range(5):
        note(str(n), f"示范市第{n}号通知", "示范市政务公开通知", doc_type="bench.publication")
    timings = time_queries([Query("示范市", 1, "none"), Query("通知", 1, "none")])
    assert [t.total for t in timings] == [5, 5]
    assert all(t.client_cpu > 0 for t in timings)
    assert all(t.cpu <= t.seconds * 2 + 0.05 for t in timings)  # CPU is not invented
    summary = timing_summary(timings)
    assert summary["p95_ms"] > 0 and summary["cpu"]["p95_ms"] > 0
    if connection.vendor == "postgresql" and timings[0].server_cpu is not None:
        assert summary["cpu_server"]["p95_ms"] >= 0


def test_narrowing_common_words_finds_the_same_hits_in_the_same_order(note, monkeypatch):
    """Words most documents hold are checked on the candidates' text instead of walked by the
    engine (narrowing.py); what is found, and its order, must not change."""
    import random

    rng = random.Random(7)
    places = ["文昌街道", "湖滨街道", "柳岸路", "云峰路", "松林镇"]
    topics = ["停车设施", "加装电梯", "人才引进", "垃圾分类", "考核评价"]
    for n in range(120):
        # 示范市 and 工作 are in nearly every document: the words narrowing drops
        title = f"示范市{rng.choice(places)}{rng.choice(topics)}工作通知"
        body = f"示范市{rng.choice(places)}开展{rng.choice(topics)}工作。" * rng.randint(1, 3)
        if n % 7 == 0:
            body = f"{rng.choice(topics)}专项检查"  # neither common word
        note(str(n), title, body, published_at=days_ago(n))
    queries = ["示范市 文昌街道 工作", "工作 加装电梯", "示范 市 柳岸路 考核评价", "工作 专项检查"]
    monkeypatch.setenv("YIWANG_SEARCH_NARROW_MIN_DOCS", "100000000")
    plain = {q: search(q, limit=50) for q in queries}
    sqlite_relevance.clear_cache()
    monkeypatch.setenv("YIWANG_SEARCH_NARROW_MIN_DOCS", "0")
    monkeypatch.setenv("YIWANG_SEARCH_CANDIDATES", "50")
    from yiwang.search import narrowing

    checked = []
    real_check = narrowing._check
    monkeypatch.setattr(
        narrowing,
        "_check",
        lambda backend, keys, *a, **k: (
            checked.append(len(keys)) or real_check(backend, keys, *a, **k)
        ),
    )
    for query in queries:
        narrowed = search(query, limit=50)
        assert ids(narrowed) == ids(plain[query]), query
        assert [h.score for h in narrowed.hits] == pytest.approx(
            [h.score for h in plain[query].hits]
        )
        assert narrowed.total == plain[query].total or not narrowed.total_exact
    assert len(checked) >= len(queries)  # the common words were checked, not walked


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_windows_below_a_bound_find_the_same_keys_as_walking_back_from_the_newest(
    note, monkeypatch
):
    """SQLite reads long doclists below a bound in ascending windows (backends/sqlite.py
    ``_below``): the same newest matches, in the same order, wherever the bound lies."""
    from dataclasses import replace

    from yiwang.search.backends import Match, get_backend
    from yiwang.search.backends import sqlite as engine
    from yiwang.search.backends.base import make_rank_key

    for n in range(90):
        body = "河道保洁巡查" if n % 3 else "河道整治"
        note(str(n), f"第{n}号通知", body, published_at=days_ago(n * 7 % 400 + n / 10))
    backend = get_backend()
    matches = [
        Match(terms=("河道",)),
        Match(terms=("河道", "巡查")),
        Match(terms=("通知",), title=True),
        Match(terms=("河道",), key_from=make_rank_key(int(days_ago(200).timestamp() // 60), 0)),
    ]
    for match in matches:
        everything = backend.matching_keys(match, limit=1000)
        for cut in (0, 5, 17, len(everything) - 1):
            bounded = replace(match, key_to=everything[cut])
            monkeypatch.setattr(engine, "LONG_DOCLIST", 10**9)
            plain = backend.matching_keys(bounded, limit=10)
            monkeypatch.setattr(engine, "LONG_DOCLIST", 0)
            assert backend.matching_keys(bounded, limit=10) == plain == everything[cut + 1 :][:10]


def test_sparse_and_dense_hints_change_how_the_engine_looks_not_what_it_finds(note):
    """Narrowing marks the engine's query sparse once words proved to rarely go together
    (PostgreSQL then keeps to the GIN index), and an OR over common words dense (PostgreSQL
    then walks newest first); the matches are the same."""
    from dataclasses import replace

    from yiwang.search.backends import Match, get_backend

    for n in range(40):
        body = "河道保洁巡查" if n % 4 else "河道整治与保洁"
        note(str(n), f"第{n}号通知", body, published_at=days_ago(n))
    backend = get_backend()
    for match in (Match(terms=("河道", "整治")), Match(terms=("通知",), title=True)):
        everything = backend.matching_keys(match, limit=100)
        assert everything
        assert backend.matching_keys(replace(match, sparse=True), limit=100) == everything
        assert backend.matching_keys(replace(match, dense=True), limit=100) == everything
        below = replace(match, key_to=everything[2], sparse=True)
        assert backend.matching_keys(below, limit=5) == everything[3:8]
