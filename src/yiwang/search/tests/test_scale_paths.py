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
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own ranking (sqlite_relevance); PostgreSQL ranks by ts_rank_cd")
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
