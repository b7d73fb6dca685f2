"""The check: prohibited and restricted words with reasons, and each conflict rule against
the register — reject, warnings naming the conflicting names, and what does not conflict."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from yiwang.names.checking import name_check
from yiwang.names.models import NameStatus, RegisteredName
from yiwang.names.services import word_create, words_seed

from .support import register

pytestmark = pytest.mark.django_db


def rules(result) -> dict[str, object]:
    return {f.rule: f for f in result.findings}


def test_a_free_name_is_ok():
    register("示范市星河餐饮管理有限公司")
    result = name_check(name="示范市云帆科技有限公司")
    assert result.verdict == "ok" and result.can_declare and result.findings == []
    assert result.as_dict()["name"]["trade_name"] == "云帆"


def test_prohibited_word_rejects_with_its_reason_and_restricted_word_needs_approval():
    words_seed(actor=None)
    result = name_check(name="示范市黑社会科技有限公司")
    finding = rules(result)["prohibited_word"]
    assert result.verdict == "rejected" and not result.can_declare
    assert finding.word == "黑社会" and "淫秽、色情、赌博" in str(finding.message)
    assert "第十一条" in finding.basis

    national = name_check(name="示范市中华云帆科技有限公司")
    assert national.verdict == "restricted" and not national.can_declare
    assert "国务院批准" in str(rules(national)["restricted_word"].message)
    bank = name_check(name="示范市银丰银行科技有限公司")
    assert bank.verdict == "restricted"
    assert "金融管理部门" in str(rules(bank)["restricted_word"].message)


def test_admin_words_apply_at_once():
    assert name_check(name="示范市神算子科技有限公司").verdict == "ok"
    word_create(actor=None, word="神算", kind="prohibited", category="crime",
                reason="不得含有迷信内容")  # fmt: skip
    result = name_check(name="示范市神算子科技有限公司")
    assert result.verdict == "rejected"
    assert "不得含有迷信内容" in str(result.findings[0].message)


def test_region_or_industry_as_trade_name_is_rejected():
    assert rules(name_check(name="示范市明湖科技有限公司"))["region_as_trade_name"]
    assert rules(name_check(name="示范市示范科技有限公司"))["region_as_trade_name"]
    assert rules(name_check(name="示范市餐饮科技有限公司"))["industry_as_trade_name"]


def test_same_trade_name_same_industry_rejects_naming_the_names():
    register("示范市云帆科技有限公司", "示范市明湖区云帆生物科技股份有限公司")
    same = name_check(name="示范市云帆科技有限公司")
    finding = rules(same)["same_trade_name_same_industry"]
    assert same.verdict == "rejected" and "已被登记" in str(finding.message)
    # another form and another region: still the same 字号 in the same industry (门类 M)
    other_form = name_check(name="云帆（示范市临江区）技术服务有限责任公司")
    finding = rules(other_form)["same_trade_name_same_industry"]
    assert other_form.verdict == "rejected"
    assert set(finding.conflicts) == {
        "示范市云帆科技有限公司",
        "示范市明湖区云帆生物科技股份有限公司",
    }
    assert "示范市云帆科技有限公司" in str(finding.message)


def test_same_trade_name_in_another_industry_warns():
    register("示范市云帆餐饮管理有限公司")
    result = name_check(name="示范市云帆科技有限公司")
    finding = rules(result)["same_trade_name_other_industry"]
    assert result.verdict == "warning" and result.can_declare
    assert finding.conflicts == ["示范市云帆餐饮管理有限公司"]
    assert "仅行业不同" in str(finding.message)


def test_same_pinyin_warns():
    register("示范市云凡科技有限公司", "示范市运帆餐饮管理有限公司", "示范市远帆科技有限公司")
    result = name_check(name="示范市云帆科技有限公司")
    finding = rules(result)["same_pinyin"]
    assert result.verdict == "warning"
    # tones are ignored: yún fán, yùn fān and yún fān share the key "yun fan"; yuǎn does not
    assert set(finding.conflicts) == {"示范市云凡科技有限公司", "示范市运帆餐饮管理有限公司"}
    assert "yun fan" in str(finding.message)


def test_near_identical_trade_names_warn_with_how_they_differ():
    register(
        "示范市云帆达科技有限公司",  # the one checked, differs by one character below
        "示范市云海达商贸有限公司",  # one character replaced (帆 → 海)
        "示范市云帆达远物流有限公司",  # one character added
        "示范市帆云达文化传媒有限公司",  # two neighbours swapped
        "示范市星帆达科技有限公司",  # one character replaced
        "示范市海天达科技有限公司",  # two characters different: not near
    )
    result = name_check(name="示范市云帆达信息技术有限公司")
    assert result.verdict == "warning"
    near = rules(result)["near_identical"]
    assert set(near.conflicts) == {
        "示范市云海达商贸有限公司", "示范市云帆达远物流有限公司",
        "示范市帆云达文化传媒有限公司", "示范市星帆达科技有限公司",
    }  # fmt: skip
    for how in ("一字之差", "多一字或少一字", "字序颠倒"):
        assert how in str(near.message)
    # 云帆达科技 itself: same 字号, another industry (门类 I vs M)
    assert rules(result)["same_trade_name_other_industry"].conflicts == ["示范市云帆达科技有限公司"]


def test_two_character_trade_names_one_apart_are_not_near():
    register("示范市云海科技有限公司")
    assert name_check(name="示范市云帆科技有限公司").verdict == "ok"


def test_only_held_names_conflict():
    register("示范市云帆科技有限公司")
    row = RegisteredName.objects.get()
    RegisteredName.objects.filter(pk=row.pk).update(status=NameStatus.DEREGISTERED)
    assert name_check(name="示范市云帆科技有限公司").verdict == "ok"
    RegisteredName.objects.filter(pk=row.pk).update(
        status=NameStatus.RESERVED, reserved_until=timezone.now() + timedelta(days=1)
    )
    assert name_check(name="示范市云帆科技有限公司").verdict == "rejected"
    RegisteredName.objects.filter(pk=row.pk).update(
        reserved_until=timezone.now() - timedelta(seconds=1)
    )
    assert name_check(name="示范市云帆科技有限公司").verdict == "ok"


def test_many_conflicts_are_counted_and_a_few_named():
    register(*(f"示范市云帆{ind}有限公司" for ind in ("科技", "商贸", "物流", "餐饮", "广告",
                                                    "培训", "影视", "医疗")))  # fmt: skip
    finding = rules(name_check(name="示范市云帆建筑工程有限公司"))["same_trade_name_other_industry"]
    assert finding.total == 8 and len(finding.conflicts) == 5
    assert "等 8 个" in str(finding.message)
