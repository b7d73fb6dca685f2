"""Helpers shared by the workbench ticket views: errors onto forms, htmx detection."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import FieldError, InvalidInput, NotFound, YiwangError
from yiwang.core.errors import PermissionDenied as YiwangPermissionDenied
from yiwang.tickets.models import Ticket
from yiwang.tickets.selectors.workbench import ticket_for_staff
from yiwang.tickets.services.attachments import MAX_BYTES, UploadedFile


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def staff_ticket(request, pk: int) -> Ticket:
    """The ticket, or 404 when it does not exist *or* lies outside the viewer's scope, so a
    handler cannot learn which case numbers exist in other departments."""
    ticket = ticket_for_staff(user=request.user, pk=pk)
    if ticket is None:
        raise Http404
    return ticket


def raise_for_page(error: YiwangError) -> None:
    """Errors other than input and conflicts become the web shell's 403/404 pages."""
    if isinstance(error, YiwangPermissionDenied):
        raise DjangoPermissionDenied(str(error.detail)) from error
    if isinstance(error, NotFound):
        raise Http404 from error
    raise error


def field_error(field: str, message: Any) -> InvalidInput:
    return InvalidInput(field_errors=[FieldError(field, message, "invalid")])


def uploaded_files(files) -> list[UploadedFile]:
    result = []
    for index, upload in enumerate(files or []):
        if upload.size > MAX_BYTES:  # refuse before reading a huge file into memory
            raise field_error(f"attachments.{index}", _("附件不能超过 10 MB"))
        result.append(UploadedFile(upload.name, upload.read()))
    return result
