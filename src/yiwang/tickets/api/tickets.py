"""/api/v1/tickets: file a request, list what you may see, read one ticket with its timeline."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError
from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Query, Status

from yiwang.accounts.models import UserKind
from yiwang.core.errors import FieldError, InvalidInput, NotFound
from yiwang.tickets import services
from yiwang.tickets.api import bodies, present
from yiwang.tickets.api import router as package_router
from yiwang.tickets.api.schemas import (
    RevealOut,
    TicketCreatedOut,
    TicketDetailOut,
    TicketIn,
    TicketListQuery,
    TicketPageOut,
)
from yiwang.tickets.emergency import detect_emergency
from yiwang.tickets.models import Channel, SlaState, Ticket, TicketType
from yiwang.tickets.models import Status as TicketStatus
from yiwang.tickets.selectors.api import TicketFilters, ticket_detail, ticket_search

# list and create sit on the package's own router so the collection is /api/v1/tickets itself
router = package_router

CITIZEN_KINDS = frozenset({UserKind.CITIZEN, UserKind.ENTERPRISE})

CREATE_DOC = """File a request. Citizens file their own (channel `web`, their account is the
requester); operators and systems with the operator role file on someone's behalf
(`requester_phone` required) with channel `api`, `phone`, `letter` or `visit`.

Send JSON (attachments base64-encoded in `attachments`) or `multipart/form-data` (the same
fields, files under `attachments`). Attachments are checked by content: JPG/PNG/GIF/WEBP/PDF,
≤ 10 MB each, ≤ 9 files.

**Idempotency-Key** (header, ≤ 100 visible ASCII characters): a retry with the same key from the
same account returns the original ticket — `201 Created` the first time, `200 OK` with the same
ticket on every replay (header `Idempotent-Replayed: true`). Reusing a key for a different
request is a 400 problem `idempotency-key-reused`.

