"""Self-registration of citizens (real name) and enterprises (credit code)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters

from yiwang.accounts import services
from yiwang.accounts.forms import CitizenRegisterForm, EnterpriseRegisterForm
from yiwang.accounts.views._common import PASSWORD_BACKEND
from yiwang.core.errors import InvalidInput


def register(request):
    return render(request, "accounts/register.html")


@sensitive_post_parameters("password", "password_repeat", "id_number", "phone")
def register_citizen(request):
    return _register(
        request,
        CitizenRegisterForm,
        services.citizen_register,
        title=_("个人用户注册"),
        intro=_("请填写本人真实信息。身份证号码和手机号码加密保存，页面上仅显示部分数字。"),
    )


@sensitive_post_parameters("password", "password_repeat", "phone")
def register_enterprise(request):
    return _register(
        request,
        EnterpriseRegisterForm,
        services.enterprise_register,
        title=_("法人用户注册"),
        intro=_("请按营业执照填写单位信息，并由经办人填写手机号码。"),
    )


def _register(request, form_class, service, *, title, intro):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = service(**form.service_arguments())
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            auth_login(request, user, backend=PASSWORD_BACKEND)
            messages.success(request, _("注册成功，已为您登录。"))
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/register_form.html",
        {"form": form, "title": title, "intro": intro},
    )
