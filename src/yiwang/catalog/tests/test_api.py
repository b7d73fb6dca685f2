"""The public catalog API (/api/v1/catalog): items searched, filtered and paged, an item's guide
with materials and form schema, bundles (searchable) with their combined form; bad input is a
clear Chinese/English error, never a 500."""

from __future__ import annotations

import pytest

from yiwang.catalog import services
from yiwang.catalog.tests.factories import food_item, world

pytestmark = pytest.mark.django_db

API = "/api/v1/catalog"


@pytest.fixture
def catalogue(django_capture_on_commit_callbacks):
    w = world()
    with django_capture_on_commit_callbacks(execute=True):  # index_later runs on commit
        food = food_item(w)
        change = food_item(w, name="食品经营许可变更")
        residence = food_item(w, name="居住证申领", department=w.departments["gaj"],
                              audience="person", item_type="public_service",
                              summary="在本市居住半年以上可申领居住证。")  # fmt: skip
        bundle = services.bundle_save(
            actor=None, code="YJS-API", name="开餐馆一件事", department=w.departments["scjgj"],
            item_codes=[food.code, change.code], form_schema=food.form_schema, field_map={},
            description="一次填报，食品经营许可与变更并联办理。",
        )  # fmt: skip
    return w, food, change, residence, bundle


def test_items_are_listed_paged_and_filtered(client, catalogue):
    w, food, change, residence, _bundle = catalogue
    body = client.get(f"{API}/items").json()
    assert body["total"] == 3 and body["mode"] == "list"
    assert {i["code"] for i in body["items"]} == {food.code, change.code, residence.code}
    first = next(i for i in body["items"] if i["code"] == food.code)
    assert first["department"]["name"] == w.departments["scjgj"].name
    assert first["url"] == f"/services/items/{food.code}/"
    assert first["promised_limit_days"] == 10 and first["item_type"] == "licensing"
    page = client.get(f"{API}/items", {"limit": 2, "offset": 2}).json()
    assert page["total"] == 3 and len(page["items"]) == 1
    by_code = client.get(f"{API}/items", {"department": w.departments["gaj"].code}).json()
    assert [i["code"] for i in by_code["items"]] == [residence.code]
    by_id = client.get(f"{API}/items", {"department": str(w.departments["gaj"].pk)}).json()
    assert by_id["items"] == by_code["items"]
    person = client.get(f"{API}/items", {"theme": "person"}).json()
    assert [i["code"] for i in person["items"]] == [residence.code]
    typed = client.get(f"{API}/items", {"type": "public_service"}).json()
    assert [i["code"] for i in typed["items"]] == [residence.code]


def test_items_are_searched_through_the_search_service(client, catalogue):
    _w, food, change, residence, _bundle = catalogue
    body = client.get(f"{API}/items", {"q": "居住证"}).json()
    assert [i["code"] for i in body["items"]] == [residence.code]
    assert body["mode"] == "and" and "<mark>" in body["items"][0]["snippet"]
    legal = client.get(f"{API}/items", {"q": "食品经营", "theme": "legal"}).json()
    assert {i["code"] for i in legal["items"]} == {food.code, change.code}
    assert client.get(f"{API}/items", {"q": '\x00(["*'}).status_code == 200


def test_an_items_guide_has_materials_special_steps_and_the_form_schema(client, catalogue):
    _w, food, _change, _residence, bundle = catalogue
    response = client.get(f"{API}/items/{food.code}")
    assert response.status_code == 200
    guide = response.json()
    assert guide["name"] == "食品经营许可" and guide["process"][0] == "提交申请"
    assert guide["form_schema"]["required"] == ["company_name", "address"]
    licence = next(m for m in guide["materials"] if m["code"] == "licence")
    assert licence["certificate_type"] == "business_licence" and licence["required"] is True
    assert guide["special_steps"] == [{"name": "现场核查", "counts_toward_limit": True,
                                       "max_days": 5, "description": ""}]  # fmt: skip
    assert guide["faq"][0]["q"] == "许可证有效期多久？"
    assert guide["bundles"] == [{"code": bundle.code, "name": bundle.name}]
    assert guide["apply_url"] == f"/apply/item/{food.code}/"


def test_a_retired_item_is_shown_with_its_status_and_not_offered(client, catalogue):
    _w, _food, _change, residence, _bundle = catalogue
    services.item_change_status(actor=None, item=residence, to_status="cancelled",
                                reason="国务院决定取消")  # fmt: skip
    guide = client.get(f"{API}/items/{residence.code}").json()
    assert guide["status"] == "cancelled" and guide["apply_url"] == ""
    listed = client.get(f"{API}/items").json()
    assert residence.code not in {i["code"] for i in listed["items"]}


def test_bundles_are_listed_searched_and_shown_with_their_combined_form(client, catalogue):
    _w, food, change, _residence, bundle = catalogue
    listed = client.get(f"{API}/bundles").json()
    assert [b["code"] for b in listed["items"]] == [bundle.code]
    assert [i["code"] for i in listed["items"][0]["items"]] == [food.code, change.code]
    found = client.get(f"{API}/bundles", {"q": "开餐馆"}).json()
    assert [b["code"] for b in found["items"]] == [bundle.code] and found["mode"] == "and"
    assert client.get(f"{API}/bundles", {"q": "居住证"}).json()["items"] == []
    detail = client.get(f"{API}/bundles/{bundle.code}").json()
    assert detail["form_schema"]["title"] == "食品经营许可申请"
    assert detail["apply_url"] == f"/apply/bundle/{bundle.code}/"
    assert detail["department"]["code"] == bundle.department.code


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/items", {"type": "nonsense"}, "type"),
        ("/items", {"theme": "both"}, "theme"),
        ("/items", {"department": "NO-SUCH"}, "department"),
        ("/items", {"limit": "0"}, "limit"),
        ("/items", {"limit": "1000"}, "limit"),
        ("/items", {"offset": "-1"}, "offset"),
        ("/items", {"limit": "many"}, "limit"),
        ("/bundles", {"limit": "101"}, "limit"),
    ],
)
def test_bad_input_is_a_clear_error(client, catalogue, path, params, field):
    response = client.get(f"{API}{path}", params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] and body["detail_en"]
    assert field in {e["field"] for e in body["errors"]}
    assert all(e["message"] and e["message_en"] for e in body["errors"])


def test_unknown_codes_are_404_in_chinese(client, catalogue):
    for path in ("/items/NO-SUCH", "/bundles/NO-SUCH", "/items/" + "X" * 300):
        response = client.get(f"{API}{path}")
        assert response.status_code == 404
        assert response.json()["detail"] in ("事项不存在", "一件事不存在")
