"""What applicants and departments are told about applications, and when."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yiwang.notify.events import register_event
from yiwang.notify.services import notify_user
from yiwang.org.models import Department, RoleGrant, Scope

SUBMITTED = "approvals.submitted"
ACCEPTED = "approvals.accepted"
RETURNED = "approvals.returned"
NOT_ACCEPTED = "approvals.not_accepted"
COMPLETED = "approvals.completed"
CLOCK_WARNING = "approvals.clock_warning"
CLOCK_OVERDUE = "approvals.clock_overdue"
STEP_OVERDUE = "approvals.step_overdue"

register_event(
    SUBMITTED,
    title=_("申请已提交：{{ number }}"),
    body=_("您申请的「{{ title }}」已提交，办件编号 {{ number }}，等待受理。"),
    description=_("申请提交后告知申请人"),
)
register_event(
    ACCEPTED,
    title=_("申请已受理：{{ number }}"),
    body=_("您申请的「{{ title }}」已受理，承诺在 {{ due_date }} 前办结。"),
    sms=_("您的申请{{ number }}已受理，承诺{{ due_date }}前办结。"),
    description=_("受理后告知申请人"),
)
register_event(
    RETURNED,
    title=_("请补正材料：{{ number }}"),
    body=_("您申请的「{{ title }}」需要补正，一次性告知如下：{{ items }}。补正后请重新提交。"),
    sms=_("您的申请{{ number }}需要补正材料，请登录查看一次性告知书。"),
    description=_("退回补正时一次性告知申请人全部需补正内容"),
)
register_event(
    NOT_ACCEPTED,
    title=_("申请不予受理：{{ number }}"),
    body=_("您申请的「{{ title }}」不予受理。理由：{{ reason }}"),
    description=_("不予受理时告知申请人"),
)
register_event(
    COMPLETED,
    title=_("申请已办结：{{ number }}"),
    body=_("您申请的「{{ title }}」已办结，办理结果：{{ outcome }}。{{ certificates }}"),
    sms=_("您的申请{{ number }}已办结，结果：{{ outcome }}。"),
    description=_("办结后告知申请人办理结果"),
)
register_event(
    CLOCK_WARNING,
    title=_("办件即将到期：{{ number }}"),
    body=_("办件「{{ title }}」（{{ number }}）将于 {{ due_date }} 到期，请抓紧办理。"),
    description=_("办结期限前若干工作日提醒办理部门"),
)
register_event(
    CLOCK_OVERDUE,
    title=_("办件已超期：{{ number }}"),
    body=_("办件「{{ title }}」（{{ number }}）已超过办结期限 {{ due_date }}。"),
    description=_("办件超期时告知办理部门"),
)
register_event(
    STEP_OVERDUE,
    title=_("审批环节超时：{{ number }}"),
    body=_("办件 {{ number }} 的「{{ step }}」环节已超过环节时限，请尽快办理。"),
    description=_("流程中环节计时器到期时提醒该环节部门"),
)


def tell_applicant(application: Any, event: str, **context: Any) -> None:
    base = {"number": application.number, "title": application.title}
    notify_user(user=application.applicant, event=event, context={**base, **context})
    if application.agent_id:
        notify_user(user=application.agent, event=event, context={**base, **context})


def department_staff(department: Department, role: str) -> list[Any]:
    """People who hold ``role`` in ``department`` or above it (approvals.permissions.reaches)."""
    ancestors = [int(pk) for pk in department.path.strip("/").split("/") if pk.isdigit()]
    grants = (
        RoleGrant.objects.filter(role=role, membership__is_active=True,
                                 membership__user__is_active=True)
        .filter(Q(membership__department_id=department.pk)
                | (Q(membership__department_id__in=ancestors) & ~Q(scope=Scope.OWN)))
        .select_related("membership__user")
    )  # fmt: skip
    seen: dict[int, Any] = {}
    for grant in grants:
        seen.setdefault(grant.membership.user_id, grant.membership.user)
    return list(seen.values())


def tell_task_departments(tasks: Iterable[Any], event: str, **context: Any) -> int:
    """Notify the people of each task's department and role, once per person."""
    told: set[int] = set()
    for task in tasks:
        application = task.application
        for user in department_staff(task.department, task.role):
            if user.pk in told:
                continue
            told.add(user.pk)
            notify_user(user=user, event=event, context={
                "number": application.number, "title": application.title,
                "step": task.name, **context,
            })  # fmt: skip
    return len(told)
