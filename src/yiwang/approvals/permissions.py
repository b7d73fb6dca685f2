"""Permission actions of the approvals app, and who may work an approval task.

A user task names a department and a role (engine.parsing). ``approvals.task.<role>`` is
the registered action for holding that role; on top of it the task's department must be
the grant's department or below it. A grant's "all" scope is read as "my department and
below" here: a 12345 operator, whose scope is the whole city for tickets, does not accept
business-licence applications at the approval office.
"""

from __future__ import annotations

from typing import Any

from yiwang.core.errors import PermissionDenied
from yiwang.org.models import Department, Role, Scope
from yiwang.org.permissions import grants_of, register_action, require

DEFINITION_MANAGE = "approvals.definition.manage"
APPLY_AS_AGENT = "approvals.apply_as_agent"
APPLICATION_VIEW = "approvals.application.view"
STATS = "approvals.stats"

STAFF = [r.value for r in Role]

register_action(DEFINITION_MANAGE, roles=[Role.PLATFORM_ADMIN],
                description="上传、校验审批流程定义（BPMN）")  # fmt: skip
register_action(APPLY_AS_AGENT, roles=[Role.OPERATOR, Role.HANDLER],
                description="经申请人授权代为申请（代办）")  # fmt: skip
register_action(APPLICATION_VIEW, roles=STAFF, owner=True, description="查看办件")
register_action(STATS, roles=[Role.SUPERVISOR, Role.DEPARTMENT_ADMIN, Role.PLATFORM_ADMIN],
                description="办件统计")  # fmt: skip
for _role in Role:
    register_action(f"approvals.task.{_role.value}", roles=[_role.value],
                    description=f"以{_role.label}身份办理审批任务")  # fmt: skip


def task_action(role: str) -> str:
    return f"approvals.task.{role}"


def reaches(user: Any, *, role: str, department: Department) -> bool:
    """True when ``user`` holds ``role`` in ``department`` or a department above it."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    for grant in grants_of(user):
        if grant.role != role:
            continue
        if grant.department_id == department.pk:
            return True
        if grant.scope != Scope.OWN and department.path.startswith(grant.department_path):
            return True
    return False


def require_task_worker(user: Any, task: Any) -> None:
    """PermissionDenied (or NotAuthenticated) unless ``user`` may work ``task``."""
    require(user, task_action(task.role))
    if not reaches(user, role=task.role, department=task.department):
        raise PermissionDenied()
