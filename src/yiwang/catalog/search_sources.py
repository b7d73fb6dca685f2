"""The catalog's documents in the shared search service: service items ("catalog.item") and
life-event bundles ("catalog.bundle").

The status is a filter, so the public pages find items in use (``status="active"``) while the
workbench may also find cancelled ones. Services call ``index_later`` after every write;
``yiwang search rebuild --type catalog.item`` rebuilds from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import NoReverseMatch, reverse

from yiwang.catalog.models import Bundle, ServiceItem
from yiwang.catalog.services.bundles import BUNDLE_DOC_TYPE
from yiwang.catalog.services.items import DOC_TYPE
from yiwang.search.service import IndexDoc, register_source


def _url(code: str, name: str = "catalog:item") -> str:
    try:
        return reverse(name, args=[code])
    except NoReverseMatch:
        return ""


def item_document(item: ServiceItem) -> IndexDoc:
    department = item.department
    body = "\n".join(
        part
        for part in (
            item.summary,
            department.name,
            department.short_name,
            item.get_item_type_display(),
            item.conditions,
            item.result_name,
            " ".join(m.name for m in item.materials.all()),
        )
        if part
    )
    return IndexDoc(
        title=item.name,
        body=body[:20000],
        url=_url(item.code),
        department_id=item.department_id,
        filters={
            "status": item.status,
            "category": item.item_type,
            "audience": [item.audience] if item.audience != "both" else ["person", "legal"],
            "code": item.code,
        },
        published_at=item.updated_at,
    )


class ItemSource:
    def _items(self):
        return ServiceItem.objects.select_related("department").prefetch_related("materials")

    def __call__(self, object_id: str) -> IndexDoc | None:
        if not str(object_id).isdigit():
            return None
        item = self._items().filter(pk=int(object_id)).first()
        return item_document(item) if item is not None else None

    def get_many(self, object_ids: Iterable[Any]) -> dict[str, IndexDoc | None]:
        ids = [int(i) for i in object_ids if str(i).isdigit()]
        return {str(pk): item_document(item) for pk, item in self._items().in_bulk(ids).items()}

    def all_ids(self) -> list[int]:
        return list(ServiceItem.objects.values_list("pk", flat=True))


def bundle_document(bundle: Bundle) -> IndexDoc:
    items = bundle.ordered_items()
    body = "\n".join(
        part
        for part in (
            bundle.description,
            bundle.department.name,
            " ".join(item.name for item in items),
            " ".join(item.department.name for item in items),
        )
        if part
    )
    return IndexDoc(
        title=bundle.name,
        body=body[:20000],
        url=_url(bundle.code, "catalog:bundle"),
        department_id=bundle.department_id,
        filters={
            "status": bundle.status,
            "code": bundle.code,
            "audience": [bundle.audience] if bundle.audience != "both" else ["person", "legal"],
        },
        published_at=bundle.updated_at,
    )


class BundleSource:
    def _bundles(self):
        return Bundle.objects.select_related("department").prefetch_related(
            "bundle_items__item__department"
        )

    def __call__(self, object_id: str) -> IndexDoc | None:
        if not str(object_id).isdigit():
            return None
        bundle = self._bundles().filter(pk=int(object_id)).first()
        return bundle_document(bundle) if bundle is not None else None

    def get_many(self, object_ids: Iterable[Any]) -> dict[str, IndexDoc | None]:
        ids = [int(i) for i in object_ids if str(i).isdigit()]
        found = self._bundles().in_bulk(ids)
        return {str(pk): bundle_document(bundle) for pk, bundle in found.items()}

    def all_ids(self) -> list[int]:
        return list(Bundle.objects.values_list("pk", flat=True))


def register() -> None:
    register_source(DOC_TYPE, ItemSource())
    register_source(BUNDLE_DOC_TYPE, BundleSource())
