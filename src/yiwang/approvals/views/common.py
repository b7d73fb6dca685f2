"""Small helpers shared by the applicant pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from yiwang.core.errors import NotFound, YiwangError
from yiwang.core.errors import PermissionDenied as YiwangPermissionDenied


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def raise_for_page(error: YiwangError) -> None:
    """Errors other than bad input become the web shell's 403/404 pages."""
    if isinstance(error, YiwangPermissionDenied):
        raise DjangoPermissionDenied(str(error.detail)) from error
    if isinstance(error, NotFound):
        raise Http404 from error
    raise error


def private(response: HttpResponse) -> HttpResponse:
    """Personal pages and files are never kept by shared caches."""
    response["Cache-Control"] = "private, no-store"
    return response


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")
