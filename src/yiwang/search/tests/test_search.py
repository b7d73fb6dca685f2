"""The behaviour both backends share: finding, ranking, filters, highlighting, re-indexing."""

from __future__ import annotations

import pytest
from django.db import connection

from yiwang.core.errors import InvalidInput
from yiwang.search.models import SearchDocument
from yiwang.search.service import (
    index_document,
    remove_document,
    search,
    suggest,
)

from .conftest import NOTE, days_ago

pytestmark = pytest.mark.django_db


def ids(results):
    return [hit.object_id for hit in results.hits]


def test_a_chinese_query_finds_a_word_inside_longer_text(note):
    note("1", "关于调整住房公积金贷款政策的通知", "首套住房公积金贷款最高额度提高至80万元。")
    note("2", "垃圾分类工作方案", "各街道要做好生活垃圾分类宣传。")
    results = search("公积金")
    assert ids(results) == ["1"]
    assert results.total == 1 and results.total_exact and results.mode == "and"
    assert ids(search("贷款额度")) == ["1"]  # two words, both in the body
    assert ids(search("生活垃圾")) == ["2"]


def test_multi_word_queries_need_every_word(note):
    note("1", "营业执照办理指南", "个体工商户营业执照可以网上申请。")
    note("2", "营业执照遗失补办", "营业执照遗失后应当登报声明。")
    assert ids(search("营业执照 网上")) == ["1"]
    assert set(ids(search("营业执照"))) == {"1", "2"}


def test_when_no_document_has_every_word_the_query_falls_back_to_any_word(note):
    note("1", "社保卡挂失", "社保卡丢失请及时挂失。")
    note("2", "居住证办理", "居住证由派出所受理。")
    results = search("社保卡 居住证")
    assert results.mode == "or"
    assert set(ids(results)) == {"1", "2"}


def test_title_matches_rank_before_body_matches_even_when_older(note):
    body = "停车问题多次反映，噪声扰民、噪声扰民、噪声扰民。"
    note("body", "小区停车管理", body, published_at=days_ago(1))
    note("title", "关于夜间施工噪声扰民的答复", "已责令整改。", published_at=days_ago(700))
    results = search("噪声扰民")
    assert ids(results) == ["title", "body"]
    assert results.hits[0].score > results.hits[1].score


def test_recency_breaks_ties(note):
    for object_id, age in (("old", 400), ("new", 3), ("mid", 90)):
        note(object_id, "供暖温度不达标", "小区供暖温度不达标。", published_at=days_ago(age))
    assert ids(search("供暖")) == ["new", "mid", "old"]


def test_doc_type_department_and_filters_restrict_hits(note):
    note("1", "噪声投诉", "夜间噪声", department_id=11, filters={"category": "env", "year": 2026})
    note("2", "噪声投诉", "夜间噪声", department_id=12, filters={"category": "env", "year": 2025})
    note("3", "噪声投诉", "夜间噪声", department_id=11, filters={"category": "traffic"})
    note("4", "噪声投诉", "夜间噪声", doc_type="test.other", department_id=11)
    assert set(ids(search("噪声"))) == {"1", "2", "3", "4"}
    assert set(ids(search("噪声", doc_types=[NOTE]))) == {"1", "2", "3"}
    assert set(ids(search("噪声", doc_types=NOTE, department_ids=[11]))) == {"1", "3"}
    assert ids(search("噪声", filters={"category": "env", "year": 2026})) == ["1"]
    assert set(ids(search("噪声", filters={"category": ["env", "traffic"]}))) == {"1", "2", "3"}
    assert set(ids(search("噪声", filters={"year": None}))) == {"1", "2", "3", "4"}
    # An empty scope sees nothing, never everything.
    assert search("噪声", department_ids=[]).hits == []
    assert search("噪声", filters={"category": []}).hits == []


def test_multi_valued_filters_match_any_of_their_values(note):
    note("1", "一件事办理", "出生一件事", filters={"tags": ["出生", "户籍"]})
    assert ids(search("一件事", filters={"tags": "户籍"})) == ["1"]
    assert search("一件事", filters={"tags": "婚姻"}).hits == []


def test_hits_carry_what_a_result_list_shows(note):
    note(
        "1",
        "政府信息公开指南",
        "申请人可以通过网上申请政府信息公开。",
        url="/disclosure/p/1",
        department_id=7,
        filters={"category": "guide", "status": "published"},
    )
    hit = search("政府信息公开").hits[0]
    assert (hit.doc_type, hit.object_id, hit.url) == (NOTE, "1", "/disclosure/p/1")
    assert (hit.department_id, hit.category, hit.status) == (7, "guide", "published")
    assert "<mark>政府信息公开</mark>" in hit.snippet
    assert hit.title_html == "<mark>政府信息公开</mark>指南"


