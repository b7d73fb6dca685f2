"""Items through the services: checks, permissions by department, lifecycle, version guard."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from yiwang.audit.models import AuditRecord
from yiwang.catalog import services
from yiwang.catalog.models import ItemStatus
from yiwang.catalog.tests.factories import food_item, world
from yiwang.core.errors import Conflict, InvalidInput, NotAuthenticated, PermissionDenied

pytestmark = pytest.mark.django_db


def _fields(exc) -> dict[str, str]:
    return {e.field: str(e.message) for e in exc.value.field_errors}


def test_department_admin_creates_an_item_with_its_guide_and_it_is_audited():
    w = world()
    item = food_item(w, actor=w.market_admin, fee="0")
    assert item.status == ItemStatus.ACTIVE and item.version == 1
    assert [m.code for m in item.materials.all()] == ["licence", "layout"]
    assert item.materials.get(code="licence").can_be_replaced
    assert item.special_steps.get().counts_toward_limit is True
    assert item.process_steps() == ["提交申请", "受理审查", "现场核查", "作出决定"]
    record = AuditRecord.objects.get(action="catalog.item.create")
    assert record.object_id == str(item.pk)


def test_every_bad_value_is_reported_at_once_in_chinese():
    w = world()
    with pytest.raises(InvalidInput) as exc:
        food_item(
            w, code="bad code!", name="", statutory_limit_days=5, promised_limit_days=10,
            fee="-1", channels=["fax"],
            materials=[{"code": "a", "name": "甲"}, {"code": "a", "name": ""}],
            special_steps=[{"name": "专家评审", "max_days": 0}],
        )  # fmt: skip
    fields = _fields(exc)
    assert "事项编码只能包含" in fields["code"]
    assert fields["name"] == "请填写事项名称"
    assert fields["fee"].startswith("收费标准应为")
    assert fields["channels"] == "办理渠道无效"
    assert "材料编码“a”重复" in fields["materials[1].code"]
    assert fields["materials[1].name"] == "请填写材料名称"
    assert "1 到 365" in fields["special_steps[0].max_days"]


def test_promised_limit_cannot_exceed_statutory():
    w = world()
    with pytest.raises(InvalidInput) as exc:
        food_item(w, statutory_limit_days=5, promised_limit_days=10)
    assert _fields(exc)["promised_limit_days"] == "承诺办结时限不能长于法定办结时限"


def test_another_bureaus_admin_and_plain_handlers_may_not_manage_the_item():
    w = world()
    with pytest.raises(PermissionDenied):
        food_item(w, actor=w.police_admin)
    with pytest.raises(PermissionDenied):
        food_item(w, actor=w.handler)
    item = food_item(w)
    with pytest.raises(PermissionDenied):
        services.item_update(actor=w.police_admin, item=item, name="改名")
    with pytest.raises(NotAuthenticated):
        services.item_change_status(
            actor=type("Anon", (), {"is_authenticated": False})(), item=item,
            to_status="cancelled", reason="x",
        )  # fmt: skip
    # moving an item to 公安局 needs the right there too
    with pytest.raises(PermissionDenied):
        services.item_update(actor=w.market_admin, item=item, department=w.departments["gaj"])
    moved = services.item_update(actor=w.platform_admin, item=item, department=w.departments["gaj"])
    assert moved.department.short_name == "公安局"


def test_update_bumps_the_version_and_a_stale_form_is_a_conflict():
    w = world()
    item = food_item(w)
    updated = services.item_update(
        actor=w.market_admin, item=item, expected_version=1, promised_limit_days=5,
        materials=[{"code": "licence", "name": "营业执照", "certificate_type": "business_licence"}],
    )  # fmt: skip
    assert updated.version == 2 and updated.promised_limit_days == 5
    assert updated.materials.count() == 1
    with pytest.raises(Conflict):
        services.item_update(actor=w.market_admin, item=item, expected_version=1, name="旧表单")
    # nothing changed: no new version, no audit record
    same = services.item_update(actor=w.market_admin, item=updated, promised_limit_days=5)
    assert same.version == 2
    assert AuditRecord.objects.filter(action="catalog.item.update").count() == 1
    with pytest.raises(InvalidInput):
        services.item_update(actor=w.market_admin, item=updated, code="NEW-CODE")


def test_lifecycle_keeps_history_and_only_allows_listed_transitions():
    w = world()
    item = food_item(w)
    successor = food_item(w, name="食品经营许可（新）")
    services.item_change_status(
        actor=w.market_admin, item=item, to_status="suspended", reason="上位法修订，暂停受理",
        expected_version=1,
    )  # fmt: skip
    assert item.status == "suspended" and item.version == 2
    with pytest.raises(InvalidInput) as exc:
        services.item_change_status(
            actor=w.market_admin, item=item, to_status="delegated", reason="下放"
        )
    assert "不能改为" in _fields(exc)["to_status"]
    services.item_change_status(actor=w.market_admin, item=item, to_status="active", reason="恢复")
    services.item_change_status(
        actor=w.market_admin, item=item, to_status="adjusted", reason="与新事项合并",
        successor=successor,
    )  # fmt: skip
    item.refresh_from_db()
    assert item.successor == successor and not item.is_offered
    history = list(item.status_changes.values_list("from_status", "to_status", "reason"))
    assert history == [
        ("active", "suspended", "上位法修订，暂停受理"),
        ("suspended", "active", "恢复"),
        ("active", "adjusted", "与新事项合并"),
    ]
    assert item.status_changes.first().actor == w.market_admin
    assert AuditRecord.objects.filter(action="catalog.item.status").count() == 3


def test_a_reason_is_required_and_delegation_goes_down_the_tree():
    w = world()
    item = food_item(w)
    with pytest.raises(InvalidInput) as exc:
        services.item_change_status(
            actor=w.market_admin, item=item, to_status="cancelled", reason=" "
        )
    assert _fields(exc)["reason"] == "请填写变更原因"
    with pytest.raises(InvalidInput) as exc:
        services.item_change_status(
            actor=w.market_admin, item=item, to_status="delegated", reason="下放",
            delegated_to=w.departments["gaj"],
        )  # fmt: skip
    assert _fields(exc)["delegated_to"] == "只能下放到下级（区县、街道）的部门"
    change = services.item_change_status(
        actor=w.market_admin, item=item, to_status="delegated", reason="就近办理",
        delegated_to=w.departments["339902"],
        at=timezone.make_aware(datetime(2022, 1, 1, 9)),
    )  # fmt: skip
    assert change.at.year == 2022
    item.refresh_from_db()
    assert item.delegated_to.name == "示范市明湖区人民政府"
    with pytest.raises(Conflict):
        services.item_change_status(
            actor=w.market_admin, item=item, to_status="cancelled", reason="x", expected_version=1
        )


def test_a_bad_form_schema_is_refused_naming_the_path():
    w = world()
    with pytest.raises(InvalidInput) as exc:
        food_item(
            w,
            form_schema={
                "type": "object",
                "properties": {"area": {"type": "strnig", "title": "面积"}},
            },
        )
    message = _fields(exc)["form_schema"]
    assert "不符合 JSON Schema 规范" in message and "/properties/area/type" in message
    with pytest.raises(InvalidInput) as exc:
        food_item(
            w, form_schema={
                "type": "object", "properties": {"Area": {"type": "number"}}, "required": ["x"],
            },
        )  # fmt: skip
    messages = [str(e.message) for e in exc.value.field_errors]
    assert any("字段名“Area”无效" in m for m in messages)
    assert any("缺少 title" in m and "/properties/Area" in m for m in messages)
    assert any("必填字段“x”不在 properties 中" in m for m in messages)
