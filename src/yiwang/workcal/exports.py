"""Writing a year's special days as CSV or .xlsx, in the columns the importer reads back."""

from __future__ import annotations

import csv
import io

from yiwang.workcal import selectors
from yiwang.workcal.models import DayKind

# Chinese headers and kinds: the file goes to people who edit it in a spreadsheet and import
# it again next year, and the importer reads both languages.
HEADER = ("日期", "类型", "名称")
_KIND_LABELS = {DayKind.HOLIDAY: "节假日", DayKind.WORKDAY: "调休上班"}


def _rows(year: int) -> list[tuple[str, str, str]]:
    return [
        (d.date.isoformat(), _KIND_LABELS[d.kind], d.name) for d in selectors.export_rows(year=year)
    ]


def export_csv(year: int, *, bom: bool = True) -> bytes:
    """UTF-8 CSV; with a byte-order mark by default so Excel shows the Chinese correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(_rows(year))
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def export_xlsx(year: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = str(year)
    sheet.append(HEADER)
    for d in selectors.export_rows(year=year):
        sheet.append([d.date, _KIND_LABELS[d.kind], d.name])
        sheet.cell(row=sheet.max_row, column=1).number_format = "yyyy-mm-dd"
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 24
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
