"""POST /api/v1/tickets/{id}/{action}: every lifecycle action, one endpoint each.

Each takes ``expected_version`` (or ``If-Match``). The check runs under the ticket's row lock
and stays locked until the service commits, so "someone acted first" is always a 409 — also
for actions whose service takes no version (notes, opinions, supervision ...). The permission
is checked before the version: a person who may not act learns nothing about the ticket.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Router

from yiwang.core.errors import FieldError, InvalidInput, NotFound
from yiwang.org.models import Department
from yiwang.tickets import services, workflow
from yiwang.tickets.api import bodies
from yiwang.tickets.api.present import is_owner
from yiwang.tickets.api.schemas import (
    AnswerNowIn,
    DecideExtensionIn,
    DispatchIn,
    ExtensionIn,
    FollowUpIn,
    MergeIn,
    NoteIn,
    OpinionIn,
    RateIn,
    ReasonIn,
    ReplyIn,
    TicketDetailOut,
    TransferIn,
    VersionIn,
)
from yiwang.tickets.api.tickets import detail_response, visible_ticket
from yiwang.tickets.models import ExtensionRequest, KnowledgeEntry
from yiwang.tickets.selectors.api import ticket_unscoped
from yiwang.tickets.selectors.visibility import tickets_visible
from yiwang.tickets.services.transitions import version_guard

router = Router()

MULTIPART_ACTIONS = frozenset({"reply"})


def _endpoint(action: str, schema: type, summary: str, description: str = ""):
    transition = workflow.get(action)
    roles = ", ".join(sorted(transition.roles)) or "-"
    owner = " The requester may take it on their own ticket." if transition.owner else ""
    doc = (
        f"{description}\n\nAllowed from: {', '.join(sorted(transition.sources))}. "
        f"Roles: {roles}.{owner} 403 when you may not act, 409 when the version is stale or "
        "the state has moved on."
    ).strip()
    return router.post(
        f"/{{int:ticket_id}}/{action}",
        response=TicketDetailOut,
        summary=summary,
        description=doc,
        url_name=f"ticket_{action}",
        openapi_extra={
            **bodies.body_doc(schema, multipart=action in MULTIPART_ACTIONS),
            "parameters": [
                {
                    "in": "header",
                    "name": "If-Match",
                    "required": False,
                    "schema": {"type": "string"},
                    "description": 'The ticket version as an ETag ("7"); same as expected_version',
                }
            ],
        },
    )


def _act(
    request,
    response: HttpResponse,
    ticket_id: int,
    action: str,
    body_version: int | None,
    call: Callable[..., Any],
    *,
    versioned: bool = False,
) -> dict[str, Any]:
    """Check scope (404), permission (403) and version (409) under the row lock, then
    ``call(actor=, ticket=)`` — with ``expected_version=`` too when the service takes it."""
    user = request.auth
    if not tickets_visible(user=user).filter(pk=ticket_id).exists():
        raise NotFound(_("工单不存在或不在您的数据范围内"))
    version = bodies.expected_version(request, body_version)
    with version_guard(ticket_id, version, actor=user, action=action) as locked:
        call(actor=user, ticket=locked, **({"expected_version": version} if versioned else {}))
    try:
        ticket = visible_ticket(user, ticket_id)
    except NotFound:  # acted and passed it on out of one's own scope: show the outcome anyway
        ticket = ticket_unscoped(ticket_id)
    return detail_response(response, user, ticket)


def _payload(request, schema):
    return bodies.read_payload(request, schema, allow_empty=True)


def _department(pk: int, field: str) -> Department:
    department = Department.objects.filter(pk=pk, is_active=True).first()
    if department is None:
        raise InvalidInput(field_errors=[FieldError(field, _("部门不存在"), "unknown_department")])
    return department


@_endpoint("dispatch", DispatchIn, "派单 Dispatch to a lead (and co-handling) departments")
def dispatch(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, DispatchIn)
    lead = _department(p.lead_department, "lead_department")
    co = [_department(pk, f"co_departments.{i}") for i, pk in enumerate(p.co_departments)]
    call = partial(services.ticket_dispatch, lead_department=lead, co_departments=co, note=p.note)
    return _act(request, response, ticket_id, "dispatch", p.expected_version, call, versioned=True)


@_endpoint("transfer", TransferIn, "转派 Transfer (down the department tree)")
def transfer(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, TransferIn)
    department = _department(p.department, "department")
    call = partial(services.ticket_transfer, department=department, note=p.note)
    return _act(request, response, ticket_id, "transfer", p.expected_version, call, versioned=True)


@_endpoint("sign", VersionIn, "签收 Sign for the ticket (you become responsible)")
def sign(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, VersionIn)
    call = services.ticket_sign
    return _act(request, response, ticket_id, "sign", p.expected_version, call, versioned=True)


@_endpoint("note", NoteIn, "办理进展 Record a progress note (internal)")
def note(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, NoteIn)
    call = partial(services.ticket_note, note=p.note)
    return _act(request, response, ticket_id, "note", p.expected_version, call)


@_endpoint("co_opinion", OpinionIn, "协办意见 A co-handling department's opinion")
def co_opinion(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, OpinionIn)
    call = partial(services.ticket_co_opinion, opinion=p.opinion)
    return _act(request, response, ticket_id, "co_opinion", p.expected_version, call)


@_endpoint("request_return", ReasonIn, "申请退单 Ask the dispatcher to take it back")
def request_return(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, ReasonIn)
    call = partial(services.ticket_request_return, reason=p.reason)
    return _act(
        request, response, ticket_id, "request_return", p.expected_version, call, versioned=True
    )


@_endpoint("accept_return", NoteIn, "同意退单 Accept the return (back to 待派单)")
def accept_return(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, NoteIn)
    call = partial(services.ticket_decide_return, accept=True, note=p.note)
    return _act(
        request, response, ticket_id, "accept_return", p.expected_version, call, versioned=True
    )


@_endpoint("reject_return", NoteIn, "驳回退单 Reject the return (note required)")
def reject_return(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, NoteIn)
    call = partial(services.ticket_decide_return, accept=False, note=p.note)
    return _act(
        request, response, ticket_id, "reject_return", p.expected_version, call, versioned=True
    )


@_endpoint("request_extension", ExtensionIn, "申请延期 Ask for more working days")
def request_extension(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, ExtensionIn)
    call = partial(services.ticket_request_extension, days=p.days, reason=p.reason)
    return _act(request, response, ticket_id, "request_extension", p.expected_version, call)


@_endpoint("decide_extension", DecideExtensionIn, "审批延期 Approve or reject an extension")
def decide_extension(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, DecideExtensionIn)
    extension = ExtensionRequest.objects.filter(pk=p.extension, ticket_id=ticket_id).first()
    if extension is None:
        raise InvalidInput(
            field_errors=[FieldError("extension", _("延期申请不存在"), "unknown_extension")]
        )

    def call(*, actor, ticket):  # the service finds the ticket through the extension
        services.ticket_decide_extension(
            actor=actor, extension=extension, approve=p.approve, note=p.note
        )

    return _act(request, response, ticket_id, "decide_extension", p.expected_version, call)


@_endpoint("reply", ReplyIn, "答复 Reply (JSON with base64 attachments, or multipart)")
def reply(request, ticket_id: int, response: HttpResponse):
    p, files = bodies.read_payload(request, ReplyIn)
    call = partial(services.ticket_reply, text=p.text, attachments=files)
    return _act(request, response, ticket_id, "reply", p.expected_version, call, versioned=True)


@_endpoint("approve_reply", NoteIn, "审核通过 Accept the reply: the ticket is closed")
def approve_reply(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, NoteIn)
    call = partial(services.ticket_review, accept=True, note=p.note)
    return _act(
        request, response, ticket_id, "approve_reply", p.expected_version, call, versioned=True
    )


@_endpoint("reject_reply", NoteIn, "退回重办 Send the reply back (note required)")
def reject_reply(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, NoteIn)
    call = partial(services.ticket_review, accept=False, note=p.note)
    return _act(
        request, response, ticket_id, "reject_reply", p.expected_version, call, versioned=True
    )


@_endpoint("answer_now", AnswerNowIn, "即时办结 Answer at once (from the knowledge base)")
def answer_now(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, AnswerNowIn)
    entry = None
    if p.knowledge_entry is not None:
        entry = KnowledgeEntry.objects.filter(pk=p.knowledge_entry, is_active=True).first()
        if entry is None:
            raise InvalidInput(
                field_errors=[FieldError("knowledge_entry", _("知识库条目不存在"), "unknown_entry")]
            )
    call = partial(services.ticket_answer_now, answer=p.answer, knowledge_entry=entry)
    return _act(request, response, ticket_id, "answer_now", p.expected_version, call)


@_endpoint("follow_up", FollowUpIn, "回访 Record the follow-up call (and a rating given)")
def follow_up(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, FollowUpIn)
    call = partial(services.ticket_follow_up, reached=p.reached, note=p.note, level=p.level)
    return _act(request, response, ticket_id, "follow_up", p.expected_version, call)


@_endpoint("rate", RateIn, "评价 Rate on the five 好差评 levels")
def rate(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, RateIn)

    def call(*, actor, ticket):
        channel = "web" if is_owner(actor, ticket) else "api"
        services.ticket_rate(
            actor=actor, ticket=ticket, level=p.level, comment=p.comment, channel=channel
        )

    return _act(request, response, ticket_id, "rate", p.expected_version, call)


@_endpoint("reopen", ReasonIn, "重办 Reopen (the requester, within the window)")
def reopen(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, ReasonIn)
    call = partial(services.ticket_reopen, reason=p.reason)
    return _act(request, response, ticket_id, "reopen", p.expected_version, call)


@_endpoint("merge", MergeIn, "合并 Merge a repeat complaint into the live ticket")
def merge(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, MergeIn)
    ref = p.into.strip()
    visible = tickets_visible(user=request.auth)
    target = visible.filter(case_number=ref).first()
    if target is None and ref.isdigit():
        target = visible.filter(pk=int(ref)).first()
    if target is None:
        raise InvalidInput(field_errors=[FieldError("into", _("目标工单不存在"), "unknown_ticket")])
    call = partial(services.ticket_merge, into=target, note=p.note)
    return _act(request, response, ticket_id, "merge", p.expected_version, call)


@_endpoint("supervise", NoteIn, "督办 Put under supervision with instructions")
def supervise(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, NoteIn)
    call = partial(services.ticket_supervise, note=p.note)
    return _act(request, response, ticket_id, "supervise", p.expected_version, call)


@_endpoint("rectify", NoteIn, "差评整改 Report the rectification of a bad review")
def rectify(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, NoteIn)
    call = partial(services.ticket_rectify, note=p.note)
    return _act(request, response, ticket_id, "rectify", p.expected_version, call)


@_endpoint("urge", NoteIn, "催办 Urge the people responsible")
def urge(request, ticket_id: int, response: HttpResponse):
    p, _files = _payload(request, NoteIn)
    call = partial(services.ticket_urge, note=p.note)
    return _act(request, response, ticket_id, "urge", p.expected_version, call)
