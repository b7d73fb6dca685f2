"""yiwang objects in the shapes of the Registration BB spec, and the way back.

Form data travels as Camunda-style variables (``{"field": {"value": ..., "type": "String"}}``),
which is what the spec's ``additionalProperties: {"type": "object"}`` describes and what the
BB's reference clients send; plain values are accepted on the way in as well.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from django.urls import reverse

from yiwang.approvals.govstack.ids import (
    ServiceRef,
    application_status,
    eform_id,
    parse_uuid,
    service_id,
    task_status,
)
from yiwang.catalog.models import Bundle, ServiceItem
from yiwang.core.errors import NotFound


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out keys whose value is None (the spec's fields are optional, never null)."""
    return {k: v for k, v in data.items() if v is not None}


# services ---------------------------------------------------------------------------


def offered_services(*, name: str = "") -> list[ServiceRef]:
    """Active catalogue items and active bundles, by code; ``name`` filters by part of it."""
    items = ServiceItem.objects.filter(status="active").select_related("department")
    bundles = Bundle.objects.filter(status="active").select_related("department")
    name = (name or "").strip()
    if name:
        items, bundles = items.filter(name__icontains=name), bundles.filter(name__icontains=name)
    refs = [ServiceRef("bundle", b) for b in bundles.order_by("code")]
    return refs + [ServiceRef("item", i) for i in items.order_by("code")]


def resolve_service(value: str) -> ServiceRef:
    wanted = parse_uuid(value)
    if wanted is not None:
        for ref in offered_services():
            if service_id(ref.kind, ref.code) == wanted:
                return ref
    raise NotFound()


def service_of(application: Any) -> ServiceRef:
    if application.bundle_id:
        return ServiceRef("bundle", application.bundle)
    return ServiceRef("item", application.item)


def service(ref: ServiceRef) -> dict[str, Any]:
    target = ref.target
    body = [("code", target.code), ("kind", ref.kind),
            ("department", target.department.name if target.department_id else "")]  # fmt: skip
    if ref.kind == "item":
        body += [
            ("itemType", target.get_item_type_display()),
            ("statutoryLimitDays", str(target.statutory_limit_days or "")),
            ("promisedLimitDays", str(target.promised_limit_days or "")),
            ("fee", str(target.fee)),
            ("certificateType", target.certificate_type),
        ]
        description = target.summary
    else:
        body += [
            ("items", ",".join(i.code for i in target.ordered_items())),
            ("promisedLimitDays", str(target.promised_limit_days or "")),
        ]
        description = target.description
    return {
        "id": service_id(ref.kind, ref.code),
        "name": target.name,
        "version": str(getattr(target, "version", 1) or 1),
        "type": "Public",
        "isExecutable": True,
        "isClosed": False,
        "description": description or "",
        "serviceBody": [{"code": k, "value": v} for k, v in body if v],
    }


def eform(ref: ServiceRef, *, with_schema: bool) -> dict[str, Any]:
    schema = ref.target.form_schema or {}
    data = {
        "eFormId": eform_id(ref.kind, ref.code, schema),
        "name": schema.get("title") or ref.target.name,
        "description": schema.get("description") or ref.target.name,
        "version": str(getattr(ref.target, "version", 1) or 1),
        "latest": True,
    }
    if with_schema:
        data["schema"] = schema
    return data


def resolve_eform(value: str) -> ServiceRef:
    wanted = parse_uuid(value)
    if wanted is not None:
        for ref in offered_services():
            if eform_id(ref.kind, ref.code, ref.target.form_schema) == wanted:
                return ref
    raise NotFound()


# variables --------------------------------------------------------------------------


def _variable_type(value: Any) -> str:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Double"
    if isinstance(value, str):
        return "String"
    return "Json"