def test_snippets_escape_html_and_mark_only_terms(note):
    note("1", "<b>通知</b>", '请勿点击<script>alert("x")</script>链接，办理社保卡请到窗口。')
    hit = search("社保卡").hits[0]
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "<mark>社保卡</mark>" in hit.snippet
    assert hit.title_html == "&lt;b&gt;通知&lt;/b&gt;"


def test_a_full_width_query_finds_and_marks_half_width_text_and_back(note):
    note("1", "ABC公司营业执照", "统一社会信用代码91330000ＸＹＺ")
    hit = search("ａｂｃ").hits[0]
    assert "<mark>ABC</mark>" in hit.title_html
    hit = search("91330000XYZ").hits[0]
    assert "<mark>91330000ＸＹＺ</mark>" in hit.snippet


def test_reindexing_an_object_replaces_it(note):
    note("1", "旧标题停水通知", "明日停水")
    note("1", "新标题停电通知", "明日停电")
    assert SearchDocument.objects.filter(doc_type=NOTE, object_id="1").count() == 1
    assert search("停水").hits == []
    assert ids(search("停电")) == ["1"]
    assert search("停电").hits[0].title == "新标题停电通知"


def test_removal_works_and_reports_whether_anything_was_there(note):
    note("1", "燃气安全提示", "注意燃气安全")
    assert remove_document(doc_type=NOTE, object_id="1") is True
    assert search("燃气").hits == []
    assert remove_document(doc_type=NOTE, object_id="1") is False


def test_deleting_rows_keeps_the_text_index_in_step(note):
    note("1", "燃气安全提示", "注意燃气安全")
    note("1", "燃气安全提示", "注意燃气安全")  # re-indexed: the old postings must go
    SearchDocument.objects.all().delete()  # e.g. an admin clearing the table
    note("2", "燃气安全提示", "注意燃气安全")
    assert ids(search("燃气")) == ["2"]
    assert search("燃气").total == 1
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH '\"燃气\"'")
            assert cur.fetchone()[0] == 1
            cur.execute("SELECT COUNT(*) FROM search_fts_trash")
            assert cur.fetchone()[0] == 0


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_rows_whose_terms_were_kept_with_zlib_are_still_removed_cleanly(note):
    """Rows indexed before the terms were kept with zstd hold zlib blobs; FTS5 needs those
    exact terms to delete the row's postings."""
    import zlib

    from yiwang.search.backends.sqlite import _decompress

    note("1", "燃气安全提示", "注意燃气安全")
    row = SearchDocument.objects.get(object_id="1")
    terms = _decompress(bytes(row.terms))
    SearchDocument.objects.filter(pk=row.pk).update(terms=zlib.compress(terms, 1))
    note("1", "供水管网改造", "供水管网改造")  # re-indexed: the old row's postings must go
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH '\"燃气\"'")
        assert cur.fetchone()[0] == 0
    assert ids(search("供水")) == ["1"] and search("燃气").hits == []


def test_paging_is_stable_and_totals_count_every_match(note):
    for n in range(25):
        note(str(n), f"第{n}号公告", "关于供水管网改造的公告", published_at=days_ago(n))
    first = search("供水", limit=10)
    second = search("供水", limit=10, offset=10)
    third = search("供水", limit=10, offset=20)
    assert first.total == 25
    pages = ids(first) + ids(second) + ids(third)
    assert pages == [str(n) for n in range(25)]


def test_an_empty_query_returns_nothing_or_the_most_recent_when_asked(note):
    note("old", "旧闻", "内容", published_at=days_ago(10))
    note("new", "新闻", "内容", published_at=days_ago(1))
    note("other", "别的", "内容", doc_type="test.other", published_at=days_ago(0))
    assert search("").hits == [] and search("").total == 0
    assert search(None).hits == []
    recent = search("", recent_if_empty=True)
    assert recent.mode == "recent" and ids(recent) == ["other", "new", "old"]
    assert ids(search("  ", doc_types=[NOTE], recent_if_empty=True)) == ["new", "old"]


def test_long_titles_and_bodies_are_capped(note):
    note("1", "长" * 600, "市民反映噪声问题。" * 12_000)  # 108,000 characters
    row = SearchDocument.objects.get()
    assert len(row.title) <= 500 and len(row.body) <= 20_000
    assert ids(search("噪声")) == ["1"]


