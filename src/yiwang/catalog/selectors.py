"""Reads of the catalog app (docs/CONTRACTS.md, section "catalog")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from yiwang.catalog.actions import MANAGE
from yiwang.catalog.models import (
    Audience,
    Bundle,
    BundleStatus,
    ItemStatus,
    ServiceItem,
)
from yiwang.catalog.schemas import fill_item_form
from yiwang.catalog.services.items import DOC_TYPE
from yiwang.core.errors import NotFound
from yiwang.org.models import Department
from yiwang.org.permissions import scope_queryset
from yiwang.search.service import search


def _guide_queryset() -> QuerySet:
    return ServiceItem.objects.select_related(
        "department", "delegated_to", "successor"
    ).prefetch_related("materials", "special_steps", "status_changes__delegated_to")


def item_get(*, code: str) -> ServiceItem:
    """The item with its guide (materials, special steps, history); NotFound when unknown."""
    item = _guide_queryset().filter(code=code).first()
    if item is None:
        raise NotFound(_("事项不存在"))
    return item


def bundle_get(*, code: str) -> Bundle:
    bundle = Bundle.objects.select_related("department").filter(code=code).first()
    if bundle is None:
        raise NotFound(_("一件事不存在"))
    return bundle


def item_form_data(item: ServiceItem, bundle_data: dict, bundle: Bundle | None = None) -> dict:
    """The item's own form data from the answers to a bundle's combined form (一表制).

    ``bundle`` gives the field map; without it, the one bundle the item belongs to is used
    (and with none or several, only fields of the same name are carried over)."""
    if bundle is None:
        bundles = list(item.bundles.all()[:2])
        bundle = bundles[0] if len(bundles) == 1 else None
    schema = bundle.form_schema if bundle is not None else {}
    mapping = (bundle.field_map or {}).get(item.code, {}) if bundle is not None else {}
    if bundle is None:
        schema = {"type": "object", "properties": {key: {} for key in bundle_data or {}}}
    return fill_item_form(item.form_schema or {}, schema, mapping, bundle_data or {})


def _audience_q(audience: str | None) -> Q:
    if audience in (Audience.PERSON, Audience.LEGAL):
        return Q(audience__in=[audience, Audience.BOTH])
    return Q()


@dataclass
class ItemPage:
    items: list[ServiceItem]
    total: int
    query: str = ""
    mode: str = "list"  # list | and | or


def items_public(
    *,
    query: str = "",
    department_id: int | None = None,
    item_type: str | None = None,
    audience: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> ItemPage:
    """Items in use, for the public pages: searched when there is a query, else listed."""
    query = " ".join((query or "").split())[:100]
    if query:
        filters: dict[str, Any] = {"status": ItemStatus.ACTIVE}
        if item_type:
            filters["category"] = item_type
        if audience in (Audience.PERSON, Audience.LEGAL):
            filters["audience"] = audience
        result = search(
            query, doc_types=[DOC_TYPE], filters=filters,
            department_ids=[department_id] if department_id else None,
            limit=limit, offset=offset,
        )  # fmt: skip
        ids = [int(h.object_id) for h in result.hits]
        found = _guide_queryset().in_bulk(ids)
        items = [found[i] for i in ids if i in found and found[i].status == ItemStatus.ACTIVE]
        snippets = {int(h.object_id): h.snippet for h in result.hits}
        for item in items:
            item.search_snippet = snippets.get(item.pk, "")  # escaped HTML with <mark>
        return ItemPage(items, result.total, query, result.mode)
    qs = ServiceItem.objects.filter(status=ItemStatus.ACTIVE).select_related("department")
    qs = qs.filter(_audience_q(audience))
    if department_id:
        qs = qs.filter(department_id=department_id)
    if item_type:
        qs = qs.filter(item_type=item_type)
    qs = qs.order_by("department__sort_order", "department__code", "code")
    return ItemPage(list(qs[offset : offset + limit]), qs.count())


def departments_with_items() -> list[Department]:
    """Departments that carry out items in use, each with ``item_count``."""
    return list(
        Department.objects.annotate(
            item_count=Count("service_items", filter=Q(service_items__status=ItemStatus.ACTIVE))
        )
        .filter(item_count__gt=0)
        .order_by("sort_order", "code")
    )


def bundles_public() -> list[Bundle]:
    return list(
        Bundle.objects.filter(status=BundleStatus.ACTIVE)
        .select_related("department")
        .prefetch_related("bundle_items__item")
        .order_by("code")
    )


def catalogue_counts() -> dict[str, int]:
    """Items by status, and the total ever listed (the 475 → 255 story in numbers)."""
    rows = dict(ServiceItem.objects.values_list("status").annotate(n=Count("pk")))
    counts = {status: rows.get(status, 0) for status in ItemStatus.values}
    counts["total"] = sum(rows.values())
    return counts


def items_for_manager(
    *,
    user: Any,
    query: str = "",
    status: str | None = None,
    department_id: int | None = None,
) -> QuerySet:
    """Items in the departments ``user`` manages (catalog.manage scope), any status."""
    qs = scope_queryset(user, MANAGE, ServiceItem.objects.select_related("department"))
    if status in ItemStatus.values:
        qs = qs.filter(status=status)
    if department_id:
        qs = qs.filter(department_id=department_id)
    query = " ".join((query or "").split())[:100]
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(code__icontains=query))
    return qs.order_by("code")


def manageable_departments(user: Any) -> QuerySet:
    return scope_queryset(
        user, MANAGE, Department.objects.filter(is_active=True), department_field="self"
    ).order_by("path")


def items_for_export(
    *, user: Any = None, department_code: str | None = None, status: str | None = None
) -> list[ServiceItem]:
    """Items with their lists for the workbook; ``user=None`` is the command line (all)."""
    qs = ServiceItem.objects.select_related("department").prefetch_related(
        "materials", "special_steps"
    )
    if user is not None:
        qs = scope_queryset(user, MANAGE, qs)
    if department_code:
        qs = qs.filter(department__code=department_code)
    if status in ItemStatus.values:
        qs = qs.filter(status=status)
    return list(qs.order_by("code"))


def _bundles_queryset() -> QuerySet:
    return Bundle.objects.select_related("department").prefetch_related(
        "bundle_items__item__department"
    )


@dataclass
class BundlePage:
    bundles: list[Bundle]
    total: int
    query: str = ""
    mode: str = "list"


def bundles_search(*, query: str = "", limit: int = 20, offset: int = 0) -> BundlePage:
    """Bundles in use: searched (doc_type ``catalog.bundle``) when there is a query."""
    from yiwang.catalog.services.bundles import BUNDLE_DOC_TYPE

    query = " ".join((query or "").split())[:100]
    if not query:
        qs = _bundles_queryset().filter(status=BundleStatus.ACTIVE).order_by("code")
        return BundlePage(list(qs[offset : offset + limit]), qs.count())
    result = search(query, doc_types=[BUNDLE_DOC_TYPE], filters={"status": BundleStatus.ACTIVE},
                    limit=limit, offset=offset)  # fmt: skip
    ids = [int(h.object_id) for h in result.hits]
    found = _bundles_queryset().in_bulk(ids)
    bundles = [found[i] for i in ids if i in found and found[i].status == BundleStatus.ACTIVE]
    snippets = {int(h.object_id): h.snippet for h in result.hits}
    for bundle in bundles:
        bundle.search_snippet = snippets.get(bundle.pk, "")
    return BundlePage(bundles, result.total, query, result.mode)


def bundle_public(*, code: str) -> Bundle:
    """A bundle with its items (any status: the page says when it is not offered)."""
    bundle = _bundles_queryset().filter(code=code).first()
    if bundle is None:
        raise NotFound(_("一件事不存在"))
    return bundle
