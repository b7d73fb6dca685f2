"""Staff enrol (and remove) a TOTP authenticator for the second login step."""

from __future__ import annotations

import base64

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice

from yiwang.accounts import services
from yiwang.accounts.forms import TokenForm
from yiwang.accounts.models import UserKind
from yiwang.core.errors import InvalidInput, NotFound


@login_required
@sensitive_post_parameters("token")
def totp(request):
    user = request.user
    if user.kind != UserKind.STAFF:
        raise PermissionDenied
    form = TokenForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "start":
            services.totp_enrol_start(user=user)
            return redirect("accounts:totp")
        if action == "remove":
            services.totp_remove(user=user)
            messages.success(request, _("已停用双因素登录。"))
            return redirect("accounts:totp")
        if action == "confirm":
            form = TokenForm(request.POST)
            if form.is_valid():
                try:
                    services.totp_enrol_confirm(user=user, token=form.cleaned_data["token"])
                except InvalidInput as exc:
                    for error in exc.field_errors:
                        form.add_error("token", error.message)
                except NotFound as exc:
                    messages.error(request, exc.detail)
                    return redirect("accounts:totp")
                else:
                    messages.success(request, _("双因素登录已启用，下次登录时需要输入动态口令。"))
                    return redirect("accounts:totp")
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    pending = None
    if not confirmed:
        pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    context = {"confirmed": confirmed, "form": form, "pending": pending}
    if pending is not None:
        context["qr_svg"] = segno.make(pending.config_url, error="m").svg_inline(
            scale=5, omitsize=True, svgclass="qr", lineclass=None
        )
        secret = base64.b32encode(pending.bin_key).decode("ascii").rstrip("=")
        # in groups of four, as authenticator apps show it, so it can be typed without losing place
        context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    response = render(request, "accounts/totp.html", context)
    add_never_cache_headers(response)
    return response
