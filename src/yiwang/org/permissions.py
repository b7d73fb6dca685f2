"""The one permission function: can user U do action A on object O?

Every service asks ``require(actor, "app.thing.verb", obj)``; every selector that lists data
narrows it with ``scope_queryset``. An action names the roles that may perform it; a role is
held in a department with a data scope (own department, department and descendants, all), so
the same role reaches different data for different people.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from yiwang.core.errors import NotAuthenticated, PermissionDenied
from yiwang.org.models import Department, Role, RoleGrant, Scope

# The scope a role reaches when a grant does not say (local practice; admins may widen it).
DEFAULT_SCOPE: dict[str, str] = {
    Role.OPERATOR: Scope.ALL,
    Role.DISPATCHER: Scope.ALL,
    Role.HANDLER: Scope.OWN,
    Role.SUPERVISOR: Scope.SUBTREE,
    Role.DEPARTMENT_ADMIN: Scope.SUBTREE,
    Role.PLATFORM_ADMIN: Scope.ALL,
}

STAFF_ROLES = frozenset(Role.values)


@dataclass(frozen=True)
class Action:
    name: str
    roles: frozenset[str]
    owner: bool  # the object's owner (a citizen's own data) may act without a role
    description: str = ""


_ACTIONS: dict[str, Action] = {}


def register_action(
    name: str, *, roles: Iterable[str], owner: bool = False, description: str = ""
) -> Action:
    action = Action(name, frozenset(str(r) for r in roles), owner, description)
    existing = _ACTIONS.get(name)
    if existing is not None and existing != action:
        raise ValueError(f"action {name!r} registered twice with different rules")
    _ACTIONS[name] = action
    return action


def get_action(name: str) -> Action:
    try:
        return _ACTIONS[name]
    except KeyError:
        raise ValueError(f"unknown permission action {name!r}; register it first") from None


def registered_actions() -> list[Action]:
    return sorted(_ACTIONS.values(), key=lambda a: a.name)


@dataclass(frozen=True)
class Grant:
    role: str
    scope: str
    department_id: int
    department_path: str


def grants_of(user: Any) -> list[Grant]:
    """The user's active role grants, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_yiwang_grants", None)
    if cached is not None:
        return cached
    rows = (
        RoleGrant.objects.filter(
            membership__user_id=user.pk,
            membership__is_active=True,
            membership__department__is_active=True,
        )
        .values_list("role", "scope", "membership__department_id", "membership__department__path")
        .order_by("membership__department__path", "role")
    )
    grants = [Grant(*row) for row in rows]
    user._yiwang_grants = grants
    return grants


def forget_grants(user: Any) -> None:
    """Drop the cached grants after a change to the user's memberships."""
    if user is not None:
        user.__dict__.pop("_yiwang_grants", None)
        user.__dict__.pop("_yiwang_audit_roles", None)  # audit's cache of the same facts


def is_platform_admin(user: Any) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(g.role == Role.PLATFORM_ADMIN for g in grants_of(user))


def has_role(user: Any, *roles: str) -> bool:
    return is_platform_admin(user) or any(g.role in roles for g in grants_of(user))


def _object_department_ids(obj: Any) -> list[int] | None:
    """The departments an object belongs to, or None when it belongs to none."""
    if obj is None:
        return None
    if isinstance(obj, Department):
        return [obj.pk]
    method = getattr(obj, "permission_department_ids", None)
    if callable(method):
        return [d for d in method() if d is not None]
    if hasattr(obj, "department_id"):
        return [obj.department_id] if obj.department_id is not None else []
    return None


def _object_owner_id(obj: Any) -> Any:
    method = getattr(obj, "permission_owner_id", None)
    if callable(method):
        return method()
    return None


def _grant_reaches(grant: Grant, department_id: int, path: str) -> bool:
    if grant.scope == Scope.ALL:
        return True
    if grant.scope == Scope.SUBTREE:
        return path.startswith(grant.department_path)
    return department_id == grant.department_id


