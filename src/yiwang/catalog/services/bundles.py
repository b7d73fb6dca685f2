"""Writing life-event bundles (一件事): the items, the combined form and its field map.

A bundle is saved only when its combined form can fill every item: each required field of
each item's form must be mapped (``field_map``) or collected under the same name, and a field
an item requires must be required in the combined form too.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from yiwang.audit.services import audit_record
from yiwang.catalog.actions import MANAGE
from yiwang.catalog.models import (
    Audience,
    Bundle,
    BundleItem,
    BundleStatus,
    ItemStatus,
    ServiceItem,
)
from yiwang.catalog.schemas import map_errors, schema_errors
from yiwang.catalog.services.cleaning import CODE, KEY
from yiwang.catalog.services.items import user_or_none
from yiwang.core.errors import Conflict, FieldError, InvalidInput, NotFound
from yiwang.org.models import Department
from yiwang.org.permissions import require
from yiwang.search.service import index_later

BUNDLE_DOC_TYPE = "catalog.bundle"


def _items(codes: list[str], errors: list[FieldError], *, active: bool) -> list[ServiceItem]:
    codes = [str(c).strip() for c in codes or [] if str(c).strip()]
    if len(codes) < 2:
        errors.append(FieldError("items", _("一件事至少包含两个事项"), "too_few"))
    if len(set(codes)) != len(codes):
        errors.append(FieldError("items", _("同一事项不能重复加入"), "duplicate"))
    found = ServiceItem.objects.in_bulk(codes, field_name="code")
    items = []
    for code in dict.fromkeys(codes):
        item = found.get(code)
        if item is None:
            errors.append(
                FieldError("items", format_lazy(_("事项“{code}”不存在"), code=code), "unknown")
            )
        elif active and item.status != ItemStatus.ACTIVE:
            errors.append(
                FieldError(
                    "items",
                    format_lazy(_("事项“{name}”不在用，不能加入在用的一件事"), name=item.name),
                    "inactive",
                )
            )
        else:
            items.append(item)
    return items


def bundle_save(
    *,
    actor: Any,
    code: str,
    name: str,
    department: Department,
    item_codes: list[str],
    form_schema: dict,
    field_map: dict,
    description: str = "",
    audience: str = Audience.LEGAL,
    process_key: str = "",
    promised_limit_days: int | None = None,
    status: str = BundleStatus.ACTIVE,
    expected_version: int | None = None,
) -> Bundle:
    """Create the bundle ``code`` or replace its definition (items in the given order)."""
    errors: list[FieldError] = []
    code, name = (code or "").strip(), " ".join((name or "").split())
    if not CODE.match(code):
        errors.append(
            FieldError("code", _("一件事编码只能包含字母、数字、横线，最长 40 位"), "invalid")
        )
    if not name or len(name) > 200:
        errors.append(FieldError("name", _("请填写名称（不超过 200 个字符）"), "required"))
    if len(description or "") > 5000:
        errors.append(FieldError("description", _("说明不能超过 5000 个字符"), "too_long"))
    if not isinstance(department, Department) or not department.is_active:
        errors.append(FieldError("department", _("请选择有效的牵头部门"), "invalid_department"))
    if audience not in Audience.values:
        errors.append(FieldError("audience", _("服务对象无效"), "invalid_choice"))
    if status not in BundleStatus.values:
        errors.append(FieldError("status", _("状态无效"), "invalid_choice"))
    if process_key and not KEY.match(process_key):
        errors.append(
            FieldError("process_key", _("审批流程标识只能包含小写字母、数字和下划线"), "invalid")
        )
    if promised_limit_days is not None and not 0 <= int(promised_limit_days) <= 365:
        errors.append(
            FieldError("promised_limit_days", _("承诺办结时限应为 0 到 365 个工作日"), "invalid")
        )
    items = _items(item_codes, errors, active=status == BundleStatus.ACTIVE)
    schema_problems = schema_errors(form_schema)
    errors.extend(schema_problems)
    if not form_schema:
        errors.append(FieldError("form_schema", _("请提供一表制表单"), "required"))
    elif not schema_problems:
        errors.extend(map_errors(items=items, bundle_schema=form_schema, field_map=field_map))
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        bundle = Bundle.objects.select_for_update().filter(code=code).first()
        if actor is not None:
            require(actor, MANAGE, department)
            if bundle is not None:
                require(actor, MANAGE, bundle)
        stale = bundle is not None and expected_version not in (None, bundle.version)
        if stale:
            raise Conflict(_("一件事已被他人修改，请刷新后重试"), code="version-conflict")
        creating = bundle is None
        values = dict(
            name=name, description=description or "", department=department,
            audience=audience, form_schema=form_schema, field_map=field_map,
            process_key=process_key, promised_limit_days=promised_limit_days, status=status,
            updated_by=user_or_none(actor),
        )  # fmt: skip
        if creating:
            bundle = Bundle.objects.create(code=code, **values)
        else:
            for field, value in values.items():
                setattr(bundle, field, value)
            bundle.version = F("version") + 1
            bundle.save()
            bundle.refresh_from_db()
            bundle.bundle_items.all().delete()
        BundleItem.objects.bulk_create(
            BundleItem(bundle=bundle, item=item, order=n) for n, item in enumerate(items)
        )
        audit_record(
            action="catalog.bundle.create" if creating else "catalog.bundle.update",
            target=bundle, actor=actor, department_id=department.pk,
            summary=f"{code} {name}"[:100],
            changes={"items": [None, [i.code for i in items]], "status": [None, status]},
        )  # fmt: skip
        index_later(BUNDLE_DOC_TYPE, bundle.pk)
    return bundle


def bundle_by_code(code: str) -> Bundle:
    bundle = Bundle.objects.filter(code=code).first()
    if bundle is None:
        raise NotFound(_("一件事不存在"))
    return bundle
