"""Bundles (一件事): the combined form must fill every item; answers flow through field_map."""

from __future__ import annotations

import copy

import pytest

from yiwang.catalog import selectors, services
from yiwang.catalog.tests.factories import food_item, world
from yiwang.core.errors import InvalidInput, PermissionDenied

pytestmark = pytest.mark.django_db

LICENCE_SCHEMA = {
    "type": "object",
    "properties": {
        "legal_representative": {"type": "string", "title": "法定代表人"},
        "address": {"type": "string", "title": "住所"},
        "shareholder": {
            "type": "object",
            "title": "股东",
            "properties": {
                "name": {"type": "string", "title": "股东姓名"},
                "share": {"type": "number", "title": "出资比例"},
            },
            "required": ["name"],
        },
    },
    "required": ["legal_representative", "address", "shareholder"],
}
COMBINED = {
    "type": "object",
    "properties": {
        "company_name": {"type": "string", "title": "申请单位名称"},
        "legal_rep": {"type": "string", "title": "法定代表人"},
        "address": {"type": "string", "title": "住所"},
        "investor": {"type": "string", "title": "股东姓名"},
        "investor_share": {"type": "number", "title": "出资比例"},
    },
    "required": ["company_name", "legal_rep", "address", "investor"],
}


def _items(w):
    food = food_item(w)  # needs company_name and address (same names as the combined form)
    licence = food_item(w, name="企业设立登记", form_schema=LICENCE_SCHEMA)
    return food, licence


def _save(w, items, **overrides):
    values = dict(
        actor=w.market_admin, code="YJS-TEST", name="开餐馆一件事",
        department=w.departments["scjgj"], item_codes=[i.code for i in items],
        form_schema=COMBINED,
        field_map={items[-1].code: {"legal_representative": "legal_rep",
                                    "shareholder.name": "investor",
                                    "shareholder.share": "investor_share"}},
        process_key="",
    )  # fmt: skip
    values.update(overrides)
    return services.bundle_save(**values)


def test_one_form_fills_every_item_through_the_field_map():
    w = world()
    food, licence = _items(w)
    bundle = _save(w, [food, licence])
    assert [i.code for i in bundle.ordered_items()] == [food.code, licence.code]
    answers = {
        "company_name": "示范市好味餐饮有限公司", "legal_rep": "李娜",
        "address": "明湖区湖滨路 8 号", "investor": "李娜", "investor_share": 100,
    }  # fmt: skip
    assert selectors.item_form_data(food, answers, bundle) == {
        "company_name": "示范市好味餐饮有限公司", "address": "明湖区湖滨路 8 号",
    }  # fmt: skip
    assert selectors.item_form_data(licence, answers) == {  # the item's only bundle
        "legal_representative": "李娜", "address": "明湖区湖滨路 8 号",
        "shareholder": {"name": "李娜", "share": 100},
    }  # fmt: skip
    # saving again replaces the definition and bumps the version
    again = _save(w, [licence, food], field_map=bundle.field_map, expected_version=bundle.version)
    assert again.version == 2 and again.ordered_items()[0] == licence


def test_an_unmapped_required_field_is_named_in_the_error():
    w = world()
    food, licence = _items(w)
    with pytest.raises(InvalidInput) as exc:
        _save(w, [food, licence], field_map={})
    messages = [str(e.message) for e in exc.value.field_errors]
    assert any(
        "“企业设立登记”的必填字段“法定代表人”（legal_representative）没有对应" in m
        for m in messages
    )
    assert any("“股东姓名”（shareholder.name）" in m for m in messages)


def test_mapping_to_missing_or_optional_fields_is_refused():
    w = world()
    food, licence = _items(w)
    optional = copy.deepcopy(COMBINED)
    optional["required"].remove("legal_rep")
    with pytest.raises(InvalidInput) as exc:
        _save(w, [food, licence], form_schema=optional)
    assert any(
        "一表制表单中的“legal_rep”不是必填项" in str(e.message) for e in exc.value.field_errors
    )
    with pytest.raises(InvalidInput) as exc:
        _save(w, [food, licence], field_map={licence.code: {"legal_representative": "boss"},
                                             "NOPE": {}})  # fmt: skip
    messages = [str(e.message) for e in exc.value.field_errors]
    assert any("事项“NOPE”不在本一件事中" in m for m in messages)


def test_bundle_needs_two_items_in_use_and_the_right_to_manage():
    w = world()
    food, licence = _items(w)
    with pytest.raises(InvalidInput) as exc:
        _save(w, [food], field_map={})
    assert any("至少包含两个事项" in str(e.message) for e in exc.value.field_errors)
    services.item_change_status(actor=None, item=licence, to_status="suspended", reason="暂停")
    with pytest.raises(InvalidInput) as exc:
        _save(w, [food, licence])
    assert any("不在用" in str(e.message) for e in exc.value.field_errors)
    services.item_change_status(actor=None, item=licence, to_status="active", reason="恢复")
    with pytest.raises(PermissionDenied):
        _save(w, [food, licence], actor=w.police_admin)
    _save(w, [food, licence])
    # an item in an active bundle cannot leave use until the bundle changes
    with pytest.raises(InvalidInput) as exc:
        services.item_change_status(actor=None, item=food, to_status="cancelled", reason="取消")
    assert "开餐馆一件事" in str(exc.value.field_errors[0].message)
