"""Importing a catalogue workbook: every row checked, every problem reported, all or nothing.

Items are matched by 事项编码: new codes are created, known ones updated; for every item in the
事项 sheet the rows of the 材料 / 特殊环节 / 常见问题 sheets (when the sheet is present) replace
its lists. Status is not imported: lifecycle changes need a reason and go through the
lifecycle service, so a status that differs from the item's is reported as an error.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from yiwang.audit.services import audit_record
from yiwang.catalog.actions import MANAGE
from yiwang.catalog.excel.columns import FAQ, ITEMS, MATERIALS, SHEETS, STEPS
from yiwang.catalog.excel.reader import (
    ImportRejected,
    RowError,
    SheetRow,
    channel_values,
    choice_value,
    clip,
    read_workbook,
    schema_value,
)
from yiwang.catalog.models import ItemStatus, ServiceItem
from yiwang.catalog.services.cleaning import (
    check_limits,
    clean_item_values,
    clean_materials,
    clean_special_steps,
)
from yiwang.catalog.services.items import item_create, item_update
from yiwang.core.errors import FieldError, InvalidInput
from yiwang.org.models import Department
from yiwang.org.permissions import can

HEADERS = {title: {c.key: c.header for c in columns} for title, columns in SHEETS.items()}
_INDEXED = re.compile(r"^(?:materials|special_steps|faq)\[(\d+)\](?:\.(\w+))?$")


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    materials: int
    special_steps: int


@dataclass
class PlannedItem:
    row: SheetRow
    values: dict[str, Any]
    existing: ServiceItem | None
    materials: list[dict] | None = None
    special_steps: list[dict] | None = None


def _departments(rows: list[SheetRow]) -> tuple[dict[str, Department], dict[str, list]]:
    codes = {str(r.values.get("department") or "").strip() for r in rows} - {""}
    by_code = Department.objects.in_bulk(list(codes), field_name="code")
    names = {str(r.values.get("department_name") or "").strip() for r in rows} - {""}
    by_name: dict[str, list] = defaultdict(list)
    for d in Department.objects.filter(name__in=names):
        by_name[d.name].append(d)
    return by_code, by_name


def _item_values(row: SheetRow, errors: list[RowError], by_code, by_name) -> dict[str, Any]:
    header = HEADERS[ITEMS]
    raw = row.values
    values: dict[str, Any] = {}
    for key in ("code", "name", "summary", "statutory_limit_days", "promised_limit_days",
                "fee", "fee_description", "max_visits", "location", "office_hours",
                "consult_phone", "complaint_phone", "conditions", "process", "legal_basis",
                "result_name", "certificate_type", "process_key"):  # fmt: skip
        values[key] = raw.get(key)
    if values["fee"] in (None, ""):
        values["fee"] = 0
    defaults = {"item_type": "", "level": "city", "audience": "person"}
    for key, default in defaults.items():
        text = str(raw.get(key) or "").strip()
        # an unknown label stays as typed: the item check reports it in this column
        values[key] = (choice_value(key, text) or text) if text else default
    channels = channel_values(raw.get("channels"))
    if channels is None:
        errors.append(
            RowError(
                ITEMS, row.number, header["channels"], clip(raw.get("channels")),
                _("办理渠道应为：网上办理、窗口办理、掌上办理、自助终端、邮寄办理，用“、”分隔"),
            )
        )  # fmt: skip
    values["channels"] = channels or []
    ok, schema = schema_value(raw.get("form_schema"))
    if not ok:
        errors.append(
            RowError(
                ITEMS, row.number, header["form_schema"], clip(raw.get("form_schema")),
                _("不是有效的 JSON"),
            )
        )  # fmt: skip
    values["form_schema"] = schema if ok else {}
    code = str(raw.get("department") or "").strip()
    name = str(raw.get("department_name") or "").strip()
    department = by_code.get(code) if code else None
    if department is None and not code and len(by_name.get(name, [])) == 1:
        department = by_name[name][0]
    if department is None:
        errors.append(
            RowError(
                ITEMS, row.number, header["department"], clip(code or name),
                _("找不到该实施机构（请填写机构代码）"),
            )
        )  # fmt: skip
    values["department"] = department
    return values


def _plan_items(rows: list[SheetRow], errors: list[RowError], actor: Any) -> dict[str, PlannedItem]:
    header = HEADERS[ITEMS]
    by_code, by_name = _departments(rows)
    codes = [str(r.values.get("code") or "").strip() for r in rows]
    existing = ServiceItem.objects.select_related("department").in_bulk(codes, field_name="code")
    plans: dict[str, PlannedItem] = {}
    for row in rows:
        values = _item_values(row, errors, by_code, by_name)
        department = values["department"]
        clean, problems = clean_item_values(
            {k: v for k, v in values.items() if not (k == "department" and v is None)},
            creating=True,
        )
        if "statutory_limit_days" in clean and "promised_limit_days" in clean:
            problems += check_limits(clean["statutory_limit_days"], clean["promised_limit_days"])
        if department is None:  # already reported as "not found" in this column
            problems = [p for p in problems if p.field != "department"]
        for problem in problems:
            errors.append(
                RowError(
                    ITEMS, row.number, header.get(problem.field, problem.field),
                    clip(row.values.get(problem.field)), problem.message,
                )
            )  # fmt: skip
        code = clean.get("code") or ""
        if code in plans:
            errors.append(
                RowError(
                    ITEMS, row.number, header["code"], code,
                    format_lazy(_("与第 {row} 行事项编码重复"), row=plans[code].row.number),
                )
            )  # fmt: skip
            continue
        item = existing.get(code)
        status = row.values.get("status")
        if status not in (None, ""):
            wanted = choice_value("status", status)
            current = item.status if item is not None else ItemStatus.ACTIVE
            if wanted != current:
                errors.append(
                    RowError(
                        ITEMS, row.number, header["status"], clip(status),
                        _("导入不改变事项状态；取消、搁置、下放、调整请在事项页面办理并填写原因"),
                    )
                )  # fmt: skip
        if actor is not None:
            allowed = department is None or can(actor, MANAGE, department)
            if item is not None and not can(actor, MANAGE, item):
                allowed = False
            if not allowed:
                errors.append(
                    RowError(
                        ITEMS, row.number, header["department"], clip(row.values["department"]),
                        _("无权维护该实施机构的事项"),
                    )
                )  # fmt: skip
        values.pop("department_name", None)
        plans[code] = PlannedItem(row, values, item)
    return plans


def _by_item(
    title: str, rows: list[SheetRow] | None, plans: dict[str, PlannedItem], errors: list
) -> dict[str, list[SheetRow]] | None:
    if rows is None:
        return None
    grouped: dict[str, list[SheetRow]] = {code: [] for code in plans}
    for row in rows:
        code = str(row.values.get("item") or "").strip()
        if code not in grouped:
            errors.append(
                RowError(
                    title, row.number, HEADERS[title]["item"], clip(code),
                    _("事项编码不在“事项”工作表中"),
                )
            )  # fmt: skip
            continue
        grouped[code].append(row)
    return grouped


def _child_errors(title: str, rows: list[SheetRow], problems: list[FieldError], errors) -> None:
    for problem in problems:
        match = _INDEXED.match(problem.field)
        if match is None:
            row, column, value = (rows[0].number if rows else 0), "", ""
        else:
            sheet_row = rows[int(match.group(1))]
            key = match.group(2) or ""
            row, column = sheet_row.number, HEADERS[title].get(key, "")
            value = clip(sheet_row.values.get(key)) if key else ""
        errors.append(RowError(title, row, column, value, problem.message))


def _plan_children(sheets: dict, plans: dict[str, PlannedItem], errors: list) -> None:
    materials = _by_item(MATERIALS, sheets[MATERIALS], plans, errors)
    steps = _by_item(STEPS, sheets[STEPS], plans, errors)
    faq = _by_item(FAQ, sheets[FAQ], plans, errors)
    for code, plan in plans.items():
        if materials is not None:
            rows = materials[code]
            plan.materials, problems = clean_materials([r.values for r in rows])
            _child_errors(MATERIALS, rows, problems, errors)
        if steps is not None:
            rows = steps[code]
            plan.special_steps, problems = clean_special_steps([r.values for r in rows])
            _child_errors(STEPS, rows, problems, errors)
        if faq is not None:
            rows = faq[code]
            entries = [{"q": r.values.get("q"), "a": r.values.get("a")} for r in rows]
            _clean, problems = clean_item_values({"faq": entries}, creating=False)
            _child_errors(FAQ, rows, problems, errors)
            plan.values["faq"] = entries


def _sheet_order(error: RowError) -> tuple[int, int]:
    order = list(SHEETS).index(error.sheet) if error.sheet in SHEETS else -1
    return order, error.row


def catalog_import(*, actor: Any, data: bytes) -> ImportResult:
    """Import the workbook ``data``; raises ImportRejected listing every problem, having
    changed nothing. ``actor=None`` is a trusted system path (the command line)."""
    sheets, errors = read_workbook(data)
    plans = _plan_items(sheets[ITEMS] or [], errors, actor)
    _plan_children(sheets, plans, errors)
    if errors:
        raise ImportRejected(sorted(errors, key=_sheet_order))
    created = updated = unchanged = 0
    with transaction.atomic():
        for plan in plans.values():
            try:
                if plan.existing is None:
                    item_create(
                        actor=actor, materials=plan.materials, special_steps=plan.special_steps,
                        **plan.values,
                    )  # fmt: skip
                    created += 1
                    continue
                before = plan.existing.version
                values = {k: v for k, v in plan.values.items() if k != "code"}
                after = item_update(
                    actor=actor, item=plan.existing, materials=plan.materials,
                    special_steps=plan.special_steps, **values,
                )  # fmt: skip
                if after.version == before:
                    unchanged += 1
                else:
                    updated += 1
            except InvalidInput as exc:
                problems = exc.field_errors or [FieldError("", exc.detail)]
                errors.extend(
                    RowError(ITEMS, plan.row.number, HEADERS[ITEMS].get(p.field, ""), "",
                             p.message)
                    for p in problems
                )  # fmt: skip
        if errors:
            transaction.set_rollback(True)
        else:
            result = ImportResult(
                created, updated, unchanged,
                sum(len(p.materials or []) for p in plans.values()),
                sum(len(p.special_steps or []) for p in plans.values()),
            )  # fmt: skip
            audit_record(
                action="catalog.import", actor=actor, object_type="catalog.serviceitem",
                summary=f"created {created}, updated {updated}, unchanged {unchanged}",
                changes={"items": [None, list(plans)[:200]]},
            )  # fmt: skip
    if errors:
        raise ImportRejected(errors)
    return result
