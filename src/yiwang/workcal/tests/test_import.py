"""Importing a year from CSV or Excel: all of it or nothing, every bad row listed."""

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from yiwang.audit.models import AuditRecord
from yiwang.workcal import exports, services, workdays
from yiwang.workcal.imports import ImportRejected
from yiwang.workcal.models import CalendarYear, SpecialDay

pytestmark = pytest.mark.django_db

# A made-up arrangement for a year the package does not know.
GOOD_2031_CSV = """日期,类型,名称
2031-10-01,节假日,国庆节
2031-10-02,节假日,国庆节
2031-10-03,节假日,国庆节
2031-10-04,节假日,国庆节
2031-10-05,节假日,国庆节
2031-10-06,节假日,国庆节
2031-10-07,节假日,国庆节
2031-09-28,调休上班,国庆节
2031-10-11,调休上班,国庆节
"""


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_good_csv_loads_a_new_year_and_ends_the_fallback(platform_admin):
    assert workdays.year_status(2031).is_fallback
    result = services.year_import(
        actor=platform_admin, data=GOOD_2031_CSV.encode(), filename="2031.csv"
    )
    assert (result.year, result.holidays, result.workdays) == (2031, 7, 2)
    status = workdays.year_status(2031)
    assert (status.source, status.is_fallback) == ("import", False)
    assert workdays.add_working_days(date(2031, 9, 30), 1) == date(2031, 10, 8)
    assert workdays.is_working_day(date(2031, 9, 28))  # a Sunday, worked
    assert CalendarYear.objects.get(year=2031).note == "2031.csv"
    assert AuditRecord.objects.filter(action="workcal.year.import", object_id="2031").exists()


def test_xlsx_with_date_cells_and_english_headers():
    data = xlsx(
        [
            ["date", "kind", "name"],
            [datetime(2031, 1, 1), "holiday", "New Year"],
            [date(2031, 1, 2), "HOLIDAY", ""],
            ["2031/01/04", "workday", "元旦"],  # a Saturday
        ]
    )
    result = services.year_import(actor=None, data=data, filename="2031.xlsx")
    assert (result.holidays, result.workdays) == (2, 1)
    assert not workdays.is_working_day(date(2031, 1, 2))
    assert workdays.is_working_day(date(2031, 1, 4))


def test_a_gbk_csv_saved_by_excel_is_read():
    data = GOOD_2031_CSV.encode("gb18030")
    assert services.year_import(actor=None, data=data, filename="2031.csv").rows == 9


def test_a_bad_file_imports_nothing_and_lists_every_bad_row():
    bad = (
        "日期,类型,名称\n"
        "2031-10-01,节假日,国庆节\n"  # row 2 fine
        "2031-13-01,节假日,国庆节\n"  # row 3 impossible date
        "2031-10-02,放风筝,国庆节\n"  # row 4 unknown kind
        "2031-10-06,调休上班,国庆节\n"  # row 5 a Monday cannot be an adjusted workday
        "2031-10-01,节假日,国庆节\n"  # row 6 duplicate of row 2
        ",节假日,\n"  # row 7 no date
    )
    with pytest.raises(ImportRejected) as err:
        services.year_import(actor=None, data=bad.encode(), filename="bad.csv")
    rows = [(e.row, e.column) for e in err.value.row_errors]
    assert rows == [(3, "date"), (4, "kind"), (5, "kind"), (6, "date"), (7, "date")]
    report = err.value.report()
    assert "第 3 行" in report and "Row 3" in report
    assert "与第 2 行日期重复" in report and "Same date as row 2" in report
    assert not SpecialDay.objects.filter(date__year=2031).exists()
    assert workdays.year_status(2031).is_fallback
    problem = err.value.problem()
    assert len(problem["rows"]) == 5 and problem["rows"][0]["message_en"]


def test_headers_are_required():
    with pytest.raises(ImportRejected) as err:
        services.year_import(actor=None, data=b"2031-10-01,holiday,x\n", filename="x.csv")
    assert {e.column for e in err.value.row_errors} == {"date", "kind"}


@pytest.mark.parametrize(
    ("data", "filename"),
    [(b"", "empty.csv"), (b"PK\x03\x04broken", "broken.xlsx"), (b"date,kind\n", "h.csv")],
)
def test_unreadable_or_empty_files_are_refused_cleanly(data, filename):
    with pytest.raises(ImportRejected) as err:
        services.year_import(actor=None, data=data, filename=filename)
    assert err.value.row_errors[0].row == 0


def test_reimporting_a_year_replaces_it_and_keeps_neighbouring_years():
    before_2024 = SpecialDay.objects.filter(date__year=2024).count()
    data = (
        "date,kind,name\n"
        "2025-12-31,holiday,元旦\n"  # belongs to next year's New Year arrangement
        "2026-01-01,holiday,元旦\n"
        "2026-10-01,holiday,国庆节\n"
    )
    result = services.year_import(actor=None, data=data.encode(), filename="2026.csv")
    assert (result.year, result.outside_year) == (2026, 1)
    assert SpecialDay.objects.filter(date__year=2026).count() == 2
    assert not workdays.is_working_day(date(2025, 12, 31))
    assert workdays.is_working_day(date(2026, 10, 10)) is False  # Saturday again: not imported
    assert SpecialDay.objects.filter(date__year=2024).count() == before_2024
    assert SpecialDay.objects.filter(date__year=2025).count() > 1  # 2025 kept, one row added


def test_export_then_import_round_trips():
    for fmt in ("csv", "xlsx"):
        data = exports.export_csv(2026) if fmt == "csv" else exports.export_xlsx(2026)
        before = list(SpecialDay.objects.filter(date__year=2026).values_list("date", "kind"))
        result = services.year_import(actor=None, data=data, filename=f"2026.{fmt}", year=2026)
        assert result.rows == len(before)
        after = list(SpecialDay.objects.filter(date__year=2026).values_list("date", "kind"))
        assert after == before


def test_an_explicit_year_with_no_rows_in_it_is_refused():
    with pytest.raises(ImportRejected):
        services.year_import(actor=None, data=GOOD_2031_CSV.encode(), year=2032)


def test_bad_xlsx_rows_are_numbered_as_the_spreadsheet_shows_them():
    data = xlsx(
        [
            ["日期", "类型", "名称"],
            [date(2031, 10, 1), "节假日", "国庆节"],
            [],  # a blank line keeps its number
            ["2031-02-30", "节假日", ""],
            [date(2031, 10, 2), "休假", ""],
        ]
    )
    with pytest.raises(ImportRejected) as err:
        services.year_import(actor=None, data=data, filename="2031.xlsx")
    assert [(e.row, e.column) for e in err.value.row_errors] == [(4, "date"), (5, "kind")]
    assert not SpecialDay.objects.filter(date__year=2031).exists()
