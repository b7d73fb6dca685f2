"""The statutory clock of a disclosure request (《政府信息公开条例》 2019, DESIGN §5).

- 第三十一条 and local practice: a request received on a rest day is received on the next
  working day; the day of receipt itself is not counted (期间开始之日不计算在内).
- 第三十三条: answer within 20 working days of receipt; one extension of at most 20 working
  days with the approval of the office's head and notice to the applicant.
- 第三十条: an unclear request gets ONE correction notice within 7 working days of receipt;
  the clock restarts from receipt of the corrected request and is stopped meanwhile; no
  correction in the time allowed means the request is treated as withdrawn (视为放弃).
- 第三十二条: time spent consulting a third party (or another agency) does not count; the
  third party has 15 working days, so at most 15 working days per consultation are excluded.

Everything here is arithmetic on dates through ``yiwang.workcal.workdays`` — no database
writes — so it can be tested across holidays and reused by the sweep and the pages. Numbers
are settings (``YIWANG_DISCLOSURE_*``) with the regulation's values as defaults.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from yiwang.workcal.workdays import add_working_days, next_working_day, working_days_between


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def answer_days() -> int:
    return _setting("YIWANG_DISCLOSURE_ANSWER_DAYS", 20)


def max_extension_days() -> int:
    return _setting("YIWANG_DISCLOSURE_MAX_EXTENSION_DAYS", 20)


def correction_notice_days() -> int:
    return _setting("YIWANG_DISCLOSURE_CORRECTION_NOTICE_DAYS", 7)


def correction_reply_days() -> int:
    """The 'reasonable time' given to the applicant to correct (local practice)."""
    return _setting("YIWANG_DISCLOSURE_CORRECTION_REPLY_DAYS", 15)


def consultation_days() -> int:
    return _setting("YIWANG_DISCLOSURE_CONSULTATION_DAYS", 15)


def due_soon_days() -> int:
    return _setting("YIWANG_DISCLOSURE_DUE_SOON_DAYS", 3)


def receipt_day(received: date) -> date:
    """The day a request counts as received: a rest day moves to the next working day."""
    return next_working_day(received, include_self=True)


def correction_notice_deadline(received: date) -> date:
    """The last day on which the one correction notice may be sent."""
    return add_working_days(receipt_day(received), correction_notice_days())


def correction_reply_deadline(notice_on: date, days: int | None = None) -> date:
    return add_working_days(notice_on, correction_reply_days() if days is None else days)


@dataclass(frozen=True)
class Pause:
    started_on: date
    ended_on: date | None  # None: still consulting


def excluded_days(pause: Pause, *, today: date) -> int:
    """Working days of one consultation that do not count: those from the day after it was
    sent to the day the opinion came in (or today), at most the consultation limit."""
    end = pause.ended_on or today
    if end <= pause.started_on:
        return 0
    return min(working_days_between(pause.started_on, end), consultation_days())


def pause_is_running(pause: Pause, *, today: date) -> bool:
    """An open consultation stops the clock until its limit is used up."""
    if pause.ended_on is not None:
        return False
    return working_days_between(pause.started_on, today) < consultation_days()


@dataclass(frozen=True)
class Clock:
    received_on: date  # the day counted as receipt (after the rest-day rule)
    due_on: date  # the answer deadline as things stand today
    base_days: int
    extension_days: int
    excluded_days: int
    stopped: bool  # a consultation or a correction stops the clock
    remaining: int  # working days left from today (negative: overdue by that many)

    @property
    def overdue(self) -> bool:
        return not self.stopped and self.remaining < 0


def compute(
    *,
    received_on: date,
    today: date,
    extension_days: int = 0,
    pauses: Iterable[Pause] = (),
    awaiting_correction: bool = False,
) -> Clock:
    """The due date and what is left of the time, as of ``today``.

    ``received_on`` is the raw date the request (or its correction) arrived. While a
    consultation runs, the due date shown is where it would be if the opinion came in today.
    """
    start = receipt_day(received_on)
    pauses = list(pauses)
    excluded = sum(excluded_days(p, today=today) for p in pauses)
    stopped = awaiting_correction or any(pause_is_running(p, today=today) for p in pauses)
    total = answer_days() + extension_days + excluded
    due = add_working_days(start, total)
    if today <= due:
        remaining = working_days_between(today, due)
    else:
        remaining = -working_days_between(due, today)
    return Clock(
        received_on=start,
        due_on=due,
        base_days=answer_days(),
        extension_days=extension_days,
        excluded_days=excluded,
        stopped=stopped,
        remaining=remaining,
    )


def for_request(request, *, today: date | None = None) -> Clock:
    """The clock of a stored request. Consultations before a correction belong to the old
    clock: the corrected request starts afresh (第三十条)."""
    from django.utils import timezone

    from yiwang.disclosure.models.requests import ExtensionState, RequestStatus

    today = today or timezone.localdate()
    pauses = [
        Pause(p.started_on, p.ended_on)
        for p in request.pauses.all()
        if p.started_on >= request.clock_received_on
    ]
    approved = request.extension_state == ExtensionState.APPROVED
    return compute(
        received_on=request.clock_received_on,
        today=today,
        extension_days=request.extension_days if approved else 0,
        pauses=pauses,
        awaiting_correction=request.status == RequestStatus.AWAITING_CORRECTION,
    )
