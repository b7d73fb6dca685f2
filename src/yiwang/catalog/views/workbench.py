"""Staff pages of the catalogue: the list of items a department manages, the item editor,
lifecycle changes with a reason, and the Excel import/export. Thin: selectors read, services
write; permission is ``catalog.manage`` in the item's department."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yiwang.catalog import selectors, services
from yiwang.catalog.actions import MANAGE
from yiwang.catalog.excel.reader import ImportRejected
from yiwang.catalog.excel.writer import export_workbook
from yiwang.catalog.forms import (
    ImportForm,
    ItemForm,
    MaterialFormSet,
    StatusForm,
    StepFormSet,
    faq_text,
    formset_rows,
)
from yiwang.catalog.models import ItemStatus, ServiceItem
from yiwang.catalog.services.imports import catalog_import
from yiwang.core.errors import Conflict, InvalidInput
from yiwang.core.forms import add_service_errors
from yiwang.org.models import Department
from yiwang.org.permissions import can
from yiwang.workbench.decorators import staff_required


def _manager_or_403(user) -> None:
    if not can(user, MANAGE):
        raise PermissionDenied


def _item_or_404(user, code: str) -> ServiceItem:
    item = selectors.items_for_manager(user=user).filter(code=code).first()
    if item is None:
        raise Http404
    return item


@staff_required
def manage_page(request):
    _manager_or_403(request.user)
    status = request.GET.get("status") or ""
    query = request.GET.get("q", "")
    items = selectors.items_for_manager(user=request.user, query=query, status=status)
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "catalog/manage.html",
        {"page": page, "query": query, "status": status, "statuses": ItemStatus.choices,
         "query_string": params.urlencode()},
    )  # fmt: skip


def _item_values(form: ItemForm, departments) -> dict:
    values = dict(form.cleaned_data)
    values.pop("version", None)
    values["department"] = next((d for d in departments if d.pk == values["department"]), None)
    return values


@staff_required
@require_http_methods(["GET", "POST"])
def item_edit(request, code: str | None = None):
    _manager_or_403(request.user)
    item = _item_or_404(request.user, code) if code else None
    departments = list(selectors.manageable_departments(request.user))
    if request.method == "POST":
        form = ItemForm(request.POST, departments=departments, editing=item is not None,
                        initial={"code": item.code} if item else None)  # fmt: skip
        materials = MaterialFormSet(request.POST, prefix="m")
        steps = StepFormSet(request.POST, prefix="s")
        if form.is_valid() and materials.is_valid() and steps.is_valid():
            values = _item_values(form, departments)
            try:
                if item is None:
                    item = services.item_create(
                        actor=request.user, materials=formset_rows(materials),
                        special_steps=formset_rows(steps), **values,
                    )  # fmt: skip
                else:
                    values.pop("code", None)
                    item = services.item_update(
                        actor=request.user, item=item,
                        expected_version=form.cleaned_data.get("version"),
                        materials=formset_rows(materials), special_steps=formset_rows(steps),
                        **values,
                    )  # fmt: skip
            except Conflict:
                form.add_error(None, _("事项已被他人修改，请刷新页面后重新编辑"))
            except InvalidInput as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("事项“%(name)s”已保存。") % {"name": item.name})
                return redirect("catalog:manage_item", code=item.code)
    else:
        initial = _initial(item) if item else {"channels": ["online", "window"]}
        form = ItemForm(initial=initial, departments=departments, editing=item is not None)
        materials = MaterialFormSet(
            prefix="m", initial=list(item.materials.values()) if item else None
        )
        steps = StepFormSet(prefix="s", initial=list(item.special_steps.values()) if item else None)
    return render(
        request,
        "catalog/item_form.html",
        {"form": form, "materials": materials, "steps": steps, "item": item},
    )


def _initial(item: ServiceItem) -> dict:
    initial = {
        field: getattr(item, field) for field in ItemForm.base_fields if hasattr(item, field)
    }
    initial["department"] = item.department_id
    initial["form_schema"] = (
        json.dumps(item.form_schema, ensure_ascii=False, indent=2) if item.form_schema else ""
    )
    initial["faq"] = faq_text(item.faq)
    return initial


@staff_required
def item_detail(request, code: str):
    _manager_or_403(request.user)
    item = _item_or_404(request.user, code)
    targets = services.allowed_targets(item.status)
    lower = Department.objects.filter(is_active=True, level__gt=item.department.level).order_by(
        "path"
    )[:200]
    form = StatusForm(
        request.POST or None, targets=targets, departments=lower,
        initial={"version": item.version},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        successor = None
        if data["successor"]:
            successor = ServiceItem.objects.filter(code=data["successor"].strip()).first()
            if successor is None:
                form.add_error("successor", _("承接事项编码不存在"))
        if not form.errors:
            try:
                services.item_change_status(
                    actor=request.user, item=item, to_status=data["to_status"],
                    reason=data["reason"], expected_version=data["version"], successor=successor,
                    delegated_to=Department.objects.filter(pk=data["delegated_to"]).first()
                    if data["delegated_to"] else None,
                )  # fmt: skip
            except Conflict:
                form.add_error(None, _("事项已被他人修改，请刷新页面后重试"))
            except InvalidInput as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("事项状态已变更。"))
                return redirect("catalog:manage_item", code=item.code)
    return render(
        request,
        "catalog/manage_item.html",
        {"item": item, "form": form, "targets": targets,
         "history": item.status_changes.select_related("actor", "delegated_to", "successor")},
    )  # fmt: skip


@staff_required
@require_http_methods(["GET", "POST"])
def excel_page(request):
    _manager_or_403(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = catalog_import(actor=request.user, data=form.cleaned_data["file"].read())
        except ImportRejected as exc:
            row_errors = exc.row_errors
            form.add_error("file", str(exc.detail))
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("导入完成：新增 %(created)s 项，更新 %(updated)s 项，未变 %(unchanged)s 项。")
                % {"created": result.created, "updated": result.updated,
                   "unchanged": result.unchanged},
            )  # fmt: skip
            return redirect("catalog:manage")
    return render(request, "catalog/excel.html", {"form": form, "row_errors": row_errors})


@staff_required
def export_view(request):
    _manager_or_403(request.user)
    status = request.GET.get("status") or None
    data = export_workbook(selectors.items_for_export(user=request.user, status=status))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="catalog-{stamp}.xlsx"'
    return response


def manage_url(code: str) -> str:
    return reverse("catalog:manage_item", args=[code])
