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

Speed: a year's special days are loaded once per process and kept until the calendar revision
changes. Services bump the revision on every edit (database row in the edit's transaction,
Django cache on commit); a process looks at it at most every ``YIWANG_WORKCAL_CHECK_SECONDS``
(default 1 s) and reloads when it moved. Edits made in this process are seen at once.
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading
import time as _time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction
from django.utils import timezone

logger = logging.getLogger("yiwang.workcal")

CACHE_KEY = "yiwang:workcal:revision"
HOLIDAY, WORKDAY, NORMAL = "holiday", "workday", "normal"
_ONE_DAY = timedelta(days=1)
_HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class YearStatus:
    year: int
    source: str  # seed | import | admin, or "none" when the year has no data
    is_fallback: bool


@dataclass(frozen=True)
class DayInfo:
    date: date
    is_working_day: bool
    kind: str  # holiday | workday | weekday | weekend (ordinary days)
    name: str
    is_fallback: bool


@dataclass
class _Year:
    status: YearStatus
    days: dict[date, tuple[str, str]]  # date -> (kind, name)
    holidays: frozenset[date] = field(init=False)
    workdays: frozenset[date] = field(init=False)

    def __post_init__(self) -> None:
        self.holidays = frozenset(d for d, (k, _n) in self.days.items() if k == HOLIDAY)
        self.workdays = frozenset(d for d, (k, _n) in self.days.items() if k == WORKDAY)


@dataclass
class _Snapshot:
    revision: int | None
    years: dict[int, _Year] = field(default_factory=dict)
    periods: tuple[tuple[time, time], ...] | None = None
    packaged: bool = False  # read the chinese-calendar package, not the database

    def year(self, year: int) -> _Year:
        data = self.years.get(year)
        if data is None:
            data = self.years[year] = _packaged_year(year) if self.packaged else _load_year(year)
        return data

    def is_working(self, d: date) -> bool:
        data = self.year(d.year)
        if d in data.holidays:
            return False
        return d in data.workdays or d.weekday() < 5

    def schedule(self) -> tuple[tuple[time, time], ...]:
        if self.periods is None:
            self.periods = _load_periods()
        return self.periods


# --- loading --------------------------------------------------------------------------------

_warned_years: set[int] = set()


def _load_year(year: int) -> _Year:
    from yiwang.workcal.models import CalendarYear, SpecialDay

    rows = SpecialDay.objects.filter(
        date__gte=date(year, 1, 1), date__lte=date(year, 12, 31)
    ).values_list("date", "kind", "name")
    source = CalendarYear.objects.filter(year=year).values_list("source", flat=True).first()
    if source is None and year not in _warned_years:
        _warned_years.add(year)
        logger.warning(
            "workcal: no holiday data for %s, counting weekends only; load the year with "
            "'yiwang calendar import' (%s 年没有节假日数据，暂按周末计算)",
            year,
            year,
        )
    status = YearStatus(year, source or "none", source is None)
    return _Year(status, {d: (k, n) for d, k, n in rows})


def _packaged_year(year: int) -> _Year:
    from yiwang.workcal.seed import packaged_days

    days = packaged_days(year)
    return _Year(YearStatus(year, "seed" if days else "none", not days), days)


@contextlib.contextmanager
def using_packaged_data() -> Iterator[None]:
    """Compute from the chinese-calendar package and the default hours, ignoring the database:
    for the CLI on a machine whose database is not set up yet."""
    from yiwang.workcal.models import DEFAULT_PERIODS

    token = _override.set(_Snapshot(revision=None, periods=DEFAULT_PERIODS, packaged=True))
    try:
        yield
    finally:
        _override.reset(token)


def _load_periods() -> tuple[tuple[time, time], ...]:
    from yiwang.workcal.models import DEFAULT_PERIODS, WorkSchedule

    row = WorkSchedule.objects.filter(is_active=True).first()
    if row is None:
        return DEFAULT_PERIODS
    return periods_of(row.morning_start, row.morning_end, row.afternoon_start, row.afternoon_end)


def periods_of(ms: time, me: time, as_: time, ae: time) -> tuple[tuple[time, time], ...]:
    """The day's working periods; a morning running straight into the afternoon is one."""
    if me == as_:
        return ((ms, ae),)
    return ((ms, me), (as_, ae))


