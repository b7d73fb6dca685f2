"""Segmentation: normalisation, odd input, the user dictionary, index/query agreement."""

from __future__ import annotations

import time

import pytest

from yiwang.org.models import DepartmentKind, Level
from yiwang.org.services import department_create
from yiwang.search import segment
from yiwang.search.dictionary import packaged_terms

# The dictionary reads department names, so segmentation touches the database.
pytestmark = pytest.mark.django_db


def words(text):
    return segment.analyze(text).terms


def test_full_width_letters_and_digits_fold_to_ascii_lower_case():
    assert segment.query_terms("ＡＢＣ１２３") == segment.query_terms("abc123") == ["abc123"]


def test_emoji_and_punctuation_are_not_terms():
    assert segment.query_terms("😀🎉！？……") == []
    assert segment.query_terms("营业执照😀") == ["营业执照"]


def test_mixed_scripts_keep_latin_digits_and_chinese_apart():
    terms = segment.query_terms("iPhone15 手机 5G网络 2025年")
    assert {"iphone15", "手机", "5g", "网络", "2025", "年"} <= set(terms)


def test_control_characters_and_private_use_characters_are_blanked():
    assert segment.normalize("a\x00b\u200bc\ue000d") == "ab c d"  # NUL is dropped
    # A lone surrogate is no UTF-8: it must not reach the database.
    assert segment.clean_text("ab\ud800c") == "ab?c"


def test_long_words_also_index_the_words_inside_them():
    indexed = words("请到住房公积金管理中心办理")
    for part in ("住房公积金", "公积金", "住房", "管理中心"):
        assert part in indexed


def test_every_query_term_of_a_phrase_is_among_the_index_terms_of_a_text_containing_it():
    text = "关于进一步优化营业执照办理流程、推行一网通办和不动产登记全程网办的通知"
    indexed = set(words(text))
    for query in ("营业执照办理", "一网通办", "不动产登记", "全程网办的通知", "优化流程"):
        assert set(segment.query_terms(query)) <= indexed, query


def test_segmentation_is_deterministic():
    text = "市民反映明湖区湖滨街道柳岸社区夜间施工噪声扰民，请城管局核查处理。" * 3
    assert words(text) == words(text)
    assert segment.query_terms(text) == segment.query_terms(text)


def test_stopwords_are_dropped_on_both_sides():
    assert segment.query_terms("如何办理营业执照的流程") == ["办理", "营业执照", "流程"]
    assert "的" not in words("办理营业执照的流程")


def test_packaged_government_terms_stay_whole():
    assert {"一网通办", "不动产登记", "居住证", "社保卡"} <= set(packaged_terms())
    for term in ("一网通办", "不动产登记", "居住证", "社保卡", "政务服务"):
        assert segment.query_terms(f"关于{term}的问题") == ["关于", term, "问题"]


def test_a_100000_character_text_is_truncated_at_a_sentence_end_and_analysed_quickly():
    text = "市民来电反映小区供暖温度不达标。" * 6250  # 100,000 characters
    assert len(text) == 100_000
    cut = segment.truncate(text, 20_000)
    assert len(cut) <= 20_000 and cut.endswith("。")
    started = time.perf_counter()
    segment.analyze(cut)
    assert time.perf_counter() - started < 2


def test_department_names_from_the_department_table_are_kept_whole(fresh_dictionary):
    name = "示范市数据资源和营商环境发展局"
    before = segment.query_terms(name)
    assert before != [name]
    department_create(
        actor=None,
        name=name,
        code="T-SJJ",
        kind=DepartmentKind.BUREAU,
        level=Level.CITY,
        region_code="339900",
        short_name="数据营商局",
    )
    fresh_dictionary.reload()
    assert segment.query_terms(name) == [name]
    assert segment.query_terms("请数据营商局答复") == ["数据营商局", "答复"]
    assert name in words(f"转{name}办理")


def test_a_dictionary_change_changes_the_fingerprint(fresh_dictionary):
    before = segment.fingerprint()
    department_create(
        actor=None,
        name="示范市海洋渔业发展服务中心",
        code="T-HY",
        kind=DepartmentKind.CENTRE,
        level=Level.CITY,
        region_code="339900",
    )
    fresh_dictionary.reload()
    assert segment.fingerprint() != before


def test_processes_notice_new_department_names_by_themselves(fresh_dictionary, monkeypatch):
    monkeypatch.setenv("YIWANG_SEARCH_DICTIONARY_CHECK_SECONDS", "600")
    before = segment.fingerprint()
    department_create(
        actor=None,
        name="示范市城市更新促进中心",
        code="T-CG",
        kind=DepartmentKind.CENTRE,
        level=Level.CITY,
        region_code="339900",
    )
    assert segment.fingerprint() == before  # not looked yet
    # Ten minutes later:
    monkeypatch.setattr(fresh_dictionary, "_checked_at", time.monotonic() - 601)
    assert segment.fingerprint() != before
    assert segment.query_terms("示范市城市更新促进中心") == ["示范市城市更新促进中心"]


def _place(name, code, level, parent=None):
    return department_create(
        actor=None, name=name, code=code, kind=DepartmentKind.GOVERNMENT, level=level,
        region_code=code, parent=parent,
    )  # fmt: skip


def test_place_names_inside_government_names_are_words(fresh_dictionary):
    from yiwang.search.dictionary import place_words

    assert set(place_words("示范市明湖区人民政府")) == {"示范市明湖区", "示范市", "明湖区"}
    assert set(place_words("湖滨街道柳岸社区居民委员会")) == {
        "湖滨街道柳岸社区",
        "湖滨街道",
        "柳岸社区",
    }
    assert place_words("示范市市场监督管理局") == []  # a bureau names no place
    city = _place("示范市人民政府", "339900", Level.CITY)
    district = _place("示范市明湖区人民政府", "339902", Level.DISTRICT, city)
    street = _place("明湖区湖滨街道办事处", "339902001", Level.STREET, district)
    department_create(
        actor=None, name="湖滨街道柳岸社区居民委员会", code="339902001001",
        kind=DepartmentKind.COMMUNITY, level=Level.COMMUNITY, region_code="339902001001",
        parent=street,
    )  # fmt: skip
    fresh_dictionary.reload()
    assert segment.query_terms("明湖区柳岸社区停车难") == ["明湖区", "柳岸社区", "停车难"]
    # the longest place is one word; the index also holds the places inside it
    assert segment.query_terms("湖滨街道柳岸社区") == ["湖滨街道柳岸社区"]
    assert {"湖滨街道", "柳岸社区", "湖滨街道柳岸社区"} <= set(words("湖滨街道柳岸社区路灯"))
    assert segment.query_terms("示范市明湖区") == ["示范市明湖区"]


def test_a_place_name_query_finds_the_place_not_its_characters(fresh_dictionary, note):
    from yiwang.search.service import search

    _place("示范市明湖区人民政府", "339902", Level.DISTRICT)
    fresh_dictionary.reload()
    note("place", "明湖区老旧小区改造计划", "明湖区今年改造12个小区。")
    note("chars", "明年湖区防汛工作安排", "湖区防汛明确责任。")  # 明 … 湖区, not 明湖区
    assert [h.object_id for h in search("明湖区").hits] == ["place"]
    assert [h.object_id for h in search("明湖区 小区").hits] == ["place"]


def test_provincial_names_and_zone_words_are_packaged():
    for term in ("浙江省", "新疆维吾尔自治区", "经济技术开发区", "街道办事处", "居委会"):
        assert term in packaged_terms()
        assert segment.query_terms(term) == [term]
