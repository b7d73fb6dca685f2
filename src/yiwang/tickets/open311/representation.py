"""Tickets and categories as GeoReport v2 data (plain Python, rendered by ``render``)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.core.pii import mask_id_number, mask_phone
from yiwang.tickets import workflow
from yiwang.tickets.models import FINISHED_STATUSES, OPEN_STATUSES, Category, Status, Ticket

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-21T00:00:00+08:00"  # when this adapter's behaviour last changed
MAX_DESCRIPTION = 4000  # the spec's request.description maxLength
MAX_NOTES = 1000

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_ID_NUMBER = re.compile(r"(?<![\dXx])\d{17}[\dXx](?![\dXx])")
_KEYWORD_SPLIT = re.compile(r"[,，、;；\s]+")


def public_text(value: str, limit: int) -> str:
    """Text fit for a public document: phone and ID numbers a citizen typed are masked, and
    characters XML cannot carry are dropped (from both formats, so they stay mirrors)."""
    value = _XML_INVALID.sub("", value or "")
    value = _MOBILE.sub(lambda m: mask_phone(m.group()), value)
    value = _ID_NUMBER.sub(lambda m: mask_id_number(m.group()), value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def iso(value: datetime | None) -> str | None:
    """ISO 8601 with the local offset, e.g. 2026-11-21T09:30:00+08:00."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def jurisdiction() -> str:
    return str(getattr(settings, "YIWANG_OPEN311_JURISDICTION", "339900"))


def discovery(base_url: str) -> dict[str, Any]:
    site = getattr(settings, "YIWANG_SITE", {})
    contact = f"{site.get('name', '')} 12345 · {site.get('contact_phone', '12345')}"
    return {
        "changeset": CHANGESET,
        "contact": contact.strip(),
        "key_service": str(_("API 密钥由 12345 热线中心签发（yiwang apikey create）")),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base_url,
                "changeset": CHANGESET,
                "type": "test" if settings.DEBUG else "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


def keywords(value: str) -> str | None:
    words = [w for w in _KEYWORD_SPLIT.split(value or "") if w]
    return ",".join(words) or None


def service(category: Category, group: str) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description or None,
        "metadata": bool(category.has_attributes),
        "type": "realtime",
        "keywords": keywords(category.keywords),
        "group": group or None,
    }


def service_definition(category: Category) -> dict[str, Any]:
    attributes = []
    for position, attribute in enumerate(category.attributes.all(), start=1):
        attributes.append(
            {
                "variable": attribute.variable,
                "code": attribute.code,
                "datatype": attribute.datatype,
                "required": attribute.required,
                "datatype_description": attribute.datatype_description or None,
                "order": attribute.order or position,
                "description": attribute.description,
                "values": [
                    {"key": str(v.get("key", "")), "name": str(v.get("name", ""))}
                    for v in attribute.values or []
                ],
            }
        )
    return {"service_code": category.code, "attributes": attributes}


def status_notes(ticket: Ticket) -> str | None:
    """From the latest public step: its name, with the accepted reply once the ticket is
    finished, or the live case number once merged. Never a note written for colleagues."""
    action = getattr(ticket, "latest_public_action", None)
    if ticket.status == Status.MERGED and ticket.merged_into_id:
        return str(_("已并入工单 %(case)s") % {"case": ticket.merged_into.case_number})
    if action is None:
        return None
    label = str(workflow.TRANSITIONS[action].label) if action in workflow.TRANSITIONS else action
    if ticket.status in FINISHED_STATUSES and ticket.reply_text:
        reply = workflow.TRANSITIONS["reply"].label
        return public_text(f"{label} · {reply}：{ticket.reply_text}", MAX_NOTES)
    return label


def request(ticket: Ticket, details: dict[str, Any] | None = None) -> dict[str, Any]:
    details = details or {}
    is_open = ticket.status in OPEN_STATUSES
    updated = ticket.closed_at if not is_open and ticket.closed_at else ticket.updated_at
    category = ticket.category
    return {
        "service_request_id": ticket.case_number,
        "status": "open" if is_open else "closed",
        "status_notes": status_notes(ticket),
        "service_name": category.name if category else None,
        "service_code": category.code if category else "",
        "description": public_text(ticket.description, MAX_DESCRIPTION),
        "agency_responsible": ticket.lead_department.name if ticket.lead_department_id else None,
        "service_notice": None,
        "requested_datetime": iso(ticket.created_at),
        "updated_datetime": iso(updated),
        "expected_datetime": iso(ticket.handle_deadline),
        "address": public_text(ticket.address, 255) or None,
        "address_id": details.get("address_id") or None,
        "zipcode": None,
        "lat": float(ticket.latitude) if ticket.latitude is not None else None,
        "long": float(ticket.longitude) if ticket.longitude is not None else None,
        "media_url": details.get("media_url") or None,
    }
