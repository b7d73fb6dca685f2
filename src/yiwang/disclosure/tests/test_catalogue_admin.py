"""The workbench page 公开目录维护: department admins keep their own nodes under the standard
ones, platform admins the standard ones; deactivating hides a subtree from the portal."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from yiwang.disclosure.models import CatalogueNode
from yiwang.disclosure.tests.publications_factories import node, office

pytestmark = pytest.mark.django_db
URL = reverse("disclosure:staff_catalogue")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_department_admin_adds_renames_deactivates_and_restores_its_own_nodes():
    o = office()
    admin = logged_in(o.publisher)
    assert "公开目录维护" in admin.get(reverse("disclosure:staff_list")).content.decode()
    page = admin.get(URL)
    assert page.status_code == 200 and "公开目录维护" in page.content.decode()

    create = {"action": "create", "parent": node("zdly-jy").pk, "department": o.bureau.pk}
    admin.post(URL, {**create, "code": "jyj-zsxx", "name": "招生信息"})
    admin.post(URL, {**create, "code": "jyj-zsxx-xx", "name": "小学", "parent": 0})
    own = CatalogueNode.objects.get(code="jyj-zsxx")
    assert own.department == o.bureau and own.path == "/zdly/zdly-jy/jyj-zsxx/"
    child = {**create, "parent": own.pk, "code": "jyj-xx", "name": "小学招生"}
    assert admin.post(URL, child).status_code == 302

    renamed = admin.post(
        URL, {"action": "rename", "node": own.pk, "name": "招生入学", "sort_order": "5"}
    )
    assert renamed.status_code == 302
    own.refresh_from_db()
    assert (own.name, own.sort_order) == ("招生入学", 5)
    assert (
        "招生入学" in admin.get(reverse("disclosure:catalogue", args=["zdly-jy"])).content.decode()
    )

    admin.post(URL, {"action": "deactivate", "node": own.pk})
    assert not CatalogueNode.objects.filter(path__startswith=own.path, is_active=True).exists()
    assert admin.get(reverse("disclosure:catalogue", args=["jyj-xx"])).status_code == 404
    refused = admin.post(
        URL, {"action": "activate", "node": CatalogueNode.objects.get(code="jyj-xx").pk}
    )
    assert refused.status_code == 400 and "请先启用上级目录" in refused.content.decode()
    admin.post(URL, {"action": "activate", "node": own.pk})
    assert CatalogueNode.objects.get(pk=own.pk).is_active

    # the standard nodes are the platform admin's
    standard = node("zcwj")
    denied = admin.post(URL, {"action": "rename", "node": standard.pk, "name": "文件"})
    assert denied.status_code == 403 and node("zcwj").name == "政策文件"
    assert (
        admin.post(URL, {"action": "create", "code": "new-top", "name": "新目录"}).status_code
        == 403
    )
    platform = logged_in(o.admin)
    assert (
        platform.post(
            URL, {"action": "rename", "node": standard.pk, "name": "政策文件库"}
        ).status_code
        == 302
    )
    assert node("zcwj").name == "政策文件库"


def test_writers_and_citizens_cannot_use_the_page():
    o = office()
    assert logged_in(o.writer).get(URL).status_code == 403
    assert Client().get(URL).status_code in (302, 403)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "nonsense"},
        {"action": "rename", "node": "abc", "name": "x"},
        {"action": "rename", "node": "9" * 10_000, "name": "x"},
        {"action": "rename", "node": "{own}", "name": ""},
        {"action": "rename", "node": "{own}", "name": "名" * 10_000},
        {"action": "rename", "node": "{own}", "name": "x", "sort_order": "-1"},
        {"action": "rename", "node": "{own}", "name": "x", "sort_order": "9" * 5000},
        {"action": "create", "code": "<script>", "name": "<b>x</b>", "parent": "{parent}",
         "department": "{dept}"},
        {"action": "create", "code": "ok-code", "name": "x", "parent": "9" * 5000,
         "department": "{dept}"},
        {"action": "create", "code": "ok-code", "name": "x", "parent": "{parent}",
         "department": "zzz", "sort_order": "一"},
        {"action": "create", "code": "ok-code", "name": "x", "parent": "{parent}",
         "department": "{dept}", "decision_kind": "tax"},
        {"action": "deactivate", "node": ""},
    ],
)  # fmt: skip
def test_garbage_is_a_400_with_a_message_never_a_500(data):
    o = office()
    client = logged_in(o.publisher)
    own = CatalogueNode.objects.create(
        code="own-node", name="本部门", parent=node("qt"), department=o.bureau,
        path="/qt/own-node/", depth=1,
    )  # fmt: skip
    values = {"own": own.pk, "parent": node("qt").pk, "dept": o.bureau.pk}
    posted = {k: str(v).format(**values) for k, v in data.items()}
    response = client.post(URL, posted)
    assert response.status_code == 400
    assert 'class="messages' in response.content.decode() or "alert" in response.content.decode()
    assert CatalogueNode.objects.filter(code="ok-code").count() == 0
