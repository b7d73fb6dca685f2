"""The statutory clock across the 2025/2026 Spring Festival and National Day holidays.

Expected dates are counted by hand from the State Council's holiday notices: 2025 春节
01-28..02-04 (02-08 Saturday works), 国庆 10-01..10-08 (10-11 Saturday works); 2026 春节
02-15..02-23 (02-14 and 02-28 Saturdays work), 国庆 10-01..10-07 (10-10 Saturday works).
"""

from __future__ import annotations

from datetime import date

import pytest

from yiwang.disclosure import clock
from yiwang.disclosure.clock import Pause

pytestmark = pytest.mark.django_db

D = date.fromisoformat


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2025-01-27", "2025-03-03"),  # Spring Festival 2025: day 1 is 02-05, 02-08 counts
        ("2025-09-30", "2025-11-04"),  # National Day 2025: day 1 is 10-09, 10-11 counts
        ("2026-02-13", "2026-03-19"),  # Spring Festival 2026: 02-14 and 02-28 count
        ("2026-09-30", "2026-11-03"),  # National Day 2026: day 1 is 10-08, 10-10 counts
    ],
)
def test_twenty_working_days_across_holidays(received, due):
    result = clock.compute(received_on=D(received), today=D(received))
    assert result.due_on == D(due)
    assert result.remaining == 20 and not result.overdue and not result.stopped


@pytest.mark.parametrize(
    ("received", "counted_from", "due"),
    [
        ("2025-10-03", "2025-10-09", "2025-11-05"),  # in the National Day holiday
        ("2026-02-21", "2026-02-24", "2026-03-23"),  # a Saturday inside the Spring Festival
        ("2026-10-11", "2026-10-12", "2026-11-09"),  # an ordinary Sunday
    ],
)
def test_a_request_received_on_a_rest_day_counts_from_the_next_working_day(
    received, counted_from, due
):
    result = clock.compute(received_on=D(received), today=D(received))
    assert result.received_on == D(counted_from)
    assert result.due_on == D(due)


def test_an_adjusted_saturday_workday_is_a_day_of_receipt_itself():
    assert clock.receipt_day(D("2026-10-10")) == D("2026-10-10")


def test_one_extension_adds_its_working_days_to_the_deadline():
    result = clock.compute(received_on=D("2025-09-30"), today=D("2025-10-09"), extension_days=20)
    assert result.due_on == D("2025-12-02")
    assert result.extension_days == 20


def test_a_finished_consultation_does_not_count():
    pause = Pause(D("2025-10-09"), D("2025-10-14"))  # 10-10, 10-11 (Sat, works), 10-13, 10-14
    result = clock.compute(received_on=D("2025-09-30"), today=D("2025-10-20"), pauses=[pause])
    assert result.excluded_days == 4
    assert result.due_on == D("2025-11-10")
    assert not result.stopped


def test_a_running_consultation_stops_the_clock_and_shows_where_the_deadline_would_be():
    pause = Pause(D("2025-10-09"), None)
    result = clock.compute(received_on=D("2025-09-30"), today=D("2025-10-14"), pauses=[pause])
    assert result.stopped and not result.overdue
    assert result.excluded_days == 4
    assert result.due_on == D("2025-11-10")


def test_a_consultation_excludes_at_most_fifteen_working_days():
    long_pause = Pause(D("2025-10-09"), D("2025-12-01"))
    result = clock.compute(received_on=D("2025-09-30"), today=D("2025-12-01"), pauses=[long_pause])
    assert result.excluded_days == 15
    assert result.due_on == D("2025-11-25")
    assert result.overdue and result.remaining == -4  # 11-26, 11-27, 11-28, 12-01

    # an open consultation past its 15 days no longer stops the clock
    open_pause = Pause(D("2025-10-09"), None)
    running = clock.compute(received_on=D("2025-09-30"), today=D("2025-12-01"), pauses=[open_pause])
    assert not running.stopped and running.overdue


def test_overdue_counts_working_days_past_the_deadline_and_a_rest_day_does_not_tip_it():
    due_friday = clock.compute(received_on=D("2025-09-30"), today=D("2025-11-04"))
    assert due_friday.remaining == 0 and not due_friday.overdue
    day_after = clock.compute(received_on=D("2025-09-30"), today=D("2025-11-05"))
    assert day_after.remaining == -1 and day_after.overdue
    before = clock.compute(received_on=D("2025-09-30"), today=D("2025-10-31"))
    assert before.remaining == 2  # 11-03 and 11-04 are left


def test_waiting_for_correction_stops_the_clock():
    result = clock.compute(
        received_on=D("2025-09-30"), today=D("2025-12-31"), awaiting_correction=True
    )
    assert result.stopped and not result.overdue


@pytest.mark.parametrize(
    ("received", "last_day"),
    [
        ("2025-09-30", "2025-10-16"),  # 10-09, 10, 11 (Sat), 13, 14, 15, 16
        ("2026-02-12", "2026-02-28"),  # 02-13, 14 (Sat), 24, 25, 26, 27, 28 (Sat)
    ],
)
def test_the_correction_notice_is_due_within_seven_working_days(received, last_day):
    assert clock.correction_notice_deadline(D(received)) == D(last_day)


def test_the_corrected_request_starts_a_fresh_twenty_days():
    corrected = clock.compute(received_on=D("2026-02-13"), today=D("2026-02-13"))
    assert corrected.due_on == D("2026-03-19")
