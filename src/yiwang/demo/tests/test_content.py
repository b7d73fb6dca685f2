"""The demo's 一网通办 and 政务公开 content: loaded through the apps' services after the demo
city, in an order that lets each step find what it names, and only once."""

import pytest

from yiwang.accounts.models import User
from yiwang.approvals.models import Application, ProcessDefinition
from yiwang.catalog.models import Bundle, ServiceItem
from yiwang.demo import content, loader
from yiwang.disclosure.models import Publication
from yiwang.names.models import RegisteredName

pytestmark = pytest.mark.django_db


def test_content_loads_in_order_and_only_once(monkeypatch):
    monkeypatch.setenv("YIWANG_DEMO_PUBLICATIONS", "12")
    monkeypatch.setenv("YIWANG_DEMO_ROUTING_MODEL", "0")  # ~20 s of training: see routing tests
    loader.load_demo_city()

    lines = content.load_demo_content()

    assert len(lines) == len(content.STEPS)
    assert ProcessDefinition.objects.filter(key="enterprise_startup").exists()
    startup = Bundle.objects.get(process_key="enterprise_startup")
    assert startup.items.count() == 5
    assert ServiceItem.objects.filter(status="active").count() >= 25
    assert Publication.objects.count() == 12
    assert RegisteredName.objects.count() >= 1000
    journey = Application.objects.filter(applicant__username="enterprise", bundle=startup)
    assert journey.count() == 4
    assert User.objects.filter(username__startswith="approver_").count() == 5
    counts = (
        ProcessDefinition.objects.count(),
        ServiceItem.objects.count(),
        Application.objects.count(),
    )

    again = content.load_demo_content()

    assert any("复用" in line for line in again)
    assert (
        ProcessDefinition.objects.count(),
        ServiceItem.objects.count(),
        Application.objects.count(),
    ) == counts
    assert Publication.objects.count() == 12
