"""The inboxes: one list per box with filters, search, pagination, bulk dispatch, export."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiwang.core.errors import YiwangError, in_language
from yiwang.org.permissions import can
from yiwang.tickets.forms_workbench import BulkDispatchForm, InboxFilterForm
from yiwang.tickets.selectors import export
from yiwang.tickets.selectors.inbox import (
    INBOX_BY_KEY,
    Inbox,
    countdown,
    inbox_counts,
    inbox_tickets,
    inboxes_for,
)
from yiwang.tickets.selectors.visibility import tickets_visible
from yiwang.tickets.services import ticket_dispatch
from yiwang.tickets.services.workbench import ticket_export_logged
from yiwang.workbench.decorators import staff_required

PAGE_SIZE = 25


def _box(request) -> tuple[Inbox, list[Inbox]]:
    boxes = inboxes_for(request.user)
    if not boxes:
        raise PermissionDenied
    wanted = request.GET.get("box") or request.POST.get("box") or ""
    box = INBOX_BY_KEY.get(wanted)
    if box is None or box not in boxes:
        box = boxes[0]
    return box, boxes


def _query_without(request, *names: str) -> str:
    params = request.GET.copy()
    for name in ("page", *names):
        params.pop(name, None)
    return params.urlencode()


@staff_required
def inbox(request):
    box, boxes = _box(request)
    form = InboxFilterForm(request.GET or None)
    tickets = inbox_tickets(user=request.user, box=box, filters=form.filters())
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(t, countdown(t, now)) for t in page.object_list]
    counts = inbox_counts(user=request.user, boxes=boxes)
    context = {
        "box": box,
        "boxes": [(b, counts.get(b.key, 0)) for b in boxes],
        "form": form,
        "page": page,
        "rows": rows,
        "query": _query_without(request),
        "filter_query": _query_without(request, "box"),
        "can_bulk_dispatch": box.key == "pending_dispatch"
        and can(request.user, "tickets.dispatch"),
        "can_export": can(request.user, "tickets.export"),
        "bulk_form": BulkDispatchForm(),
        # nothing runs against a deadline before dispatch or after closing
        "show_clock": box.key not in ("pending_dispatch", "follow_up"),
    }
    template = "tickets/workbench/inbox.html"
    if request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == (
        "tk-results"
    ):
        template = "tickets/workbench/_inbox_results.html"
    return render(request, template, context)


@staff_required
def export_xlsx(request):
    if not can(request.user, "tickets.export"):
        raise PermissionDenied
    box, _boxes = _box(request)
    form = InboxFilterForm(request.GET or None)
    filters = form.filters()
    tickets = inbox_tickets(user=request.user, box=box, filters=filters)
    ticket_export_logged(
        actor=request.user, count=tickets.count(), filters={"box": box.key, **filters.as_dict()}
    )
    response = HttpResponse(
        export.xlsx_bytes(tickets),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="tickets-{box.key}-{stamp}.xlsx"'
    return response


@staff_required
@require_POST
def bulk_dispatch(request):
    """Dispatch each selected ticket in its own transaction and say which failed and why."""
    if not can(request.user, "tickets.dispatch"):
        raise PermissionDenied
    form = BulkDispatchForm(request.POST)
    if not form.is_valid():
        return render(request, "tickets/workbench/bulk_result.html", {"form": form})
    pairs = form.selected()
    visible = tickets_visible(user=request.user).select_related("suggested_department")
    found = visible.in_bulk([pk for pk, _v in pairs])
    department = form.cleaned_data.get("lead_department")
    note = form.cleaned_data.get("note") or ""
    results = []
    for pk, version in pairs:
        ticket = found.get(pk)
        if ticket is None:
            results.append(
                {
                    "pk": pk,
                    "case_number": "",
                    "ok": False,
                    "status": 404,
                    "reason": _("工单不存在或无权查看"),
                }
            )
            continue
        lead = department or ticket.suggested_department
        try:
            with transaction.atomic():
                ticket = ticket_dispatch(
                    actor=request.user,
                    ticket=ticket,
                    lead_department=lead,
                    note=note,
                    expected_version=version,
                )
        except YiwangError as error:
            reason = str(error.detail)
            if error.field_errors:
                reason = "；".join(str(fe.message) for fe in error.field_errors)
            results.append(
                {
                    "pk": pk,
                    "case_number": ticket.case_number,
                    "ok": False,
                    "status": error.status,
                    "reason": reason,
                    "reason_en": in_language(error.detail, "en"),
                }
            )
            continue
        results.append(
            {
                "pk": pk,
                "case_number": ticket.case_number,
                "ok": True,
                "status": 200,
                "department": lead.name,
            }
        )
    context = {
        "results": results,
        "succeeded": sum(1 for r in results if r["ok"]),
        "failed": sum(1 for r in results if not r["ok"]),
    }
    # the page itself succeeded; each ticket's own outcome (409, 400 ...) is in the table
    return render(request, "tickets/workbench/bulk_result.html", context)
