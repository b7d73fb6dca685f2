"""Channel webhooks: inbound SMS, inbound e-mail, and dispatch from an upper platform.

Called by systems, never browsers: an API key whose service account holds the operator role
(``yiwang apikey create NAME --role operator --department CODE``). Each is idempotent on the
sender's own message id, so a gateway that retries after a timeout never files twice: the
first call answers 201, a repeat 200 with the same ticket (header ``Idempotent-Replayed``).
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from email.utils import parseaddr
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Status

from yiwang.accounts.api_auth import ApiKeyAuth
from yiwang.core import pii
from yiwang.core.errors import FieldError, InvalidInput
from yiwang.tickets.api import bodies, present
from yiwang.tickets.api.schemas import TEXT, AttachmentIn, In, IntakeOut
from yiwang.tickets.api.text import fields_renamed, guess_type, phone_in, subject_from
from yiwang.tickets.api.tickets import create_once
from yiwang.tickets.emergency import detect_emergency
from yiwang.tickets.models import Channel, TicketType

router = Router(auth=[ApiKeyAuth()])

_SOURCE = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")


class SmsIn(In):
    sender: str = Field(..., max_length=20, description="The sender's mobile number")
    text: str = Field(..., max_length=TEXT)
    received_at: datetime | None = Field(None, description="When the gateway received it")
    message_id: str = Field(..., min_length=1, max_length=100, description="Gateway message id")
    gateway: str = Field("default", description="Which gateway (namespaces message ids)")


class EmailIn(In):
    sender: str = Field(..., alias="from", max_length=320, description='"Name <addr@example>"')
    subject: str = Field("", max_length=998)
    body: str = Field(..., description="Plain-text body (≤ 5,000 characters)")
    message_id: str = Field(..., min_length=1, max_length=998, description="Message-ID header")
    received_at: datetime | None = None
    attachments: list[AttachmentIn] = Field(default_factory=list)


class ImportIn(In):
    platform: str = Field(
        ..., description="Upper platform code, e.g. gov12345 (≤ 40: A-Z 0-9 _ . -)"
    )
    external_id: str = Field(..., min_length=1, max_length=100, description="Its case id")
    ticket_type: TicketType
    subject: str = Field(..., max_length=200)
    description: str = Field(..., max_length=TEXT)
    category: str | None = Field(None, max_length=32)
    address: str = Field("", max_length=255)
    latitude: float | None = None
    longitude: float | None = None
    region_code: str = Field("", max_length=12)
    requester_name: str = Field("", max_length=50)
    requester_phone: str = Field("", max_length=20)
    allow_publication: bool = False
    received_at: datetime | None = Field(None, description="When the upper platform took it")
    deadline: datetime | None = Field(None, description="The upper platform's own deadline")
    attachments: list[AttachmentIn] = Field(default_factory=list)


def _source(value: str, field: str, prefix: str) -> str:
    if not _SOURCE.match(value or ""):
        raise InvalidInput(
            field_errors=[FieldError(field, _("应为 1 至 40 位字母、数字或 ._-"), "source_format")]
        )
    return f"{prefix}:{value}"


def _answer(response: HttpResponse, result) -> Status:
    ticket = result.ticket
    hints = result.emergency
    if result.replayed:
        response["Idempotent-Replayed"] = "true"
        hints = detect_emergency(f"{ticket.subject} {ticket.description}")
    body = {
        "id": ticket.pk,
        "case_number": ticket.case_number,
        "status": ticket.status,
        "channel": ticket.channel,
        "created_at": ticket.created_at,
        "emergency": present.emergency(hints),
    }
    return Status(200 if result.replayed else 201, body)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@router.post(
    "/inbound/sms",
    response={201: IntakeOut, 200: IntakeOut},
    summary="Inbound SMS webhook → a ticket (channel sms)",
    description="The sender becomes the requester's phone; the first sentence the subject; "
    "the type is guessed from the words (the dispatcher may change the category). A repeated "
    "`message_id` from the same `gateway` returns the ticket already filed (200).",
    openapi_extra=bodies.body_doc(SmsIn),
)
def inbound_sms(request, response: HttpResponse):
    p, _files = bodies.read_payload(request, SmsIn)
    text = p.text.strip()
    with fields_renamed({"subject": "text", "description": "text", "requester_phone": "sender"}):
        result = create_once(
            actor=request.auth,
            channel=Channel.SMS,
            ticket_type=guess_type(text),
            subject=subject_from(text),
            description=text,
            requester_phone=re.sub(r"[\s()-]", "", p.sender),  # gateways write +86 139-…
            external_source=_source(p.gateway, "gateway", "sms"),
            external_id=p.message_id,
            extra={"received_at": _iso(p.received_at), "message_id": p.message_id},
        )
    return _answer(response, result)


def _message_key(message_id: str) -> str:
    """Message-IDs may exceed the 100 characters an external id holds; long ones are hashed."""
    message_id = message_id.strip()
    return message_id if len(message_id) <= 100 else hashlib.sha256(message_id.encode()).hexdigest()


@router.post(
    "/inbound/email",
    response={201: IntakeOut, 200: IntakeOut},
    summary="Inbound e-mail webhook → a ticket (channel email)",
    description="`from` gives the requester's name; a mobile number written in the subject or "
    "body becomes the contact phone. The sender's address is kept encrypted for the reply. "
    "Attachments are base64-encoded and checked by content like any upload. A repeated "
    "`message_id` returns the ticket already filed (200).",
    openapi_extra=bodies.body_doc(EmailIn),
)
def inbound_email(request, response: HttpResponse):
    p, files = bodies.read_payload(request, EmailIn)
    name, address = parseaddr(p.sender)
    try:
        validate_email(address)
    except ValidationError:
        raise InvalidInput(
            field_errors=[FieldError("from", _("发件人邮箱地址格式不正确"), "email_format")]
        ) from None
    body = p.body.strip()
    subject = " ".join(p.subject.split()) or subject_from(body)
    if len(subject) > 200:
        subject = subject[:199] + "…"
    renamed = {"subject": "subject", "description": "body", "requester_phone": "body"}
    with fields_renamed(renamed):
        result = create_once(
            actor=request.auth,
            channel=Channel.EMAIL,
            ticket_type=guess_type(f"{subject} {body}"),
            subject=subject,
            description=body,
            requester_name=name.strip()[:50],
            requester_phone=phone_in(f"{subject} {body}"),
            attachments=files,
            external_source="email",
            external_id=_message_key(p.message_id),
            extra={"received_at": _iso(p.received_at), "reply_to_encrypted": pii.encrypt(address)},
        )
    return _answer(response, result)


@router.post(
    "/import",
    response={201: IntakeOut, 200: IntakeOut},
    summary="Import a case dispatched by an upper platform (channel upper)",
    description="The upper platform's id is kept (`platform` + `external_id`); importing the "
    "same case again returns the ticket already filed (200). The requester phone is optional "
    "(the upper platform keeps the contact).",
    openapi_extra=bodies.body_doc(ImportIn),
)
def upper_import(request, response: HttpResponse):
    p, files = bodies.read_payload(request, ImportIn)
    extra: dict[str, Any] = {
        "platform": p.platform,
        "received_at": _iso(p.received_at),
        "upper_deadline": _iso(p.deadline),
    }
    if not p.external_id.strip():
        raise InvalidInput(
            field_errors=[FieldError("external_id", _("请填写外部编号"), "required")]
        )
    result = create_once(
        actor=request.auth,
        channel=Channel.UPPER,
        ticket_type=p.ticket_type,
        subject=p.subject,
        description=p.description,
        category_code=p.category or None,
        address=p.address,
        latitude=p.latitude,
        longitude=p.longitude,
        region_code=p.region_code,
        requester_name=p.requester_name,
        requester_phone=p.requester_phone,
        allow_publication=p.allow_publication,
        attachments=files,
        external_source=_source(p.platform, "platform", "upper"),
        external_id=p.external_id.strip(),
        extra=extra,
    )
    return _answer(response, result)
