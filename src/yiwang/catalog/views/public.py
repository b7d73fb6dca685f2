"""Public 办事指南 pages: browse and search items, an item's guide, a bundle (一件事)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from yiwang.catalog import selectors
from yiwang.catalog.forms import PublicFilterForm
from yiwang.catalog.models import ItemStatus
from yiwang.catalog.schemas import field_paths, required_paths
from yiwang.catalog.services.lifecycle import ACTION_LABELS
from yiwang.core.errors import NotFound

PAGE_SIZE = 20


def _page(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 500))
    except ValueError:
        return 1


@require_GET
def index(request, audience: str = ""):
    departments = selectors.departments_with_items()
    data = request.GET.copy()
    if audience:  # /services/person/ and /services/legal/: the theme is in the address
        data["audience"] = audience
    form = PublicFilterForm(data or None, departments=departments)
    values = form.cleaned_data if form.is_valid() else {}
    page = _page(request)
    result = selectors.items_public(
        query=values.get("q", ""),
        department_id=values.get("department") or None,
        item_type=values.get("item_type") or None,
        audience=values.get("audience") or None,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "catalog/index.html",
        {
            "form": form,
            "result": result,
            "page": page,
            "has_next": page * PAGE_SIZE < result.total,
            "query_string": params.urlencode(),
            "bundles": selectors.bundles_public(),
            "counts": selectors.catalogue_counts(),
            "audience": values.get("audience") or "",
            "nav_section": "services",
        },
    )


@require_GET
def item_page(request, code: str):
    try:
        item = selectors.item_get(code=code)
    except NotFound:
        raise Http404 from None
    schema = item.form_schema or {}
    return render(
        request,
        "catalog/item.html",
        {
            "item": item,
            "materials": list(item.materials.all()),
            "special_steps": list(item.special_steps.all()),
            "history": list(item.status_changes.all()),
            "bundles": [b for b in item.bundles.all() if b.status == "active"],
            "form_fields": _fields(schema),
            "offered": item.status == ItemStatus.ACTIVE,
            "action_labels": ACTION_LABELS,
            "nav_section": "services",
        },
    )


def _fields(schema: dict) -> list[dict]:
    required = set(required_paths(schema))
    return [
        {"path": path, "title": prop.get("title") or path, "required": path in required}
        for path, prop in field_paths(schema).items()
        if isinstance(prop, dict)
    ]


@require_GET
def bundle_list(request):
    return render(
        request,
        "catalog/bundles.html",
        {"bundles": selectors.bundles_public(), "nav_section": "services"},
    )


def _short(department) -> str:
    return department.short_name or department.name


@require_GET
def bundle_page(request, code: str):
    try:
        bundle = selectors.bundle_get(code=code)
    except NotFound:
        raise Http404 from None
    items = bundle.ordered_items()
    return render(
        request,
        "catalog/bundle.html",
        {
            "bundle": bundle,
            "items": items,
            "departments": list(dict.fromkeys(_short(i.department) for i in items)),
            "form_fields": _fields(bundle.form_schema or {}),
            "separate_fields": sum(len(_fields(i.form_schema or {})) for i in items),
            "materials": sum(i.materials.count() for i in items),
            "offered": bundle.status == "active",
            "nav_section": "services",
        },
    )  # fmt: skip