def variables(data: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    return {k: {"value": v, "type": _variable_type(v)} for k, v in (data or {}).items()}


def plain_values(data: Any) -> dict[str, Any]:
    """``{"f": {"value": v, "type": ...}}`` or ``{"f": v}`` → ``{"f": v}``."""
    if not isinstance(data, dict):
        return {}
    plain = {}
    for key, value in data.items():
        if (
            isinstance(value, dict)
            and "value" in value
            and set(value) <= {"value", "type", "valueInfo"}
        ):
            value = value["value"]
            if isinstance(value, str) and value[:1] in "[{":
                with contextlib.suppress(ValueError):  # Camunda Json variables are text
                    value = json.loads(value)
        plain[str(key)] = value
    return plain


# applications and documents ---------------------------------------------------------


def document_url(request: Any, material: Any) -> str:
    if material.material_file_id:
        path = reverse("approvals:material_file", args=[material.material_file_id])
        return request.build_absolute_uri(path)
    if material.certificate_id:
        path = reverse("approvals:certificate_verify", args=[material.certificate.number])
        return request.build_absolute_uri(path)
    return f"shared-data:{material.shared_data or material.item_material_code}"


def _documents(request: Any, application: Any) -> list[str]:
    uses = application.materials.select_related("certificate").order_by("pk")
    return [document_url(request, m) for m in uses]


def application_data(request: Any, application: Any, ref: ServiceRef) -> dict[str, Any]:
    return {
        "applicationName": application.title,
        "applicantId": str(application.applicant_id),
        "created": _iso(application.submitted_at),
        "formData": {
            "data": variables(application.form_data),
            "eFormId": eform_id(ref.kind, ref.code, ref.target.form_schema),
        },
        "documentUrls": _documents(request, application),
    }


def application_file(request: Any, application: Any) -> dict[str, Any]:
    ref = service_of(application)
    return _compact({
        "fileId": application.number,
        "applicantId": str(application.applicant_id),
        "registered": _iso(application.submitted_at),
        "serviceId": service_id(ref.kind, ref.code),
        "serviceName": ref.target.name,
        "status": application_status(application),
        "ended": application.status in ("completed", "not_accepted", "withdrawn"),
        "applicationData": application_data(request, application, ref),
    })  # fmt: skip


def application_list_entry(request: Any, application: Any, open_tasks: list[Any]) -> dict:
    ref = service_of(application)
    first = open_tasks[0] if open_tasks else None
    return _compact({
        "fileId": application.number,
        "mainTaskId": application.number,
        "taskTitle": "、".join(t.name for t in open_tasks) or application.title,
        "roleId": role_id(first) if first else None,
        "roleName": role_name(first) if first else None,
        "assigneeId": str(first.assignee_id) if first and first.assignee_id else None,
        "status": application_status(application),
        "applicantId": str(application.applicant_id),
        "created": _iso(application.submitted_at),
        "registered": _iso(application.accepted_at or application.submitted_at),
        "description": application.title,
        "serviceName": ref.target.name,
        "serviceId": service_id(ref.kind, ref.code),
        "eformId": eform_id(ref.kind, ref.code, ref.target.form_schema),
        "documentUrls": _documents(request, application),
    })  # fmt: skip


# tasks ------------------------------------------------------------------------------


def role_id(task: Any) -> str:
    """The candidate group of the task, as BPMN writes it: ``<department code>:<role>``."""
    return f"{task.department.code}:{task.role}"


def role_name(task: Any) -> str:
    from yiwang.org.models import Role

    try:
        label = Role(task.role).label
    except ValueError:
        label = task.role
    return f"{task.department.name} {label}"


def task_entry(task: Any) -> dict[str, Any]:
    application = task.application
    ref = service_of(application)
    return _compact({
        "taskId": str(task.pk),
        "mainTaskId": application.number,
        "name": task.name,
        "assigneeId": str(task.assignee_id) if task.assignee_id else None,
        "roleId": role_id(task),
        "created": _iso(task.created_at),
        "description": f"{application.title}：{task.name}（{task.department.name}）",
        "serviceId": service_id(ref.kind, ref.code),
        "serviceName": ref.target.name,
        "fileId": application.number,
        "eFormId": eform_id(ref.kind, ref.code, ref.target.form_schema),
        "status": task_status(task),
    })  # fmt: skip


def task_detail(task: Any) -> dict[str, Any]:
    application = task.application
    ref = service_of(application)
    step = {"step": task.step, "department": task.department.name, "role": task.role,
            "decision": task.decision, "opinion": task.opinion,
            "dueAt": _iso(task.due_at), "applicationVersion": application.version,
            "applicationStatus": application.status}  # fmt: skip
    return _compact({
        "taskId": str(task.pk),
        "taskName": task.name,
        "assigneeId": str(task.assignee_id) if task.assignee_id else None,
        "roleId": role_id(task),
        "created": _iso(task.created_at),
        "description": f"{application.title}：{task.name}（{task.department.name}）",
        "fileId": application.number,
        "serviceId": service_id(ref.kind, ref.code),
        "serviceName": ref.target.name,
        "eFormId": eform_id(ref.kind, ref.code, ref.target.form_schema),
        "formVariables": variables(application.form_data),
        "status": task_status(task),
        "data": variables({k: v for k, v in step.items() if v not in (None, "")}),
    })  # fmt: skip


def completed_task(task: Any) -> dict[str, Any]:
    application = task.application
    ref = service_of(application)
    result = {"decision": task.decision, "opinion": task.opinion,
              "applicationStatus": application.status,
              "applicationVersion": application.version}  # fmt: skip
    return {
        "taskId": str(task.pk),
        "fileId": application.number,
        "serviceId": service_id(ref.kind, ref.code),
        "status": task_status(task),
        "variables": {"result": {"data": variables(result)}},
    }
