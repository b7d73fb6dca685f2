"""REST API of 依申请公开 at /api/v1/disclosure/requests.

Filing and tracking are public (no key, no session): a request filed here belongs to no account
(the HTML form, protected against cross-site posts, links requests to a signed-in applicant).
Staff read their departments' requests with an API key or a session.
"""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from yiwang.core.errors import NotFound
from yiwang.core.middleware import client_ip
from yiwang.disclosure import outcomes
from yiwang.disclosure.models.requests import DisclosureRequest
from yiwang.disclosure.selectors import requests as selectors
from yiwang.disclosure.services.requests import ApplicantData, RequestData, request_submit

router = Router(tags=["disclosure requests"])
requests_router = router


class RequestIn(Schema):
    applicant_type: str = Field(..., description="natural | commercial | research | welfare | "
                                "legal_service | other_org")  # fmt: skip
    name: str = Field(..., max_length=200)
    phone: str = Field(..., max_length=20, description="mainland mobile; needed to track")
    id_type: str = Field("", description="natural persons: resident | passport | ...")
    id_number: str = Field("", max_length=30)
    credit_code: str = Field("", max_length=18, description="organisations")
    legal_representative: str = Field("", max_length=50)
    contact_name: str = Field("", max_length=50)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=200)
    postcode: str = Field("", max_length=6)
    department_id: int
    description: str = Field(..., max_length=5000)
    document_title: str = Field("", max_length=200)
    document_number: str = Field("", max_length=100)
    purpose: str = Field("", max_length=1000, description="optional (not required by law)")
    provide_form: str = Field("email", description="paper | email | disc | disk | other")
    receive_way: str = Field("email", description="post | email | pickup | fax | online")


class FiledOut(Schema):
    number: str
    status: str
    submitted_on: dt.date
    due_on: dt.date
    track_url: str


class TrackIn(Schema):
    number: str = Field(..., max_length=40)
    phone: str = Field(..., max_length=20)


class EventOut(Schema):
    at: dt.datetime
    action: str
    note: str


class PublicOut(Schema):
    number: str
    department: str
    status: str
    status_label: str
    submitted_on: dt.date
    due_on: dt.date | None
    outcome: str
    outcome_label: str
    legal_basis: str
    notice_text: str
    correction_items: str
    correction_due_on: dt.date | None
    timeline: list[EventOut]


class StaffOut(Schema):
    id: int
    number: str
    department_id: int
    applicant_type: str
    status: str
    clock_state: str
    submitted_on: dt.date
    due_on: dt.date | None
    extension_state: str
    outcome: str
    decided_on: dt.date | None


class StaffPage(Schema):
    count: int
    page: int
    pages: int
    items: list[StaffOut]


class OutcomeOut(Schema):
    code: str
    group: str
    label: str
    legal_basis: str


def _track_url(request, number: str) -> str:
    return request.build_absolute_uri(reverse("disclosure:request_track") + f"?number={number}")


@router.post("", auth=None, response={201: FiledOut}, summary="File a disclosure request")
def file_request(request, body: RequestIn):
    data = body.dict()
    department_id = data.pop("department_id")
    request_fields = {k: data.pop(k) for k in list(data) if k in RequestData.__dataclass_fields__}
    obj = request_submit(
        actor=None,
        applicant=ApplicantData(**data),
        request=RequestData(department_id=department_id, **request_fields),
    )
    return Status(
        201,
        {
            "number": obj.number,
            "status": obj.status,
            "submitted_on": obj.submitted_on,
            "due_on": obj.due_on,
            "track_url": _track_url(request, obj.number),
        },
    )


def _public(obj: DisclosureRequest) -> dict:
    return {
        "number": obj.number,
        "department": obj.department.name,
        "status": obj.status,
        "status_label": str(obj.get_status_display()),
        "submitted_on": obj.submitted_on,
        "due_on": obj.due_on if obj.is_open else None,
        "outcome": obj.outcome,
        "outcome_label": outcomes.display(obj.outcome) if obj.outcome else "",
        "legal_basis": obj.legal_basis,
        "notice_text": obj.notice_text,
        "correction_items": obj.correction_items,
        "correction_due_on": obj.correction_due_on,
        "timeline": [
            {"at": e.created_at, "action": e.action, "note": e.note}
            for e in selectors.request_timeline(obj, public_only=True)
        ],
    }


@router.post("/track", auth=None, response=PublicOut, summary="Track a request (number + phone)")
def track(request, body: TrackIn):
    obj = selectors.request_for_tracking(
        number=body.number, phone=body.phone, client_ip=client_ip(request)
    )
    return _public(obj)


@router.get("/outcomes", auth=None, response=list[OutcomeOut], summary="Outcome codes")
def outcome_codes(request):
    return [
        {
            "code": o.code,
            "group": o.group,
            "label": str(outcomes.display(o.code)),
            "legal_basis": str(o.legal_basis),
        }
        for o in outcomes.OUTCOMES
    ]


class InboxQuery(Schema):
    box: str = Field("open", description="open | due_soon | overdue | stopped | extension | done")
    q: str = Field("", max_length=50)
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=100)


def _staff(obj: DisclosureRequest) -> dict:
    return {
        "id": obj.pk, "number": obj.number, "department_id": obj.department_id,
        "applicant_type": obj.applicant_type, "status": obj.status,
        "clock_state": obj.clock_state, "submitted_on": obj.submitted_on, "due_on": obj.due_on,
        "extension_state": obj.extension_state, "outcome": obj.outcome,
        "decided_on": obj.decided_on,
    }  # fmt: skip


@router.get("/inbox", response=StaffPage, summary="Requests of my departments (staff)")
def inbox(request, params: Query[InboxQuery]):
    box = params.box if params.box in selectors.BOXES else "open"
    rows = selectors.requests_for_inbox(user=request.auth, box=box, query=params.q)
    page = Paginator(rows, params.page_size).get_page(params.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "items": [_staff(r) for r in page.object_list],
    }


@router.get("/inbox/{pk}", response=StaffOut, summary="One request (staff)")
def inbox_detail(request, pk: int):
    obj = selectors.requests_visible(user=request.auth).filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return _staff(obj)
