"""Sign in (password, then a TOTP code for staff who enrolled a device), sign out, lockout."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from yiwang.accounts.forms import LoginForm, TokenForm
from yiwang.accounts.models import User
from yiwang.accounts.views._common import home_for, safe_next

PENDING_KEY = "yiwang_login_pending"
PENDING_SECONDS = 300  # time allowed between the password step and the code step


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request):
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated and request.method == "GET":
        return redirect(next_url or home_for(request.user))
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            # The password was right, but the person is not signed in until the code is too.
            request.session[PENDING_KEY] = {
                "user_id": user.pk,
                "backend": user.backend,
                "next": next_url or "",
                "at": time.time(),
            }
            return redirect("accounts:login_totp")
        auth_login(request, user)
        return redirect(next_url or home_for(user))
    return render(request, "accounts/login.html", {"form": form, "next": next_url or ""})


@sensitive_post_parameters("token")
@csrf_protect
@never_cache
def login_totp(request):
    pending = request.session.get(PENDING_KEY)
    user = None
    if pending and time.time() - pending.get("at", 0) <= PENDING_SECONDS:
        user = User.objects.filter(pk=pending.get("user_id"), is_active=True).first()
    if user is None:
        request.session.pop(PENDING_KEY, None)
        messages.warning(request, _("登录已超时，请重新输入登录名和密码。"))
        return redirect("accounts:login")
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = _verify(user, form.cleaned_data["token"])
        if device is not None:
            del request.session[PENDING_KEY]
            auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return redirect(safe_next(request, pending.get("next")) or home_for(user))
        form.add_error("token", _("动态口令不正确或已过期。多次输错后需等待片刻才能再试。"))
    return render(request, "accounts/login_totp.html", {"form": form})


def _verify(user, token: str):
    # verify_token applies django-otp's throttling: repeated failures lock the device for
    # a growing delay, so the six digits cannot be guessed by brute force.
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


@require_POST
def logout_view(request):
    auth_logout(request)
    messages.success(request, _("您已安全退出。"))
    return redirect("portal:home")


def lockout_response(request, original_response=None, credentials=None, *args, **kwargs):
    """Shown by django-axes when an account is locked after repeated failed logins."""
    minutes = settings.YIWANG_LOGIN_LOCKOUT_MINUTES
    return render(
        request,
        "accounts/locked.html",
        {"cooloff_minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
