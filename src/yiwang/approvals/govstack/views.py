"""The Registration BB endpoints: each parses the call, runs ONE selector or service of the
approvals and catalog apps (the same the portal and the workbench use) and answers in the
spec's shapes (mapping)."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext_lazy as _

from yiwang.approvals.govstack import mapping
from yiwang.approvals.govstack.http import Call, SystemError, endpoint
from yiwang.approvals.govstack.ids import decision_for, eform_id, parse_uuid
from yiwang.approvals.govstack.submission import material_choices, resolve_applicant
from yiwang.approvals.models import ApprovalTask, TaskStatus
from yiwang.approvals.selectors.staff import applications_visible
from yiwang.approvals.selectors.tasks import task_inbox
from yiwang.core.errors import FieldError, InvalidInput, NotFound, PermissionDenied

MAX_RESULTS = 200
APPLICATION_SORTS = {"created": "submitted_at", "registered": "accepted_at", "id": "number",
                     "dueDate": "due_date", "name": "title", "nameCaseInsensitive": "title",
                     "status": "status"}  # fmt: skip
TASK_SORTS = {"created": "created_at", "id": "pk", "dueDate": "due_at", "name": "name",
              "nameCaseInsensitive": "name", "assignee": "assignee_id",
              "instanceId": "application__number"}  # fmt: skip


def _int_param(call: Call, name: str, default: int, *, low: int, high: int) -> int:
    raw = call.request.GET.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidInput(field_errors=[FieldError(name, _("应为整数"), "int_parsing")]) from None
    if not low <= value <= high:
        raise InvalidInput(field_errors=[FieldError(name, _("取值超出范围"), "out_of_range")])
    return value


def _page(call: Call, rows, sorts: dict[str, str]):
    """firstResult (0-based), maxResult (≤ 200), sortBy/sortOrder as Camunda reads them."""
    first = _int_param(call, "firstResult", 0, low=0, high=10**9)
    count = _int_param(call, "maxResult", 50, low=1, high=MAX_RESULTS)
    sort_by = call.request.GET.get("sortBy", "").strip()
    sort_order = call.request.GET.get("sortOrder", "").strip().lower()
    if sort_order and not sort_by:
        raise InvalidInput(field_errors=[FieldError("sortBy", _("sortOrder 须与 sortBy 一起使用"),
                                                    "required")])  # fmt: skip
    if sort_by:
        if sort_by not in sorts:
            raise InvalidInput(field_errors=[FieldError(
                "sortBy", _("不支持的排序字段"), "invalid_choice")],
                extra={"allowed": sorted(sorts)})  # fmt: skip
        if sort_order not in ("", "asc", "desc"):
            raise InvalidInput(field_errors=[FieldError(
                "sortOrder", _("排序方向应为 asc 或 desc"), "invalid_choice")])  # fmt: skip
        prefix = "-" if sort_order == "desc" else ""
        rows = rows.order_by(prefix + sorts[sort_by], prefix + "pk")
    return rows[first : first + count]


# services and eForms (the catalogue is public) --------------------------------------


@endpoint("GET")
def services(call: Call):
    return [mapping.service(ref) for ref in mapping.offered_services(
        name=call.request.GET.get("name", ""))]  # fmt: skip


@endpoint("GET")
def service_detail(call: Call, service: str):
    return mapping.service(mapping.resolve_service(service))


@endpoint("GET")
def service_eforms(call: Call, service: str):
    ref = mapping.resolve_service(service)
    return [mapping.eform(ref, with_schema=False)] if ref.target.form_schema else []


@endpoint("GET")
def eform_detail(call: Call, eform: str):
    return mapping.eform(mapping.resolve_eform(eform), with_schema=True)


# documents --------------------------------------------------------------------------


def _metadata(raw: str) -> dict[str, str]:
    """additionalMetadata: a material code, or a JSON object with materialCode,
    materialName and applicantId."""
    raw = (raw or "").strip()
    if raw.startswith("{"):
        try:
            data = json.loads(raw)
        except ValueError:
            raise SystemError(
                400, "INVALID_METADATA", _("additionalMetadata 不是有效的 JSON")
            ) from None
        if not isinstance(data, dict):
            raise SystemError(400, "INVALID_METADATA", _("additionalMetadata 不是有效的 JSON"))
        return {k: str(data.get(k) or "").strip()[:200]
                for k in ("materialCode", "materialName", "applicantId")}  # fmt: skip
    return {"materialCode": raw[:40], "materialName": "", "applicantId": ""}


@endpoint("POST")
def documents(call: Call):
    from yiwang.approvals.services.materials import material_upload

    user = call.require_user()
    files = call.request.FILES.getlist("file")
    if len(files) != 1:
        raise SystemError(400, "FILE_REQUIRED", _("请在 file 字段上传一个文件"))
    upload = files[0]
    meta = _metadata(call.request.GET.get("additionalMetadata", ""))
    owner = resolve_applicant(meta["applicantId"], caller=user) if meta["applicantId"] else user
    try:
        material = material_upload(
            actor=user, owner=owner, name=upload.name or "document", content=upload.read(),
            material_code=meta["materialCode"][:40], material_name=meta["materialName"],
        )  # fmt: skip
    except InvalidInput as exc:
        first = exc.field_errors[0] if exc.field_errors else None
        raise SystemError(400, (first.code if first else "invalid").upper(),
                          first.message if first else exc.detail) from None  # fmt: skip
    call.record(action="govstack.document.upload", target=material,
                summary=f"{call.mediator or ''} {material.sha256[:12]}")  # fmt: skip
    from django.urls import reverse

    return {"code": 200, "type": material.content_type, "message": "uploaded",
            "url": call.request.build_absolute_uri(
                reverse("approvals:material_file", args=[material.pk]))}  # fmt: skip


# applications -----------------------------------------------------------------------


def _form_values(body: dict[str, Any]) -> tuple[dict[str, Any], str]:
    form = body.get("formData") or {}
    if not isinstance(form, dict):
        raise InvalidInput(field_errors=[FieldError("formData", _("应为对象"), "invalid")])
    data = form.get("data") or {}
    if not isinstance(data, dict):
        raise InvalidInput(field_errors=[FieldError("formData.data", _("应为对象"), "invalid")])
    return mapping.plain_values(data), str(form.get("eFormId") or "").strip()


@endpoint("POST", mediator="required")
def service_applications(call: Call, service: str):
    from yiwang.approvals.services.applications import application_submit

    user = call.require_user()
    ref = mapping.resolve_service(service)
    body = call.json()
    applicant = resolve_applicant(body.get("applicantId"), caller=user)
    form_data, given_form = _form_values(body)
    current_form = eform_id(ref.kind, ref.code, ref.target.form_schema)
    if given_form and parse_uuid(given_form) != current_form:
        raise InvalidInput(field_errors=[FieldError("formData.eFormId",
                           _("表单已更新，请按最新表单填写"), "stale_form")],
                           extra={"eFormId": current_form})  # fmt: skip
    choices = material_choices(ref, applicant, body.get("documentUrls"))
    consent = None
    if applicant.pk != user.pk:
        consent = body.get("agentConsent") or {
            "method": "govstack", "reference": str(call.mediator),
            "note": "submitted by the applicant through a GovStack client",
        }  # fmt: skip
    application = application_submit(
        actor=user, item=ref.target if ref.kind == "item" else None,
        bundle=ref.target if ref.kind == "bundle" else None, form_data=form_data,
        materials=choices, agent_consent=consent, applicant=applicant,
    )  # fmt: skip
    call.record(action="govstack.application.submit", target=application)
    return mapping.application_file(call.request, application)


def _open_tasks_by_application(applications: list[Any]) -> dict[int, list[ApprovalTask]]:
    by_application: dict[int, list[ApprovalTask]] = {}
    tasks = ApprovalTask.objects.filter(
        application_id__in=[a.pk for a in applications], status=TaskStatus.OPEN
    ).select_related("department")
    for task in tasks.order_by("created_at", "pk"):
        by_application.setdefault(task.application_id, []).append(task)
    return by_application


@endpoint("GET", mediator="required")
def applications(call: Call):
    user = call.require_user()
    rows = applications_visible(user=user).select_related("bundle__department",
                                                          "item__department")  # fmt: skip
    wanted_service = call.request.GET.get("serviceId", "").strip()
    if wanted_service:
        if parse_uuid(wanted_service) is None:
            raise InvalidInput(field_errors=[FieldError("serviceId", _("应为 UUID"), "uuid")])
        try:
            ref = mapping.resolve_service(wanted_service)
        except NotFound:
            rows = rows.none()
        else:
            rows = rows.filter(**{ref.kind: ref.target})
    applicant = call.request.GET.get("applicantId", "").strip()
    if applicant:
        rows = rows.filter(applicant_id=int(applicant)) if applicant.isdigit() else rows.filter(
            applicant__username=applicant)  # fmt: skip
    page = list(_page(call, rows.order_by("-submitted_at", "-pk"), APPLICATION_SORTS))
    open_tasks = _open_tasks_by_application(page)
    call.record(action="govstack.application.list", summary=f"{call.mediator} {len(page)}")
    return [mapping.application_list_entry(call.request, a, open_tasks.get(a.pk, []))
            for a in page]  # fmt: skip


def _visible_application(call: Call, file_id: str):
    application = applications_visible(user=call.require_user()).filter(number=file_id).first()
    if application is None:
        raise NotFound()
    return application


@endpoint("GET", "PUT", mediator="required")
def application_detail(call: Call, file_id: str):
    application = _visible_application(call, file_id)
    if call.request.method == "PUT":
        return _application_update(call, application)
    call.record(action="govstack.application.read", target=application)
    return mapping.application_file(call.request, application)


def _application_update(call: Call, application):
    """The applicant's corrected file after a SENDBACK (补正). Staff record their findings
    through the task they work on (POST /tasks/{taskId}/complete), never by rewriting what
    the applicant declared."""
    from yiwang.approvals.services.applications import application_resubmit

    user = call.user
    if user is None or user.pk not in (application.applicant_id, application.agent_id):
        raise PermissionDenied(_("申请表只能由申请人补正；工作人员请通过办理任务提交意见和数据"))
    body = call.json()
    form_data, _given = _form_values(body)
    ref = mapping.service_of(application)
    choices = None
    if body.get("documentUrls"):
        choices = material_choices(ref, application.applicant, body.get("documentUrls"))
    version = body.get("expectedVersion", application.version)
    if not isinstance(version, int):
        raise InvalidInput(field_errors=[FieldError("expectedVersion", _("应为整数"), "int_type")])
    updated = application_resubmit(
        actor=user, application=application, expected_version=version,
        form_data={**application.form_data, **form_data} if form_data else None,
        materials=choices,
    )  # fmt: skip
    call.record(action="govstack.application.update", target=updated)
    return mapping.application_file(call.request, updated)


# tasks ------------------------------------------------------------------------------


def _tasks(call: Call):
    status = call.request.GET.get("status", "").strip()
    if status and status not in TaskStatus.values:
        raise InvalidInput(
            field_errors=[FieldError("status", _("不是允许的取值"), "invalid_choice")]
        )
    return task_inbox(user=call.require_user(), status=status).select_related(
        "application__item", "application__bundle")  # fmt: skip


@endpoint("GET")
def tasks(call: Call):
    rows = _tasks(call)
    for param in ("mainTaskId", "fileId"):
        value = call.request.GET.get(param, "").strip()
        if value:
            rows = rows.filter(application__number=value)
    assignee = call.request.GET.get("assigneeId", "").strip()
    if assignee:
        rows = rows.filter(assignee_id=int(assignee)) if assignee.isdigit() else rows.filter(
            assignee__username=assignee)  # fmt: skip
    return [mapping.task_entry(t) for t in _page(call, rows, TASK_SORTS)]


def _task(call: Call, task_id: str) -> ApprovalTask:
    task = _tasks(call).filter(pk=int(task_id)).first() if task_id.isdigit() else None
    if task is None:
        raise NotFound()
    return task


@endpoint("GET")
def task_detail(call: Call, task_id: str):
    return mapping.task_detail(_task(call, task_id))


@endpoint("POST")
def task_complete(call: Call, task_id: str):
    from yiwang.approvals.services.tasks import task_complete as complete

    task = _task(call, task_id)
    body = call.json()
    data = body.get("data") if "data" in body else body
    values = mapping.plain_values(data)
    version = values.pop("expectedVersion", task.application.version)
    if not isinstance(version, int) or isinstance(version, bool):
        raise InvalidInput(field_errors=[FieldError("data.expectedVersion", _("应为整数"),
                                                    "int_type")])  # fmt: skip
    notice = values.pop("notice", None)
    if notice is not None and not isinstance(notice, list):
        raise InvalidInput(field_errors=[FieldError("data.notice", _("应为列表"), "list_type")])
    decision = decision_for(task.step, values.pop("decision", ""))
    opinion = values.pop("opinion", "")
    done = complete(
        actor=call.user, task=task, decision=decision,
        opinion=opinion if isinstance(opinion, str) else "", data=values or None,
        expected_version=version, notice=notice,
    )  # fmt: skip
    done = ApprovalTask.objects.select_related(
        "application__item", "application__bundle", "department").get(pk=done.pk)  # fmt: skip
    call.record(action="govstack.task.complete", target=done.application,
                summary=f"{call.mediator or ''} {done.name}")  # fmt: skip
    return mapping.completed_task(done)
