"""我的诉求: a signed-in person's own requests, and each one's progress, reply and rating."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_POST

from yiwang.tickets.selectors.tracking import my_ticket, my_tickets
from yiwang.tickets.views.portal._detail import act, render_detail

PAGE_SIZE = 20


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    page = Paginator(my_tickets(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    response = render(request, "tickets/portal/mine.html", {"page": page, "tickets": page})
    add_never_cache_headers(response)
    return response


def _own(request: HttpRequest, case_number: str):
    ticket = my_ticket(user=request.user, case_number=case_number)
    if ticket is None:  # someone else's case looks exactly like no case
        raise Http404
    return ticket


@login_required
@require_GET
def mine_detail(request: HttpRequest, case_number: str) -> HttpResponse:
    return render_detail(request, _own(request, case_number), owner=True)


@login_required
@require_POST
def mine_rate(request: HttpRequest, case_number: str) -> HttpResponse:
    return act(request, _own(request, case_number), owner=True, action="rate")


@login_required
@require_POST
def mine_reopen(request: HttpRequest, case_number: str) -> HttpResponse:
    return act(request, _own(request, case_number), owner=True, action="reopen")
