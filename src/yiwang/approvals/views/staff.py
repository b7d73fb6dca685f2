"""The approval workbench: the task inbox by department and role with deadlines, an
application beside its decision form (审查意见; accept / return with one notice listing every
problem / reject), the countersign view of a joint review (会签), material previews and the
statistics page. Thin: selectors read, services.tasks.task_complete decides."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods

from yiwang.approvals.forms.schema import field_title
from yiwang.approvals.models import Application, Decision, TaskStatus
from yiwang.approvals.permissions import STATS
from yiwang.approvals.selectors import stats as stats_selectors
from yiwang.approvals.selectors.applicant import application_timeline
from yiwang.approvals.selectors.staff import (
    application_for_staff,
    application_materials,
    application_tasks,
    countersign_groups,
    deadline_of,
    material_visible_to,
    reachable_department_ids,
)
from yiwang.approvals.selectors.tasks import task_inbox
from yiwang.approvals.services.tasks import DECISIONS_BY_STEP, task_complete
from yiwang.approvals.views.common import private
from yiwang.core.errors import Conflict, InvalidInput
from yiwang.org.models import Department
from yiwang.org.permissions import can, grants_of, scope_queryset

STATUS_FILTERS = (TaskStatus.OPEN, TaskStatus.WAITING, TaskStatus.COMPLETED)
PREVIEW_IMAGES = ("image/jpeg", "image/png", "image/gif")


def _staff(request: HttpRequest) -> Any:
    user = request.user
    if getattr(user, "kind", "") != "staff" and not user.is_superuser:
        raise DjangoPermissionDenied
    return user


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    status = request.GET.get("status", TaskStatus.OPEN)
    if status not in STATUS_FILTERS:
        status = TaskStatus.OPEN
    departments = list(Department.objects.filter(pk__in=reachable_department_ids(user))
                       .exclude(approval_tasks=None).order_by("path"))  # fmt: skip
    department_id = _int(request.GET.get("department"))
    if department_id not in {d.pk for d in departments}:
        department_id = None
    roles = sorted({g.role for g in grants_of(user)})
    role = request.GET.get("role", "")
    tasks = task_inbox(user=user, status=status, department_id=department_id)
    if role in roles:
        tasks = tasks.filter(role=role)
    tasks = tasks.select_related("application__item", "application__bundle")[:200]
    rows = [{"task": t, "step_deadline": deadline_of(t.due_at),
             "deadline": deadline_of(t.application.due_date)} for t in tasks]  # fmt: skip
    overdue = sum(1 for r in rows if "overdue" in (r["deadline"].state, r["step_deadline"].state))
    context = {
        "rows": rows, "status": status, "overdue": overdue,
        "statuses": [(s, TaskStatus(s).label) for s in STATUS_FILTERS],
        "departments": departments, "department_id": department_id, "roles": roles, "role": role,
    }  # fmt: skip
    return private(render(request, "approvals/staff/inbox.html", context))


def _form_rows(schema: dict, data: dict, prefix: str = "") -> list[tuple[str, Any]]:
    """(label, value) for every answer, labels from the schema's Chinese titles."""
    rows = []
    for key, value in (data or {}).items():
        path = f"{prefix}{key}"
        try:
            label = field_title(schema, path)
        except Exception:  # a field the current schema no longer has keeps its key
            label = key
        if isinstance(value, list):
            value = "、".join(str(v) for v in value)
        rows.append((label or key, value))
    return rows


def _digest(application: Application) -> str:
    """What a reviewer decides on: the answers, the materials and the application's state.
    Another department's decision in a joint review bumps the version but changes none of
    it, so parallel reviewers do not turn each other's decisions into conflicts."""
    materials = list(application.materials.order_by("pk").values_list(
        "item_material_code", "material_file_id", "certificate_id", "shared_data"))  # fmt: skip
    text = json.dumps([application.form_data, application.status, materials], sort_keys=True,
                      ensure_ascii=False, default=str)  # fmt: skip
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _expected_version(request: HttpRequest, application: Application) -> int:
    seen = _int(request.POST.get("expected_version"))
    if seen not in (None, application.version) and request.POST.get("digest") == _digest(
        application
    ):
        return application.version
    return seen if seen is not None else -1


