"""How the API knows who is calling: an API key for systems, the session for browsers."""

from __future__ import annotations

from ninja.security import APIKeyHeader, HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from yiwang.core import context


class ApiKeyAuth(APIKeyHeader):
    """``X-API-Key: yw_...`` or ``Authorization: Bearer yw_...``."""

    param_name = "X-API-Key"

    def __call__(self, request):
        key = request.headers.get(self.param_name) or _bearer(request)
        if not key:
            return None
        return self.authenticate(request, key)

    def authenticate(self, request, key):
        from yiwang.accounts.services import apikey_authenticate

        account = apikey_authenticate(key=key)
        if account is None:
            return None
        request.user = account
        context.set_user(account)
        return account


def _bearer(request) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


class SessionAuth(NinjaSessionAuth):
    """The browser session, with Django's CSRF check on unsafe methods."""


__all__ = ["ApiKeyAuth", "HttpBearer", "SessionAuth"]
