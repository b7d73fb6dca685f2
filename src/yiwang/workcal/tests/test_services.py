"""Calendar edits: permissions, validation, audit, and seeding that respects admin edits."""

from datetime import date, time

import pytest

from yiwang.audit.models import AuditRecord
from yiwang.core.errors import Conflict, InvalidInput, NotAuthenticated, PermissionDenied
from yiwang.workcal import services, workdays
from yiwang.workcal.models import CalendarYear, SpecialDay, WorkSchedule

pytestmark = pytest.mark.django_db


def test_platform_admin_sets_a_holiday_and_it_is_audited(platform_admin):
    services.day_set(actor=platform_admin, day=date(2025, 9, 29), kind="holiday", name="台风停工")
    row = SpecialDay.objects.get(date=date(2025, 9, 29))
    assert (row.kind, row.name, row.source) == ("holiday", "台风停工", "admin")
    record = AuditRecord.objects.filter(action="workcal.day.set").latest("seq")
    assert record.object_id == "2025-09-29" and record.actor_id == platform_admin.pk
    assert record.changes["kind"] == [None, "holiday"]


def test_other_staff_may_not_edit_the_calendar(handler):
    with pytest.raises(PermissionDenied):
        services.day_set(actor=handler, day=date(2025, 9, 29), kind="holiday")
    with pytest.raises(PermissionDenied):
        services.schedule_update(
            actor=handler,
            morning_start=time(9),
            morning_end=time(12),
            afternoon_start=time(13),
            afternoon_end=time(17),
        )
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAuthenticated):
        services.day_set(actor=AnonymousUser(), day=date(2025, 9, 29), kind="holiday")
    assert not SpecialDay.objects.filter(date=date(2025, 9, 29)).exists()


def test_an_adjusted_workday_must_be_a_weekend_day():
    with pytest.raises(InvalidInput) as err:
        services.day_set(actor=None, day=date(2025, 9, 29), kind="workday")
    assert [e.field for e in err.value.field_errors] == ["kind"]
    with pytest.raises(InvalidInput):
        services.day_set(actor=None, day=date(2025, 9, 29), kind="bogus")


def test_clearing_a_packaged_holiday_survives_a_reseed():
    national_day = date(2025, 10, 8)
    services.day_set(actor=None, day=national_day, kind="clear")
    assert workdays.is_working_day(national_day)
    results = {r.year: r for r in services.calendar_seed(actor=None)}
    assert results[2025].kept == 1
    assert workdays.is_working_day(national_day), "the admin's decision stands"
    services.calendar_seed(actor=None, years=[2025], force=True)
    assert not workdays.is_working_day(national_day), "--force restores the packaged day"


def test_seed_restores_packaged_rows_that_went_missing_and_reports_nothing_else():
    SpecialDay.objects.filter(date=date(2026, 10, 10)).delete()
    results = {r.year: r for r in services.calendar_seed(actor=None)}
    assert results[2026].created == 1
    assert not any(r.changed for y, r in results.items() if y != 2026)
    assert workdays.is_working_day(date(2026, 10, 10))
    assert AuditRecord.objects.filter(action="workcal.seed").exists()


def test_seed_leaves_an_imported_year_alone():
    CalendarYear.objects.filter(year=2025).update(source="import")
    SpecialDay.objects.filter(date=date(2025, 10, 8)).delete()
    results = {r.year: r for r in services.calendar_seed(actor=None, years=[2025])}
    assert results[2025].skipped
    assert not SpecialDay.objects.filter(date=date(2025, 10, 8)).exists()


def test_a_hand_entered_year_can_be_marked_complete(platform_admin):
    assert workdays.year_status(2031).is_fallback
    services.year_mark_complete(actor=platform_admin, year=2031)
    assert workdays.year_status(2031) == workdays.YearStatus(2031, "admin", False)
    services.year_mark_complete(actor=platform_admin, year=2031, complete=False)
    assert workdays.year_status(2031).is_fallback


def test_schedule_validation_and_concurrent_edits():
    current = WorkSchedule.objects.get(is_active=True)
    with pytest.raises(InvalidInput) as err:
        services.schedule_update(
            actor=None,
            morning_start=time(9),
            morning_end=time(8),
            afternoon_start=time(13),
            afternoon_end=time(12),
        )
    assert {e.field for e in err.value.field_errors} == {"morning_end", "afternoon_end"}
    hours = dict(
        morning_start=time(8, 30), morning_end=time(12), afternoon_start=time(14),
        afternoon_end=time(18),
    )  # fmt: skip
    services.schedule_update(actor=None, version=current.version, **hours)
    with pytest.raises(Conflict):
        services.schedule_update(actor=None, version=current.version, **hours)
    assert WorkSchedule.objects.get(is_active=True).afternoon_end == time(18)


@pytest.mark.django_db(transaction=True)
def test_transactional_tests_still_see_the_statutory_calendar():
    from datetime import date

    from yiwang.workcal.workdays import add_working_days

    assert add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
