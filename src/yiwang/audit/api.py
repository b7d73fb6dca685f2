"""/api/v1/audit: the audit log for supervisors and platform admins, and chain verification."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from yiwang.audit import selectors, services
from yiwang.audit.permissions import VERIFY, VIEW
from yiwang.audit.selectors import AuditFilters
from yiwang.core.errors import FieldError, InvalidInput
from yiwang.org.permissions import require

router = Router(tags=["audit"])


class AuditRecordOut(Schema):
    seq: int
    created_at: dt.datetime
    actor_id: int | None
    actor_label: str
    role: str
    department_id: int | None
    action: str
    object_type: str
    object_id: str
    summary: str
    changes: dict[str, Any]
    client_ip: str
    request_id: str
    channel: str
    prev_hash: str
    hash: str


class AuditPageOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[AuditRecordOut]


class AuditQuery(Schema):
    action: str = Field("", max_length=100)
    actor: str = Field("", max_length=150)
    object_type: str = Field("", max_length=100)
    object_id: str = Field("", max_length=64)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    request_id: str = Field("", max_length=64)
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=500)


class VerifyOut(Schema):
    ok: bool
    count: int
    first_bad_seq: int | None
    first_bad_id: int | None
    code: str
    reason: str
    reason_en: str


@router.get("/", response=AuditPageOut, summary="Audit records in your scope, newest first")
def list_records(request, q: Query[AuditQuery]):
    require(request.auth, VIEW)
    if q.date_from and q.date_to and q.date_from > q.date_to:
        raise InvalidInput(
            field_errors=[FieldError("date_to", _("截止日期不能早于起始日期"), "date_order")]
        )
    filters = AuditFilters(**q.dict(exclude={"page", "page_size"}))
    records = selectors.audit_list(user=request.auth, filters=filters)
    start = (q.page - 1) * q.page_size
    return {
        "count": records.count(),
        "page": q.page,
        "page_size": q.page_size,
        "items": list(records[start : start + q.page_size]),
    }


@router.get("/verify", response=VerifyOut, summary="Verify the whole hash chain (platform admin)")
def verify(request):
    require(request.auth, VERIFY)
    result = services.chain_verify_and_record(actor=request.auth)
    return {
        "ok": result.ok,
        "count": result.count,
        "first_bad_seq": result.first_bad_seq,
        "first_bad_id": result.first_bad_id,
        "code": result.code,
        "reason": result.reason_zh,
        "reason_en": result.reason_en,
    }
