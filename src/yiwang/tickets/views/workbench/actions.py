"""POST handlers of the action forms on the staff ticket page: parse, call ONE service,
show the outcome. A stale page (another person acted first) is a 409 with the fresh state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yiwang.core.errors import Conflict, InvalidInput, YiwangError
from yiwang.core.forms import add_service_errors
from yiwang.tickets import services
from yiwang.tickets.forms_actions import ACTION_FORMS
from yiwang.tickets.models import ExtensionRequest, ExtensionStatus, Ticket
from yiwang.tickets.selectors.visibility import tickets_visible
from yiwang.tickets.selectors.workbench import available_actions, form_label, ticket_for_staff
from yiwang.tickets.services.workbench import expected_version
from yiwang.tickets.views.workbench.common import (
    field_error,
    is_htmx,
    raise_for_page,
    staff_ticket,
    uploaded_files,
)
from yiwang.tickets.views.workbench.detail import action_form, render_detail
from yiwang.workbench.decorators import staff_required

STALE = gettext_lazy("工单已被他人处理，请刷新。页面已显示最新状态，请核对后再操作。")


def _extension(ticket: Ticket, pk: int) -> ExtensionRequest:
    extension = ExtensionRequest.objects.filter(
        pk=pk, ticket=ticket, status=ExtensionStatus.PENDING
    ).first()
    if extension is None:
        raise Conflict(gettext_lazy("该延期申请已处理"), code="extension-decided")
    return extension


def _merge_target(user: Any, case_number: str) -> Ticket:
    target = tickets_visible(user=user).filter(case_number=case_number.strip()).first()
    if target is None:
        raise field_error("into", gettext_lazy("找不到该工单编号，或无权查看"))
    return target


Perform = Callable[[Any, Ticket, dict[str, Any]], Any]

PERFORM: dict[str, Perform] = {
    "dispatch": lambda u, t, d: services.ticket_dispatch(
        actor=u, ticket=t, lead_department=d["lead_department"],
        co_departments=d["co_departments"], note=d["note"],
        expected_version=d["expected_version"]),
    "transfer": lambda u, t, d: services.ticket_transfer(
        actor=u, ticket=t, department=d["department"], note=d["note"],
        expected_version=d["expected_version"]),
    "sign": lambda u, t, d: services.ticket_sign(
        actor=u, ticket=t, expected_version=d["expected_version"]),
    "note": lambda u, t, d: services.ticket_note(actor=u, ticket=t, note=d["note"]),
    "co_opinion": lambda u, t, d: services.ticket_co_opinion(
        actor=u, ticket=t, opinion=d["opinion"]),
    "request_return": lambda u, t, d: services.ticket_request_return(
        actor=u, ticket=t, reason=d["reason"], expected_version=d["expected_version"]),
    "accept_return": lambda u, t, d: services.ticket_decide_return(
        actor=u, ticket=t, accept=d["decision"] == "accept", note=d["note"],
        expected_version=d["expected_version"]),
    "request_extension": lambda u, t, d: services.ticket_request_extension(
        actor=u, ticket=t, days=d["days"], reason=d["reason"]),
    "decide_extension": lambda u, t, d: services.ticket_decide_extension(
        actor=u, extension=_extension(t, d["extension"]), approve=d["decision"] == "accept",
        note=d["note"]),
    "reply": lambda u, t, d: services.ticket_reply(
        actor=u, ticket=t, text=d["text"], attachments=uploaded_files(d["attachments"]),
        expected_version=d["expected_version"]),
    "approve_reply": lambda u, t, d: services.ticket_review(
        actor=u, ticket=t, accept=d["decision"] == "accept", note=d["note"],
        expected_version=d["expected_version"]),
    "answer_now": lambda u, t, d: services.ticket_answer_now(
        actor=u, ticket=t, answer=d["answer"], knowledge_entry=d["knowledge_entry"]),
    "follow_up": lambda u, t, d: services.ticket_follow_up(
        actor=u, ticket=t, reached=d["reached"] == "yes", note=d["note"], level=d["level"]),
    "rate": lambda u, t, d: services.ticket_rate(
        actor=u, ticket=t, level=d["level"], comment=d["comment"], channel="phone"),
    "reopen": lambda u, t, d: services.ticket_reopen(actor=u, ticket=t, reason=d["reason"]),
    "merge": lambda u, t, d: services.ticket_merge(
        actor=u, ticket=t, into=_merge_target(u, d["into"]), note=d["note"]),
    "supervise": lambda u, t, d: services.ticket_supervise(actor=u, ticket=t, note=d["note"]),
    "urge": lambda u, t, d: services.ticket_urge(actor=u, ticket=t, note=d["note"]),
    "rectify": lambda u, t, d: services.ticket_rectify(actor=u, ticket=t, note=d["note"]),
}  # fmt: skip


def _posted_version(request, action: str) -> int | None:
    raw = request.POST.get(f"{action}-expected_version", "")
    return int(raw) if raw.isdigit() else None


def _conflict(request, pk: int, action: str):
    """409 with the page redrawn from the current state; what the person typed is kept."""
    ticket = staff_ticket(request, pk)
    bound = {}
    if action in available_actions(request.user, ticket):
        data = request.POST.copy()
        data[f"{action}-expected_version"] = str(ticket.version)
        form = action_form(action, request, ticket, data, request.FILES)
        form.is_valid()
        bound[action] = form
    notice = {"level": "error", "text": str(STALE)}
    return render_detail(request, ticket, status=409, bound=bound, notice=notice,
                         open_action=action if bound else "")  # fmt: skip


@staff_required
@require_POST
def act(request, pk: int, action: str):
    if action not in ACTION_FORMS:
        raise Http404
    ticket = staff_ticket(request, pk)
    if action not in available_actions(request.user, ticket):
        posted = _posted_version(request, action)
        if posted is not None and posted != ticket.version:
            return _conflict(request, pk, action)
        raise PermissionDenied
    form = action_form(action, request, ticket, request.POST, request.FILES)
    if not form.is_valid():
        return render_detail(request, ticket, bound={action: form}, open_action=action)
    try:
        with expected_version(ticket, form.cleaned_data.get("expected_version")):
            PERFORM[action](request.user, ticket, form.cleaned_data)
    except Conflict as error:
        if error.code in ("version-conflict", "state-conflict"):
            return _conflict(request, pk, action)
        form.add_error(None, str(error.detail))
        return render_detail(request, ticket, status=409, bound={action: form}, open_action=action)
    except InvalidInput as error:
        add_service_errors(form, error)
        return render_detail(request, ticket, bound={action: form}, open_action=action)
    except YiwangError as error:
        raise_for_page(error)
    text = _("%(action)s：操作成功") % {"action": form_label(action)}
    fresh = ticket_for_staff(user=request.user, pk=pk)
    if fresh is None:  # e.g. passed on to a department outside the viewer's scope
        messages.success(request, text)
        return redirect("tickets:inbox")
    if is_htmx(request):
        return render_detail(request, fresh, notice={"level": "success", "text": text})
    messages.success(request, text)
    return redirect("tickets:detail", pk=pk)
