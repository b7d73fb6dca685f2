"""Writes to the working-day calendar. Every one is checked, audited and bumps the revision.

``actor=None`` marks a trusted system path (CLI, migrations, the demo loader); any other actor
must hold ``workcal.manage``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from yiwang.audit.services import audit_record
from yiwang.core.errors import Conflict, FieldError, InvalidInput
from yiwang.org.permissions import require
from yiwang.workcal import imports, seed, workdays
from yiwang.workcal.models import (
    CalendarYear,
    DayKind,
    Source,
    SpecialDay,
    WorkSchedule,
)

MIN_YEAR, MAX_YEAR = 1900, 2100
CLEAR = "clear"


def _check(actor: Any) -> None:
    if actor is not None:
        require(actor, "workcal.manage")


def validate_day(*, day: Any, kind: str, name: str = "") -> list[FieldError]:
    """Field errors for setting ``day`` to ``kind`` (holiday | workday | clear)."""
    errors: list[FieldError] = []
    if not isinstance(day, date):
        errors.append(FieldError("date", _("日期无效，应为 YYYY-MM-DD"), "invalid"))
    elif not MIN_YEAR <= day.year <= MAX_YEAR:
        errors.append(FieldError("date", _("日期超出支持范围（1900–2100 年）"), "out_of_range"))
    if kind not in (DayKind.HOLIDAY, DayKind.WORKDAY, CLEAR):
        errors.append(FieldError("kind", _("类型应为“节假日”“调休上班”或“清除”"), "invalid"))
    elif kind == DayKind.WORKDAY and isinstance(day, date) and day.weekday() < 5:
        errors.append(FieldError("kind", _("调休上班日应为周六或周日"), "not_weekend"))
    if len(name or "") > 100:
        errors.append(FieldError("name", _("名称不能超过 100 个字符"), "too_long"))
    return errors


def day_set(*, actor: Any, day: date, kind: str, name: str = "") -> SpecialDay | None:
    """Make ``day`` a holiday or an adjusted workday, or ``clear`` it back to the weekday rule.

    Clearing a day the packaged data lists leaves an explicit "ordinary day" row, so that a
    later ``calendar seed`` does not bring the day back.
    """
    _check(actor)
    name = (name or "").strip()
    errors = validate_day(day=day, kind=kind, name=name)
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        row = SpecialDay.objects.select_for_update().filter(date=day).first()
        before = [row.kind, row.name] if row else [None, None]
        if kind == CLEAR:
            if day in seed.packaged_days(day.year):
                row = _upsert(row, day, DayKind.NORMAL, "")
            elif row is not None:
                row.delete()
                row = None
        else:
            row = _upsert(row, day, kind, name)
        after = [row.kind, row.name] if row else [None, None]
        if before == after:
            return row
        audit_record(
            action="workcal.day.set",
            object_type="workcal.specialday",
            object_id=day.isoformat(),
            changes={"kind": [before[0], after[0]], "name": [before[1], after[1]]},
            summary=f"{day.isoformat()}: {after[0] or CLEAR} {after[1] or ''}".strip(),
            actor=actor,
        )
        workdays.note_edit()
    return row


def _upsert(row: SpecialDay | None, day: date, kind: str, name: str) -> SpecialDay:
    if row is None:
        return SpecialDay.objects.create(date=day, kind=kind, name=name, source=Source.ADMIN)
    row.kind, row.name, row.source = kind, name, Source.ADMIN
    row.save(update_fields=["kind", "name", "source", "updated_at"])
    return row


def year_mark_complete(*, actor: Any, year: int, complete: bool = True) -> None:
    """Declare a year's holidays fully entered by hand (or take that back): a complete year
    is no longer a fallback year."""
    _check(actor)
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise InvalidInput(
            field_errors=[FieldError("year", _("年份超出支持范围（1900–2100 年）"), "out_of_range")]
        )
    with transaction.atomic():
        status = CalendarYear.objects.select_for_update().filter(year=year).first()
        before = status.source if status else None
        if complete and status is None:
            CalendarYear.objects.create(year=year, source=Source.ADMIN, note="")
        elif not complete and status is not None:
            status.delete()
        else:
            return
        audit_record(
            action="workcal.year.complete" if complete else "workcal.year.incomplete",
            object_type="workcal.calendaryear",
            object_id=str(year),
            changes={"source": [before, Source.ADMIN if complete else None]},
            actor=actor,
        )
        workdays.note_edit()


@dataclass(frozen=True)
class ImportResult:
    year: int
    rows: int
    holidays: int
    workdays: int
    replaced: int  # rows of the year that were there before and are gone now
    outside_year: int  # rows dated in a neighbouring year (e.g. 30 Dec for next New Year)


def year_import(
    *, actor: Any, data: bytes, filename: str = "", year: int | None = None
) -> ImportResult:
    """Import a year's special days from CSV or .xlsx: all of it, or nothing.

    Rows dated in ``year`` (default: the year most rows fall in) replace that year's special
    days; rows dated in other years are set one by one and nothing else there changes. Raises
    ``imports.ImportRejected`` listing every bad row.
    """
    _check(actor)
    good, bad = imports.parse(data, filename)
    if year is not None and not MIN_YEAR <= int(year) <= MAX_YEAR:
        bad.insert(0, imports.RowError(0, "file", str(year), _("年份超出支持范围（1900–2100 年）")))
    if not bad and good:
        year = int(year) if year is not None else imports.main_year(good)
        if not any(r.date.year == year for r in good):
            bad.append(
                imports.RowError(
                    0, "file", str(year), format_lazy(_("文件中没有 {year} 年的日期"), year=year)
                )
            )
        for r in good:
            if abs(r.date.year - year) > 1:
                bad.append(
                    imports.RowError(
                        r.row,
                        "date",
                        r.date.isoformat(),
                        format_lazy(_("日期不在 {year} 年及其前后相邻年份内"), year=year),
                    )
                )
    if bad:
        raise imports.ImportRejected(sorted(bad, key=lambda e: (e.row, e.column)))
    assert year is not None
    with transaction.atomic():
        in_year = [r for r in good if r.date.year == year]
        outside = [r for r in good if r.date.year != year]
        old = SpecialDay.objects.select_for_update().filter(
            date__gte=date(year, 1, 1), date__lte=date(year, 12, 31)
        )
        new_dates = {r.date for r in in_year}
        replaced = sum(1 for d in old.values_list("date", flat=True) if d not in new_dates)
        old.delete()
        SpecialDay.objects.bulk_create(
            SpecialDay(date=r.date, kind=r.kind, name=r.name, source=Source.IMPORT) for r in in_year
        )
        for r in outside:
            SpecialDay.objects.update_or_create(
                date=r.date, defaults={"kind": r.kind, "name": r.name, "source": Source.IMPORT}
            )
        CalendarYear.objects.update_or_create(
            year=year, defaults={"source": Source.IMPORT, "note": (filename or "")[-200:]}
        )
        result = ImportResult(
            year=year,
            rows=len(good),
            holidays=sum(1 for r in good if r.kind == DayKind.HOLIDAY),
            workdays=sum(1 for r in good if r.kind == DayKind.WORKDAY),
            replaced=replaced,
            outside_year=len(outside),
        )
        audit_record(
            action="workcal.year.import",
            object_type="workcal.calendaryear",
            object_id=str(year),
            changes={"rows": [None, result.rows], "replaced": [None, replaced]},
            summary=f"{year}: {result.holidays} holidays, {result.workdays} workdays "
            f"from {filename or 'upload'}",
            actor=actor,
        )
        workdays.note_edit()
    return result


def calendar_seed(
    *, actor: Any = None, years: list[int] | None = None, force: bool = False
) -> list[seed.YearSeedResult]:
    """(Re)load the packaged holidays, keeping admin edits and imported years unless ``force``."""
    _check(actor)
    with transaction.atomic():
        results = seed.apply_seed(
            special_day_model=SpecialDay,
            calendar_year_model=CalendarYear,
            years=years,
            force=force,
        )
        changed = [r for r in results if r.changed]
        if changed or force:
            audit_record(
                action="workcal.seed",
                object_type="workcal.calendaryear",
                object_id=",".join(str(r.year) for r in changed)[:64],
                changes={
                    str(r.year): [None, f"+{r.created} ~{r.updated} -{r.deleted}"] for r in changed
                },
                summary=f"chinese-calendar {seed.package_version()}"
                + (" (force)" if force else ""),
                actor=actor,
            )
            workdays.note_edit()
    return results


def schedule_update(
    *,
    actor: Any,
    morning_start: time,
    morning_end: time,
    afternoon_start: time,
    afternoon_end: time,
    version: int | None = None,
) -> WorkSchedule:
    """Change the daily working hours. ``version`` (the one the editor saw) turns a
    concurrent edit into a 409 instead of a silent overwrite."""
    _check(actor)
    values = {
        "morning_start": morning_start,
        "morning_end": morning_end,
        "afternoon_start": afternoon_start,
        "afternoon_end": afternoon_end,
    }
    errors = validate_schedule(**values)
    if errors:
        raise InvalidInput(field_errors=errors)
    with transaction.atomic():
        row = WorkSchedule.objects.select_for_update().filter(is_active=True).first()
        if row is None:
            row = WorkSchedule(is_active=True, version=0)
        elif version is not None and int(version) != row.version:
            raise Conflict(_("工作时间已被他人修改，请刷新后重试"))
        before = {k: getattr(row, k) for k in values} if row.pk else {}
        for key, value in values.items():
            setattr(row, key, value)
        row.version += 1
        row.save()
        audit_record(
            action="workcal.hours.update",
            target=row,
            changes={
                k: [before[k].strftime("%H:%M") if k in before else None, v.strftime("%H:%M")]
                for k, v in values.items()
                if before.get(k) != v
            },
            actor=actor,
        )
        workdays.note_edit()
    return row


def validate_schedule(
    *, morning_start: Any, morning_end: Any, afternoon_start: Any, afternoon_end: Any
) -> list[FieldError]:
    values = {
        "morning_start": morning_start,
        "morning_end": morning_end,
        "afternoon_start": afternoon_start,
        "afternoon_end": afternoon_end,
    }
    errors = [
        FieldError(k, _("时间格式不正确，应为 HH:MM"), "invalid")
        for k, v in values.items()
        if not isinstance(v, time)
    ]
    if errors:
        return errors
    if not morning_start < morning_end:
        errors.append(FieldError("morning_end", _("上午下班时间应晚于上班时间"), "order"))
    if not morning_end <= afternoon_start:
        errors.append(FieldError("afternoon_start", _("下午上班时间不能早于上午下班时间"), "order"))
    if not afternoon_start < afternoon_end:
        errors.append(FieldError("afternoon_end", _("下午下班时间应晚于上班时间"), "order"))
    return errors
