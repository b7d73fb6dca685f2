"""Writing the catalogue (or part of it) as an .xlsx workbook."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable

from yiwang.catalog.excel.columns import (
    CHOICES,
    FAQ,
    ITEMS,
    MATERIALS,
    SHEETS,
    STEPS,
    Column,
    labels,
)
from yiwang.catalog.models import ServiceItem


def _item_cell(item: ServiceItem, column: Column):
    key = column.key
    if key == "department":
        return item.department.code
    if key == "department_name":
        return item.department.name
    if key == "channels":
        names = labels(CHOICES["channels"])
        return "、".join(names.get(c, c) for c in item.channels or [])
    if key in CHOICES:
        return labels(CHOICES[key]).get(getattr(item, key), getattr(item, key))
    if key == "fee":
        return float(item.fee)
    if key == "form_schema":
        return json.dumps(item.form_schema, ensure_ascii=False) if item.form_schema else ""
    return getattr(item, key)


def _yes(value: bool) -> str:
    return "是" if value else "否"


def export_workbook(items: Iterable[ServiceItem]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheets = {}
    for n, (title, columns) in enumerate(SHEETS.items()):
        sheet = book.active if n == 0 else book.create_sheet()
        sheet.title = title
        sheet.append([c.header for c in columns])
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=index)
            cell.font = Font(bold=True)
            letter = cell.column_letter
            sheet.column_dimensions[letter].width = column.width
        sheet.freeze_panes = "A2"
        sheets[title] = sheet
    wrap = Alignment(wrap_text=True, vertical="top")
    for item in items:
        sheets[ITEMS].append([_item_cell(item, c) for c in SHEETS[ITEMS]])
        for m in item.materials.all():
            sheets[MATERIALS].append(
                [
                    item.code, m.code, m.name, _yes(m.required),
                    "原件" if m.original else "复印件", m.copies, m.certificate_type,
                    m.shared_data, m.accepts, m.description,
                ]
            )  # fmt: skip
        for s in item.special_steps.all():
            sheets[STEPS].append(
                [item.code, s.name, _yes(s.counts_toward_limit), s.max_days, s.description]
            )
        for entry in item.faq or []:
            sheets[FAQ].append([item.code, entry.get("q", ""), entry.get("a", "")])
    for sheet in sheets.values():
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and ("\n" in cell.value or len(cell.value) > 30):
                    cell.alignment = wrap
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
