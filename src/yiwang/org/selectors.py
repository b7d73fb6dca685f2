"""Reads of the department tree and staff, always narrowed to what the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from yiwang.org.models import Department, Membership, RoleGrant
from yiwang.org.permissions import scope_queryset


def department_list(
    *, user: Any, search: str = "", level: int | None = None, kind: str = ""
) -> QuerySet[Department]:
    qs = scope_queryset(
        user, "org.department.view", Department.objects.all(), department_field="self"
    )
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(code__icontains=search)
            | Q(region_code__startswith=search)
        )
    if level:
        qs = qs.filter(level=level)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("path")


@dataclass
class TreeNode:
    department: Department
    children: list[TreeNode] = field(default_factory=list)
    staff_count: int = 0


def department_tree(*, user: Any) -> list[TreeNode]:
    """The visible part of the tree, as roots with nested children, in one query."""
    rows = list(
        department_list(user=user).annotate(
            staff=Count("memberships", filter=Q(memberships__is_active=True))
        )
    )
    nodes = {d.pk: TreeNode(d, staff_count=d.staff) for d in rows}
    roots: list[TreeNode] = []
    for d in rows:
        parent = nodes.get(d.parent_id)
        (parent.children if parent else roots).append(nodes[d.pk])
    return roots


def department_get(*, user: Any, pk: int) -> Department | None:
    return department_list(user=user).filter(pk=pk).first()


def department_members(*, department: Department) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(department=department, is_active=True)
        .select_related("user", "position")
        .prefetch_related("grants")
        .order_by("-is_primary", "user__display_name")
    )


def user_grants(*, user: Any) -> QuerySet[RoleGrant]:
    return (
        RoleGrant.objects.filter(membership__user=user, membership__is_active=True)
        .select_related("membership__department")
        .order_by("membership__department__path", "role")
    )


def primary_membership(*, user: Any) -> Membership | None:
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("department")
        .order_by("-is_primary", "pk")
        .first()
    )