def _notice_from_post(request: HttpRequest, materials: list) -> list[dict[str, str]]:
    """The one-time notice (一次性告知): every ticked material with its reason, and each
    line of the free text."""
    notice = []
    for material in materials:
        if request.POST.get(f"notice_{material.pk}"):
            reason = request.POST.get(f"reason_{material.pk}", "").strip()
            notice.append({"item": material.name, "reason": reason})
    for line in request.POST.get("notice_other", "").splitlines():
        item, _sep, reason = line.strip().partition("：")
        if item.strip():
            notice.append({"item": item.strip(), "reason": reason.strip()})
    return notice


@login_required
@require_http_methods(["GET", "POST"])
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    task = task_inbox(user=user, status="").filter(pk=pk).first()
    if task is None:
        raise Http404
    application: Application = task.application
    materials = application_materials(application)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        decision = request.POST.get("decision", "")
        notice = _notice_from_post(request, materials) if decision == Decision.RETURN else None
        try:
            task_complete(
                actor=user, task=task, decision=decision,
                opinion=request.POST.get("opinion", ""),
                expected_version=_expected_version(request, application),
                notice=notice,
            )  # fmt: skip
        except InvalidInput as exc:
            errors = {fe.field: str(fe.message) for fe in exc.field_errors}
            status = 400
        except Conflict as exc:
            errors = {"__all__": str(exc.detail)}
            status = 409
        else:
            messages.success(request, _("已办理：%(task)s（%(number)s）") % {
                "task": task.name, "number": application.number})  # fmt: skip
            return redirect("approvals:staff_inbox")
        application.refresh_from_db()
    schema = (application.bundle or application.item).form_schema or {}
    context = {
        "task": task, "application": application, "materials": materials,
        "previews": [(m, preview_kind(m.material_file.content_type) if m.material_file_id else "")
                     for m in materials],
        "form_rows": _form_rows(schema, application.form_data),
        "tasks": application_tasks(application),
        "groups": countersign_groups(application),
        "timeline": application_timeline(application),
        "deadline": deadline_of(application.due_date), "step_deadline": deadline_of(task.due_at),
        "decisions": [(d, Decision(d).label) for d in DECISIONS_BY_STEP.get(task.step, ())]
        if task.status == TaskStatus.OPEN else [],
        "digest": _digest(application),
        "errors": errors, "posted": request.POST if request.method == "POST" else {},
    }  # fmt: skip
    return private(render(request, "approvals/staff/task.html", context, status=status))


@login_required
@require_GET
def countersign(request: HttpRequest, number: str) -> HttpResponse:
    user = _staff(request)
    application = application_for_staff(user=user, number=number)
    if application is None:
        raise Http404
    context = {"application": application, "groups": countersign_groups(application),
               "deadline": deadline_of(application.due_date)}  # fmt: skip
    return private(render(request, "approvals/staff/countersign.html", context))


@login_required
@require_GET
@xframe_options_sameorigin  # the application page shows PDFs and images inline
def material_preview(request: HttpRequest, pk: int) -> HttpResponse:
    use = material_visible_to(user=_staff(request), material_file_id=pk)
    if use is None:
        raise Http404
    material = use.material_file
    response = FileResponse(material.file.open("rb"), content_type=material.content_type,
                            as_attachment=request.GET.get("download") == "1",
                            filename=material.name)  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return private(response)


@login_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    if not can(user, STATS):
        raise DjangoPermissionDenied
    scoped = scope_queryset(user, STATS, Application.objects.all())
    rows = stats_selectors.item_statistics(applications=scoped)
    context = {"rows": rows, "total": stats_selectors.totals(rows)}
    return private(render(request, "approvals/staff/stats.html", context))


def preview_kind(content_type: str) -> str:
    if content_type == "application/pdf":
        return "pdf"
    return "image" if content_type in PREVIEW_IMAGES else "download"
