"""Working-day calculators at /api/v1/calendar. Public: they reveal nothing but the calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema

from yiwang.core.errors import FieldError, InvalidInput
from yiwang.workcal import selectors, services, workdays
from yiwang.workcal.imports import parse_iso_date

router = Router(tags=["workcal"])

MAX_DAYS = 36600
ISO = "YYYY-MM-DD, e.g. 2025-09-30"


class AddOut(Schema):
    date: dt.date
    days: int
    result: dt.date
    fallback_years: list[int]


class DayOut(Schema):
    date: dt.date
    is_working_day: bool
    kind: str
    name: str
    is_fallback: bool


class BetweenOut(Schema):
    start: dt.date
    end: dt.date
    working_days: int
    fallback_years: list[int]


class YearOut(Schema):
    year: int
    source: str
    is_fallback: bool
    holidays: int
    workdays: int


def _date(value: str, field: str) -> dt.date:
    # Parsed here rather than by pydantic, which also takes Unix timestamps for dates.
    parsed = parse_iso_date(value)
    if parsed is None:
        raise InvalidInput(
            field_errors=[FieldError(field, _("日期格式不正确，应为 YYYY-MM-DD"), "invalid")]
        )
    if not services.MIN_YEAR <= parsed.year <= services.MAX_YEAR:
        raise InvalidInput(
            field_errors=[FieldError(field, _("日期超出支持范围（1900–2100 年）"), "out_of_range")]
        )
    return parsed


def _fallback_years(a: dt.date, b: dt.date) -> list[int]:
    lo, hi = min(a, b), max(a, b)
    return [y for y in range(lo.year, hi.year + 1) if workdays.year_status(y).is_fallback]


@router.get("/add", auth=None, response=AddOut, summary="A date plus N working days")
def add(request, date: str = Query(..., description=ISO), days: int = Query(...)):
    start = _date(date, "date")
    if abs(days) > MAX_DAYS:
        raise InvalidInput(
            field_errors=[FieldError("days", _("天数的绝对值不能超过 36600"), "out_of_range")]
        )
    result = workdays.add_working_days(start, days)
    if not services.MIN_YEAR <= result.year <= services.MAX_YEAR:
        raise InvalidInput(
            field_errors=[FieldError("days", _("结果超出支持范围（1900–2100 年）"), "out_of_range")]
        )
    return {
        "date": start,
        "days": days,
        "result": result,
        "fallback_years": _fallback_years(start, result),
    }


@router.get("/is-workday", auth=None, response=DayOut, summary="Is this date a working day?")
def is_workday(request, date: str = Query(..., description=ISO)):
    return asdict(workdays.day_info(_date(date, "date")))


@router.get("/between", auth=None, response=BetweenOut, summary="Working days in (start, end]")
def between(
    request, start: str = Query(..., description=ISO), end: str = Query(..., description=ISO)
):
    a, b = _date(start, "start"), _date(end, "end")
    return {
        "start": a,
        "end": b,
        "working_days": workdays.working_days_between(a, b),
        "fallback_years": _fallback_years(a, b),
    }


@router.get("/years", auth=None, response=list[YearOut], summary="Years loaded and fallbacks")
def years(request):
    return [asdict(row) for row in selectors.years_overview()]
