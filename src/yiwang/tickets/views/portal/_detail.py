"""The requester's view of one ticket, shared by "我的诉求" (signed in) and the public tracking
page (after the case number + phone check): timeline, reply, rating and reopening."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import Conflict, InvalidInput, PermissionDenied
from yiwang.tickets.forms_portal import RateForm, ReopenForm
from yiwang.tickets.models import Ticket
from yiwang.tickets.selectors.tracking import (
    approved_reply,
    live_ticket,
    own_attachments,
    public_timeline,
    requester_options,
)
from yiwang.tickets.services import ticket_rate, ticket_reopen


def _url(name: str, ticket: Ticket, *, owner: bool) -> str:
    prefix = "tickets:mine" if owner else "tickets:public"
    suffix = "_detail" if name == "detail" else f"_{name}"
    return reverse(f"{prefix}{suffix}", args=[ticket.case_number])


def render_detail(
    request: HttpRequest,
    ticket: Ticket,
    *,
    owner: bool,
    rate_form: RateForm | None = None,
    reopen_form: ReopenForm | None = None,
) -> HttpResponse:
    """``owner``: the signed-in requester, who also sees what they wrote and attached. The
    tracking page shows no personal data; a requester without an account acts from it, one
    with an account is asked to sign in."""
    live = live_ticket(ticket) if ticket.merged_into_id else None
    options = requester_options(ticket)
    may_act = owner or ticket.requester_id is None
    context = {
        "ticket": ticket,
        "owner": owner,
        "timeline": public_timeline(ticket),
        "reply": approved_reply(ticket),
        "own_attachments": own_attachments(ticket) if owner else [],
        "options": options,
        "may_act": may_act,
        "rate_form": rate_form or RateForm(),
        "reopen_form": reopen_form or ReopenForm(),
        "rate_url": _url("rate", ticket, owner=owner),
        "reopen_url": _url("reopen", ticket, owner=owner),
        "login_url": reverse("accounts:login")
        + "?next="
        + reverse("tickets:mine_detail", args=[ticket.case_number]),
        "live": live,
        "live_timeline": public_timeline(live) if live is not None else [],
        "live_reply": approved_reply(live) if live is not None else None,
    }
    response = render(request, "tickets/portal/detail.html", context)
    add_never_cache_headers(response)
    return response


def act(request: HttpRequest, ticket: Ticket, *, owner: bool, action: str) -> HttpResponse:
    """Rate or reopen, as the signed-in requester or as the checked anonymous requester."""
    here = _url("detail", ticket, owner=owner)
    if not owner and ticket.requester_id is not None:
        messages.info(request, _("该诉求由注册用户提交，请登录后评价或申请重办。"))
        return redirect(here)
    actor = request.user if owner else None
    form = RateForm(request.POST) if action == "rate" else ReopenForm(request.POST)
    if form.is_valid():
        try:
            if action == "rate":
                ticket_rate(
                    actor=actor, ticket=ticket, level=form.cleaned_data["level"],
                    comment=form.cleaned_data.get("comment", ""), channel="web",
                )  # fmt: skip
            else:
                ticket_reopen(
                    actor=actor, ticket=ticket, reason=form.cleaned_data["reason"],
                    by_requester=not owner,
                )  # fmt: skip
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except (Conflict, PermissionDenied) as exc:
            messages.error(request, exc.detail)
            return redirect(here)
        else:
            if action == "rate":
                messages.success(request, _("感谢您的评价！"))
            else:
                messages.success(request, _("已申请重办，诉求已重新交承办部门办理。"))
            return redirect(here)
    ticket.refresh_from_db()
    forms = {"rate_form": form} if action == "rate" else {"reopen_form": form}
    return render_detail(request, ticket, owner=owner, **forms)
