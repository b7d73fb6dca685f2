"""Building blocks for the demo catalogue: form schemas and item specs in a few words each.

All guide text is written for the fictitious 示范市; the legal bases cite real national laws
and regulations by name, as real guides do.
"""

from __future__ import annotations

from typing import Any

CENTRE = "示范市市民中心（政务服务中心）"
HOURS = "工作日 9:00—12:00，13:30—17:00（法定节假日除外）"
COMPLAINT = "12345"

# field kinds for form schemas: name → JSON Schema fragment
TEXT = {"type": "string", "maxLength": 100}
LONG = {"type": "string", "maxLength": 2000}
PHONE = {"type": "string", "pattern": "^1[3-9][0-9]{9}$"}
ID_NUMBER = {"type": "string", "pattern": "^[0-9]{17}[0-9Xx]$"}
CREDIT_CODE = {
    "type": "string",
    "pattern": "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$",
}
DATE = {"type": "string", "format": "date"}
INT = {"type": "integer", "minimum": 0}
MONEY = {"type": "number", "minimum": 0}
BOOL = {"type": "boolean"}


def enum(*values: str) -> dict:
    return {"type": "string", "enum": list(values)}


def many(*values: str) -> dict:
    return {"type": "array", "items": {"type": "string", "enum": list(values)}, "minItems": 1,
            "uniqueItems": True}  # fmt: skip


def form(title: str, *fields: tuple) -> dict:
    """``fields``: (name, 中文 title, kind, required[, description])."""
    properties: dict[str, Any] = {}
    required = []
    for name, label, kind, is_required, *hint in fields:
        properties[name] = {**kind, "title": label, **({"description": hint[0]} if hint else {})}
        if is_required:
            required.append(name)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "type": "object",
        "properties": properties,
        "required": required,
    }


def material(
    code: str,
    name: str,
    *,
    required: bool = True,
    original: bool = False,
    copies: int = 1,
    certificate: str = "",
    shared: str = "",
    accepts: str = "pdf,jpg,png",
    description: str = "",
) -> dict:
    return {
        "code": code, "name": name, "required": required, "original": original,
        "copies": copies, "certificate_type": certificate, "shared_data": shared,
        "accepts": accepts, "description": description,
    }  # fmt: skip


def step(name: str, days: int, *, counts: bool = False, description: str = "") -> dict:
    return {"name": name, "max_days": days, "counts_toward_limit": counts,
            "description": description}  # fmt: skip


def faq(*pairs: tuple[str, str]) -> list[dict]:
    return [{"q": q, "a": a} for q, a in pairs]


ID_CARD = material(
    "id_card", "申请人居民身份证", shared="居民身份证信息",
    description="已实名认证的申请人可由公安人口信息共享核验，无需上传。",
)  # fmt: skip
LICENCE = material(
    "business_licence", "营业执照", certificate="business_licence",
    description="本平台核发的电子营业执照自动调取，无需上传。",
)  # fmt: skip


def item(
    code: str,
    name: str,
    item_type: str,
    department: str,
    *,
    audience: str,
    statutory: int,
    promised: int,
    summary: str,
    conditions: str,
    process: list[str],
    basis: str,
    result: str,
    materials: list[dict],
    schema: dict | None = None,
    steps: list[dict] | None = None,
    questions: list[dict] | None = None,
    channels: tuple[str, ...] = ("online", "window"),
    visits: int = 0,
    window: str = "",
    fee: str = "0",
    fee_description: str = "不收费",
    certificate: str = "",
    process_key: str = "",
    level: str = "city",
) -> dict:
    """One item's values for ``item_create``; ``department`` is a key of demo/city.py."""
    return {
        "code": code, "name": name, "item_type": item_type, "department": department,
        "audience": audience, "statutory_limit_days": statutory, "promised_limit_days": promised,
        "summary": summary, "conditions": conditions, "process": "\n".join(process),
        "legal_basis": basis, "result_name": result, "materials": materials,
        "form_schema": schema or {}, "special_steps": steps or [], "faq": questions or [],
        "channels": list(channels), "max_visits": visits,
        "location": f"{CENTRE}{window or '综合受理'}窗口", "office_hours": HOURS,
        "complaint_phone": COMPLAINT, "fee": fee, "fee_description": fee_description,
        "certificate_type": certificate, "process_key": process_key, "level": level,
    }  # fmt: skip