def test_suggest_offers_titles_holding_every_word(note):
    note("1", "不动产登记办理指南", "")
    note("2", "不动产登记收费标准", "")
    note("3", "婚姻登记", "不动产登记不在此办理")
    assert set(suggest("不动产登记")) == {"不动产登记办理指南", "不动产登记收费标准"}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"doc_type": "Bad Type", "object_id": "1"},
        {"doc_type": NOTE, "object_id": ""},
        {"doc_type": NOTE, "object_id": "x" * 65},
        {"doc_type": NOTE, "object_id": "1", "department_id": "abc"},
        {"doc_type": NOTE, "object_id": "1", "filters": {"Bad Key": 1}},
        {"doc_type": NOTE, "object_id": "1", "filters": {"tags": [{"a": 1}]}},
        {"doc_type": NOTE, "object_id": "1", "url": "/" * 501},
    ],
)
def test_bad_index_input_is_a_field_error(kwargs):
    with pytest.raises(InvalidInput) as caught:
        index_document(title="标题", body="正文", **kwargs)
    assert caught.value.field_errors


def test_bad_search_arguments_are_field_errors_not_crashes(note):
    with pytest.raises(InvalidInput):
        search("噪声", department_ids=["x"])
    with pytest.raises(InvalidInput):
        search("噪声", limit="many")
    assert search("噪声", limit=-5).hits == []


def test_text_postgresql_would_refuse_is_cleaned_before_storing(note):
    bad = "停\x00水\ud800通知"
    note("1", bad, bad, url="/a\x00b", filters={"category": bad, "tag": [bad], "k": bad})
    hit = search("通知", filters={"tag": bad}).hits[0]
    assert "\x00" not in hit.title and "\ud800" not in hit.title
    assert hit.extra["tag"] == ["停水?通知"]


def test_pages_agree_across_the_title_and_body_tiers(note):
    for n in range(3):
        note(f"t{n}", f"积水点位通报{n}", "正文", published_at=days_ago(10 + n))
    for n in range(5):
        note(f"b{n}", f"第{n}号通报", "雨后积水点位", published_at=days_ago(n))
    whole = search("积水", limit=10)
    assert ids(whole) == ["t0", "t1", "t2", "b0", "b1", "b2", "b3", "b4"]
    first = search("积水", limit=2)  # served from the title tier alone
    assert ids(first) == ["t0", "t1"] and first.total == 8 and first.total_exact
    pages = ids(first) + ids(search("积水", limit=2, offset=2))
    pages += ids(search("积水", limit=2, offset=4)) + ids(search("积水", limit=2, offset=6))
    assert pages == ids(whole)
    assert [h.score for h in first.hits] == pytest.approx([h.score for h in whole.hits[:2]])


def test_a_date_range_keeps_the_documents_published_in_it(note):
    from datetime import date, datetime, timedelta

    from django.utils import timezone

    def on(day):
        return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=9))

    note("jan", "医保报销通知", "门诊报销", published_at=on(date(2025, 1, 15)))
    note("mar", "医保报销通知", "门诊报销", published_at=on(date(2025, 3, 1)))
    note("dec", "医保报销通知", "门诊报销", published_at=on(date(2025, 12, 31)))
    in_year = search("医保", published_from=date(2025, 3, 1), published_to=date(2025, 12, 31))
    assert ids(in_year) == ["dec", "mar"] and in_year.total == 2  # both ends included
    assert ids(search("医保", published_to="2025-02-28")) == ["jan"]
    assert ids(search("医保", published_from="2025-12-31")) == ["dec"]
    assert search("医保", published_from=date(2026, 1, 1)).hits == []
    recent = search("", recent_if_empty=True, published_from=date(2025, 2, 1))
    assert ids(recent) == ["dec", "mar"] and recent.total == 2
    typed = search("", doc_types=[NOTE], recent_if_empty=True, published_to=date(2025, 3, 1))
    assert ids(typed) == ["mar", "jan"]
    # A range that ends before it starts finds nothing; bad dates are field errors.
    assert search("医保", published_from="2025-12-01", published_to="2025-01-01").hits == []
    with pytest.raises(InvalidInput) as caught:
        search("医保", published_from="2025-13-45")
    assert caught.value.field_errors[0].field == "published_from"
    with pytest.raises(InvalidInput):
        search("医保", published_to=12345)


def test_a_date_range_combines_with_words_filters_and_the_or_fallback(note):
    note("a", "社保卡挂失", "社保卡", department_id=3, published_at=days_ago(5))
    note("b", "居住证办理", "居住证", department_id=3, published_at=days_ago(400))
    week = {"published_from": days_ago(7).date()}
    assert ids(search("社保卡", department_ids=[3], **week)) == ["a"]
    results = search("社保卡 居住证", **week)  # nothing has both: any word, still in range
    assert results.mode == "or" and ids(results) == ["a"]


def test_the_suite_runs_on_the_backend_of_the_database_in_use():
    """CI runs this suite on SQLite and on PostgreSQL: the same tests, each engine."""
    from yiwang.search.backends import get_backend

    assert get_backend().vendor == connection.vendor
