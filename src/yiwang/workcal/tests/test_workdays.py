"""Working-day arithmetic across the 2025 and 2026 holidays, checked against the dates the
State Council published (as packaged in chinese_calendar)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from yiwang.workcal import snapshot, workdays
from yiwang.workcal.workdays import (
    add_working_days,
    is_working_day,
    working_days_between,
    year_status,
)

pytestmark = pytest.mark.django_db

D = date.fromisoformat


def test_the_examples_from_the_design_notes():
    assert add_working_days(D("2025-09-30"), 1) == D("2025-10-09")
    assert add_working_days(D("2026-09-30"), 1) == D("2026-10-08")
    assert is_working_day(D("2026-10-10"))  # a Saturday, worked in exchange for National Day


def test_every_day_of_2025_and_2026_matches_the_published_arrangements():
    day = D("2025-01-01")
    while day <= D("2026-12-31"):
        assert is_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # National Day 2025: 1–8 October off; Sunday 28 Sept and Saturday 11 Oct worked.
        ("2025-09-26", 1, "2025-09-28"),
        ("2025-09-30", 1, "2025-10-09"),
        ("2025-09-30", 3, "2025-10-11"),
        ("2025-10-01", 1, "2025-10-09"),  # counting starts the day after, even on a holiday
        # National Day 2026: 1–7 October off; Sunday 20 Sept and Saturday 10 Oct worked.
        ("2026-09-18", 1, "2026-09-20"),
        ("2026-09-30", 1, "2026-10-08"),
        ("2026-10-09", 1, "2026-10-10"),
        # Spring Festival 2025: 28 Jan – 4 Feb off; 26 Jan and 8 Feb (weekend) worked.
        ("2025-01-24", 1, "2025-01-26"),
        ("2025-01-27", 1, "2025-02-05"),
        ("2025-02-07", 1, "2025-02-08"),
        # Spring Festival 2026: 15–23 Feb off; Saturdays 14 Feb and 28 Feb worked.
        ("2026-02-13", 1, "2026-02-14"),
        ("2026-02-14", 1, "2026-02-24"),
        ("2026-02-27", 1, "2026-02-28"),
        # the 20-working-day answer period of 政府信息公开条例 across Spring Festival 2026
        ("2026-02-10", 20, "2026-03-16"),
        # backwards
        ("2025-10-09", -1, "2025-09-30"),
        ("2026-02-24", -2, "2026-02-13"),
        ("2026-10-08", -1, "2026-09-30"),
    ],
)
def test_add_working_days_across_holidays(start, n, expected):
    assert add_working_days(D(start), n) == D(expected)


def test_zero_days_is_the_same_day_even_when_it_is_not_a_working_day():
    assert add_working_days(D("2025-10-03"), 0) == D("2025-10-03")
    assert working_days_between(D("2025-10-03"), D("2025-10-03")) == 0


def test_between_counts_the_days_in_the_half_open_interval():
    assert working_days_between(D("2025-09-30"), D("2025-10-09")) == 1
    assert working_days_between(D("2025-09-30"), D("2025-10-08")) == 0
    # 28 (Sunday), 29, 30 September; 9, 10, 11 (Saturday) October
    assert working_days_between(D("2025-09-26"), D("2025-10-12")) == 6
    assert working_days_between(D("2025-10-09"), D("2025-09-30")) == -1
    # a whole year: 365 days minus weekends and holidays plus adjusted workdays
    assert working_days_between(D("2024-12-31"), D("2025-12-31")) == sum(
        chinese_calendar.is_workday(D("2025-01-01") + timedelta(days=i)) for i in range(365)
    )


def test_between_is_the_inverse_of_add_for_every_start_and_both_directions():
    start = D("2024-12-20")
    for offset in range(0, 760, 3):
        a = start + timedelta(days=offset)
        for n in (-23, -8, -1, 0, 1, 2, 5, 11, 22):
            b = add_working_days(a, n)
            assert working_days_between(a, b) == n, (a, n, b)
            if n > 0:
                assert is_working_day(b)


def test_between_agrees_with_counting_day_by_day():
    a = D("2025-01-15")
    for length in range(0, 400, 7):
        b = a + timedelta(days=length)
        brute = sum(is_working_day(a + timedelta(days=i)) for i in range(1, length + 1))
        assert working_days_between(a, b) == brute


def test_a_year_without_data_falls_back_to_weekends_and_is_flagged(caplog):
    snapshot._warned_years.discard(2031)
    status = year_status(2031)
    assert status.is_fallback and status.source == "none"
    assert not year_status(2025).is_fallback and year_status(2025).source == "seed"
    # 2031-10-01 is a Wednesday: without data it is an ordinary working day
    assert add_working_days(D("2031-09-30"), 1) == D("2031-10-01")
    assert not is_working_day(D("2031-10-04"))  # Saturday
    workdays.invalidate()
    year_status(2031)
    warnings = [r for r in caplog.records if "2031" in r.getMessage()]
    assert len(warnings) == 1, "warned once per process and year"


def test_datetimes_are_read_as_local_dates():
    # 20:00 UTC on 8 October is 04:00 on 9 October in Asia/Shanghai: a working day
    t = datetime(2025, 10, 8, 20, 0, tzinfo=ZoneInfo("UTC"))
    assert is_working_day(t)
    assert not is_working_day(t - timedelta(hours=12))


def test_next_working_day_moves_a_deadline_off_a_holiday():
    assert workdays.next_working_day(D("2025-10-03")) == D("2025-10-09")
    assert workdays.next_working_day(D("2025-10-09")) == D("2025-10-09")
    assert workdays.next_working_day(D("2025-10-09"), include_self=False) == D("2025-10-10")


def test_day_info_names_the_holiday():
    info = workdays.day_info(D("2025-10-01"))
    assert (info.is_working_day, info.kind, info.name) == (False, "holiday", "国庆节")
    info = workdays.day_info(D("2026-10-10"))
    assert (info.is_working_day, info.kind, info.name) == (True, "workday", "国庆节")
    assert workdays.day_info(D("2025-10-18")).kind == "weekend"
    assert workdays.day_info(D("2025-10-17")).kind == "weekday"
