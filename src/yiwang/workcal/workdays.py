"""Working-day and working-hour arithmetic: the single way every deadline is computed.

Rules (documented in docs/CONTRACTS.md and the workcal tests):

- A day is a working day unless it is a statutory holiday; Saturdays and Sundays rest unless
  they are adjusted workdays (调休上班). Years with no loaded data fall back to "weekends
  rest" and are flagged by ``year_status(year).is_fallback`` and one warning per process.
- ``add_working_days(d, n)`` walks from ``d`` (never counted itself, as in 期间开始之日不计算在内)
  and returns the day on which it has landed on ``n`` working days: forwards for n > 0,
  backwards for n < 0. ``n == 0`` returns ``d`` unchanged, even on a non-working day.
- ``working_days_between(a, b)`` counts the working days landed on while walking from ``a``
  (excluded) to ``b`` (included): ``(a, b]`` forwards, ``[b, a)`` negated backwards. So
  ``working_days_between(a, add_working_days(a, n)) == n`` for every ``a`` and ``n``.
- ``add_working_hours(t, h)`` works in local wall-clock time (settings.TIME_ZONE). A start
  outside working time begins at the next working period (the previous one for h < 0); a
  result that fills a period exactly ends at that period's close (09:00 + 3 h = 12:00, not
  13:30). ``h == 0`` returns ``t`` unchanged. ``working_hours_between`` is its exact inverse.

Speed: the calendar is cached per process and reloaded when its revision moves (see
``snapshot``); a warm call does no database query.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from yiwang.workcal.snapshot import (  # noqa: F401  (re-exported: the module's public face)
    CACHE_KEY,
    NORMAL,
    YearStatus,
    _Snapshot,
    current,
    invalidate,
    note_edit,
    using_packaged_data,
)

_ONE_DAY = timedelta(days=1)
_HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class DayInfo:
    date: date
    is_working_day: bool
    kind: str  # holiday | workday | weekday | weekend (ordinary days)
    name: str
    is_fallback: bool


# --- working days ---------------------------------------------------------------------------


def _as_date(d: date) -> date:
    if isinstance(d, datetime):
        if timezone.is_aware(d):
            return timezone.localtime(d, timezone.get_default_timezone()).date()
        return d.date()
    if not isinstance(d, date):
        raise TypeError(f"expected a date, got {type(d).__name__}")
    return d


def is_working_day(d: date) -> bool:
    return current().is_working(_as_date(d))


def day_info(d: date) -> DayInfo:
    """What kind of day ``d`` is, with the holiday's name, for display."""
    d = _as_date(d)
    data = current().year(d.year)
    kind, name = data.days.get(d, (NORMAL, ""))
    working = d not in data.holidays and (d in data.workdays or d.weekday() < 5)
    if kind == NORMAL:
        kind, name = ("weekday" if d.weekday() < 5 else "weekend"), ""
    return DayInfo(d, working, kind, name, data.status.is_fallback)


def year_status(year: int) -> YearStatus:
    return current().year(int(year)).status


def add_working_days(d: date, n: int) -> date:
    """The day reached after landing on ``n`` working days from ``d`` (see module doc)."""
    d = _as_date(d)
    n = int(n)
    snap = current()
    step = _ONE_DAY if n > 0 else -_ONE_DAY
    remaining = abs(n)
    while remaining:
        d += step
        if snap.is_working(d):
            remaining -= 1
    return d


def next_working_day(d: date, *, include_self: bool = True) -> date:
    """``d`` itself when it is a working day (unless ``include_self`` is False), else the next
    one: how a deadline that falls on a rest day moves (期间届满日为节假日的顺延)."""
    d = _as_date(d)
    if include_self and is_working_day(d):
        return d
    return add_working_days(d, 1)


def _weekdays_in(lo: date, hi: date) -> int:
    days = (hi - lo).days + 1
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    start = lo.weekday()
    return weeks * 5 + sum(1 for i in range(rest) if (start + i) % 7 < 5)


def _count(snap: _Snapshot, lo: date, hi: date) -> int:
    """Working days in [lo, hi]."""
    total = 0
    for year in range(lo.year, hi.year + 1):
        seg_lo, seg_hi = max(lo, date(year, 1, 1)), min(hi, date(year, 12, 31))
        data = snap.year(year)
        total += _weekdays_in(seg_lo, seg_hi)
        total -= sum(1 for d in data.holidays if seg_lo <= d <= seg_hi and d.weekday() < 5)
        total += sum(1 for d in data.workdays if seg_lo <= d <= seg_hi and d.weekday() >= 5)
    return total


def working_days_between(a: date, b: date) -> int:
    """Working days in (a, b], or minus those in [b, a) when b is before a."""
    a, b = _as_date(a), _as_date(b)
    snap = current()
    if a < b:
        return _count(snap, a + _ONE_DAY, b)
    if b < a:
        return -_count(snap, b, a - _ONE_DAY)
    return 0


# --- working hours --------------------------------------------------------------------------


def _local_naive(t: datetime) -> datetime:
    if not isinstance(t, datetime) or timezone.is_naive(t):
        raise ValueError("working-hour arithmetic needs an aware datetime")
    return t.astimezone(timezone.get_default_timezone()).replace(tzinfo=None)


def _aware(t: datetime) -> datetime:
    return t.replace(tzinfo=timezone.get_default_timezone())


def add_working_hours(t: datetime, hours: float) -> datetime:
    """``t`` plus ``hours`` of working time (negative goes back), in local time."""
    if not math.isfinite(hours):
        raise ValueError("hours must be a finite number")
    cursor = _local_naive(t)
    remaining = timedelta(hours=hours)
    if not remaining:
        return t
    snap = current()
    periods = snap.schedule()
    day = cursor.date()
    if remaining > timedelta(0):
        while True:
            if snap.is_working(day):
                for start, end in periods:
                    begin = max(cursor, datetime.combine(day, start))
                    available = datetime.combine(day, end) - begin
                    if available <= timedelta(0):
                        continue
                    if remaining <= available:
                        return _aware(begin + remaining)
                    remaining -= available
            day += _ONE_DAY
            cursor = datetime.combine(day, time.min)
    remaining = -remaining
    while True:
        if snap.is_working(day):
            for start, end in reversed(periods):
                finish = min(cursor, datetime.combine(day, end))
                available = finish - datetime.combine(day, start)
                if available <= timedelta(0):
                    continue
                if remaining <= available:
                    return _aware(finish - remaining)
                remaining -= available
        cursor = datetime.combine(day, time.min)
        day -= _ONE_DAY


def working_hours_between(a: datetime, b: datetime) -> float:
    """Hours of working time between ``a`` and ``b`` (negative when b is before a)."""
    la, lb = _local_naive(a), _local_naive(b)
    if lb < la:
        return -working_hours_between(b, a)
    snap = current()
    periods = snap.schedule()
    total = timedelta(0)
    day = la.date()
    while day <= lb.date():
        if snap.is_working(day):
            for start, end in periods:
                lo = max(la, datetime.combine(day, start))
                hi = min(lb, datetime.combine(day, end))
                if hi > lo:
                    total += hi - lo
        day += _ONE_DAY
    return total / _HOUR


def working_periods() -> tuple[tuple[time, time], ...]:
    """The active schedule's daily periods, e.g. ((09:00, 12:00), (13:30, 17:30))."""
    return current().schedule()
