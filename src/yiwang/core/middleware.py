from __future__ import annotations

import re

from django.conf import settings

from yiwang.core import context

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_ip(request) -> str:
    """The client address, trusting X-Forwarded-For only for the configured proxy hops."""
    hops = settings.YIWANG_TRUSTED_PROXY_COUNT
    if hops > 0:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


class RequestContextMiddleware:
    """Gives every request an id (echoed as X-Request-ID) and binds id and IP for audit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else context.new_request_id()
        request.request_id = request_id
        channel = "api" if request.path.startswith(("/api/", "/open311/", "/govstack/")) else "web"
        with context.bind(request_id=request_id, client_ip=client_ip(request), channel=channel):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class RequestUserContextMiddleware:
    """After authentication: make the signed-in user the acting user for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            context.set_user(user)
        return self.get_response(request)
