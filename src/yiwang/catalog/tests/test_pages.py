"""Public 办事指南 pages and the workbench pages, through the test client."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from yiwang.catalog import services
from yiwang.catalog.models import ServiceItem
from yiwang.catalog.tests.factories import food_item, world

pytestmark = pytest.mark.django_db


def test_guide_page_shows_every_element_of_the_guide(client):
    w = world()
    item = food_item(w, code="SC-XK-002", fee_description="不收费")
    html = client.get(f"/services/items/{item.code}/").content.decode()
    for text in ("食品经营许可", "基本信息", "示范市市场监督管理局", "法定办结时限", "20 个工作日",
                 "承诺办结时限", "10 个工作日", "办理地点", "示范市市民中心市场监管窗口",
                 "申请条件", "申报材料", "经营设施空间布局图", "电子证照免交", "特殊环节",
                 "现场核查", "计入", "办理流程", "受理审查", "收费标准", "不收费", "设定依据",
                 "食品安全法", "常见问题", "许可证有效期多久？", "申请单位名称*"):  # fmt: skip
        assert text in html, text
    assert "在线办理" in html
    assert client.get("/services/items/NO-SUCH/").status_code == 404


def test_a_cancelled_item_says_so_and_takes_no_applications(client):
    w = world()
    item = food_item(w)
    services.item_change_status(
        actor=None, item=item, to_status="cancelled", reason="国务院决定取消"
    )
    html = client.get(f"/services/items/{item.code}/").content.decode()
    assert "本事项已取消，不再受理申请" in html and "国务院决定取消" in html
    assert "在线办理" not in html
    assert "事项变更记录" in html


def test_services_page_lists_searches_and_filters_items(client, django_capture_on_commit_callbacks):
    w = world()
    with django_capture_on_commit_callbacks(execute=True):  # index_later runs on commit
        food = food_item(w)
        police = food_item(w, name="居住证申领", department=w.departments["gaj"], audience="person",
                           summary="在本市居住半年以上可申领居住证。")  # fmt: skip
    html = client.get("/services/items/").content.decode()
    assert "食品经营许可" in html and "居住证申领" in html
    html = client.get("/services/items/", {"q": "居住证"}).content.decode()
    food_link = f"/services/items/{food.code}/"
    assert "居住证申领" in html and food_link not in html and "<mark>" in html
    html = client.get("/services/legal/").content.decode()
    assert food_link in html and "居住证申领" not in html
    html = client.get("/services/items/", {"department": police.department_id}).content.decode()
    assert "居住证申领" in html and food_link not in html
    # nonsense filters are ignored, never a 500
    assert (
        client.get("/services/items/", {"department": "x", "page": "-3", "q": "\x00(["}).status_code
        == 200
    )


def test_bundle_pages(client):
    w = world()
    food = food_item(w)
    other = food_item(w, name="食品经营许可变更")
    services.bundle_save(
        actor=None, code="YJS-T", name="开餐馆一件事", department=w.departments["scjgj"],
        item_codes=[food.code, other.code], form_schema=food.form_schema, field_map={},
        description="一次填报，并联办理。",
    )  # fmt: skip
    html = client.get("/services/bundles/YJS-T/").content.decode()
    assert "开餐馆一件事" in html and "食品经营许可变更" in html and "一表制" in html
    assert "开餐馆一件事" in client.get("/services/bundles/").content.decode()
    assert "开餐馆一件事" in client.get(f"/services/items/{food.code}/").content.decode()
    assert client.get("/services/bundles/NONE/").status_code == 404


def test_workbench_list_edit_and_lifecycle(client):
    w = world()
    item = food_item(w)
    food_item(w, name="居住证申领", department=w.departments["gaj"])
    client.force_login(w.market_admin)
    html = client.get("/workbench/catalog/").content.decode()
    assert "食品经营许可" in html and "居住证申领" not in html  # department scope
    page = client.get(f"/workbench/catalog/items/{item.code}/edit/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"name": "食品经营许可（含小餐饮）", "version": item.version,
                 "m-TOTAL_FORMS": 1, "m-INITIAL_FORMS": 0, "m-0-code": "licence",
                 "m-0-name": "营业执照", "m-0-copies": 1, "m-0-required": "on",
                 "s-TOTAL_FORMS": 0, "s-INITIAL_FORMS": 0})  # fmt: skip
    data["channels"] = ["online"]
    response = client.post(f"/workbench/catalog/items/{item.code}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    assert item.name == "食品经营许可（含小餐饮）" and item.materials.count() == 1
    # a stale form is refused with a message, not an overwrite
    data["name"] = "旧表单"
    response = client.post(f"/workbench/catalog/items/{item.code}/edit/", data)
    assert "已被他人修改" in response.content.decode()
    # lifecycle with a reason
    url = f"/workbench/catalog/items/{item.code}/"
    response = client.post(url, {"to_status": "suspended", "reason": "", "version": item.version})
    assert "请填写变更原因" in response.content.decode()
    data = {"to_status": "suspended", "reason": "暂停受理", "version": item.version}
    response = client.post(url, data)
    assert response.status_code == 302
    assert ServiceItem.objects.get(pk=item.pk).status == "suspended"


def test_workbench_is_for_catalogue_managers_only(client):
    w = world()
    item = food_item(w)
    client.force_login(w.handler)
    assert client.get("/workbench/catalog/").status_code == 403
    client.force_login(w.police_admin)
    assert client.get(f"/workbench/catalog/items/{item.code}/edit/").status_code == 404


def test_workbench_excel_download_and_upload_report(client):
    w = world()
    food_item(w)
    client.force_login(w.market_admin)
    response = client.get("/workbench/catalog/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    book["事项"].cell(2, 2).value = ""
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("catalog.xlsx", out.getvalue())
    html = client.post("/workbench/catalog/excel/", {"file": upload}).content.decode()
    assert "错误清单" in html and "请填写事项名称" in html
