"""Reading a year's holidays from CSV or Excel, with every bad row reported.

Columns: date, kind, name (or 日期, 类型, 名称); kinds holiday / workday (or 节假日 / 调休上班).
Parsing never stops at the first problem: it returns every row it understood and every row it
did not, so the person fixing the file sees the whole list at once. Row numbers are the ones a
spreadsheet shows (the header is row 1).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import InvalidInput, bilingual

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
NAME_MAX = 100

_HEADERS = {
    "date": {"date", "日期"},
    "kind": {"kind", "type", "类型", "类别"},
    "name": {"name", "名称", "节日", "节假日名称", "说明"},
}
_KINDS = {
    "holiday": "holiday",
    "节假日": "holiday",
    "假日": "holiday",
    "放假": "holiday",
    "休": "holiday",
    "workday": "workday",
    "调休上班": "workday",
    "调休工作日": "workday",
    "补班": "workday",
    "上班": "workday",
    "班": "workday",
}
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
COLUMN_LABELS = {"date": _("日期"), "kind": _("类型"), "name": _("名称"), "file": _("文件")}


@dataclass(frozen=True)
class ParsedRow:
    row: int
    date: date
    kind: str
    name: str


@dataclass(frozen=True)
class RowError:
    row: int  # 0 for a problem with the file as a whole
    column: str  # date | kind | name | file
    value: str
    message: Any  # lazy Chinese msgid

    def text(self, language: str) -> str:
        from django.utils import translation

        with translation.override(language):
            where = str(format_lazy(_("第 {row} 行"), row=self.row)) if self.row else str(_("文件"))
            column = str(COLUMN_LABELS.get(self.column, self.column))
            quoted = f"“{self.value}”" if language.startswith("zh") else f'"{self.value}"'
            value = f" {quoted}" if self.value else ""
            return f"{where} [{column}]{value}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        zh, en = bilingual(self.message)
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": zh,
            "message_en": en,
        }


class ImportRejected(InvalidInput):
    """The file was not imported; ``row_errors`` lists every problem found."""

    def __init__(self, row_errors: list[RowError]):
        from yiwang.core.errors import FieldError

        self.row_errors = row_errors
        field_errors = [
            FieldError(
                f"file.row{e.row}.{e.column}" if e.row else "file",
                format_lazy("{where}: {message}", where=_where(e.row), message=e.message),
                code="import-row" if e.row else "import-file",
            )
            for e in row_errors
        ]
        super().__init__(
            format_lazy(
                _("文件未导入：发现 {count} 处错误，请全部改正后重新上传"), count=len(row_errors)
            ),
            field_errors=field_errors,
            extra={"rows": [e.as_dict() for e in row_errors]},
        )

    def report(self) -> str:
        """Every problem, each in Chinese then English, one per line."""
        return "\n".join(f"{e.text('zh-hans')} / {e.text('en')}" for e in self.row_errors)


def _where(row: int) -> Any:
    return format_lazy(_("第 {row} 行"), row=row) if row else _("文件")


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_iso_date(text: str) -> date | None:
    """``YYYY-MM-DD`` and nothing else (fromisoformat alone also takes 20250930, 2025-W40-2)."""
    text = (text or "").strip()
    if not _ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _clip(value: Any) -> str:
    text = "" if value is None else str(value).strip()
    return text if len(text) <= 40 else text[:39] + "…"


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else None
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return date(*(int(g) for g in match.groups()))
            except ValueError:
                return None
    return None


def _rows_from_csv(data: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ImportRejected([RowError(0, "file", "", _("无法识别文件的文字编码，请另存为 UTF-8"))])
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def _rows_from_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ImportRejected(
            [RowError(0, "file", "", _("无法读取 Excel 文件，请确认是 .xlsx 格式且未损坏"))]
        ) from None
    try:
        sheet = book.worksheets[0]
        return [
            list(r)
            for r, _i in zip(sheet.iter_rows(values_only=True), range(MAX_ROWS + 2), strict=False)
        ]
    finally:
        book.close()


def read_table(data: bytes, filename: str = "") -> list[list[Any]]:
    """The file's rows as lists of cell values (CSV or .xlsx, told apart by content)."""
    if len(data) > MAX_BYTES:
        raise ImportRejected([RowError(0, "file", "", _("文件过大（上限 2 MB）"))])
    if not data.strip():
        raise ImportRejected([RowError(0, "file", "", _("文件是空的"))])
    if data[:4] == b"PK\x03\x04":  # .xlsx is a zip archive
        return _rows_from_xlsx(data)
    if filename.lower().endswith((".xlsx", ".xls")):
        raise ImportRejected(
            [RowError(0, "file", "", _("无法读取 Excel 文件，请确认是 .xlsx 格式且未损坏"))]
        )
    return _rows_from_csv(data)


