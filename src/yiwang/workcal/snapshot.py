"""The per-process calendar cache behind ``workdays``: which years are loaded, their special
days, the working periods, and the revision that tells a process its copy is stale.

A year's special days are loaded once per process and kept until the calendar revision
changes. Services call ``note_edit()`` on every write: it bumps the revision row in the
edit's transaction and, once that commits, publishes the new value to the Django cache.
``current()`` looks at the revision at most every ``YIWANG_WORKCAL_CHECK_SECONDS`` (default
1 s) — in the Django cache when it is shared (Redis), else in the database, since a
process-local cache cannot hear about other processes' edits. Reads inside a transaction that
edited the calendar bypass the cache, so a rollback can never leave stale data behind.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time as _time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction

logger = logging.getLogger("yiwang.workcal")

CACHE_KEY = "yiwang:workcal:revision"
HOLIDAY, WORKDAY, NORMAL = "holiday", "workday", "normal"


@dataclass(frozen=True)
class YearStatus:
    year: int
    source: str  # seed | import | admin, or "none" when the year has no data
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


def current() -> _Snapshot:
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
