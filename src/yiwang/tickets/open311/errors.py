"""Errors in the GeoReport v2 shape: a list of ``{code, description}`` (XML ``<errors><error>``),
with the HTTP status of the first. Domain errors from the services are translated here, their
field names renamed to the parameter names an Open311 client sent."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from yiwang.core import errors as core

# service parameter → Open311 parameter
PARAMETERS = {
    "subject": "description",
    "description": "description",
    "requester_phone": "phone",
    "requester_name": "first_name",
    "latitude": "lat",
    "longitude": "long",
    "category": "service_code",
    "address": "address_string",
    "attachments": "media",
}


class Open311Error(Exception):
    def __init__(self, status: int, *descriptions: Any):
        self.status = status
        self.descriptions = descriptions or (_("请求有误"),)
        super().__init__(status)

    def as_data(self) -> list[dict[str, Any]]:
        return [{"code": self.status, "description": str(d)} for d in self.descriptions]


def _parameter(field: str) -> str:
    head, dot, rest = field.partition(".")
    return PARAMETERS.get(field) or (PARAMETERS.get(head, head) + dot + rest)


def from_domain(exc: core.YiwangError) -> Open311Error:
    if isinstance(exc, core.NotAuthenticated):
        # GeoReport v2 answers a missing or unknown api_key with 403
        return Open311Error(403, _("api_key 缺失或无效"))
    if exc.field_errors:
        return Open311Error(
            exc.status, *(f"{_parameter(e.field)}: {e.message}" for e in exc.field_errors)
        )
    return Open311Error(exc.status, exc.detail)
