"""Queries are ours to parse: no input reaches the engine as syntax, none raises."""

from __future__ import annotations

import pytest

from yiwang.search.models import SearchDocument
from yiwang.search.service import highlight_query, search, suggest

pytestmark = pytest.mark.django_db

HOSTILE = [
    '"',
    '"营业执照',
    "(",
    "((营业执照",
    ")",
    "AND OR NOT",
    "营业执照 AND",
    "NOT 营业执照",
    "*",
    "营业*",
    "NEAR(",
    "NEAR(营业 执照, 2)",
    "col:term",
    "title:营业执照",
    "{title body}: 执照",
    "^营业执照",
    "'; DROP TABLE search_searchdocument; --",
    "营业执照' OR '1'='1",
    "a & b | !c <-> d",
    "执照:* & !营业",
    "\\",
    "\x00营业\x00执照",
    "\ud800",
    "\ue000营业执照",
    "😀🎉👍",
    "",
    "   ",
    "营" * 10_000,
    "营业执照 " * 2_000,
    "ＡＮＤ（）＂",
    "-",
    "+",
    "%_",
]


@pytest.fixture
def corpus(note):
    note("1", "营业执照办理指南", "申请营业执照需要准备身份证明。")
    note("2", "AND OR NOT 运算符说明", "near col term drop table")


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_return_without_error(corpus, query):
    results = search(query, filters={"category": query[:50]} if query else None)
    assert results.total >= 0
    results = search(query, recent_if_empty=True)
    for hit in results.hits:
        assert "<script" not in hit.snippet
    suggest(query)
    highlight_query("营业执照办理指南", query)
    assert SearchDocument.objects.count() == 2  # nothing was dropped


ODD_FILTERS = [
    {1: "a"},
    {"k": {"nested": 1}},
    {"k": ["a", None, 3.5]},
    {"": ""},
    {"\x00": "\ud800"},
]


@pytest.mark.parametrize("filters", ODD_FILTERS)
def test_odd_filters_match_nothing_rather_than_fail(corpus, filters):
    assert search("营业执照", filters=filters).hits == []


def test_operator_words_are_plain_words(corpus):
    results = search("AND OR NOT")
    assert [h.object_id for h in results.hits] == ["2"]
    assert search("drop table").hits[0].object_id == "2"


def test_a_query_with_private_use_markers_cannot_reach_the_title_index(corpus):
    # The private-use area marks title words internally; user text never contains it.
    assert [h.object_id for h in search("\ue000营业执照").hits] == ["1"]


def test_very_long_queries_are_cut_not_refused(corpus):
    results = search("营业执照" + "的" * 100_000)
    assert [h.object_id for h in results.hits] == ["1"]
    assert len(results.terms) <= 16
