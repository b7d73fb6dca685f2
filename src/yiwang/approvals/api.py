"""REST API of the approvals app at /api/v1/approvals: the staff task inbox and decisions.

The applicant's endpoints (A2) live in ``api_applicant.py`` and are mounted here.
"""

from __future__ import annotations

import importlib.util
from datetime import date, datetime
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from yiwang.approvals.models import ApprovalTask
from yiwang.approvals.selectors.tasks import task_inbox
from yiwang.approvals.services.tasks import task_complete
from yiwang.core.errors import NotAuthenticated

router = Router(tags=["approvals"])


class TaskOut(Schema):
    id: int
    name: str
    step: str
    status: str
    department: str
    role: str
    application: str
    application_title: str
    application_version: int
    due_at: datetime | None
    application_due_date: date | None
    decision: str
    opinion: str


class NoticeItem(Schema):
    item: str
    reason: str = ""


class CompleteIn(Schema):
    decision: str
    opinion: str = ""
    expected_version: int
    data: dict[str, Any] | None = None
    notice: list[NoticeItem] | None = None


def _out(task: ApprovalTask) -> dict[str, Any]:
    app = task.application
    return {
        "id": task.pk, "name": task.name, "step": task.step, "status": task.status,
        "department": task.department.name, "role": task.role, "application": app.number,
        "application_title": app.title, "application_version": app.version,
        "due_at": task.due_at, "application_due_date": app.due_date,
        "decision": task.decision, "opinion": task.opinion,
    }  # fmt: skip


def _user(request):
    user = getattr(request, "auth", None) or request.user
    if user is None or not user.is_authenticated:
        raise NotAuthenticated()
    return user


@router.get("/tasks", response=list[TaskOut], summary="待办审批任务 / task inbox")
def list_tasks(request, status: str = "open", limit: int = 50, offset: int = 0):
    user = _user(request)
    limit = max(1, min(limit, 200))
    rows = task_inbox(user=user, status=status)[max(offset, 0) : max(offset, 0) + limit]
    return [_out(t) for t in rows]


@router.post("/tasks/{task_id}/complete", response=TaskOut,
             summary="办理审批任务 / complete a task (409 twice, 403 wrong role)")  # fmt: skip
def complete_task(request, task_id: int, body: CompleteIn):
    user = _user(request)
    task = get_object_or_404(ApprovalTask.objects.select_related("department"), pk=task_id)
    done = task_complete(
        actor=user, task=task, decision=body.decision, opinion=body.opinion, data=body.data,
        expected_version=body.expected_version,
        notice=[n.dict() for n in body.notice] if body.notice else None,
    )  # fmt: skip
    done = ApprovalTask.objects.select_related("application", "department").get(pk=done.pk)
    return _out(done)


if importlib.util.find_spec("yiwang.approvals.api_applicant") is not None:
    # the applicant kit's endpoints (A2); a broken module fails loudly here, never silently
    from yiwang.approvals.api_applicant import router as applicant_router

    router.add_router("", applicant_router)
