"""Care mode (关怀模式) for older users: larger text and targets, stronger contrast.

A plain form POST sets a cookie and sends the user back where they were, so it works
without JavaScript. The return address is checked so the toggle cannot be used to bounce
people to another site.
"""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from yiwang.portal.context_processors import CARE_MODE_COOKIE

ONE_YEAR = 365 * 24 * 3600


def safe_next(request, candidate: str | None, default: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@require_POST
def care_mode(request):
    target = safe_next(request, request.POST.get("next"), reverse("portal:home"))
    response = HttpResponseRedirect(target)
    if request.POST.get("enable") == "1":
        response.set_cookie(
            CARE_MODE_COOKIE, "1", max_age=ONE_YEAR, samesite="Lax", httponly=True,
            secure=request.is_secure(),
        )  # fmt: skip
    else:
        response.delete_cookie(CARE_MODE_COOKIE, samesite="Lax")
    return response
