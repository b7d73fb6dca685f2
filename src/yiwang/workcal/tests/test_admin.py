"""The Django admin edits the calendar through the services: audited, cache-invalidating."""

from datetime import date

import pytest

from yiwang.accounts.models import User
from yiwang.audit.models import AuditRecord
from yiwang.workcal import workdays
from yiwang.workcal.models import SpecialDay

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    user = User.objects.create_superuser("root", "x" * 12)
    client.force_login(user)
    return client


def test_adding_a_day_in_the_admin_goes_through_the_service(superuser_client):
    r = superuser_client.post(
        "/admin/workcal/specialday/add/",
        {"date": "2025-09-29", "kind": "holiday", "name": "停工"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    row = SpecialDay.objects.get(date=date(2025, 9, 29))
    assert row.source == "admin"
    assert not workdays.is_working_day(date(2025, 9, 29))
    assert AuditRecord.objects.filter(action="workcal.day.set", object_id="2025-09-29").exists()


def test_the_admin_form_applies_the_same_rules(superuser_client):
    r = superuser_client.post(
        "/admin/workcal/specialday/add/", {"date": "2025-09-29", "kind": "workday", "name": ""}
    )
    assert r.status_code == 200
    assert "调休上班日应为周六或周日" in r.content.decode()
    assert not SpecialDay.objects.filter(date=date(2025, 9, 29)).exists()


def test_deleting_a_packaged_holiday_in_the_admin_clears_it(superuser_client):
    row = SpecialDay.objects.get(date=date(2025, 10, 8))
    r = superuser_client.post(f"/admin/workcal/specialday/{row.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302
    assert workdays.is_working_day(date(2025, 10, 8))
    assert SpecialDay.objects.get(date=date(2025, 10, 8)).kind == "normal"  # survives a reseed
