"""Attachments the requester may open: the reply's (once approved) and, when signed in, their
own. Media files are never served from a public folder; each download is checked here."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from yiwang.tickets.models import Attachment, Ticket
from yiwang.tickets.selectors.tracking import approved_reply, my_tickets
from yiwang.tickets.views.portal import _session

INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})


def _access(request: HttpRequest, ticket: Ticket) -> tuple[bool, bool]:
    """(owner, checked): signed-in requester of the ticket or of one merged into it, or a
    tracking check in the session for either."""
    related = [ticket.pk, *Ticket.objects.filter(merged_into=ticket).values_list("pk", flat=True)]
    owner = (
        request.user.is_authenticated
        and my_tickets(user=request.user).filter(pk__in=related).exists()
    )
    checked = any(_session.is_tracked(request, pk) for pk in related)
    return owner, checked


@require_GET
def attachment(request: HttpRequest, pk: int):
    found = Attachment.objects.select_related("ticket", "event").filter(pk=pk).first()
    if found is None:
        raise Http404
    owner, checked = _access(request, found.ticket)
    if not (owner or checked):
        raise Http404
    reply = approved_reply(found.ticket)
    in_reply = reply is not None and any(a.pk == found.pk for a in reply.attachments)
    own_upload = (
        owner
        and found.ticket.requester_id == request.user.pk
        and found.event is not None
        and found.event.action == "create"
    )
    if not (in_reply or own_upload):
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=found.content_type,
        as_attachment=found.content_type not in INLINE_TYPES,
        filename=found.original_name,
    )
    add_never_cache_headers(response)
    return response
