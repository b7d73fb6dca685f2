"""The staff ticket page: every field, the requester (masked), the timeline, attachments,
co-handlers, extensions, ratings, who holds it now, and the forms of the actions the viewer
may take right now."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiwang.core.errors import YiwangError
from yiwang.org.models import Department
from yiwang.tickets.forms_actions import ACTION_FORMS, ActionForm, TransferForm
from yiwang.tickets.models import Attachment, RatingLevel, ReplyTemplate, Status
from yiwang.tickets.selectors import routing as routing_reads
from yiwang.tickets.selectors import workbench as reads
from yiwang.tickets.selectors.inbox import countdown
from yiwang.tickets.selectors.visibility import tickets_visible
from yiwang.tickets.services.workbench import ticket_requester_reveal
from yiwang.tickets.views.workbench.common import is_htmx, raise_for_page, staff_ticket
from yiwang.workbench.decorators import staff_required

FULL = "tickets/workbench/detail.html"
# the form opened when the page loads: what the viewer most likely came to do
PRIMARY = (
    "sign",
    "dispatch",
    "reply",
    "approve_reply",
    "accept_return",
    "decide_extension",
    "follow_up",
)
PART = "tickets/workbench/_detail.html"


def action_form(action: str, request, ticket, data=None, files=None) -> ActionForm:
    form_class = ACTION_FORMS[action]
    kwargs: dict[str, Any] = {"ticket": ticket, "user": request.user, "prefix": action}
    if form_class is TransferForm:
        kwargs["targets"] = reads.transfer_targets(request.user, ticket)
    form = form_class(data, files, **kwargs)
    if action == "decide_extension" and data is None:
        pending = reads.pending_extension(ticket)
        if pending is not None:
            form.initial["extension"] = pending.pk
    return form


def _actor_name(event) -> str:
    actor = event.actor
    if actor is None:
        return _("系统")
    if getattr(actor, "kind", "") in ("citizen", "enterprise"):
        return _("诉求人")
    return str(actor)


def _status(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


def timeline_rows(ticket) -> list[dict[str, Any]]:
    """Each step with the words a person reads: action, who (and for which department),
    the state it moved the ticket to, and where it was sent."""
    events = list(reads.timeline(ticket))
    ids: set[int] = set()
    for e in events:
        data = e.data or {}
        mentioned = [data.get("lead_department"), data.get("to_department")]
        mentioned += data.get("co_departments") or []
        ids.update(i for i in mentioned if isinstance(i, int))
    names = dict(Department.objects.filter(pk__in=ids).values_list("pk", "name"))
    rows = []
    for e in events:
        data = e.data or {}
        detail = ""
        if e.action == "dispatch" and data.get("lead_department") in names:
            detail = _("主办：%(lead)s") % {"lead": names[data["lead_department"]]}
            co = [names[i] for i in data.get("co_departments") or [] if i in names]
            if co:
                detail += _("；协办：%(co)s") % {"co": "、".join(co)}
        elif e.action == "transfer" and data.get("to_department") in names:
            detail = _("转派至：%(name)s") % {"name": names[data["to_department"]]}
        elif e.action == "request_extension" and data.get("days"):
            detail = _("申请延期 %(days)s 个工作日") % {"days": data["days"]}
        elif e.action == "decide_extension" and "approved" in data:
            detail = _("批准延期") if data["approved"] else _("不予延期")
        elif e.action == "follow_up" and "reached" in data:
            detail = _("已联系上诉求人") if data["reached"] else _("未联系上诉求人")
        elif e.action == "rate" and data.get("level") in RatingLevel.values:
            detail = str(RatingLevel(data["level"]).label)
        elif e.action == "merge" and data.get("into_case_number"):
            detail = _("并入工单 %(case)s") % {"case": data["into_case_number"]}
        elif e.action == "create" and data.get("emergency"):
            detail = _("紧急情况提示：%(numbers)s（%(ack)s）") % {
                "numbers": "/".join(data["emergency"]),
                "ack": _("已提示转接")
                if data.get("emergency_ack") == "transferred"
                else _("判定非紧急，继续受理"),
            }
        change = ""
        if e.from_status and e.to_status and e.from_status != e.to_status:
            change = f"{_status(e.from_status)} → {_status(e.to_status)}"
        elif not e.from_status and e.to_status:
            change = _status(e.to_status)
        rows.append(
            {
                "event": e,
                "label": reads.action_label(e.action),
                "actor": _actor_name(e),
                "department": e.actor_department.name if e.actor_department_id else "",
                "status_change": change,
                "detail": detail,
            }
        )
    return rows


def _reply_initial(request, ticket) -> tuple[list[ReplyTemplate], str]:
    templates = reads.reply_templates_for(ticket)
    chosen = request.GET.get("template", "")
    for template in templates:
        if str(template.pk) == chosen:
            return templates, reads.fill_template(template, ticket)
    return templates, ""


def detail_context(
    request,
    ticket,
    *,
    bound: dict[str, ActionForm] | None = None,
    notice: dict[str, str] | None = None,
    revealed: dict[str, str] | None = None,
    open_action: str = "",
) -> dict[str, Any]:
    actions = reads.available_actions(request.user, ticket)
    bound = bound or {}
    templates, reply_text = _reply_initial(request, ticket)
    forms = []
    for action in actions:
        form = bound.get(action) or action_form(action, request, ticket)
        if action == "reply" and reply_text and action not in bound:
            form.initial["text"] = reply_text
        forms.append((action, reads.form_label(action), form))
    kb_query = request.GET.get("kb", "").strip()
    wanted = open_action or ("reply" if reply_text else "answer_now" if kb_query else "")
    if not wanted:
        wanted = next((a for a in PRIMARY if a in actions), "")
    return {
        "ticket": ticket,
        "clock": countdown(ticket, timezone.now()),
        "responsible": reads.responsible_now(ticket),
        "requester": reads.requester_view(request.user, ticket, revealed),
        "events": timeline_rows(ticket),
        "attachments": ticket.attachments.select_related("event").order_by("pk"),
        "parties": reads.parties(ticket),
        "extensions": ticket.extensions.select_related("requested_by", "decided_by").order_by(
            "-created_at"
        ),
        "ratings": ticket.ratings.select_related("rated_by").order_by("round"),
        "merged_tickets": tickets_visible(user=request.user).filter(merged_into=ticket),
        "action_forms": forms,
        "open_action": wanted,
        "reply_templates": templates,
        "kb_query": kb_query,
        "kb_results": reads.knowledge_lookup(kb_query, user=request.user)
        if "answer_now" in actions
        else [],
        "pending_extension": reads.pending_extension(ticket),
        "notice": notice,
        "routing": routing_reads.routing_panel(ticket) if "dispatch" in actions else None,
        "reply_quality": routing_reads.reply_quality(ticket),
    }


def render_detail(request, ticket, *, status: int = 200, **kwargs):
    template = PART if is_htmx(request) and request.headers.get("HX-Target") else FULL
    return render(request, template, detail_context(request, ticket, **kwargs), status=status)


@staff_required
def detail(request, pk: int):
    return render_detail(request, staff_ticket(request, pk))


@staff_required
@require_POST
def reveal(request, pk: int):
    """Show the requester's phone in full (audited). Not remembered: the next page masks it."""
    ticket = staff_ticket(request, pk)
    try:
        revealed = ticket_requester_reveal(actor=request.user, ticket=ticket)
    except YiwangError as error:
        raise_for_page(error)
    response = render_detail(request, ticket, revealed=revealed)
    response["Cache-Control"] = "no-store"
    return response


@staff_required
def attachment(request, pk: int):
    """Files are served only to people who may see the ticket, never from a public URL."""
    item = get_object_or_404(Attachment.objects.select_related("ticket"), pk=pk)
    if not tickets_visible(user=request.user).filter(pk=item.ticket_id).exists():
        raise Http404
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    # images open in the browser (checked by content at upload); anything else downloads
    response = FileResponse(
        handle,
        as_attachment=not item.content_type.startswith("image/"),
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