`emergency` lists emergency words found (fire, injury, crime, traffic accident): tell the
requester to call 119/120/110/122 now."""


def split(value: str, allowed: list[str], field: str) -> tuple[str, ...]:
    items = tuple(v.strip() for v in value.split(",") if v.strip())
    if any(v not in allowed for v in items):
        raise InvalidInput(field_errors=[FieldError(field, _("不是允许的取值"), "invalid_choice")])
    return items


def visible_ticket(user: Any, ticket_id: int) -> Ticket:
    """The ticket with everything around it, or 404 — also when it exists but is out of scope,
    so nobody learns which case numbers exist elsewhere."""
    ticket = ticket_detail(user=user, ticket_id=ticket_id)
    if ticket is None:
        raise NotFound(_("工单不存在或不在您的数据范围内"))
    return ticket


def detail_response(response: HttpResponse, user: Any, ticket: Ticket) -> dict[str, Any]:
    response["ETag"] = f'"{ticket.version}"'
    return present.detail(user, ticket)


@router.get(
    "",
    response=TicketPageOut,
    summary="List tickets you may see",
    description="Staff see their departments' tickets (dispatchers all), citizens their own. "
    "Newest first unless `ordering` says otherwise. Requester phones are masked for staff.",
)
def ticket_list(request, q: Query[TicketListQuery]):
    if q.date_from and q.date_to and q.date_from > q.date_to:
        raise InvalidInput(
            field_errors=[FieldError("date_to", _("截止日期不能早于起始日期"), "date_order")]
        )
    filters = TicketFilters(
        statuses=split(q.status, TicketStatus.values, "status"),
        category_code=q.category.strip(),
        department_id=q.department,
        channels=split(q.channel, Channel.values, "channel"),
        ticket_types=split(q.ticket_type, TicketType.values, "ticket_type"),
        sla_states=split(q.sla_state, SlaState.values, "sla_state"),
        region=q.region.strip(),
        date_from=q.date_from,
        date_to=q.date_to,
        q=q.q.strip(),
        ordering=q.ordering,
    )
    tickets = ticket_search(user=request.auth, filters=filters)
    start = (q.page - 1) * q.page_size
    page = list(tickets[start : start + q.page_size])
    return {
        "count": tickets.count(),
        "page": q.page,
        "page_size": q.page_size,
        "items": [present.summary(request.auth, t) for t in page],
    }


def create_once(**kwargs: Any) -> services.IntakeResult:
    """ticket_create, replaying when a concurrent twin (same Idempotency-Key or external id)
    committed first and this insert hit the unique constraint."""
    try:
        return services.ticket_create(**kwargs)
    except IntegrityError:
        if not (kwargs.get("idempotency_key") or kwargs.get("external_id")):
            raise
        return services.ticket_create(**kwargs)


def created(response: HttpResponse, user: Any, result: services.IntakeResult) -> Status:
    """201 with the new ticket, or 200 with the original one on a replay."""
    ticket = ticket_detail(user=user, ticket_id=result.ticket.pk) or result.ticket
    hints = result.emergency
    if result.replayed:
        hints = detect_emergency(f"{ticket.subject} {ticket.description}")
        response["Idempotent-Replayed"] = "true"
    response["Location"] = reverse("api-v1:ticket_get", kwargs={"ticket_id": ticket.pk})
    body = detail_response(response, user, ticket)
    body["emergency"] = present.emergency(hints)
    return Status(200 if result.replayed else 201, body)


@router.post(
    "",
    response={201: TicketCreatedOut, 200: TicketCreatedOut},
    summary="File a request (JSON or multipart; Idempotency-Key)",
    description=CREATE_DOC,
    openapi_extra={
        **bodies.body_doc(TicketIn, multipart=True),
        "parameters": [
            {
                "in": "header",
                "name": "Idempotency-Key",
                "required": False,
                "schema": {"type": "string", "maxLength": 100},
                "description": "A retry with the same key returns the original ticket (200)",
            }
        ],
    },
)
def ticket_create(request, response: HttpResponse):
    user = request.auth
    payload, uploads = bodies.read_payload(request, TicketIn)
    key = bodies.idempotency_key(request)
    citizen = user.kind in CITIZEN_KINDS
    result = create_once(
        actor=user,
        channel=Channel.WEB if citizen else payload.channel,
        ticket_type=payload.ticket_type,
        subject=payload.subject,
        description=payload.description,
        category_code=payload.category or None,
        address=payload.address,
        latitude=payload.latitude,
        longitude=payload.longitude,
        region_code=payload.region_code,
        requester=user if citizen else None,
        requester_name=payload.requester_name,
        requester_phone=payload.requester_phone,
        allow_publication=payload.allow_publication,
        recording_ref="" if citizen else payload.recording_ref,
        attachments=uploads,
        idempotency_key=key,
    )
    return created(response, user, result)


@router.get(
    "/{int:ticket_id}",
    response=TicketDetailOut,
    url_name="ticket_get",
    summary="One ticket with its timeline and attachments",
    description="The ETag header carries the version; send it back as If-Match (or "
    "expected_version) with an action. Citizens see the public timeline (departments, not "
    "staff names) and the reply once it is approved.",
)
def ticket_get(request, ticket_id: int, response: HttpResponse):
    return detail_response(response, request.auth, visible_ticket(request.auth, ticket_id))


@router.get(
    "/{int:ticket_id}/attachments/{int:attachment_id}",
    response={200: None},
    url_name="ticket_attachment",
    summary="Download an attachment",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file, as a download",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def ticket_attachment(request, ticket_id: int, attachment_id: int):
    ticket = visible_ticket(request.auth, ticket_id)
    attachment = next(
        (a for a in present.visible_attachments(request.auth, ticket) if a.pk == attachment_id),
        None,
    )
    if attachment is None:
        raise NotFound(_("附件不存在"))
    return FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.original_name,
    )


@router.post(
    "/{int:ticket_id}/requester/reveal",
    response=RevealOut,
    summary="Reveal the requester's phone (audited)",
    description="For staff holding tickets.view_requester in the ticket's scope; every "
    "reveal is written to the audit log.",
)
def ticket_requester_reveal(request, ticket_id: int):
    from yiwang.tickets.services.workbench import ticket_requester_reveal as reveal

    ticket = visible_ticket(request.auth, ticket_id)
    return reveal(actor=request.auth, ticket=ticket)