def can(user: Any, action: str, obj: Any = None) -> bool:
    """True when ``user`` may perform ``action`` on ``obj`` (or in general when obj is None)."""
    rule = get_action(action)
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if rule.owner and obj is not None:
        owner_id = _object_owner_id(obj)
        if owner_id is not None and owner_id == user.pk:
            return True
    if is_platform_admin(user) and (Role.PLATFORM_ADMIN in rule.roles or user.is_superuser):
        return True
    grants = [g for g in grants_of(user) if g.role in rule.roles]
    if not grants:
        return False
    department_ids = _object_department_ids(obj)
    if department_ids is None:
        return True  # the action is not tied to a department: holding the role is enough
    if not department_ids:
        return any(g.scope == Scope.ALL for g in grants)
    paths = dict(Department.objects.filter(pk__in=department_ids).values_list("pk", "path"))
    return any(
        _grant_reaches(g, dept_id, paths.get(dept_id, ""))
        for g in grants
        for dept_id in department_ids
    )


def require(user: Any, action: str, obj: Any = None) -> None:
    """Raise NotAuthenticated or PermissionDenied unless ``can(user, action, obj)``."""
    if user is None or not getattr(user, "is_authenticated", False):
        get_action(action)  # unknown actions are a programming error even for anonymous users
        raise NotAuthenticated()
    if not can(user, action, obj):
        raise PermissionDenied()


def scope_queryset(
    user: Any,
    action: str,
    queryset: QuerySet,
    *,
    department_field: str | tuple[str, ...] | None = "department",
    owner_field: str | None = None,
) -> QuerySet:
    """Narrow ``queryset`` to the rows ``user`` may see under ``action``.

    ``department_field`` is the lookup path to a Department foreign key (``"department"``,
    ``"membership__department"``), a bare department id column (ending in ``_id``), or
    ``"self"`` when the queryset is of departments. A tuple of such paths means "any of
    them" (a ticket is visible to its current, lead and co-handling departments).
    """
    rule = get_action(action)
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if is_platform_admin(user) and (Role.PLATFORM_ADMIN in rule.roles or user.is_superuser):
        return queryset
    condition = Q(pk__in=[])
    if rule.owner and owner_field:
        condition |= Q(**{owner_field: user.pk})
    grants = [g for g in grants_of(user) if g.role in rule.roles]
    if grants and department_field is None:
        return queryset
    for grant in grants:
        if grant.scope == Scope.ALL:
            return queryset
        fields = department_field if isinstance(department_field, tuple) else (department_field,)
        for name in fields:
            condition |= _grant_condition(grant, name)
    # No DISTINCT: the lookups follow forward foreign keys, which cannot duplicate rows. A caller
    # whose department_field crosses a to-many relation adds .distinct() itself.
    return queryset.filter(condition)


def _grant_condition(grant: Grant, department_field: str) -> Q:
    if department_field == "self":  # the queryset is of departments themselves
        if grant.scope == Scope.SUBTREE:
            return Q(path__startswith=grant.department_path)
        return Q(pk=grant.department_id)
    if department_field.endswith("_id") and "__" not in department_field:
        # a bare id column: resolve the subtree to ids (bounded by the size of the tree)
        if grant.scope == Scope.SUBTREE:
            ids = Department.objects.filter(path__startswith=grant.department_path).values("pk")
            return Q(**{f"{department_field}__in": ids})
        return Q(**{department_field: grant.department_id})
    if grant.scope == Scope.SUBTREE:
        return Q(**{f"{department_field}__path__startswith": grant.department_path})
    return Q(**{f"{department_field}_id": grant.department_id})


def visible_department_ids(user: Any, action: str) -> QuerySet:
    """Ids of the departments whose data ``user`` reaches under ``action``."""
    return scope_queryset(user, action, Department.objects.all(), department_field="self").values(
        "pk"
    )
