"""The operator console (接听台): take a request by phone, letter or visit.

Emergencies belong to 110/119/120/122: when the text suggests one, the operator is prompted
before the request is saved and must say whether the caller was told to transfer. With
JavaScript the prompt (and a hint about the caller's open requests) appears while typing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from yiwang.core.errors import InvalidInput, YiwangError
from yiwang.core.forms import add_service_errors
from yiwang.org.permissions import can
from yiwang.tickets.emergency import detect_emergency
from yiwang.tickets.forms_console import EMERGENCY_ACK, IntakeForm
from yiwang.tickets.models import TicketType
from yiwang.tickets.selectors.workbench import possible_duplicates, ticket_for_staff
from yiwang.tickets.services import ticket_create
from yiwang.tickets.views.workbench.common import raise_for_page, uploaded_files
from yiwang.workbench.decorators import staff_required

ACK_VALUES = {value for value, _label in EMERGENCY_ACK}


def _allow(request) -> None:
    if not can(request.user, "tickets.create"):
        raise PermissionDenied


def _hints(request, subject: str, description: str, phone: str) -> dict:
    return {
        "emergency": detect_emergency(f"{subject} {description}"),
        "duplicates": possible_duplicates(user=request.user, phone=phone),
        "ack_choices": EMERGENCY_ACK,
    }


def _render(request, form, *, hints=None, created=None, needs_ack=False, status=200):
    context = {
        "form": form,
        "created": created,
        "needs_ack": needs_ack,
        "consult": TicketType.CONSULT,
        **(hints or {"ack_choices": EMERGENCY_ACK}),
    }
    return render(request, "tickets/workbench/console.html", context, status=status)


@staff_required
def console(request):
    _allow(request)
    if request.method != "POST":
        created = None
        if request.GET.get("created", "").isdigit():
            created = ticket_for_staff(user=request.user, pk=int(request.GET["created"]))
        return _render(request, IntakeForm(), created=created)
    form = IntakeForm(request.POST, request.FILES)
    post = request.POST
    hints = _hints(
        request,
        post.get("subject", ""),
        post.get("description", ""),
        post.get("requester_phone", ""),
    )
    if not form.is_valid():
        return _render(request, form, hints=hints)
    ack = post.get("emergency_ack", "")
    if hints["emergency"] and ack not in ACK_VALUES:
        # nothing is saved until the operator has answered the prompt
        return _render(request, form, hints=hints, needs_ack=True)
    data = form.cleaned_data
    extra = {}
    if hints["emergency"]:
        extra = {"emergency": [h.number for h in hints["emergency"]], "emergency_ack": ack}
    try:
        result = ticket_create(
            actor=request.user,
            channel=data["channel"],
            ticket_type=data["ticket_type"],
            subject=data["subject"],
            description=data["description"],
            category_code=data["category"].code if data["category"] else None,
            address=data["address"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            region_code=data["region_code"],
            requester_name=data["requester_name"],
            requester_phone=data["requester_phone"],
            recording_ref=data["recording_ref"],
            allow_publication=data["allow_publication"],
            attachments=uploaded_files(data["attachments"]),
            extra=extra,
        )
    except InvalidInput as error:
        add_service_errors(form, error)
        return _render(request, form, hints=hints)
    except YiwangError as error:
        raise_for_page(error)
    return redirect(reverse("tickets:console") + f"?created={result.ticket.pk}")


@staff_required
@require_POST
def console_check(request):
    """The live hints beside the form (htmx): emergency prompt and the caller's open requests."""
    _allow(request)
    post = request.POST
    hints = _hints(
        request,
        post.get("subject", ""),
        post.get("description", ""),
        post.get("requester_phone", ""),
    )
    return render(request, "tickets/workbench/_console_hints.html", {**hints, "live": True})
