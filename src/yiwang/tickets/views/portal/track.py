"""Public progress tracking by case number + the requester's phone.

The check lives in the session for a short while (30 minutes by default), so the requester can
read the timeline, open the reply's attachments, rate and reopen without typing it again."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yiwang.core.errors import NotFound, RateLimited
from yiwang.core.middleware import client_ip
from yiwang.tickets.forms_portal import TrackForm
from yiwang.tickets.models import Ticket
from yiwang.tickets.selectors.tracking import normalize_case_number
from yiwang.tickets.services.verification import tracking_verify
from yiwang.tickets.views.portal import _session
from yiwang.tickets.views.portal._detail import act, render_detail


def _owned_by_viewer(request: HttpRequest, case_number: str) -> bool:
    return (
        request.user.is_authenticated
        and Ticket.objects.filter(
            case_number=normalize_case_number(case_number), requester_id=request.user.pk
        ).exists()
    )


@sensitive_post_parameters("phone")
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "GET":
        case = request.GET.get("case", "")[:40]
        if case and _owned_by_viewer(request, case):  # links in the inbox land here
            return redirect("tickets:mine_detail", case_number=normalize_case_number(case))
        form = TrackForm(initial={"case_number": case})
    else:
        form = TrackForm(request.POST)
        if form.is_valid():
            try:
                ticket = tracking_verify(
                    case_number=form.cleaned_data["case_number"],
                    phone=form.cleaned_data["phone"],
                    client_ip=client_ip(request),
                )
            except NotFound as exc:
                form.add_error(None, exc.detail)
            except RateLimited as exc:
                form.add_error(None, exc.detail)
                status = 429
            else:
                _session.remember_tracked(request, ticket.pk)
                return redirect("tickets:public_detail", case_number=ticket.case_number)
    response = render(request, "tickets/portal/track.html", {"form": form}, status=status)
    add_never_cache_headers(response)
    return response


def _tracked(request: HttpRequest, case_number: str) -> Ticket | None:
    ticket = Ticket.objects.filter(case_number=normalize_case_number(case_number)).first()
    if ticket is None or not _session.is_tracked(request, ticket.pk):
        return None
    return ticket


def _ask_again(request: HttpRequest, case_number: str) -> HttpResponse:
    if _owned_by_viewer(request, case_number):
        return redirect("tickets:mine_detail", case_number=normalize_case_number(case_number))
    return redirect(reverse("tickets:track") + "?" + urlencode({"case": case_number[:40]}))


@require_GET
def public_detail(request: HttpRequest, case_number: str) -> HttpResponse:
    ticket = _tracked(request, case_number)
    if ticket is None:
        return _ask_again(request, case_number)
    return render_detail(request, ticket, owner=False)


@require_POST
def public_rate(request: HttpRequest, case_number: str) -> HttpResponse:
    ticket = _tracked(request, case_number)
    if ticket is None:
        return _ask_again(request, case_number)
    return act(request, ticket, owner=False, action="rate")


@require_POST
def public_reopen(request: HttpRequest, case_number: str) -> HttpResponse:
    ticket = _tracked(request, case_number)
    if ticket is None:
        return _ask_again(request, case_number)
    return act(request, ticket, owner=False, action="reopen")
