"""Workbench pages of the audit log: browse, filter, inspect, export, and verify the chain."""

from __future__ import annotations

import json
from dataclasses import asdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiwang.audit import export, selectors, services
from yiwang.audit.forms import AuditFilterForm
from yiwang.audit.permissions import VERIFY, VIEW
from yiwang.audit.services import actor_label
from yiwang.audit.tasks import verify_chain_task
from yiwang.org.models import Department
from yiwang.org.permissions import can
from yiwang.workbench.decorators import staff_required

PAGE_SIZE = 50


def _allow(user, action: str) -> None:
    # The web shell shows Django's 403 page; the API has its own problem+json path.
    if not can(user, action):
        raise PermissionDenied


def _department_names() -> dict[int, str]:
    return dict(Department.objects.values_list("pk", "name"))


def _querystring(request, **drop) -> str:
    params = request.GET.copy()
    for key in ("page", "format", *drop):
        params.pop(key, None)
    return params.urlencode()


@staff_required
def log(request):
    _allow(request.user, VIEW)
    form = AuditFilterForm(request.GET or None)
    records = selectors.audit_list(user=request.user, filters=form.filters())
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": _querystring(request),
        "department_names": _department_names(),
        "can_verify": can(request.user, VERIFY),
        **selectors.chain_status(),
    }
    template = "audit/_results.html" if request.headers.get("HX-Request") else "audit/log.html"
    return render(request, template, context)


def _shown(value):
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value


def _change_rows(changes) -> list[dict]:
    rows = []
    for field, value in sorted((changes or {}).items()):
        if isinstance(value, list) and len(value) == 2:
            rows.append(
                {"field": field, "pair": True, "old": _shown(value[0]), "new": _shown(value[1])}
            )
        else:
            rows.append({"field": field, "pair": False, "value": _shown(value)})
    return rows


@staff_required
def detail(request, seq: int):
    _allow(request.user, VIEW)
    record = selectors.audit_get(user=request.user, seq=seq)
    if record is None:
        raise Http404
    return render(
        request,
        "audit/detail.html",
        {
            "record": record,
            "department_name": _department_names().get(record.department_id, ""),
            "changes": _change_rows(record.changes),
        },
    )


@staff_required
def export_records(request):
    _allow(request.user, VIEW)
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        fmt = "csv"
    form = AuditFilterForm(request.GET or None)
    filters = form.filters()
    records = selectors.audit_list(user=request.user, filters=filters)
    services.audit_export_logged(
        actor=request.user, fmt=fmt, count=records.count(), filters=asdict(filters)
    )
    rows = export.rows(records.iterator(chunk_size=2000), _department_names())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    if fmt == "xlsx":
        response = HttpResponse(
            export.xlsx_bytes(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = StreamingHttpResponse(
            export.csv_stream(rows), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.{fmt}"'
    return response


@staff_required
@require_POST
def verify(request):
    _allow(request.user, VERIFY)
    requested_by = actor_label(request.user)
    transaction.on_commit(lambda: verify_chain_task.enqueue(requested_by=requested_by))
    messages.info(request, _("已开始校验审计链，完成后本页显示结果。"))
    return redirect("audit:log")
