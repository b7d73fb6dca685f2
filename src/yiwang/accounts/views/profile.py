"""The signed-in person's own account page: masked by default, revealed on request."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from yiwang.accounts.models import UserKind
from yiwang.accounts.selectors import user_pii_for
from yiwang.accounts.views._common import base_template_for
from yiwang.org.selectors import user_grants


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """GET shows masked values; a POST (the "显示完整信息" button) shows them in full.

    A POST rather than a link, so full numbers never sit in a URL, a history entry or a
    proxy log, and a page left open shows them only after a deliberate action.
    """
    user = request.user
    reveal = request.method == "POST" and request.POST.get("reveal") == "1"
    response = render(
        request,
        "accounts/profile.html",
        {
            "base_template": base_template_for(user),
            "person": user,
            "pii": user_pii_for(user, user, reveal=reveal),
            "grants": list(user_grants(user=user)) if user.kind == UserKind.STAFF else [],
        },
    )
    add_never_cache_headers(response)
    return response
