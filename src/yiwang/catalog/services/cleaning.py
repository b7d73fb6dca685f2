"""Checking the values of an item, its materials and special steps before they are written.

Every problem is collected (never only the first), each as a FieldError naming its field, so a
form, the API and the Excel import can show the whole list at once.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from yiwang.catalog.models import Audience, Channel, ItemLevel, ItemType
from yiwang.catalog.schemas import schema_errors
from yiwang.core.errors import FieldError
from yiwang.org.models import Department

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,59}$")  # process keys and certificate types
FILE_KINDS = ("pdf", "ofd", "jpg", "jpeg", "png", "docx", "xlsx")
MAX_LIMIT_DAYS = 365
MAX_FEE = Decimal("100000000")
MAX_MATERIALS = 60
MAX_STEPS = 20
MAX_FAQ = 30

# text fields: name → (max length, required)
TEXTS: dict[str, tuple[int, bool]] = {
    "name": (200, True),
    "summary": (500, False),
    "conditions": (5000, False),
    "location": (300, False),
    "office_hours": (200, False),
    "process": (5000, False),
    "legal_basis": (5000, False),
    "result_name": (200, False),
    "consult_phone": (60, False),
    "complaint_phone": (60, False),
    "fee_description": (500, False),
}
TEXT_LABELS = {
    "name": _("事项名称"),
    "summary": _("事项简介"),
    "conditions": _("申请条件"),
    "location": _("办理地点"),
    "office_hours": _("办理时间"),
    "process": _("办理流程"),
    "legal_basis": _("设定依据"),
    "result_name": _("办理结果"),
    "consult_phone": _("咨询电话"),
    "complaint_phone": _("监督投诉电话"),
    "fee_description": _("收费说明"),
}


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value)
    return int(text) if re.fullmatch(r"-?\d{1,6}", text) else None


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in {"是", "true", "1", "yes", "y", "必需", "必要", "原件"}:
        return True
    if text in {"否", "false", "0", "no", "n", "", "非必需", "非必要", "复印件"}:
        return False
    return None


def _too_long(field: str, label: Any, limit: int) -> FieldError:
    return FieldError(
        field, format_lazy(_("{label}不能超过 {limit} 个字符"), label=label, limit=limit),
        "too_long",
    )  # fmt: skip


def clean_item_values(values: dict[str, Any], *, creating: bool) -> tuple[dict, list[FieldError]]:
    """The item's own fields, checked; ``values`` holds only the fields being set."""
    clean: dict[str, Any] = {}
    errors: list[FieldError] = []
    if creating or "code" in values:
        code = _text(values.get("code"))
        if not code:
            errors.append(FieldError("code", _("请填写事项编码"), "required"))
        elif not CODE.match(code):
            errors.append(
                FieldError(
                    "code", _("事项编码只能包含字母、数字、点、横线和下划线，最长 40 位"), "invalid"
                )
            )
        clean["code"] = code
    for name, (limit, required) in TEXTS.items():
        if name not in values and not (creating and required):
            continue
        text = _text(values.get(name))
        if name == "name":
            text = " ".join(text.split())
        if required and not text:
            errors.append(
                FieldError(
                    name, format_lazy(_("请填写{label}"), label=TEXT_LABELS[name]), "required"
                )
            )
        elif len(text) > limit:
            errors.append(_too_long(name, TEXT_LABELS[name], limit))
        clean[name] = text
    choices = {
        "item_type": (ItemType, _("事项类型无效")),
        "level": (ItemLevel, _("行使层级无效")),
        "audience": (Audience, _("服务对象无效")),
    }
    for name, (enum, message) in choices.items():
        if name in values or (creating and name == "item_type"):
            value = _text(values.get(name))
            if value not in enum.values:
                errors.append(FieldError(name, message, "invalid_choice"))
            clean[name] = value
    if creating or "department" in values:
        department = values.get("department")
        if not isinstance(department, Department) or not department.is_active:
            errors.append(FieldError("department", _("请选择有效的实施机构"), "invalid_department"))
        clean["department"] = department
    _limits(values, clean, errors, creating=creating)
    if "fee" in values:
        try:
            fee = Decimal(str(values.get("fee") if values.get("fee") not in (None, "") else "0"))
        except (InvalidOperation, ValueError):
            fee = None
        if fee is None or not fee.is_finite() or fee < 0 or fee > MAX_FEE:
            errors.append(FieldError("fee", _("收费标准应为不小于 0 的金额（元）"), "invalid"))
        else:
            clean["fee"] = fee.quantize(Decimal("0.01"))
    if "channels" in values:
        channels = values.get("channels") or []
        if not isinstance(channels, list | tuple) or any(c not in Channel.values for c in channels):
            errors.append(FieldError("channels", _("办理渠道无效"), "invalid_choice"))
        else:
            clean["channels"] = list(dict.fromkeys(channels))
    if "max_visits" in values:
        visits = _int(values.get("max_visits") if values.get("max_visits") != "" else 0)
        if visits is None or not 0 <= visits <= 10:
            errors.append(FieldError("max_visits", _("最多到现场次数应为 0 到 10"), "invalid"))
        clean["max_visits"] = visits
    for name, label in (("process_key", _("审批流程标识")), ("certificate_type", _("证照类型"))):
        if name in values:
            value = _text(values.get(name))
            if value and not KEY.match(value):
                errors.append(
                    FieldError(
                        name,
                        format_lazy(_("{label}只能包含小写字母、数字和下划线"), label=label),
                        "invalid",
                    )
                )
            clean[name] = value
    if "faq" in values:
        clean["faq"] = _faq(values.get("faq"), errors)
    if "form_schema" in values:
        schema = values.get("form_schema") or {}
        errors.extend(schema_errors(schema))
        clean["form_schema"] = schema
    return clean, errors


