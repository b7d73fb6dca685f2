"""The demo's requests go through the real services into every state, and last year's report
of the whole government is drafted with its check passing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from yiwang.demo.disclosure_requests import load_requests
from yiwang.disclosure.models.requests import (
    ClockState,
    DisclosureRequest,
    ExtensionState,
    RequestEvent,
    RequestStatus,
)
from yiwang.disclosure.selectors.reports import compute_figures, failed_checks
from yiwang.disclosure.tests.requests_factories import office
from yiwang.notify.models import Delivery

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 11, 20, 15, 0))


def test_demo_requests_cover_every_state_and_draft_last_years_report():
    o = office()
    loaded = load_requests(now=NOW)

    rows = DisclosureRequest.objects.all()
    assert 38 <= loaded.created == rows.count() <= 50
    assert {r.department_id for r in rows} == {o.bureau.pk}  # the only desk with a head
    assert set(loaded.statuses) == set(RequestStatus.values)
    assert {r.submitted_on.year for r in rows} == {2024, 2025, 2026}
    assert len({r.outcome for r in rows if r.outcome}) >= 12
    assert rows.filter(outcome="other.no_correction", status="closed").count() == 2
    assert rows.filter(corrected_on__isnull=False, status="answered").count() == 3
    assert rows.filter(extension_state=ExtensionState.APPROVED, status="answered").count() == 2
    assert rows.filter(extension_state=ExtensionState.PENDING).count() == 1
    assert rows.filter(pauses__ended_on__isnull=False, status="answered").distinct().count() == 3
    assert rows.filter(status="answered", clock_state=ClockState.OVERDUE).exists()  # answered late
    open_overdue = rows.filter(status="processing", clock_state=ClockState.OVERDUE)
    assert open_overdue.count() == 2 and all(r.due_on < NOW.date() for r in open_overdue)
    assert rows.filter(status="processing", clock_state=ClockState.DUE_SOON).exists()
    assert rows.exclude(channel="web").exists()
    assert len({r.applicant_type for r in rows}) >= 4
    # the timeline was written on the simulated days, not all today
    assert RequestEvent.objects.filter(created_at__year=2025).exists()
    assert not Delivery.objects.exists()  # nothing sent to fictitious applicants

    report = loaded.report
    assert report.year == 2025 and report.department_id is None and report.status == "draft"
    figures = compute_figures(year=2025, department_id=None)
    assert loaded.checks_pass and not failed_checks(figures)
    assert figures["requests"]["carried_in"]["total"] >= 1
    assert figures["requests"]["carried_out"]["total"] >= 3
    assert f"新收政府信息公开申请 {figures['requests']['new']['total']} 件" in report.overview

    again = load_requests(now=NOW)
    assert again.created == 0 and DisclosureRequest.objects.count() == loaded.created
