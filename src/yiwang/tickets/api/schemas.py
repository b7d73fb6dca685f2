"""Request and response shapes of /api/v1/tickets (they are also the OpenAPI document)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from yiwang.tickets.models import Channel, SlaState, Status, TicketType

TEXT = 5000


class In(Schema):
    """Inputs refuse unknown fields, so a misspelt field is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class AttachmentIn(In):
    name: str = Field(..., max_length=200, description="File name with its extension (.jpg …)")
    content_base64: str = Field(..., description="The file's bytes, base64-encoded")


class TicketIn(In):
    ticket_type: TicketType = Field(..., description="咨询 求助 投诉 举报 建议 表扬")
    subject: str = Field(..., max_length=200)
    description: str = Field(..., max_length=TEXT)
    category: str | None = Field(None, max_length=32, description="Leaf category code")
    address: str = Field("", max_length=255)
    latitude: float | None = Field(None, description="WGS-84, -90 … 90")
    longitude: float | None = Field(None, description="WGS-84, -180 … 180")
    region_code: str = Field("", max_length=12, description="GB/T 2260 code: 6, 9 or 12 digits")
    requester_name: str = Field("", max_length=50)
    requester_phone: str = Field(
        "", max_length=20, description="Mainland mobile; required for staff intake"
    )
    allow_publication: bool = False
    channel: Literal["api", "phone", "letter", "visit"] = Field(
        "api", description="Staff and systems: how the request arrived. Citizens: always web."
    )
    recording_ref: str = Field("", max_length=200, description="Call recording reference")
    attachments: list[AttachmentIn] = Field(
        default_factory=list, description="JSON only; multipart sends files as `attachments`"
    )


class VersionIn(In):
    expected_version: int | None = Field(
        None, description="The version you last saw (or send If-Match); stale → 409"
    )


class NoteIn(VersionIn):
    note: str = Field("", max_length=TEXT)


class DispatchIn(NoteIn):
    lead_department: int = Field(..., description="Department id of the lead (主办)")
    co_departments: list[int] = Field(default_factory=list, description="Co-handling (协办)")


class TransferIn(NoteIn):
    department: int = Field(..., description="Department id to pass the ticket to")


class ReasonIn(VersionIn):
    reason: str = Field(..., max_length=TEXT)


class OpinionIn(VersionIn):
    opinion: str = Field(..., max_length=TEXT)


class ExtensionIn(ReasonIn):
    days: int = Field(..., description="Working days, 1 … 30")


class DecideExtensionIn(NoteIn):
    extension: int = Field(..., description="Id of the pending extension request")
    approve: bool


class ReplyIn(VersionIn):
    text: str = Field(..., max_length=TEXT)
    attachments: list[AttachmentIn] = Field(default_factory=list)


class AnswerNowIn(VersionIn):
    answer: str = Field("", max_length=TEXT, description="Empty: the knowledge entry's answer")
    knowledge_entry: int | None = None


class FollowUpIn(NoteIn):
    reached: bool
    level: int | None = Field(None, description="Rating given on the phone, 1 … 5")


class RateIn(VersionIn):
    level: int = Field(..., description="5 非常满意 … 1 非常不满意")
    comment: str = Field("", max_length=TEXT)


class MergeIn(NoteIn):
    into: str = Field(..., max_length=32, description="Case number (or id) of the live ticket")


# --- outputs ---------------------------------------------------------------------------------


class RefOut(Schema):
    id: int
    name: str


class CategoryRefOut(Schema):
    code: str
    name: str


class RequesterOut(Schema):
    name: str
    phone: str = Field(..., description="Masked (138****5678) unless you are the requester")
    phone_masked: bool
    has_account: bool


class EmergencyOut(Schema):
    number: str = Field(..., description="110 / 119 / 120 / 122")
    service: str
    words: list[str]


class TicketOut(Schema):
    id: int
    case_number: str
    version: int = Field(..., description="Send back as expected_version / If-Match")
    status: Status
    status_label: str
    channel: Channel
    ticket_type: TicketType
    subject: str
    category: CategoryRefOut | None
    address: str
    latitude: float | None
    longitude: float | None
    region_code: str
    allow_publication: bool
    requester: RequesterOut
    lead_department: RefOut | None
    current_department: RefOut | None
    current_assignee: RefOut | None = Field(None, description="Staff only")
    sla_state: SlaState
    sign_deadline: datetime | None
    handle_deadline: datetime | None
    supervised: bool | None = Field(None, description="Staff only")
    reopen_count: int
    merged_into: str | None = Field(None, description="Case number of the live ticket")
    created_at: datetime
    updated_at: datetime
    dispatched_at: datetime | None
    signed_at: datetime | None
    replied_at: datetime | None
    closed_at: datetime | None


class EventOut(Schema):
    id: int
    action: str
    label: str
    from_status: str
    to_status: str
    actor: RefOut | None = Field(None, description="Staff only; citizens see the department")
    department: RefOut | None
    note: str
    data: dict[str, Any] | None = Field(None, description="Staff only")
    is_public: bool
    created_at: datetime


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str
    event_id: int | None
    created_at: datetime
    url: str


class PartyOut(Schema):
    department: RefOut
    role: str
    is_active: bool
    signed_at: datetime | None
    opinion: str


class ExtensionOut(Schema):
    id: int
    days: int
    reason: str
    status: str
    created_at: datetime
    decided_at: datetime | None
    new_deadline: datetime | None


class RatingOut(Schema):
    round: int
    level: int
    level_label: str
    comment: str
    is_bad: bool
    created_at: datetime


class TicketDetailOut(TicketOut):
    description: str
    reply_text: str = Field(..., description="Citizens see it once the reply is approved")
    suggested_department: RefOut | None = None
    received_by: RefOut | None = None
    recording_ref: str | None = None
    external_source: str | None = None
    external_id: str | None = None
    may_reveal_requester: bool
    available_actions: list[str] = Field(
        ..., description="Actions you may take now: POST /api/v1/tickets/{id}/{action}"
    )
    parties: list[PartyOut]
    events: list[EventOut]
    attachments: list[AttachmentOut]
    extensions: list[ExtensionOut]
    ratings: list[RatingOut]


class TicketCreatedOut(TicketDetailOut):
    emergency: list[EmergencyOut] = Field(
        ..., description="Emergency words found: transfer to 110/119/120/122"
    )


class TicketPageOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[TicketOut]


class TicketListQuery(Schema):
    status: str = Field("", description="Comma-separated statuses", max_length=200)
    category: str = Field("", description="Category code (its sub-categories too)", max_length=32)
    department: int | None = Field(None, description="Lead or current department id")
    channel: str = Field("", description="Comma-separated channels", max_length=100)
    ticket_type: str = Field("", description="Comma-separated types", max_length=100)
    region: str = Field("", description="Region code prefix", max_length=12)
    date_from: date | None = Field(None, description="Filed on or after (local date)")
    date_to: date | None = Field(None, description="Filed on or before (local date)")
    q: str = Field("", description="Case number, subject, description or phone", max_length=100)
    sla_state: str = Field("", description="Comma-separated: ok, warning, overdue", max_length=30)
    ordering: Literal["-created_at", "created_at", "-updated_at", "handle_deadline"] = "-created_at"
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=200)


class RevealOut(Schema):
    name: str
    phone: str


class IntakeOut(Schema):
    id: int
    case_number: str
    status: Status
    channel: Channel
    created_at: datetime
    emergency: list[EmergencyOut]