def _limits(values: dict, clean: dict, errors: list[FieldError], *, creating: bool) -> None:
    for name, label in (
        ("statutory_limit_days", _("法定办结时限")),
        ("promised_limit_days", _("承诺办结时限")),
    ):
        if name not in values and not creating:
            continue
        days = _int(values.get(name))
        if days is None or not 0 <= days <= MAX_LIMIT_DAYS:
            errors.append(
                FieldError(
                    name,
                    format_lazy(_("{label}应为 0 到 365 之间的工作日数"), label=label),
                    "invalid",
                )
            )
        else:
            clean[name] = days


def check_limits(statutory: int, promised: int) -> list[FieldError]:
    if promised > statutory:
        return [
            FieldError(
                "promised_limit_days", _("承诺办结时限不能长于法定办结时限"), "promised_exceeds"
            )
        ]
    return []


def _faq(value: Any, errors: list[FieldError]) -> list[dict[str, str]]:
    if not isinstance(value, list) or len(value) > MAX_FAQ:
        errors.append(FieldError("faq", _("常见问题格式无效（最多 30 条）"), "invalid"))
        return []
    out = []
    for n, entry in enumerate(value):
        q = _text(entry.get("q")) if isinstance(entry, dict) else ""
        a = _text(entry.get("a")) if isinstance(entry, dict) else ""
        if not q or not a:
            errors.append(FieldError(f"faq[{n}]", _("常见问题的问题和解答都要填写"), "required"))
        elif len(q) > 300 or len(a) > 3000:
            errors.append(_too_long(f"faq[{n}]", _("常见问题"), 3000))
        else:
            out.append({"q": q, "a": a})
    return out


