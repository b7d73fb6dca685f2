"""Writing service items: create and update with their materials and special steps.

Every write checks ``catalog.manage`` for the item's department (and the new department when
it moves), is audited, bumps the version (a stale ``expected_version`` is a 409), and queues
re-indexing for the public search once it commits.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from yiwang.audit.services import audit_record
from yiwang.catalog.actions import MANAGE
from yiwang.catalog.models import ItemMaterial, ServiceItem, SpecialStep
from yiwang.catalog.services.cleaning import (
    check_limits,
    clean_item_values,
    clean_materials,
    clean_special_steps,
)
from yiwang.core.errors import Conflict, FieldError, InvalidInput, NotFound
from yiwang.org.permissions import require
from yiwang.search.service import index_later

DOC_TYPE = "catalog.item"
# fields whose old and new values the audit record keeps (long texts only say "changed")
AUDITED_VALUES = {
    "code", "name", "item_type", "department", "level", "audience", "statutory_limit_days",
    "promised_limit_days", "fee", "channels", "max_visits", "process_key", "certificate_type",
}  # fmt: skip


def user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _raise(errors: list[FieldError]) -> None:
    if errors:
        raise InvalidInput(field_errors=errors)


def _children(
    materials: list[dict] | None, special_steps: list[dict] | None, errors: list[FieldError]
) -> tuple[list[dict] | None, list[dict] | None]:
    clean_m = clean_s = None
    if materials is not None:
        clean_m, more = clean_materials(list(materials))
        errors.extend(more)
    if special_steps is not None:
        clean_s, more = clean_special_steps(list(special_steps))
        errors.extend(more)
    return clean_m, clean_s


def _write_children(
    item: ServiceItem, materials: list[dict] | None, special_steps: list[dict] | None
) -> dict[str, list]:
    """Replace the lists that were given; returns audit changes (counts before and after)."""
    changes: dict[str, list] = {}
    if materials is not None:
        before = list(item.materials.values_list("code", "name"))
        item.materials.all().delete()
        ItemMaterial.objects.bulk_create(ItemMaterial(item=item, **m) for m in materials)
        after = [(m["code"], m["name"]) for m in materials]
        if before != after:
            changes["materials"] = [len(before), len(after)]
    if special_steps is not None:
        before_s = list(item.special_steps.values_list("name", "max_days", "counts_toward_limit"))
        item.special_steps.all().delete()
        SpecialStep.objects.bulk_create(SpecialStep(item=item, **s) for s in special_steps)
        after_s = [(s["name"], s["max_days"], s["counts_toward_limit"]) for s in special_steps]
        if before_s != after_s:
            changes["special_steps"] = [len(before_s), len(after_s)]
    return changes


def item_create(
    *,
    actor: Any,
    materials: list[dict] | None = None,
    special_steps: list[dict] | None = None,
    **values: Any,
) -> ServiceItem:
    """A new item in use. ``values`` are the model's fields (code, name, item_type,
    department, statutory_limit_days, promised_limit_days, guide texts, fee, channels, faq,
    form_schema, process_key, certificate_type ...); ``actor=None`` is a trusted system path."""
    values.setdefault("fee", 0)
    clean, errors = clean_item_values(values, creating=True)
    if "statutory_limit_days" in clean and "promised_limit_days" in clean:
        errors += check_limits(clean["statutory_limit_days"], clean["promised_limit_days"])
    clean_m, clean_s = _children(materials or [], special_steps or [], errors)
    if clean.get("code") and ServiceItem.objects.filter(code=clean["code"]).exists():
        errors.append(FieldError("code", _("事项编码已存在"), "duplicate"))
    _raise(errors)
    if actor is not None:
        require(actor, MANAGE, clean["department"])
    with transaction.atomic():
        item = ServiceItem.objects.create(updated_by=user_or_none(actor), **clean)
        _write_children(item, clean_m, clean_s)
        audit_record(
            action="catalog.item.create", target=item, actor=actor,
            department_id=item.department_id, summary=f"{item.code} {item.name}"[:100],
            changes={"code": [None, item.code], "name": [None, item.name]},
        )  # fmt: skip
        index_later(DOC_TYPE, item.pk)
    return item


def lock_item(item: ServiceItem, expected_version: int | None) -> ServiceItem:
    locked = ServiceItem.objects.select_for_update().filter(pk=item.pk).first()
    if locked is None:
        raise NotFound(_("事项不存在"))
    if expected_version is not None and int(expected_version) != locked.version:
        raise Conflict(
            _("事项已被他人修改，请刷新后重试"), code="version-conflict",
            extra={"current_version": locked.version},
        )  # fmt: skip
    return locked


def _audit_value(value: Any) -> Any:
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, list | dict):
        return value
    return str(value) if value is not None and not isinstance(value, int | str) else value


def item_update(
    *,
    actor: Any,
    item: ServiceItem,
    expected_version: int | None = None,
    materials: list[dict] | None = None,
    special_steps: list[dict] | None = None,
    **values: Any,
) -> ServiceItem:
    """Change the given fields (the code never changes); ``materials`` / ``special_steps``,
    when given, replace the lists. Moving the item needs the right to manage both
    departments."""
    if "code" in values and values["code"] != item.code:
        raise InvalidInput(field_errors=[FieldError("code", _("事项编码不能修改"), "immutable")])
    values.pop("code", None)
    clean, errors = clean_item_values(values, creating=False)
    clean_m, clean_s = _children(materials, special_steps, errors)
    _raise(errors)
    with transaction.atomic():
        locked = lock_item(item, expected_version)
        if actor is not None:
            require(actor, MANAGE, locked)
            new_department = clean.get("department")
            if new_department is not None and new_department.pk != locked.department_id:
                require(actor, MANAGE, new_department)
        _raise(
            check_limits(
                clean.get("statutory_limit_days", locked.statutory_limit_days),
                clean.get("promised_limit_days", locked.promised_limit_days),
            )
        )
        changes: dict[str, list] = {}
        for field, value in clean.items():
            old = getattr(locked, field)
            if old != value:
                if field in AUDITED_VALUES:
                    changes[field] = [_audit_value(old), _audit_value(value)]
                else:
                    changes[field] = ["…", "…"]
                setattr(locked, field, value)
        changes.update(_write_children(locked, clean_m, clean_s))
        if not changes:
            return locked
        locked.version = F("version") + 1
        locked.updated_by = user_or_none(actor)
        locked.save()
        locked.refresh_from_db()
        audit_record(
            action="catalog.item.update", target=locked, actor=actor,
            department_id=locked.department_id, summary=f"{locked.code} {locked.name}"[:100],
            changes=changes,
        )  # fmt: skip
        index_later(DOC_TYPE, locked.pk)
    return locked