def _header_map(header: list[Any]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        label = str(cell or "").strip().lower()
        for column, names in _HEADERS.items():
            if label in names and column not in columns:
                columns[column] = index
    return columns


def parse(data: bytes, filename: str = "") -> tuple[list[ParsedRow], list[RowError]]:
    """Every good row and every bad row of the file."""
    table = read_table(data, filename)
    blank = [i for i, r in enumerate(table) if not any(str(c or "").strip() for c in r)]
    first = next((i for i in range(len(table)) if i not in blank), None)
    if first is None:
        raise ImportRejected([RowError(0, "file", "", _("文件是空的"))])
    columns = _header_map(table[first])
    missing = [c for c in ("date", "kind") if c not in columns]
    if missing:
        raise ImportRejected(
            [
                RowError(
                    first + 1,
                    column,
                    "",
                    _("缺少表头列：需要“日期/date”“类型/kind”，可选“名称/name”"),
                )
                for column in missing
            ]
        )
    body = [(i + 1, r) for i, r in enumerate(table) if i > first and i not in blank]
    if not body:
        raise ImportRejected([RowError(0, "file", "", _("文件中没有数据行"))])
    if len(body) > MAX_ROWS:
        raise ImportRejected([RowError(0, "file", "", _("数据行过多（上限 2000 行）"))])

    def cell(row: list[Any], column: str) -> Any:
        index = columns.get(column)
        return row[index] if index is not None and index < len(row) else None

    good: list[ParsedRow] = []
    bad: list[RowError] = []
    seen: dict[date, int] = {}
    for number, row in body:
        raw_date, raw_kind = cell(row, "date"), cell(row, "kind")
        name = str(cell(row, "name") or "").strip()
        errors_before = len(bad)
        day = _parse_date(raw_date)
        if day is None:
            message = _("请填写日期") if raw_date in (None, "") else _("日期无效，应为 YYYY-MM-DD")
            bad.append(RowError(number, "date", _clip(raw_date), message))
        kind = _KINDS.get(str(raw_kind or "").strip().lower())
        if kind is None:
            bad.append(
                RowError(
                    number,
                    "kind",
                    _clip(raw_kind),
                    _("类型应为“节假日/holiday”或“调休上班/workday”"),
                )
            )
        if len(name) > NAME_MAX:
            bad.append(RowError(number, "name", _clip(name), _("名称不能超过 100 个字符")))
        if day is not None and kind == "workday" and day.weekday() < 5:
            bad.append(RowError(number, "kind", _clip(raw_kind), _("调休上班日应为周六或周日")))
        if day is not None and day in seen:
            bad.append(
                RowError(
                    number,
                    "date",
                    _clip(raw_date),
                    format_lazy(_("与第 {row} 行日期重复"), row=seen[day]),
                )
            )
        elif day is not None:
            seen[day] = number
        if len(bad) == errors_before and day is not None and kind is not None:
            good.append(ParsedRow(number, day, kind, name))
    return good, bad


def main_year(rows: list[ParsedRow]) -> int:
    """The year most rows fall in: a notice for 2024 may list 30 and 31 December 2023."""
    counts = Counter(r.date.year for r in rows)
    return max(counts, key=lambda y: (counts[y], y))