def clean_materials(rows: list[dict[str, Any]]) -> tuple[list[dict], list[FieldError]]:
    errors: list[FieldError] = []
    out: list[dict] = []
    if len(rows) > MAX_MATERIALS:
        return [], [FieldError("materials", _("申报材料过多（上限 60 项）"), "too_many")]
    seen: set[str] = set()
    for n, row in enumerate(rows):
        where = f"materials[{n}]"
        code, name = _text(row.get("code")), " ".join(_text(row.get("name")).split())
        if not code or not CODE.match(code):
            errors.append(
                FieldError(
                    f"{where}.code", _("材料编码应为字母、数字、横线，最长 40 位"), "invalid"
                )
            )
        elif code in seen:
            errors.append(
                FieldError(
                    f"{where}.code",
                    format_lazy(_("材料编码“{code}”重复"), code=code),
                    "duplicate",
                )
            )
        seen.add(code)
        if not name:
            errors.append(FieldError(f"{where}.name", _("请填写材料名称"), "required"))
        elif len(name) > 200:
            errors.append(_too_long(f"{where}.name", _("材料名称"), 200))
        flags = {}
        for flag, message in (
            ("required", _("是否必需应为“是”或“否”")),
            ("original", _("原件/复印件应为“原件”或“复印件”")),
        ):
            value = _bool(row.get(flag, flag == "required"))
            if value is None:
                errors.append(FieldError(f"{where}.{flag}", message, "invalid"))
            flags[flag] = bool(value)
        copies = _int(row.get("copies") if row.get("copies") not in (None, "") else 1)
        if copies is None or not 0 <= copies <= 99:
            errors.append(FieldError(f"{where}.copies", _("份数应为 0 到 99"), "invalid"))
        certificate = _text(row.get("certificate_type"))
        if certificate and not KEY.match(certificate):
            errors.append(
                FieldError(
                    f"{where}.certificate_type",
                    _("证照类型只能包含小写字母、数字和下划线"),
                    "invalid",
                )
            )
        shared = _text(row.get("shared_data"))
        if len(shared) > 60:
            errors.append(_too_long(f"{where}.shared_data", _("可用共享数据"), 60))
        accepts = [
            k.strip().lower().lstrip(".")
            for k in re.split(r"[,，、\s]+", _text(row.get("accepts")))
            if k.strip()
        ] or ["pdf", "jpg", "png"]
        unknown = [k for k in accepts if k not in FILE_KINDS]
        if unknown:
            errors.append(
                FieldError(
                    f"{where}.accepts",
                    format_lazy(
                        _("不支持的文件格式：{kinds}（可选 {allowed}）"),
                        kinds="、".join(unknown), allowed="、".join(FILE_KINDS),
                    ),
                    "invalid",
                )
            )  # fmt: skip
        description = _text(row.get("description"))
        if len(description) > 2000:
            errors.append(_too_long(f"{where}.description", _("填报说明"), 2000))
        out.append(
            {
                "code": code, "name": name, "copies": copies or 0, "sort_order": n,
                "certificate_type": certificate, "shared_data": shared,
                "accepts": ",".join(dict.fromkeys(accepts)), "description": description,
                **flags,
            }
        )  # fmt: skip
    return out, errors


def clean_special_steps(rows: list[dict[str, Any]]) -> tuple[list[dict], list[FieldError]]:
    errors: list[FieldError] = []
    out: list[dict] = []
    if len(rows) > MAX_STEPS:
        return [], [FieldError("special_steps", _("特殊环节过多（上限 20 个）"), "too_many")]
    for n, row in enumerate(rows):
        where = f"special_steps[{n}]"
        name = " ".join(_text(row.get("name")).split())
        if not name:
            errors.append(FieldError(f"{where}.name", _("请填写特殊环节名称"), "required"))
        elif len(name) > 100:
            errors.append(_too_long(f"{where}.name", _("特殊环节名称"), 100))
        counts = _bool(row.get("counts_toward_limit", False))
        if counts is None:
            errors.append(
                FieldError(
                    f"{where}.counts_toward_limit", _("是否计入时限应为“是”或“否”"), "invalid"
                )
            )
        days = _int(row.get("max_days"))
        if days is None or not 1 <= days <= MAX_LIMIT_DAYS:
            errors.append(
                FieldError(f"{where}.max_days", _("特殊环节时限应为 1 到 365 个工作日"), "invalid")
            )
        description = _text(row.get("description"))
        if len(description) > 300:
            errors.append(_too_long(f"{where}.description", _("说明"), 300))
        out.append(
            {
                "name": name, "counts_toward_limit": bool(counts), "max_days": days or 0,
                "description": description, "sort_order": n,
            }
        )  # fmt: skip
    return out, errors
