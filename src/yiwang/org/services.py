"""Writes to the department tree, positions, memberships and role grants.

``actor=None`` marks a trusted system path (CLI, demo loader, migrations); every other call
is checked with the one permission function and recorded in the audit log.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from yiwang.audit.services import audit_record
from yiwang.core.errors import FieldError, InvalidInput, PermissionDenied
from yiwang.org.models import (
    Department,
    DepartmentKind,
    Level,
    Membership,
    Position,
    Role,
    RoleGrant,
    Scope,
)
from yiwang.org.permissions import DEFAULT_SCOPE, forget_grants, is_platform_admin, require

_REGION_CODE = re.compile(r"^(\d{6}|\d{9}|\d{12})$")
_CODE = re.compile(r"^[A-Za-z0-9_.-]{2,32}$")
_CONTACT_FIELDS = ("short_name", "contact_name", "contact_phone", "contact_email", "address")
_UPDATABLE = {
    "name", "short_name", "kind", "region_code", "contact_name", "contact_phone",
    "contact_email", "address", "accepts_tickets", "sort_order", "is_active",
}  # fmt: skip


def _check_manage(actor: Any, action: str, target: Department | None) -> None:
    if actor is None:
        return
    if target is None:
        if not is_platform_admin(actor):
            raise PermissionDenied()
        return
    require(actor, action, target)


def _validate_department(
    *, name: str, code: str | None, kind: str, level: int, region_code: str,
    parent: Department | None, exclude_pk: int | None = None,
) -> None:  # fmt: skip
    errors: list[FieldError] = []
    if not (name or "").strip():
        errors.append(FieldError("name", _("请填写部门名称"), "required"))
    elif len(name) > 100:
        errors.append(FieldError("name", _("部门名称不能超过 100 个字符"), "too_long"))
    if code is not None:
        if not _CODE.match(code or ""):
            errors.append(
                FieldError("code", _("机构代码应为 2 至 32 位字母、数字或 ._-"), "code_format")
            )
        elif Department.objects.filter(code=code).exclude(pk=exclude_pk).exists():
            errors.append(FieldError("code", _("机构代码已被使用"), "code_taken"))
    if kind not in DepartmentKind.values:
        errors.append(FieldError("kind", _("部门类型无效"), "invalid_choice"))
    if level not in Level.values:
        errors.append(FieldError("level", _("部门层级无效"), "invalid_choice"))
    elif parent is not None and level < parent.level:
        errors.append(FieldError("level", _("下级部门的层级不能高于上级部门"), "level_order"))
    if not _REGION_CODE.match(region_code or ""):
        errors.append(
            FieldError("region_code", _("行政区划代码应为 6、9 或 12 位数字"), "region_format")
        )
    if errors:
        raise InvalidInput(field_errors=errors)


def department_create(
    *,
    actor: Any,
    name: str,
    code: str,
    kind: str,
    level: int,
    region_code: str,
    parent: Department | None = None,
    accepts_tickets: bool = True,
    sort_order: int = 0,
    **contacts: str,
) -> Department:
    unknown = set(contacts) - set(_CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown department fields: {sorted(unknown)}")
    _check_manage(actor, "org.department.manage", parent)
    _validate_department(
        name=name, code=code, kind=kind, level=level, region_code=region_code, parent=parent
    )
    with transaction.atomic():
        department = Department.objects.create(
            name=name.strip(),
            code=code,
            kind=kind,
            level=level,
            region_code=region_code,
            parent=parent,
            accepts_tickets=accepts_tickets,
            sort_order=sort_order,
            depth=(parent.depth + 1) if parent else 0,
            **contacts,
        )
        department.path = f"{parent.path if parent else '/'}{department.pk}/"
        department.save(update_fields=["path"])
        audit_record(
            action="org.department.create",
            target=department,
            actor=actor,
            summary=f"创建部门 {department.name}",
            changes={"name": [None, department.name], "parent": [None, parent and parent.pk]},
        )
    return department


def department_update(*, actor: Any, department: Department, **fields: Any) -> Department:
    unknown = set(fields) - _UPDATABLE
    if unknown:
        raise TypeError(f"fields not updatable here: {sorted(unknown)}")
    _check_manage(actor, "org.department.manage", department)
    with transaction.atomic():
        current = Department.objects.select_for_update().get(pk=department.pk)
        merged = {
            "name": fields.get("name", current.name),
            "kind": fields.get("kind", current.kind),
            "region_code": fields.get("region_code", current.region_code),
        }
        _validate_department(
            code=None, level=current.level, parent=current.parent, exclude_pk=current.pk, **merged
        )
        changes = {}
        for field, value in fields.items():
            old = getattr(current, field)
            if old != value:
                changes[field] = [old, value]
                setattr(current, field, value)
        if changes:
            current.save(update_fields=[*changes, "updated_at"])
            audit_record(
                action="org.department.update", target=current, actor=actor, changes=changes
            )
    return current


def department_move(*, actor: Any, department: Department, new_parent: Department) -> Department:
    """Move a department (and everything below it) under a new parent."""
    _check_manage(actor, "org.department.manage", department)
    _check_manage(actor, "org.department.manage", new_parent)
    with transaction.atomic():
        current = Department.objects.select_for_update().get(pk=department.pk)
        target = Department.objects.get(pk=new_parent.pk)
        if target.path.startswith(current.path):
            raise InvalidInput(
                field_errors=[FieldError("parent", _("不能把部门移动到它自己的下级"), "cycle")]
            )
        if current.level < target.level:
            raise InvalidInput(
                field_errors=[
                    FieldError("parent", _("下级部门的层级不能高于上级部门"), "level_order")
                ]
            )
        old_parent_id, old_path = current.parent_id, current.path
        new_path = f"{target.path}{current.pk}/"
        depth_delta = target.depth + 1 - current.depth
        Department.objects.filter(path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + depth_delta,
        )
        Department.objects.filter(pk=current.pk).update(parent=target)
        current.refresh_from_db()
        audit_record(
            action="org.department.move",
            target=current,
            actor=actor,
            changes={"parent": [old_parent_id, target.pk]},
        )
    return current


def position_create(*, actor: Any, department: Department, name: str) -> Position:
    _check_manage(actor, "org.department.manage", department)
    name = (name or "").strip()
    if not name:
        raise InvalidInput(field_errors=[FieldError("name", _("请填写岗位名称"), "required")])
    if Position.objects.filter(department=department, name=name).exists():
        raise InvalidInput(field_errors=[FieldError("name", _("本部门已有同名岗位"), "duplicate")])
    with transaction.atomic():
        position = Position.objects.create(department=department, name=name)
        audit_record(
            action="org.position.create",
            target=position,
            actor=actor,
            department_id=department.pk,
            changes={"name": [None, name]},
        )
    return position


def _role_and_scope(item: str | tuple[str, str]) -> tuple[str, str | None]:
    if isinstance(item, tuple):
        return str(item[0]), str(item[1])
    return str(item), None


def membership_add(
    *,
    actor: Any,
    user: Any,
    department: Department,
    position: Position | None = None,
    is_primary: bool = False,
    roles: Iterable[str | tuple[str, str]] = (),
) -> Membership:
    """Place a staff member (or a system account) in a department, with roles."""
    from yiwang.accounts.models import UserKind

    _check_manage(actor, "org.membership.manage", department)
    if user.kind not in (UserKind.STAFF, UserKind.SYSTEM):
        raise InvalidInput(
            field_errors=[FieldError("user", _("只有工作人员可以加入部门"), "not_staff")]
        )
    if position is not None and position.department_id != department.pk:
        raise InvalidInput(
            field_errors=[FieldError("position", _("岗位不属于该部门"), "position_department")]
        )
    with transaction.atomic():
        if is_primary or not Membership.objects.filter(user=user, is_primary=True).exists():
            Membership.objects.filter(user=user, is_primary=True).exclude(
                department=department
            ).update(is_primary=False)
            is_primary = True
        membership, created = Membership.objects.get_or_create(
            user=user,
            department=department,
            defaults={"position": position, "is_primary": is_primary},
        )
        if not created:
            membership.position = position or membership.position
            membership.is_primary = is_primary or membership.is_primary
            membership.is_active = True
            membership.save(update_fields=["position", "is_primary", "is_active", "updated_at"])
        audit_record(
            action="org.membership.add",
            target=membership,
            actor=actor,
            department_id=department.pk,
            summary=f"{user.username} 加入 {department.name}",
        )
        for item in roles:
            role, scope = _role_and_scope(item)
            role_grant(actor=actor, membership=membership, role=role, scope=scope)
    forget_grants(user)
    return membership


def role_grant(
    *, actor: Any, membership: Membership, role: str, scope: str | None = None
) -> RoleGrant:
    _check_manage(actor, "org.membership.manage", membership.department)
    if role not in Role.values:
        raise InvalidInput(field_errors=[FieldError("role", _("角色无效"), "invalid_choice")])
    scope = scope or DEFAULT_SCOPE[role]
    if scope not in Scope.values:
        raise InvalidInput(field_errors=[FieldError("scope", _("数据范围无效"), "invalid_choice")])
    # Nobody hands out more than they hold: only platform admins grant admin rights or "all".
    widening = role == Role.PLATFORM_ADMIN or scope == Scope.ALL
    if actor is not None and widening and not is_platform_admin(actor):
        raise PermissionDenied(_("只有平台管理员可以授予平台管理员角色或全部数据范围"))
    with transaction.atomic():
        grant, created = RoleGrant.objects.get_or_create(
            membership=membership, role=role, defaults={"scope": scope}
        )
        old_scope = None if created else grant.scope
        if not created and grant.scope != scope:
            grant.scope = scope
            grant.save(update_fields=["scope", "updated_at"])
        audit_record(
            action="org.role.grant",
            target=grant,
            actor=actor,
            department_id=membership.department_id,
            changes={"role": [None, role], "scope": [old_scope, scope]},
            summary=f"{membership.user.username}: {role}/{scope}",
        )
    forget_grants(membership.user)
    return grant


def role_revoke(*, actor: Any, grant: RoleGrant) -> None:
    _check_manage(actor, "org.membership.manage", grant.membership.department)
    with transaction.atomic():
        audit_record(
            action="org.role.revoke",
            target=grant,
            actor=actor,
            department_id=grant.membership.department_id,
            changes={"role": [grant.role, None], "scope": [grant.scope, None]},
        )
        user = grant.membership.user
        grant.delete()
    forget_grants(user)


def membership_end(*, actor: Any, membership: Membership) -> Membership:
    _check_manage(actor, "org.membership.manage", membership.department)
    with transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(is_active=False, is_primary=False)
        membership.refresh_from_db()
        audit_record(
            action="org.membership.end",
            target=membership,
            actor=actor,
            department_id=membership.department_id,
            changes={"is_active": [True, False]},
        )
    forget_grants(membership.user)
    return membership
