"""The demo catalogue loads through the services: about 30 items, two bundles, history."""

from __future__ import annotations

import pytest

from yiwang.catalog import selectors
from yiwang.catalog.models import Bundle, ItemStatus, ItemStatusChange, ServiceItem
from yiwang.catalog.tests.factories import demo_departments
from yiwang.demo import catalog_items

pytestmark = pytest.mark.django_db


def test_demo_catalogue_loads_once_with_bundles_and_history():
    demo_departments()
    result = catalog_items.load_catalog()
    assert result.created and 25 <= result.items <= 40
    assert catalog_items.load_catalog().created is False  # a second run reuses it

    counts = selectors.catalogue_counts()
    assert counts["active"] == result.items + 1  # 公共场所卫生许可 was suspended, then restored
    assert counts["cancelled"] == 2 and counts["suspended"] == 1
    assert counts["delegated"] == 1 and counts["adjusted"] == 1
    adjusted = ServiceItem.objects.get(code="SC-XK-000")
    assert adjusted.successor.code == "SC-QR-001"
    assert adjusted.status_changes.get().reason.startswith("名称登记制度改革")
    assert ItemStatusChange.objects.count() == result.status_changes == 7

    startup = Bundle.objects.get(code="YJS-QYKB")
    assert startup.process_key == "enterprise_startup"
    departments = {i.department.short_name for i in startup.ordered_items()}
    assert departments == {"市场监管局", "公安局", "税务局", "人社局"}
    licence = selectors.item_get(code="SC-XK-001")
    assert licence.certificate_type == "business_licence"
    assert licence.materials.filter(certificate_type="name_approval").exists()
    # every item in use offers a guide with limits, materials and a form
    for item in ServiceItem.objects.filter(status=ItemStatus.ACTIVE):
        assert item.promised_limit_days <= item.statutory_limit_days
        assert item.materials.exists(), item.code
        assert item.form_schema.get("properties"), item.code


def test_demo_items_are_found_by_the_public_search():
    demo_departments()
    catalog_items.load_catalog()
    page = selectors.items_public(query="营业执照")
    assert "SC-XK-001" in [i.code for i in page.items]
    assert "GA-XK-001" not in [i.code for i in selectors.items_public(query="公章").items]
