"""The demo catalogue of 示范市: about 30 service items with full 办事指南, the 企业开办 and
出生 bundles (一件事), and retired items whose history shows the list shrinking.

Loaded through the catalog's own services (so checks, audit and history apply), after the
demo city's departments: ``load_catalog()``; ``is_loaded()`` tells whether it is there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.db import transaction
from django.utils import timezone

from yiwang.catalog import services
from yiwang.catalog.models import ServiceItem
from yiwang.demo import city
from yiwang.demo.catalog_items import enterprise, permits, personal, retired
from yiwang.org.models import Department
from yiwang.search import service as search

MARKER = "SC-XK-001"  # the business licence item: its presence means "catalogue loaded"
BUNDLES = [enterprise.STARTUP_BUNDLE, personal.BIRTH_BUNDLE]


@dataclass
class CatalogLoadResult:
    created: bool
    items: int = 0
    retired: int = 0
    bundles: int = 0
    status_changes: int = 0


def is_loaded() -> bool:
    return ServiceItem.objects.filter(code=MARKER).exists()


def all_items() -> list[dict]:
    return [*enterprise.ITEMS, *personal.ITEMS, *permits.ITEMS]


def planned_total() -> int:
    return len(all_items()) + len(retired.RETIRED) + len(BUNDLES)


def _departments() -> dict[str, Department]:
    codes = {spec.key: spec.code for spec in city.departments()}
    by_code = Department.objects.in_bulk(list(codes.values()), field_name="code")
    return {key: by_code[code] for key, code in codes.items() if code in by_code}


def _create(values: dict, departments: dict[str, Department]) -> ServiceItem:
    values = dict(values)
    values["department"] = departments[values["department"]]
    return services.item_create(actor=None, **values)


def load_catalog(*, progress=None) -> CatalogLoadResult:
    """Create the demo catalogue unless it is there (needs the demo city's departments)."""
    if is_loaded():
        return CatalogLoadResult(created=False)
    tick = progress or (lambda n=1: None)
    departments = _departments()
    result = CatalogLoadResult(created=True)
    with transaction.atomic():
        for values in all_items():
            _create(values, departments)
            result.items += 1
            tick(1)
        for values, history in retired.RETIRED:
            item = _create(values, departments)
            for day, to_status, reason, delegated_key, successor_code in history:
                successor = ServiceItem.objects.filter(code=successor_code or "").first()
                services.item_change_status(
                    actor=None, item=item, to_status=to_status, reason=reason,
                    delegated_to=departments.get(delegated_key) if delegated_key else None,
                    successor=successor,
                    at=timezone.make_aware(datetime.combine(day, time(9, 30))),
                )  # fmt: skip
                result.status_changes += 1
            result.retired += 1
            tick(1)
        for spec in BUNDLES:
            spec = dict(spec)
            spec["department"] = departments[spec["department"]]
            services.bundle_save(actor=None, **spec)
            result.bundles += 1
            tick(1)
    search.index_many(services.DOC_TYPE, list(ServiceItem.objects.values_list("pk", flat=True)))
    return result
