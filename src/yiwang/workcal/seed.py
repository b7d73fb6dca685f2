"""Statutory holidays and adjusted workdays from the ``chinese-calendar`` package.

``apply_seed`` takes the model classes as arguments so the data migration can run it with the
historical models and ``services.calendar_seed`` with the real ones (adding the audit record
and the cache bump). It never overwrites what people decided: rows an admin set or a file
imported stay, and a year that was imported or completed by hand is skipped, unless
``force`` asks for the packaged data exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

HOLIDAY, WORKDAY = "holiday", "workday"
SEED, IMPORT, ADMIN = "seed", "import", "admin"

# The package's own Chinese names are short forms; these are the names on the State Council's
# notices (国务院办公厅关于部分节假日安排的通知).
_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def package_version() -> str:
    try:
        from importlib.metadata import version

        return version("chinese_calendar")
    except Exception:  # pragma: no cover - metadata missing in an odd install
        return "?"


@cache
def _package_days() -> dict[int, dict[date, tuple[str, str]]]:
    from chinese_calendar import constants

    by_year: dict[int, dict[date, tuple[str, str]]] = {}
    for kind, table in ((HOLIDAY, constants.holidays), (WORKDAY, constants.workdays)):
        for day, english in table.items():
            by_year.setdefault(day.year, {})[day] = (kind, _NAMES.get(english, english))
    return by_year


def known_years() -> list[int]:
    """The years the installed package has data for (2004–2026 in chinese-calendar 1.11)."""
    return sorted(_package_days())


def packaged_days(year: int) -> dict[date, tuple[str, str]]:
    """``{date: (kind, name)}`` for the special days of ``year`` in the package."""
    return dict(_package_days().get(year, {}))


@dataclass
class YearSeedResult:
    year: int
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept: int = 0  # rows left alone because an admin or an import set them
    skipped: bool = False  # the whole year was imported or completed by hand

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def apply_seed(
    *, special_day_model: Any, calendar_year_model: Any, years=None, force: bool = False
) -> list[YearSeedResult]:
    """Load the packaged data for ``years`` (default: every year the package knows)."""
    results = []
    note = f"chinese-calendar {package_version()}"
    for year in sorted(set(years)) if years else known_years():
        package = packaged_days(year)
        result = YearSeedResult(year)
        results.append(result)
        if not package:
            result.skipped = True
            continue
        status = calendar_year_model.objects.filter(year=year).first()
        if status is not None and status.source != SEED and not force:
            result.skipped = True
            continue
        existing = {
            row.date: row
            for row in special_day_model.objects.filter(
                date__gte=date(year, 1, 1), date__lte=date(year, 12, 31)
            )
        }
        to_create = []
        for day, (kind, name) in sorted(package.items()):
            row = existing.get(day)
            if row is None:
                to_create.append(special_day_model(date=day, kind=kind, name=name, source=SEED))
            elif row.source == SEED or force:
                if (row.kind, row.name, row.source) != (kind, name, SEED):
                    row.kind, row.name, row.source = kind, name, SEED
                    row.save(update_fields=["kind", "name", "source", "updated_at"])
                    result.updated += 1
            else:
                result.kept += 1
        special_day_model.objects.bulk_create(to_create)
        result.created = len(to_create)
        stale = [
            row.pk
            for day, row in existing.items()
            if day not in package and (row.source == SEED or force)
        ]
        if stale:
            result.deleted = special_day_model.objects.filter(pk__in=stale).delete()[0]
        if status is None:
            calendar_year_model.objects.create(year=year, source=SEED, note=note)
        elif (status.source, status.note) != (SEED, note):
            status.source, status.note = SEED, note
            status.save(update_fields=["source", "note", "updated_at"])
    return results
