"""Reads for staff: the task inbox by department and role."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from yiwang.approvals.models import ApprovalTask, TaskStatus
from yiwang.org.models import Department, Scope
from yiwang.org.permissions import grants_of


def task_inbox(*, user: Any, status: str = TaskStatus.OPEN,
               department_id: int | None = None) -> QuerySet:  # fmt: skip
    """The tasks ``user`` may work (approvals.permissions.reaches), soonest due first."""
    tasks = ApprovalTask.objects.select_related("application", "department")
    if status:
        tasks = tasks.filter(status=status)
    if department_id is not None:
        tasks = tasks.filter(department_id=department_id)
    if getattr(user, "is_superuser", False):
        return tasks.order_by("due_at", "created_at", "pk")
    condition = Q(pk__in=[])
    for grant in grants_of(user):
        if grant.scope == Scope.OWN:
            condition |= Q(role=grant.role, department_id=grant.department_id)
        else:
            below = Department.objects.filter(path__startswith=grant.department_path).values("pk")
            condition |= Q(role=grant.role, department_id__in=below)
    return tasks.filter(condition).order_by("due_at", "created_at", "pk")
