"""Reading a catalogue workbook into plain rows, and the errors a bad file gives.

Nothing stops at the first problem: every row of every sheet is read and every problem is
reported with its sheet, row (as a spreadsheet numbers it; the header is row 1) and column.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from yiwang.catalog.excel.columns import CHOICES, ITEMS, SHEETS, reverse_labels
from yiwang.core.errors import FieldError, InvalidInput, bilingual

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000


@dataclass(frozen=True)
class RowError:
    sheet: str  # "" for the file as a whole
    row: int  # 0 for the sheet or file as a whole
    column: str  # header text, "" when the whole row
    value: str
    message: Any  # lazy Chinese msgid

    def where(self) -> str:
        parts = [self.sheet or "文件"]
        if self.row:
            parts.append(f"第 {self.row} 行")
        if self.column:
            parts.append(f"[{self.column}]")
        return " ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        zh, en = bilingual(self.message)
        return {
            "sheet": self.sheet, "row": self.row, "column": self.column, "value": self.value,
            "message": zh, "message_en": en,
        }  # fmt: skip

    def text(self) -> str:
        zh, en = bilingual(self.message)
        value = f" “{self.value}”" if self.value else ""
        return f"{self.where()}{value}: {zh} / {en}"


class ImportRejected(InvalidInput):
    """Nothing was imported; ``row_errors`` lists every problem found."""

    def __init__(self, row_errors: list[RowError]):
        self.row_errors = row_errors
        super().__init__(
            format_lazy(
                _("文件未导入：发现 {count} 处错误，请全部改正后重新上传"), count=len(row_errors)
            ),
            field_errors=[
                FieldError(
                    f"{e.sheet}.row{e.row}.{e.column}" if e.row else "file",
                    format_lazy("{where}: {message}", where=e.where(), message=e.message),
                    "import-row" if e.row else "import-file",
                )
                for e in row_errors[:200]
            ],
            extra={"rows": [e.as_dict() for e in row_errors]},
        )

    def report(self) -> str:
        return "\n".join(e.text() for e in self.row_errors)


def clip(value: Any) -> str:
    text = "" if value is None else str(value).strip()
    return text if len(text) <= 40 else text[:39] + "…"


@dataclass
class SheetRow:
    number: int
    values: dict[str, Any]  # column key → raw cell value


def _cell_text(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _read_sheet(sheet, title: str, errors: list[RowError]) -> list[SheetRow]:
    columns = SHEETS[title]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    by_header = {str(h or "").strip(): i for i, h in enumerate(header)}
    positions = {}
    for column in columns:
        if column.header in by_header:
            positions[column.key] = by_header[column.header]
        elif column.key not in ("department_name", "status"):
            errors.append(
                RowError(
                    title, 1, column.header, "",
                    _("缺少这一列（请使用导出的模板，表头不要改动）"),
                )
            )  # fmt: skip
    out: list[SheetRow] = []
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            errors.append(RowError(title, 0, "", "", _("数据行过多（每个工作表上限 5000 行）")))
            break
        if not any(str(c or "").strip() for c in row):
            continue
        values = {key: _cell_text(row[i]) if i < len(row) else None for key, i in positions.items()}
        out.append(SheetRow(number, values))
    return out


def read_workbook(data: bytes) -> tuple[dict[str, list[SheetRow] | None], list[RowError]]:
    """Rows of each sheet (None for an absent optional sheet) and the file's problems."""
    from openpyxl import load_workbook

    if len(data) > MAX_BYTES:
        raise ImportRejected([RowError("", 0, "", "", _("文件过大（上限 10 MB）"))])
    if data[:4] != b"PK\x03\x04":
        raise ImportRejected([RowError("", 0, "", "", _("请上传 Excel .xlsx 文件"))])
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ImportRejected(
            [RowError("", 0, "", "", _("无法读取 Excel 文件，请确认是 .xlsx 格式且未损坏"))]
        ) from None
    errors: list[RowError] = []
    try:
        if ITEMS not in book.sheetnames:
            raise ImportRejected([RowError(ITEMS, 0, "", "", _("缺少工作表“事项”"))])
        sheets = {
            title: _read_sheet(book[title], title, errors) if title in book.sheetnames else None
            for title in SHEETS
        }
    finally:
        book.close()
    if not sheets[ITEMS]:
        errors.append(RowError(ITEMS, 0, "", "", _("工作表“事项”中没有数据行")))
    return sheets, errors


def choice_value(key: str, raw: Any) -> str | None:
    text = "" if raw is None else str(raw).strip()
    return reverse_labels(CHOICES[key]).get(text)


def channel_values(raw: Any) -> list[str] | None:
    import re

    words = [w for w in re.split(r"[、,，;；\s]+", str(raw or "")) if w]
    table = reverse_labels(CHOICES["channels"])
    values = [table.get(w) for w in words]
    return None if None in values else values


def schema_value(raw: Any) -> tuple[bool, Any]:
    text = "" if raw is None else str(raw).strip()
    if not text:
        return True, {}
    try:
        return True, json.loads(text)
    except ValueError:
        return False, None
