"""受理: a request arrives from any channel and becomes a ticket with a case number."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.validators import validate_mobile_phone
from yiwang.audit.services import audit_record
from yiwang.core import pii
from yiwang.core.errors import FieldError, InvalidInput
from yiwang.org.permissions import require
from yiwang.tickets import notifications, sla
from yiwang.tickets.emergency import EmergencyHint, detect_emergency
from yiwang.tickets.models import (
    CaseCounter,
    Category,
    Channel,
    IdempotencyRecord,
    Status,
    Ticket,
    TicketEvent,
    TicketType,
)
from yiwang.tickets.routing_rules import suggest_departments
from yiwang.tickets.services import smart_dispatch
from yiwang.tickets.services.attachments import UploadedFile, save_attachments, validate_files

MAX_DESCRIPTION = 5000
MAX_SUBJECT = 200
CASE_PREFIX = getattr(settings, "YIWANG_CASE_PREFIX", "SF12345")
STAFF_CHANNELS = frozenset({Channel.PHONE, Channel.LETTER, Channel.VISIT})
# channels that bring their own way to answer (postal address, e-mail, the upper platform) or,
# like Open311 (every contact field optional in GeoReport v2), may file without one
NO_PHONE_CHANNELS = frozenset({Channel.LETTER, Channel.UPPER, Channel.EMAIL, Channel.OPEN311})


@dataclass
class IntakeResult:
    ticket: Ticket
    emergency: list[EmergencyHint] = field(default_factory=list)
    replayed: bool = False  # an Idempotency-Key retry returned the original ticket


def next_case_number(day: date | None = None) -> str:
    """SF12345-20261121-000123: unique, sequential per (local) day, safe under concurrency."""
    day = day or timezone.localdate()
    with transaction.atomic():
        if not CaseCounter.objects.filter(day=day).update(last=F("last") + 1):
            try:
                with transaction.atomic():
                    CaseCounter.objects.create(day=day, last=1)
            except IntegrityError:  # another writer created today's counter first
                CaseCounter.objects.filter(day=day).update(last=F("last") + 1)
        last = CaseCounter.objects.values_list("last", flat=True).get(day=day)
    return f"{CASE_PREFIX}-{day:%Y%m%d}-{last:06d}"


def _coordinate(value: Any, field_name: str, low: int, high: int, errors: list[FieldError]):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.append(FieldError(field_name, _("坐标应为数字"), "coordinate_format"))
        return None
    if not number.is_finite() or not low <= number <= high:
        errors.append(FieldError(field_name, _("坐标超出有效范围"), "coordinate_range"))
        return None
    return number.quantize(Decimal("0.000001"))


def validate_request(
    *,
    ticket_type: str,
    subject: str,
    description: str,
    category_code: str | None,
    requester_phone: str,
    latitude: Any,
    longitude: Any,
    region_code: str,
    phone_required: bool,
) -> dict[str, Any]:
    """Check every field and report all problems at once; return the cleaned values."""
    errors: list[FieldError] = []
    clean: dict[str, Any] = {}
    if ticket_type not in TicketType.values:
        errors.append(FieldError("ticket_type", _("诉求类型无效"), "invalid_choice"))
    subject = (subject or "").strip()
    description = (description or "").strip()
    if not subject:
        errors.append(FieldError("subject", _("请填写标题"), "required"))
    elif len(subject) > MAX_SUBJECT:
        errors.append(FieldError("subject", _("标题不能超过 200 个字符"), "too_long"))
    if not description:
        errors.append(FieldError("description", _("请填写诉求内容"), "required"))
    elif len(description) > MAX_DESCRIPTION:
        errors.append(FieldError("description", _("诉求内容不能超过 5000 个字符"), "too_long"))
    category = None
    if category_code:
        category = Category.objects.filter(code=category_code, is_active=True).first()
        if category is None:
            errors.append(FieldError("category", _("诉求分类不存在"), "unknown_category"))
    phone = (requester_phone or "").strip()
    if phone:
        try:
            phone = validate_mobile_phone(phone)
        except ValidationError as exc:
            errors.append(FieldError("requester_phone", exc.messages[0], "phone_format"))
    elif phone_required:
        errors.append(FieldError("requester_phone", _("请填写联系电话"), "required"))
    clean["latitude"] = _coordinate(latitude, "latitude", -90, 90, errors)
    clean["longitude"] = _coordinate(longitude, "longitude", -180, 180, errors)
    if (clean["latitude"] is None) != (clean["longitude"] is None) and not any(
        e.field in {"latitude", "longitude"} for e in errors
    ):
        errors.append(FieldError("longitude", _("经纬度须同时填写"), "coordinate_pair"))
    region_code = (region_code or "").strip()
    if region_code and not (region_code.isdigit() and len(region_code) in (6, 9, 12)):
        errors.append(
            FieldError("region_code", _("行政区划代码应为 6、9 或 12 位数字"), "region_format")
        )
    if errors:
        raise InvalidInput(field_errors=errors)
    clean.update(subject=subject, description=description, category=category, phone=phone,
                 region_code=region_code)  # fmt: skip
    return clean


def _request_hash(values: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def ticket_create(
    *,
    actor: Any,
    channel: str,
    ticket_type: str,
    subject: str,
    description: str,
    category_code: str | None = None,
    address: str = "",
    latitude: Any = None,
    longitude: Any = None,
    region_code: str = "",
    requester: Any = None,
    requester_name: str = "",
    requester_phone: str = "",
    allow_publication: bool = False,
    external_source: str = "",
    external_id: str = "",
    recording_ref: str = "",
    attachments: list[UploadedFile] | None = None,
    idempotency_key: str = "",
    extra: dict[str, Any] | None = None,
) -> IntakeResult:
    """Accept a request from any channel. Staff intake (phone, letter, visit, upper platform)
    needs the ``tickets.create`` permission; citizens file their own requests."""
    if channel not in Channel.values:
        raise InvalidInput(
            field_errors=[FieldError("channel", _("来源渠道无效"), "invalid_choice")]
        )
    citizen_self_service = requester is not None and actor is not None and requester.pk == actor.pk
    if actor is not None and not citizen_self_service:
        require(actor, "tickets.create")
    if requester is not None and not requester_phone:
        requester_phone = requester.phone or ""
        requester_name = requester_name or requester.display_name
    clean = validate_request(
        ticket_type=ticket_type, subject=subject, description=description,
        category_code=category_code, requester_phone=requester_phone, latitude=latitude,
        longitude=longitude, region_code=region_code,
        phone_required=requester is None and channel not in NO_PHONE_CHANNELS,
    )  # fmt: skip
    files = validate_files(attachments or [])
    if len(address) > 255 or len(requester_name) > 50 or len(external_id) > 100:
        raise InvalidInput(_("地址、姓名或外部编号过长"))
    fingerprint = _request_hash({"subject": clean["subject"], "description": clean["description"],
                                 "type": ticket_type, "phone": clean["phone"]})  # fmt: skip
    if idempotency_key and actor is not None:
        previous = IdempotencyRecord.objects.filter(account=actor, key=idempotency_key).first()
        if previous is not None:
            return _replay(previous, fingerprint)
    if external_id:
        existing = Ticket.objects.filter(
            external_source=external_source, external_id=external_id
        ).first()
        if existing is not None:  # the upper platform sent the same case again
            return IntakeResult(existing, replayed=True)
    lead, _co = suggest_departments(clean["category"], clean["region_code"])
    limits = sla.limits_for(
        ticket_type=ticket_type,
        category_id=clean["category"].pk if clean["category"] else None,
    )
    with transaction.atomic():
        ticket = Ticket.objects.create(
            case_number=next_case_number(),
            channel=channel,
            ticket_type=ticket_type,
            status=Status.PENDING_DISPATCH,
            subject=clean["subject"],
            description=clean["description"],
            category=clean["category"],
            address=address.strip(),
            latitude=clean["latitude"],
            longitude=clean["longitude"],
            region_code=clean["region_code"],
            allow_publication=allow_publication,
            requester=requester,
            requester_name=requester_name.strip(),
            requester_phone=clean["phone"],
            requester_phone_index=pii.blind_index(clean["phone"], purpose="phone")
            if clean["phone"]
            else "",
            external_source=external_source,
            external_id=external_id,
            recording_ref=recording_ref,
            received_by=actor if actor is not None and not citizen_self_service else None,
            suggested_department=lead,
            # the handling clock runs from acceptance (受理); signing starts at dispatch
            handle_deadline=sla.handle_deadline(timezone.now(), limits.handle_days),
        )
        sla.plan(ticket)
        ticket.save(update_fields=["sla_state", "sla_next_at"])
        event = TicketEvent.objects.create(
            ticket=ticket, action="create", to_status=ticket.status,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            data={"channel": channel, **(extra or {})},
        )  # fmt: skip
        save_attachments(ticket=ticket, event=event, files=files, uploaded_by=actor)
        if idempotency_key and actor is not None:
            IdempotencyRecord.objects.create(
                account=actor, key=idempotency_key, ticket=ticket, request_hash=fingerprint
            )
        audit_record(
            action="tickets.ticket.create", target=ticket, actor=actor,
            summary=f"{ticket.case_number} 受理（{ticket.get_channel_display()}）",
            changes={"status": [None, ticket.status], "requester_phone": [None, "[已设置]"]},
        )  # fmt: skip
        notifications.tell_requester(ticket, notifications.ACCEPTED)
    from yiwang.tickets.services.duplicates import duplicates_on_intake  # 查重 (routing)

    ticket = duplicates_on_intake(ticket)
    hints = detect_emergency(f"{clean['subject']} {clean['description']}")
    ticket = smart_dispatch.route_new_ticket(ticket, emergency=bool(hints))  # 智能派单
    return IntakeResult(ticket, emergency=hints)


def _replay(previous: IdempotencyRecord, fingerprint: str) -> IntakeResult:
    if previous.request_hash != fingerprint:
        raise InvalidInput(
            _("同一个 Idempotency-Key 不能用于内容不同的请求"), code="idempotency-key-reused"
        )
    return IntakeResult(previous.ticket, replayed=True)
