"""Statistics per item: working days taken (holidays and pauses left out) against the limits,
on-time rate and material reuse rate; the page is for supervisors and admins."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from yiwang.approvals.models import Application, ApplicationMaterial, ApplicationStatus
from yiwang.approvals.selectors.stats import item_statistics, totals
from yiwang.approvals.tests import applicant_support as kit
from yiwang.org.models import Role
from yiwang.org.tests.factories import staff

pytestmark = pytest.mark.django_db


def at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))


def finished(o, accepted: date, completed: date, due: date, paused=0, sources=()):
    application = kit.bare_application(o, status=ApplicationStatus.COMPLETED)
    Application.objects.filter(pk=application.pk).update(
        accepted_at=at(accepted), completed_at=at(completed), due_date=due, paused_days=paused,
        outcome="approved",
    )  # fmt: skip
    for n, source in enumerate(sources):
        ApplicationMaterial.objects.create(application=application, item_material_code=f"M{n}",
                                           name=f"材料{n}", source=source)  # fmt: skip
    return application


def test_working_days_on_time_and_reuse_per_item(client):
    o = kit.office()
    # 2025-09-29 → 2025-10-10: the National Day holidays do not count — 3 working days, late
    finished(o, date(2025, 9, 29), date(2025, 10, 10), due=date(2025, 10, 9),
             sources=("uploaded", "reused", "certificate", "shared_data"))  # fmt: skip
    # 2025-11-03 → 2025-11-10: 5 working days, 2 of them waiting for a correction: 3, on time
    finished(o, date(2025, 11, 3), date(2025, 11, 10), due=date(2025, 11, 10), paused=2,
             sources=("uploaded", "uploaded"))  # fmt: skip
    kit.bare_application(o, status=ApplicationStatus.IN_PROGRESS)
    rows = item_statistics(applications=Application.objects.all())
    assert len(rows) == 1
    row = rows[0]
    assert (row.completed, row.in_progress) == (2, 1)
    assert row.average_days == 3.0
    assert row.on_time_rate == 50.0
    assert row.reuse_rate == 50.0  # 3 of 6 materials were not uploaded again
    assert (row.statutory_limit_days, row.promised_limit_days) == (15, 3)
    assert totals(rows).completed == 2

    client.force_login(o.admin)  # a department admin of the item's bureau
    page = client.get(reverse("approvals:staff_stats"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "企业设立登记" in body and "50.0%" in body and "3.0" in body
    client.force_login(o.other_admin)  # another bureau sees none of it
    assert "企业设立登记" not in client.get(reverse("approvals:staff_stats")).content.decode()
    client.force_login(o.handler)
    assert client.get(reverse("approvals:staff_stats")).status_code == 403
    client.force_login(staff(f"sup{o.n}", o.bureau, Role.SUPERVISOR))
    assert client.get(reverse("approvals:staff_stats")).status_code == 200
