"""Reads for staff: which applications a staff member may open, an application with what a
reviewer needs beside it (form, materials, tasks), and the joint-review opinions (会签)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from yiwang.approvals.models import Application, ApplicationMaterial, ApprovalTask, TaskStatus
from yiwang.approvals.permissions import APPLICATION_VIEW
from yiwang.org.models import Department, Scope
from yiwang.org.permissions import grants_of, scope_queryset
from yiwang.workcal.workdays import working_days_between


def reachable_department_ids(user: Any) -> list[int]:
    """Departments where ``user`` holds any role: the grant's own department, and those below
    it unless the grant is scoped to its own department."""
    ids: set[int] = set()
    subtree_paths = []
    for grant in grants_of(user):
        ids.add(grant.department_id)
        if grant.scope != Scope.OWN:
            subtree_paths.append(grant.department_path)
    if subtree_paths:
        condition = Q()
        for path in subtree_paths:
            condition |= Q(path__startswith=path)
        ids.update(Department.objects.filter(condition).values_list("pk", flat=True))
    return sorted(ids)


def applications_visible(*, user: Any) -> QuerySet[Application]:
    """Applications ``user`` may read: their own (as applicant or agent); for staff, those of
    a department they may view (approvals.application.view) and those with a task in a
    department they work in."""
    applications = Application.objects.select_related("item", "bundle", "department", "applicant")
    if user is None or not getattr(user, "is_authenticated", False):
        return applications.none()
    if getattr(user, "is_superuser", False):
        return applications
    own = Q(applicant=user) | Q(agent=user)
    if not grants_of(user):
        return applications.filter(own)
    by_scope = scope_queryset(user, APPLICATION_VIEW, Application.objects.all()).values("pk")
    worked = ApprovalTask.objects.filter(department_id__in=reachable_department_ids(user)).values(
        "application_id"
    )
    return applications.filter(own | Q(pk__in=by_scope) | Q(pk__in=worked))


def application_for_staff(*, user: Any, number: str) -> Application | None:
    return applications_visible(user=user).filter(number=number).first()


@dataclass
class Deadline:
    """How much time is left, in working days (negative once overdue)."""

    due: date | None
    remaining: int | None
    state: str  # "none" | "ok" | "warning" | "overdue"

    @property
    def overdue_days(self) -> int:
        return -self.remaining if self.remaining is not None and self.remaining < 0 else 0


def deadline_of(due: Any, *, today: date | None = None, warn_days: int = 2) -> Deadline:
    if due is None:
        return Deadline(None, None, "none")
    due_day = timezone.localdate(due) if hasattr(due, "tzinfo") else due
    today = today or timezone.localdate()
    remaining = working_days_between(today, due_day)
    if remaining < 0:
        state = "overdue"
    elif remaining <= warn_days:
        state = "warning"
    else:
        state = "ok"
    return Deadline(due_day, remaining, state)


def application_tasks(application: Application) -> list[ApprovalTask]:
    return list(
        ApprovalTask.objects.filter(application=application)
        .select_related("department", "assignee")
        .order_by("created_at", "pk")
    )


def application_materials(application: Application) -> list[ApplicationMaterial]:
    return list(
        ApplicationMaterial.objects.filter(application=application)
        .select_related("material_file", "certificate")
        .order_by("pk")
    )


@dataclass
class Countersign:
    """The opinions of one joint review (会签): tasks that were open at the same time."""

    tasks: list[ApprovalTask]
    decided: int
    total: int


def countersign_groups(application: Application) -> list[Countersign]:
    """Tasks that were open at the same time form one group (a parallel gateway opens its
    branches in one engine step, before any of them is decided; a task that follows another
    opens only after it was completed); groups of two or more are joint reviews."""
    groups: list[list[ApprovalTask]] = []
    group_end = None
    for task in application_tasks(application):
        if task.status == TaskStatus.CANCELLED:
            continue
        end = task.completed_at if task.status == TaskStatus.COMPLETED else None
        if groups and (group_end is None or task.created_at < group_end):
            groups[-1].append(task)
            group_end = None if end is None or group_end is None else max(group_end, end)
        else:
            groups.append([task])
            group_end = end
    return [
        Countersign(tasks=tasks, total=len(tasks),
                    decided=sum(1 for t in tasks if t.status == TaskStatus.COMPLETED))
        for tasks in groups if len(tasks) > 1
    ]  # fmt: skip


def material_visible_to(*, user: Any, material_file_id: int) -> ApplicationMaterial | None:
    """A use of the library file in an application ``user`` may open (for previews)."""
    if not 0 < material_file_id < 2**63:  # SQLite cannot even compare a bigger integer
        return None
    visible = applications_visible(user=user).values("pk")
    return (
        ApplicationMaterial.objects.filter(material_file_id=material_file_id,
                                           application_id__in=visible)
        .select_related("material_file")
        .first()
    )  # fmt: skip