# --- the per-process cache and its revision ---------------------------------------------------

_lock = threading.Lock()
_state: dict = {"snapshot": None, "checked_at": 0.0}
_local = threading.local()  # per thread: the open transaction that edited the calendar
_override: ContextVar[_Snapshot | None] = ContextVar("workcal_override", default=None)


def _shared_cache() -> bool:
    return not isinstance(caches["default"], LocMemCache | DummyCache)


def _db_revision() -> int:
    from yiwang.workcal.models import CalendarRevision

    value = CalendarRevision.objects.filter(pk=1).values_list("revision", flat=True).first()
    return value or 0


def _current_revision() -> int:
    """The calendar revision other processes have committed."""
    if _shared_cache():
        value = caches["default"].get(CACHE_KEY)
        if value is None:
            value = _db_revision()
            caches["default"].add(CACHE_KEY, value, timeout=None)
        return int(value)
    # A process-local cache cannot tell us about other processes' edits: ask the database.
    return _db_revision()


def _editing_transaction() -> bool:
    """True while this thread is inside a transaction that changed the calendar."""
    marked = getattr(_local, "atomic", None)
    if marked is None:
        return False
    if connection.in_atomic_block and connection.atomic_blocks[0] is marked:
        return True
    _local.atomic = None  # that transaction is over (rolled back, or committed elsewhere)
    return False


def _snapshot() -> _Snapshot:
    override = _override.get()
    if override is not None:
        return override
    if _editing_transaction():
        # Uncommitted edits: read them fresh and keep them out of the shared cache, which
        # must never hold data a rollback could take back.
        return _Snapshot(revision=None)
    now = _time.monotonic()
    snap = _state["snapshot"]
    ttl = float(getattr(settings, "YIWANG_WORKCAL_CHECK_SECONDS", 1.0))
    if snap is not None and now - _state["checked_at"] < ttl:
        return snap
    revision = _current_revision()
    with _lock:
        snap = _state["snapshot"]
        if snap is None or snap.revision != revision:
            snap = _state["snapshot"] = _Snapshot(revision=revision)
        _state["checked_at"] = now
    return snap


def invalidate() -> None:
    """Forget this process's cached calendar (tests, or after editing rows by hand)."""
    with _lock:
        _state["snapshot"] = None
        _state["checked_at"] = 0.0


def note_edit() -> None:
    """Called by every service that writes the calendar, inside its transaction.

    Bumps the database revision now (it commits or rolls back with the edit) and, once the
    transaction commits, mirrors it into the Django cache for the other processes.
    """
    from django.db.models import F

    from yiwang.workcal.models import CalendarRevision

    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("note_edit() must run inside atomic()")
    if not CalendarRevision.objects.filter(pk=1).update(revision=F("revision") + 1):
        CalendarRevision.objects.create(pk=1, revision=2)
    _local.atomic = connection.atomic_blocks[0]
    transaction.on_commit(_publish)


def _publish() -> None:
    revision = _db_revision()
    try:
        caches["default"].set(CACHE_KEY, revision, timeout=None)
    except Exception:  # the cache being down must not undo an edit that has committed
        logger.exception("workcal: could not publish calendar revision %s", revision)
    _local.atomic = None
    invalidate()


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
    return _snapshot().is_working(_as_date(d))


def day_info(d: date) -> DayInfo:
    """What kind of day ``d`` is, with the holiday's name, for display."""
    d = _as_date(d)
    data = _snapshot().year(d.year)
    kind, name = data.days.get(d, (NORMAL, ""))
    working = d not in data.holidays and (d in data.workdays or d.weekday() < 5)
    if kind == NORMAL:
        kind, name = ("weekday" if d.weekday() < 5 else "weekend"), ""
    return DayInfo(d, working, kind, name, data.status.is_fallback)


def year_status(year: int) -> YearStatus:
    return _snapshot().year(int(year)).status


def add_working_days(d: date, n: int) -> date:
    """The day reached after landing on ``n`` working days from ``d`` (see module doc)."""
    d = _as_date(d)
    n = int(n)
    snap = _snapshot()
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
    snap = _snapshot()
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
    snap = _snapshot()
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
    snap = _snapshot()
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
    return _snapshot().schedule()
