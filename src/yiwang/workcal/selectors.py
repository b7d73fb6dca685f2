"""Reads for the calendar pages, the API and the CLI."""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone

from yiwang.workcal import workdays
from yiwang.workcal.models import CalendarYear, DayKind, SpecialDay, WorkSchedule


@dataclass(frozen=True)
class YearRow:
    year: int
    source: str  # seed | import | admin | none
    is_fallback: bool
    holidays: int
    workdays: int
    note: str
    updated_at: datetime | None


def years_overview(*, extra_years: tuple[int, ...] = ()) -> list[YearRow]:
    """Every loaded year, plus this year and next (and ``extra_years``) even when missing:
    those are the ones whose absence matters to deadlines being computed now."""
    today = timezone.localdate()
    counts: dict[int, dict[str, int]] = {}
    for year, kind, n in (
        SpecialDay.objects.annotate(y=ExtractYear("date"))
        .values_list("y", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts.setdefault(year, {})[kind] = n
    statuses = {s.year: s for s in CalendarYear.objects.all()}
    years = set(statuses) | {today.year, today.year + 1} | set(extra_years)
    rows = []
    for year in sorted(years):
        status = statuses.get(year)
        c = counts.get(year, {})
        rows.append(
            YearRow(
                year=year,
                source=status.source if status else "none",
                is_fallback=status is None,
                holidays=c.get(DayKind.HOLIDAY, 0),
                workdays=c.get(DayKind.WORKDAY, 0),
                note=status.note if status else "",
                updated_at=status.updated_at if status else None,
            )
        )
    return rows


def special_days(*, year: int) -> list[SpecialDay]:
    return list(SpecialDay.objects.filter(date__gte=date(year, 1, 1), date__lte=date(year, 12, 31)))


@dataclass(frozen=True)
class Cell:
    date: date
    in_month: bool
    is_working_day: bool
    kind: str  # holiday | workday | weekday | weekend
    name: str
    is_today: bool


def month_grid(*, year: int, month: int) -> list[list[Cell]]:
    """Weeks (Monday first) of one month, each day with its working-day status."""
    today = timezone.localdate()
    weeks = []
    for week in _calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells = []
        for day in week:
            info = workdays.day_info(day)
            cells.append(
                Cell(
                    date=day,
                    in_month=day.month == month,
                    is_working_day=info.is_working_day,
                    kind=info.kind,
                    name=info.name,
                    is_today=day == today,
                )
            )
        weeks.append(cells)
    return weeks


def active_schedule() -> WorkSchedule:
    """The active schedule, or an unsaved one with the defaults when none is stored."""
    return WorkSchedule.objects.filter(is_active=True).first() or WorkSchedule(version=0)


def export_rows(*, year: int) -> list[SpecialDay]:
    """The special days of ``year`` as an import file would list them (no override rows)."""
    return [d for d in special_days(year=year) if d.kind != DayKind.NORMAL]
