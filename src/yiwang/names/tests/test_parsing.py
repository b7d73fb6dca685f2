# ruff: noqa: E501 — one name per line reads best
"""The parser: the four parts of a name in each accepted form, and one clear Chinese error
per malformed part."""

from __future__ import annotations

import pytest

from yiwang.core.errors import InvalidInput
from yiwang.names.parsing import build_name, parse_name, parts_from_form


def errors_of(text: str) -> dict[str, tuple[str, str]]:
    with pytest.raises(InvalidInput) as caught:
        parse_name(text)
    return {e.field: (e.code, str(e.message)) for e in caught.value.field_errors}


@pytest.mark.parametrize(
    ("text", "region", "trade_name", "industry", "org_form", "position"),
    [
        ("示范市云帆科技有限公司", "示范市", "云帆", "科技", "有限公司", "prefix"),
        ("示范市明湖区云帆信息技术股份有限公司", "示范市明湖区", "云帆", "信息技术", "股份有限公司", "prefix"),
        ("云帆（示范市）科技有限公司", "示范市", "云帆", "科技", "有限公司", "after_trade_name"),
        ("云帆科技（示范市明湖区）有限责任公司", "示范市明湖区", "云帆", "科技", "有限责任公司", "after_industry"),
        ("云帆(示范市)餐饮管理有限公司", "示范市", "云帆", "餐饮管理", "有限公司", "after_trade_name"),
        (" 示范市 云帆 科技 有限公司 ", "示范市", "云帆", "科技", "有限公司", "prefix"),
        ("示范市云帆网络科技合伙企业（有限合伙）", "示范市", "云帆", "网络科技", "合伙企业（有限合伙）", "prefix"),
        # the longest industry that still leaves a 2-character 字号
        ("示范市云网络科技有限公司", "示范市", "云网络", "科技", "有限公司", "prefix"),
    ],
)  # fmt: skip
@pytest.mark.django_db
def test_parses_each_accepted_form(text, region, trade_name, industry, org_form, position):
    parts = parse_name(text)
    assert (parts.region, parts.trade_name, parts.industry, parts.org_form) == (
        region, trade_name, industry, org_form,
    )  # fmt: skip
    assert parts.region_position == position
    assert parse_name(parts.full_name) == parts  # the canonical form parses back the same


@pytest.mark.django_db
def test_bad_input_gets_a_clear_error_per_part():
    assert errors_of("")["name"][0] == "required"
    assert "请输入" in errors_of("   ")["name"][1]
    assert errors_of("示范市" + "云" * 60 + "科技有限公司")["name"][0] == "too_long"
    latin = errors_of("示范市Abc科技有限公司")["name"]
    assert latin[0] == "not_chinese" and "“A”" in latin[1]
    assert errors_of("示范市云帆😀科技有限公司")["name"][0] == "not_chinese"
    assert errors_of("示范市云帆8科技有限公司")["name"][0] == "not_chinese"
    only_form = errors_of("有限公司")
    assert only_form["region"][0] == "required"
    assert only_form["trade_name"] == ("required", "缺少字号")
    assert only_form["industry"] == ("required", "缺少行业表述")
    assert errors_of("示范市云帆科技")["org_form"][0] == "required"
    district = errors_of("明湖区云帆科技有限公司")["region"]
    assert district[0] == "district_without_city" and "示范市明湖区" in district[1]
    assert errors_of("云帆科技有限公司")["region"][0] == "required"
    assert errors_of("云帆（火星市）科技有限公司")["region"][0] == "unknown_region"
    unknown = errors_of("示范市云帆奇奇怪怪有限公司")
    assert unknown["industry"][0] == "unknown_industry" and "云帆奇奇怪怪" in unknown["industry"][1]
    short = errors_of("示范市云科技有限公司")["trade_name"]
    assert short[0] == "length" and "2 到 10" in short[1]
    assert errors_of("示范市" + "云" * 11 + "科技有限公司")["trade_name"][0] == "length"


@pytest.mark.django_db
def test_four_parts_are_checked_each_on_its_field():
    parts = build_name(region="示范市", trade_name="云帆", industry="科技", org_form="有限公司")
    assert parts.full_name == "示范市云帆科技有限公司"
    assert parts.industry_section == "M"
    with pytest.raises(InvalidInput) as caught:
        build_name(region="火星市", trade_name="A1", industry="炼金", org_form="帮会")
    fields = {e.field: e.code for e in caught.value.field_errors}
    assert fields == {"region": "unknown_region", "trade_name": "not_chinese",
                      "industry": "unknown_industry", "org_form": "unknown_org_form"}  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        parts_from_form({})
    assert {e.field for e in caught.value.field_errors} == {
        "region", "trade_name", "industry", "org_form",
    }  # fmt: skip
    # the catalogue's 名称自主申报 form gives the four parts under these keys
    form = {
        "region": "示范市明湖区",
        "trade_name": "云帆",
        "industry": "信息技术",
        "org_form": "有限责任公司",
    }
    assert parts_from_form(form).full_name == "示范市明湖区云帆信息技术有限责任公司"


@pytest.mark.django_db
def test_regions_come_from_the_department_tree_without_the_setting(settings):
    from yiwang.names import cache, vocab
    from yiwang.org.tests.factories import department

    settings.YIWANG_NAMES_REGIONS = None
    cache.forget()
    assert "示范市" in vocab.regions()  # nothing in the tree: the built-in demo city's
    from yiwang.org.models import DepartmentKind, Level

    city = department("样板市人民政府", kind=DepartmentKind.GOVERNMENT, level=Level.CITY)
    department("样板市东湖区人民政府", kind=DepartmentKind.GOVERNMENT, level=Level.DISTRICT,
               parent=city)  # fmt: skip
    cache.forget()
    assert set(vocab.regions()) == {"样板市", "样板市东湖区"}
    assert parse_name("样板市东湖区云帆科技有限公司").region == "样板市东湖区"
