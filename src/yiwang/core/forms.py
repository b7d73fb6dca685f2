"""Form helpers shared by the apps' server-rendered pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from yiwang.core.errors import InvalidInput


def add_service_errors(form: forms.Form, exc: InvalidInput) -> None:
    """Put each field error a service raised beside the field it concerns, or on top of the
    form when the form has no such field; an error without field errors goes on top.

    A service names fields as the API does (``attachments.2``): the part before the first dot
    is the form field."""
    if not exc.field_errors:
        form.add_error(None, ValidationError(str(exc.detail), code=exc.code))
        return
    for error in exc.field_errors:
        name = error.field.split(".", 1)[0]
        field = name if name in form.fields else None
        form.add_error(field, ValidationError(str(error.message), code=error.code))
