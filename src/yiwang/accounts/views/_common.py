"""Small helpers shared by the account views."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from yiwang.accounts.models import UserKind

# Registration logs the new person in directly; Django must be told which backend vouches.
PASSWORD_BACKEND = "yiwang.accounts.backends.UsernameOrPhoneBackend"


def safe_next(request, candidate: str | None) -> str | None:
    """``candidate`` when it points back into this site, else None (no open redirects)."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def home_for(user) -> str:
    """Where a person lands after signing in without a ``next``: staff go to their desk."""
    if user.kind in (UserKind.STAFF, UserKind.SYSTEM) or user.is_superuser:
        return reverse("workbench:home")
    return reverse("portal:home")


def base_template_for(user) -> str:
    """Staff see their account pages inside the workbench, everyone else inside the portal."""
    if user.is_authenticated and (user.kind == UserKind.STAFF or user.is_superuser):
        return "workbench/base.html"
    return "portal/base.html"
