"""Working-hour arithmetic: lunch, evenings, weekends, holidays, 调休 and the schedule."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from yiwang.workcal import services
from yiwang.workcal.workdays import add_working_hours, working_hours_between, working_periods

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")


def T(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SH)


def test_default_schedule_is_nine_to_half_past_five_with_lunch():
    assert working_periods() == ((time(9), time(12)), (time(13, 30), time(17, 30)))


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        ("2025-09-29 09:00", 3, "2025-09-29 12:00"),  # filling the morning ends at noon
        ("2025-09-29 09:00", 7, "2025-09-29 17:30"),  # a full working day is 7 hours
        ("2025-09-29 11:00", 2, "2025-09-29 14:30"),  # across lunch
        ("2025-09-29 12:30", 1, "2025-09-29 14:30"),  # a start at lunch waits for 13:30
        ("2025-09-29 07:00", 1, "2025-09-29 10:00"),  # early morning
        ("2025-09-29 18:00", 1, "2025-09-30 10:00"),  # evening: next morning
        ("2025-09-29 17:00", 1, "2025-09-30 09:30"),
        ("2025-09-19 17:00", 1, "2025-09-22 09:30"),  # Friday evening to Monday
        ("2025-09-27 10:00", 1, "2025-09-28 10:00"),  # Saturday to the 调休 Sunday
        ("2025-09-30 16:00", 2, "2025-10-09 09:30"),  # across National Day 2025
        ("2026-02-13 17:00", 1, "2026-02-14 09:30"),  # to the Saturday worked before 春节
        ("2026-02-14 17:00", 1, "2026-02-24 09:30"),  # across Spring Festival 2026
        ("2025-09-29 09:00", 0.25, "2025-09-29 09:15"),  # fractional hours
        ("2025-09-29 11:50", 1.5, "2025-09-29 14:50"),
        ("2025-10-09 09:30", -2, "2025-09-30 16:00"),  # backwards across the holiday
        ("2025-09-29 14:30", -2, "2025-09-29 11:00"),  # backwards across lunch
        ("2025-09-30 09:00", -7, "2025-09-29 09:00"),
    ],
)
def test_add_working_hours(start, hours, expected):
    result = add_working_hours(T(start), hours)
    assert result == T(expected)
    assert result.utcoffset() == timedelta(hours=8)


def test_zero_hours_returns_the_start_unchanged():
    saturday_night = T("2025-09-20 23:00")
    assert add_working_hours(saturday_night, 0) == saturday_night


def test_any_time_zone_in_local_time_out():
    start = datetime(2025, 9, 29, 1, 0, tzinfo=ZoneInfo("UTC"))  # 09:00 in Shanghai
    assert add_working_hours(start, 1) == T("2025-09-29 10:00")


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        add_working_hours(datetime(2025, 9, 29, 9), 1)
    with pytest.raises(ValueError):
        add_working_hours(T("2025-09-29 09:00"), float("nan"))


def test_hours_between():
    assert working_hours_between(T("2025-09-29 09:00"), T("2025-09-29 17:30")) == 7
    assert working_hours_between(T("2025-09-29 11:00"), T("2025-09-29 14:30")) == 2
    assert working_hours_between(T("2025-09-29 18:00"), T("2025-09-30 08:00")) == 0
    assert working_hours_between(T("2025-09-30 16:00"), T("2025-10-09 09:30")) == 2
    assert working_hours_between(T("2025-10-09 09:30"), T("2025-09-30 16:00")) == -2


def test_hours_between_is_the_inverse_of_add():
    start = T("2025-09-25 08:10")
    for step in range(0, 24 * 20, 7):
        a = start + timedelta(hours=step)
        for hours in (0.5, 1, 3.25, 7, 16, -2.5, -9):
            b = add_working_hours(a, hours)
            assert working_hours_between(a, b) == pytest.approx(hours, abs=1e-9), (a, hours)


def test_a_changed_schedule_applies_at_once():
    services.schedule_update(
        actor=None,
        morning_start=time(8, 30),
        morning_end=time(12),
        afternoon_start=time(12),
        afternoon_end=time(16, 30),
    )
    assert working_periods() == ((time(8, 30), time(16, 30)),)  # no lunch break
    assert add_working_hours(T("2025-09-29 11:00"), 2) == T("2025-09-29 13:00")
    assert add_working_hours(T("2025-09-29 16:00"), 1) == T("2025-09-30 09:00")
