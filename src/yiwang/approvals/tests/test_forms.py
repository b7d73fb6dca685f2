"""One form (一表制): JSON Schema answers checked with Chinese messages per field, HTML strings
coerced, and the form drawn as accessible HTML."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.utils import translation

from yiwang.approvals.forms import (
    data_from_post,
    error_summary,
    render_fields,
    row_action,
    schema_problems,
    validate,
)
from yiwang.core.errors import InvalidInput

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "title": "企业开办申请表",
    "required": ["company", "contact_phone", "registered_capital", "agree"],
    "properties": {
        "company": {
            "type": "object",
            "title": "企业信息",
            "required": ["name", "credit_code"],
            "properties": {
                "name": {"type": "string", "title": "企业名称", "minLength": 4, "maxLength": 50},
                "credit_code": {
                    "type": "string",
                    "title": "统一社会信用代码",
                    "pattern": "^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$",
                    "errorMessage": "请输入 18 位统一社会信用代码",
                    "errorMessage_en": "Enter the 18-character unified social credit code",
                },
                "founded": {"type": "string", "format": "date", "title": "成立日期"},
                "kind": {
                    "type": "string",
                    "title": "企业类型",
                    "enum": ["llc", "sole"],
                    "x-enumNames": ["有限责任公司", "个人独资企业"],
                },
            },
        },
        "registered_capital": {
            "type": "number",
            "title": "注册资本（万元）",
            "minimum": 1,
            "maximum": 100000,
        },
        "staff": {"type": "integer", "title": "从业人数", "minimum": 0},
        "contact_phone": {"type": "string", "title": "联系电话", "format": "mobile"},
        "contact_email": {"type": "string", "title": "电子邮箱", "format": "email"},
        "business_scope": {
            "type": "string",
            "title": "经营范围",
            "x-widget": "textarea",
            "description": "按《国民经济行业分类》填写",
        },
        "shareholders": {
            "type": "array",
            "title": "股东",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "share"],
                "properties": {
                    "name": {"type": "string", "title": "股东姓名"},
                    "share": {"type": "number", "title": "出资比例", "maximum": 100},
                },
            },
        },
        "agree": {"type": "boolean", "title": "我承诺所填信息真实有效", "const": True},
    },
}

VALID = {
    "company": {"name": "示范市青禾科技有限公司", "credit_code": "91110108MA01ABCD3X"},
    "registered_capital": 100,
    "contact_phone": "13800138000",
    "shareholders": [{"name": "王小明", "share": 100}],
    "agree": True,
}


def _errors(schema, data) -> dict[str, dict]:
    with pytest.raises(InvalidInput) as caught:
        validate(schema, data)
    return {e.field: e.as_dict() for e in caught.value.field_errors}


def test_valid_answers_come_back_cleaned():
    cleaned = validate(SCHEMA, {**VALID, "contact_email": "  ", "staff": ""})
    assert cleaned["company"]["name"] == "示范市青禾科技有限公司"
    assert "contact_email" not in cleaned and "staff" not in cleaned  # blanks are "not given"


def test_missing_required_fields_are_named_with_dotted_paths_in_chinese():
    errors = _errors(SCHEMA, {"company": {"name": "示范"}, "shareholders": [{"name": "王"}]})
    assert errors["company.credit_code"]["message"] == "此项为必填项"
    assert errors["company.credit_code"]["code"] == "required"
    assert errors["contact_phone"]["code"] == "required"
    assert errors["agree"]["code"] == "required"
    assert errors["company.name"]["message"] == "至少填写 4 个字"
    assert errors["shareholders.0.share"]["message"] == "此项为必填项"


def test_each_keyword_has_its_own_chinese_message():
    data = {
        **VALID,
        "company": {**VALID["company"], "credit_code": "123", "founded": "2025-02-30",
                    "kind": "partnership"},
        "registered_capital": 0,
        "staff": "三十",
        "contact_phone": "12345",
        "contact_email": "nobody@",
        "shareholders": [{"name": "王小明", "share": 120}],
        "agree": False,
    }  # fmt: skip
    errors = _errors(SCHEMA, data)
    assert errors["company.credit_code"]["message"] == "请输入 18 位统一社会信用代码"
    assert errors["company.credit_code"]["message_en"] == (
        "Enter the 18-character unified social credit code"
    )
    assert errors["company.founded"]["message"] == "请输入有效的日期，例如 2025-01-31"
    assert errors["company.kind"]["message"] == "请从给定的选项中选择"
    assert errors["registered_capital"]["message"] == "不能小于 1"
    assert errors["staff"]["message"] == "请输入整数"
    assert errors["contact_phone"]["message"] == "请输入有效的 11 位手机号码"
    assert errors["contact_email"]["message"] == "请输入有效的电子邮箱地址"
    assert errors["shareholders.0.share"]["message"] == "不能大于 100"
    assert errors["agree"]["code"] == "const"


def test_messages_have_english_translations():
    errors = _errors(SCHEMA, {**VALID, "staff": "many", "registered_capital": 0})
    assert errors["staff"]["message_en"] == "Enter a whole number"
    assert errors["registered_capital"]["message_en"] == "Must not be less than 1"


def test_a_pattern_without_error_message_gets_a_generic_one():
    schema = {"type": "object", "properties": {"zip": {"type": "string", "pattern": "^\\d{6}$"}}}
    assert _errors(schema, {"zip": "abc"})["zip"]["message"] == "格式不正确"


def test_strings_from_html_are_coerced():
    cleaned = validate(
        SCHEMA,
        {**VALID, "registered_capital": "１,０００.5", "staff": "12", "agree": "on",
         "company": {**VALID["company"], "founded": "2024年3月9日"}},
    )  # fmt: skip
    assert cleaned["registered_capital"] == 1000.5
    assert cleaned["staff"] == 12
    assert cleaned["agree"] is True
    assert cleaned["company"]["founded"] == "2024-03-09"


def test_top_level_must_be_an_object_and_empty_schema_accepts_objects():
    with pytest.raises(InvalidInput):
        validate(SCHEMA, ["not", "an", "object"])
    assert validate({}, {"anything": 1}) == {"anything": 1}


def test_unknown_fields_are_refused_when_the_schema_closes_the_object():
    schema = {"type": "object", "additionalProperties": False,
              "properties": {"a": {"type": "string"}}}  # fmt: skip
    assert _errors(schema, {"a": "x", "evil": 1})["evil"]["code"] == "unknown_field"


def test_a_broken_schema_is_an_error_for_the_office_not_a_crash():
    assert schema_problems({"type": "object", "properties": {"a": {"type": "strng"}}})
    assert schema_problems({"type": "object"}) == []
    with pytest.raises(InvalidInput) as caught:
        validate({"type": "object", "properties": {"a": {"minLength": "x"}}}, {"a": "b"})
    assert caught.value.code == "invalid-form-schema"


def test_local_refs_are_followed():
    schema = {
        "type": "object",
        "$defs": {"person": {"type": "object", "required": ["name"],
                             "properties": {"name": {"type": "string", "title": "姓名"}}}},
        "properties": {"legal_rep": {"$ref": "#/$defs/person", "title": "法定代表人"}},
        "required": ["legal_rep"],
    }  # fmt: skip
    assert _errors(schema, {"legal_rep": {}})["legal_rep.name"]["code"] == "required"
    assert 'name="legal_rep.name"' in render_fields(schema, {}, None)


def test_data_from_post_reads_nested_groups_rows_and_checkboxes():
    post = QueryDict(mutable=True)
    post.update({
        "company.name": "示范市青禾科技有限公司", "company.credit_code": "91110108MA01ABCD3X",
        "registered_capital": "100", "contact_phone": "13800138000",
        "shareholders.0.name": "王小明", "shareholders.0.share": "60",
        "shareholders.1.name": "", "shareholders.1.share": "",
        "shareholders.2.name": "李华", "shareholders.2.share": "40",
    })  # fmt: skip
    data = data_from_post(SCHEMA, post)
    assert data["company"]["name"] == "示范市青禾科技有限公司"
    assert data["shareholders"] == [
        {"name": "王小明", "share": "60"},
        {"name": "李华", "share": "40"},
    ]  # the blank row in the middle is dropped
    assert data["agree"] is False
    post["agree"] = "true"
    cleaned = validate(SCHEMA, data_from_post(SCHEMA, post))
    assert cleaned["shareholders"][1]["share"] == 40


def test_render_fields_is_accessible():
    with pytest.raises(InvalidInput) as caught:
        validate(SCHEMA, {**VALID, "company": {"name": "示范"}})
    html = str(render_fields(SCHEMA, {"company": {"name": "示范"}}, caught.value))
    # every input has a label pointing at it
    assert '<label for="f-company--name">企业名称</label>' in html
    assert 'id="f-company--name" name="company.name" value="示范"' in html
    # the error is announced with the input and the field is marked invalid
    assert 'id="f-company--name_error"' in html
    assert 'aria-describedby="f-company--name_error" aria-invalid="true"' in html
    # groups are fieldsets with legends; hints are tied to their input
    assert '<fieldset class="field-group" id="f-company"><legend>企业信息</legend>' in html
    assert 'aria-describedby="f-business_scope_hint"' in html
    # widgets follow the schema
    assert '<textarea id="f-business_scope" name="business_scope"' in html
    assert '<option value="llc">有限责任公司</option>' in html
    assert 'type="date" id="f-company--founded"' in html
    assert 'inputmode="decimal"' in html and 'type="tel"' in html
    assert 'type="checkbox" id="f-agree" name="agree" value="true"' in html
    assert "（选填）" in html  # optional fields say so, as on every portal form


def test_render_escapes_what_the_applicant_typed():
    html = str(render_fields(SCHEMA, {"company": {"name": '"><script>alert(1)</script>'}}))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_error_summary_links_to_fields_with_readable_names():
    with pytest.raises(InvalidInput) as caught:
        validate(SCHEMA, {**VALID, "shareholders": [{"name": "王"}]})
    summary = error_summary(SCHEMA, caught.value)
    assert summary == [
        {"field": "shareholders.0.share", "anchor": "#f-shareholders--0--share",
         "label": "股东 第 1 项 出资比例", "message": "此项为必填项"},
    ]  # fmt: skip


def test_rows_can_be_added_and_removed_without_javascript():
    data = {"shareholders": [{"name": "王小明"}]}
    added = row_action(data, QueryDict("_add_row=shareholders"))
    assert len(added["shareholders"]) == 2
    assert 'name="shareholders.1.name"' in str(render_fields(SCHEMA, added))
    removed = row_action(added, QueryDict("_remove_row=shareholders.0"))
    assert removed["shareholders"] == [{}]
    assert row_action(data, QueryDict("company.name=x")) is None


def test_titles_in_english_when_given():
    schema = {"type": "object", "properties": {"a": {"type": "string", "title": "名称",
                                                     "x-title-en": "Name"}}}  # fmt: skip
    with translation.override("en"):
        assert ">Name <span" in str(render_fields(schema, {}))
