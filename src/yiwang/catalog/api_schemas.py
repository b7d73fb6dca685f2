"""Response schemas of the public catalog API (/api/v1/catalog) and how rows become them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import NoReverseMatch, reverse
from ninja import Field, Schema

from yiwang.catalog.models import Bundle, ServiceItem


class DepartmentOut(Schema):
    id: int
    code: str
    name: str


class ItemOut(Schema):
    code: str
    name: str
    item_type: str = Field(..., description="licensing, confirmation, ... (see /types)")
    item_type_label: str
    department: DepartmentOut
    level: str
    audience: str = Field(..., description="person | legal | both (主题: 个人 / 法人)")
    status: str
    statutory_limit_days: int = Field(..., description="working days")
    promised_limit_days: int = Field(..., description="working days")
    fee: Decimal
    max_visits: int
    channels: list[str]
    url: str = Field(..., description="the public 办事指南 page")
    snippet: str = Field("", description="HTML (escaped, <mark> around matched words) for q")


class ItemPageOut(Schema):
    total: int
    limit: int
    offset: int
    query: str
    mode: str = Field(..., description='"list" without q; "and": every word; "or": partial')
    items: list[ItemOut]


class MaterialOut(Schema):
    code: str
    name: str
    required: bool
    original: bool = Field(..., description="原件 (else a copy)")
    copies: int
    certificate_type: str = Field(..., description="an e-certificate that stands in, or empty")
    shared_data: str = Field(..., description="shared data that stands in, or empty")
    accepts: list[str]
    description: str


class SpecialStepOut(Schema):
    name: str
    counts_toward_limit: bool
    max_days: int
    description: str


class FaqOut(Schema):
    q: str
    a: str


class BundleRefOut(Schema):
    code: str
    name: str


class ItemDetailOut(ItemOut):
    summary: str
    conditions: str
    location: str
    office_hours: str
    process: list[str]
    legal_basis: str
    result_name: str
    consult_phone: str
    complaint_phone: str
    fee_description: str
    faq: list[FaqOut]
    materials: list[MaterialOut]
    special_steps: list[SpecialStepOut]
    form_schema: dict[str, Any] = Field(..., description="JSON Schema (draft 2020-12); may be {}")
    process_key: str
    certificate_type: str
    successor: str = Field("", description="code of the item that replaces a retired one")
    apply_url: str = Field("", description="online application page (items in use)")
    bundles: list[BundleRefOut]


class BundleItemOut(Schema):
    order: int
    code: str
    name: str
    department: DepartmentOut


class BundleOut(Schema):
    code: str
    name: str
    description: str
    audience: str
    department: DepartmentOut = Field(..., description="the lead department")
    promised_limit_days: int
    status: str
    items: list[BundleItemOut]
    url: str
    snippet: str = ""


class BundleListOut(Schema):
    total: int
    query: str
    mode: str
    items: list[BundleOut]


class BundleDetailOut(BundleOut):
    form_schema: dict[str, Any] = Field(..., description="the combined 一表制 JSON Schema")
    field_map: dict[str, dict[str, str]] = Field(
        ..., description="{item code: {item field: bundle field}}"
    )
    process_key: str
    apply_url: str


def _url(name: str, code: str) -> str:
    try:
        return reverse(name, args=[code])
    except NoReverseMatch:
        return ""


def _department(department: Any) -> dict[str, Any]:
    return {"id": department.pk, "code": department.code, "name": department.name}


def item_out(item: ServiceItem) -> dict[str, Any]:
    return {
        "code": item.code, "name": item.name, "item_type": item.item_type,
        "item_type_label": str(item.get_item_type_display()),
        "department": _department(item.department), "level": item.level,
        "audience": item.audience, "status": item.status,
        "statutory_limit_days": item.statutory_limit_days,
        "promised_limit_days": item.promised_limit_days, "fee": item.fee,
        "max_visits": item.max_visits, "channels": list(item.channels or []),
        "url": _url("catalog:item", item.code),
        "snippet": getattr(item, "search_snippet", ""),
    }  # fmt: skip


def item_detail_out(item: ServiceItem) -> dict[str, Any]:
    materials = sorted(item.materials.all(), key=lambda m: (m.sort_order, m.pk))
    steps = sorted(item.special_steps.all(), key=lambda s: (s.sort_order, s.pk))
    faq = [e for e in item.faq or [] if isinstance(e, dict)]
    return {
        **item_out(item),
        "summary": item.summary, "conditions": item.conditions, "location": item.location,
        "office_hours": item.office_hours, "process": item.process_steps(),
        "legal_basis": item.legal_basis, "result_name": item.result_name,
        "consult_phone": item.consult_phone, "complaint_phone": item.complaint_phone,
        "fee_description": item.fee_description,
        "faq": [{"q": str(e.get("q", "")), "a": str(e.get("a", ""))} for e in faq],
        "materials": [
            {"code": m.code, "name": m.name, "required": m.required, "original": m.original,
             "copies": m.copies, "certificate_type": m.certificate_type,
             "shared_data": m.shared_data, "accepts": m.accepted_kinds(),
             "description": m.description}
            for m in materials
        ],
        "special_steps": [
            {"name": s.name, "counts_toward_limit": s.counts_toward_limit,
             "max_days": s.max_days, "description": s.description}
            for s in steps
        ],
        "form_schema": item.form_schema or {}, "process_key": item.process_key,
        "certificate_type": item.certificate_type,
        "successor": item.successor.code if item.successor_id else "",
        "apply_url": _url("approvals:apply_item", item.code) if item.is_offered else "",
        "bundles": [{"code": b.code, "name": b.name} for b in item.bundles.all()],
    }  # fmt: skip


def bundle_out(bundle: Bundle) -> dict[str, Any]:
    links = sorted(bundle.bundle_items.all(), key=lambda link: (link.order, link.pk))
    return {
        "code": bundle.code, "name": bundle.name, "description": bundle.description,
        "audience": bundle.audience, "department": _department(bundle.department),
        "promised_limit_days": bundle.promised_limit_days or 0, "status": bundle.status,
        "items": [
            {"order": link.order, "code": link.item.code, "name": link.item.name,
             "department": _department(link.item.department)}
            for link in links
        ],
        "url": _url("catalog:bundle", bundle.code),
        "snippet": getattr(bundle, "search_snippet", ""),
    }  # fmt: skip


def bundle_detail_out(bundle: Bundle) -> dict[str, Any]:
    return {
        **bundle_out(bundle),
        "form_schema": bundle.form_schema or {}, "field_map": bundle.field_map or {},
        "process_key": bundle.process_key,
        "apply_url": _url("approvals:apply_bundle", bundle.code)
        if bundle.status == "active" else "",
    }  # fmt: skip
