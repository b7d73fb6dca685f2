"""提交诉求: the web form, the SMS code for requesters without an account, the emergency hint,
and the confirmation with the case number."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from yiwang.core import pii
from yiwang.core.errors import InvalidInput, RateLimited
from yiwang.core.middleware import client_ip
from yiwang.tickets import sla
from yiwang.tickets.emergency import detect_emergency
from yiwang.tickets.forms_portal import SubmitForm
from yiwang.tickets.models import Channel, Ticket
from yiwang.tickets.services import ticket_create
from yiwang.tickets.services.intake import MAX_DESCRIPTION
from yiwang.tickets.services.verification import (
    SmsUnavailable,
    code_ttl_seconds,
    phone_index,
    verification_check,
    verification_send,
)
from yiwang.tickets.views.portal import _session

_KEPT_ON_RESEND = (
    "ticket_type", "subject", "description", "category", "address", "latitude", "longitude",
    "allow_publication", "requester_name", "requester_phone", "form_token",
)  # fmt: skip


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _posted_phone_is_verified(request: HttpRequest) -> bool:
    verified = _session.verified_phone_index(request)
    if not verified:
        return False
    try:
        return phone_index(request.POST.get("requester_phone", "")) == verified
    except InvalidInput:
        return False


def _render(request, form, *, code_status=None, status=200) -> HttpResponse:
    description = form["description"].value() or ""
    subject = form["subject"].value() or ""
    context = {
        "form": form,
        "code_status": code_status,
        "hints": detect_emergency(f"{subject} {description}"),
        "description_length": len(description),
        "description_max": MAX_DESCRIPTION,
        "code_minutes": max(1, code_ttl_seconds() // 60),
    }
    user = request.user
    if user.is_authenticated:  # shown masked: the page may be on a shared screen
        context["account_name"] = pii.mask_name(user.display_name or user.username)
        context["account_phone"] = pii.mask_phone(user.phone) if user.phone else "—"
    response = render(request, "tickets/portal/submit.html", context, status=status)
    add_never_cache_headers(response)
    return response


@sensitive_post_parameters("requester_phone", "code")
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    signed_in = request.user.is_authenticated
    if request.method == "GET":
        form = SubmitForm(signed_in=signed_in, initial={"form_token": uuid.uuid4().hex})
        if request.GET.get("type") in dict(form.fields["ticket_type"].choices):
            form.initial["ticket_type"] = request.GET["type"]
        return _render(request, form)
    verified = not signed_in and _posted_phone_is_verified(request)
    form = SubmitForm(request.POST, request.FILES, signed_in=signed_in, phone_verified=verified)
    if form.is_valid():
        ticket = _file(request, form, verified=verified)
        if ticket is not None:
            _session.remember_submitted(request, ticket.case_number)
            if not signed_in:  # they may follow it at once without typing the phone again
                _session.remember_tracked(request, ticket.pk)
            return redirect("tickets:submitted", case_number=ticket.case_number)
    return _render(request, form)


def _file(request: HttpRequest, form: SubmitForm, *, verified: bool) -> Ticket | None:
    arguments = form.service_arguments()
    if request.user.is_authenticated:
        arguments.update(actor=request.user, requester=request.user)
        token = form.cleaned_data.get("form_token") or ""
        # a double click (or a retry after a lost response) returns the first ticket
        arguments["idempotency_key"] = f"portal:{token}" if token else ""
    else:
        phone = form.cleaned_data["requester_phone"]
        if not verified:
            try:
                verification_check(phone=phone, code=form.cleaned_data.get("code", ""))
            except InvalidInput as exc:
                form.add_service_errors(exc)
                return None
            _session.remember_verified_phone(request, pii.blind_index(phone, purpose="phone"))
        arguments.update(
            actor=None,
            requester_phone=phone,
            requester_name=form.cleaned_data.get("requester_name", ""),
        )
    try:
        return _create(arguments, form).ticket
    except InvalidInput as exc:
        form.add_service_errors(exc)
        return None


def _create(arguments: dict, form: SubmitForm):
    try:
        return ticket_create(channel=Channel.WEB, attachments=form.uploads(), **arguments)
    except InvalidInput as exc:
        if exc.code != "idempotency-key-reused":
            raise
    # the page was submitted once, then changed (back button) and sent again: a new request
    arguments["idempotency_key"] = ""
    return ticket_create(channel=Channel.WEB, attachments=form.uploads(), **arguments)


@sensitive_post_parameters("requester_phone")
@require_POST
def send_code(request: HttpRequest) -> HttpResponse:
    """With htmx: just the status line under the button (the form and its files stay).
    Without: the whole form again, filled in as it was, with the status line."""
    status: dict = {}
    try:
        sent = verification_send(
            phone=request.POST.get("requester_phone", ""), client_ip=client_ip(request)
        )
        status = {
            "ok": True,
            "masked_phone": sent.masked_phone,
            "minutes": max(1, code_ttl_seconds() // 60),
        }
        http_status = 200
    except InvalidInput as exc:
        status = {"error": exc.field_errors[0].message if exc.field_errors else exc.detail}
        http_status = 200
    except RateLimited as exc:
        wait = int(exc.extra.get("retry_after", 60))
        status = {"error": exc.detail, "retry_minutes": max(1, -(-wait // 60))}
        http_status = 429
    except SmsUnavailable as exc:
        status = {"error": exc.detail}
        http_status = 503
    if _is_htmx(request):  # htmx swaps only 2xx answers; the text says what went wrong
        return render(request, "tickets/portal/_code_status.html", {"code_status": status})
    if request.user.is_authenticated:
        return redirect("tickets:submit")
    initial = {name: request.POST.get(name, "") for name in _KEPT_ON_RESEND}
    initial["allow_publication"] = bool(request.POST.get("allow_publication"))
    form = SubmitForm(signed_in=False, initial=initial)
    return _render(request, form, code_status=status, status=http_status)


@require_POST
def emergency_check(request: HttpRequest) -> HttpResponse:
    """htmx, while typing: the emergency banner when the text suggests one, and the count."""
    description = request.POST.get("description", "")[: MAX_DESCRIPTION * 2]
    subject = request.POST.get("subject", "")[:400]
    return render(
        request,
        "tickets/portal/_emergency_check.html",
        {
            "hints": detect_emergency(f"{subject} {description}"),
            "description_length": len(description.strip()),
            "description_max": MAX_DESCRIPTION,
        },
    )


def submitted(request: HttpRequest, case_number: str) -> HttpResponse:
    """The confirmation: only for the browser that filed it, or the signed-in requester."""
    ticket = Ticket.objects.filter(case_number=case_number).first()
    owner = (
        ticket is not None
        and request.user.is_authenticated
        and ticket.requester_id == request.user.pk
    )
    if ticket is None or not (owner or _session.was_submitted_here(request, case_number)):
        return redirect(reverse("tickets:track") + "?" + urlencode({"case": case_number[:40]}))
    context = {
        "ticket": ticket,
        "hints": detect_emergency(f"{ticket.subject} {ticket.description}"),
        "masked_phone": pii.mask_phone(ticket.requester_phone) if ticket.requester_phone else "",
        "owner": owner,
        "handle_days": sla.limits_for(
            ticket_type=ticket.ticket_type, category_id=ticket.category_id
        ).handle_days,
    }
    response = render(request, "tickets/portal/submitted.html", context)
    add_never_cache_headers(response)
    return response
