"""Forms of the account pages. They collect input; the rules live in accounts.services.

Registration forms check only what the service cannot (the repeated password); everything
else — ID number and credit-code check characters, phone shape, duplicate accounts — comes
back from the service as field errors and is shown next to the field it concerns.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import InvalidInput
from yiwang.core.forms import add_service_errors


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("登录名或手机号"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        # one message for both cases: it must not tell whether an account exists
        "invalid_login": _("登录名（或手机号）或密码不正确。连续失败多次后账户将被暂时锁定。"),
        "inactive": _("该账户已停用，请联系管理员。"),
    }

    def clean_username(self) -> str:
        # A mobile number is turned into the account's login name before authenticating, so
        # the lockout counts failures per account whichever identifier an attacker types.
        from yiwang.accounts.models import User
        from yiwang.accounts.selectors import user_find_by_phone
        from yiwang.accounts.validators import is_mobile_phone

        username = self.cleaned_data["username"].strip()
        if is_mobile_phone(username) and not User.objects.filter(username=username).exists():
            user = user_find_by_phone(username)
            if user is not None:
                return user.username
        return username


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("动态口令"),
        help_text=_("打开身份验证器应用，输入显示的 6 位数字。"),
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]*",
            }
        ),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit() or len(token) != 6:
            raise ValidationError(_("动态口令应为 6 位数字"), code="token_format")
        return token


class _RegisterForm(forms.Form):
    """Shared fields and the mapping of service field errors onto this form."""

    username = forms.CharField(
        label=_("登录名"),
        help_text=_("3 至 64 位字母、数字或 _ . @ -，登录时使用；也可以用手机号登录。"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("密码"),
        help_text=_("至少 8 位，不能全是数字，不能与登录名相近。"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_repeat = forms.CharField(
        label=_("再次输入密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("password")
            and data.get("password_repeat")
            and data["password"] != data["password_repeat"]
        ):
            self.add_error(
                "password_repeat", ValidationError(_("两次输入的密码不一致"), code="mismatch")
            )
        return data

    def service_arguments(self) -> dict[str, str]:
        data = self.cleaned_data
        return {name: data[name] for name in self.service_fields}

    def add_service_errors(self, exc: InvalidInput) -> None:
        add_service_errors(self, exc)


class CitizenRegisterForm(_RegisterForm):
    real_name = forms.CharField(
        label=_("真实姓名"),
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    id_number = forms.CharField(
        label=_("居民身份证号码"),
        help_text=_("18 位，最后一位可能是 X。仅用于实名核验，加密保存。"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    field_order = [
        "real_name", "id_number", "phone", "username", "email", "password", "password_repeat",
    ]  # fmt: skip
    service_fields = ("username", "password", "real_name", "id_number", "phone", "email")


class EnterpriseRegisterForm(_RegisterForm):
    name = forms.CharField(
        label=_("单位名称"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    credit_code = forms.CharField(
        label=_("统一社会信用代码"),
        help_text=_("18 位数字或大写字母，见营业执照。"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=50)

    field_order = [
        "name", "credit_code", "legal_representative", "phone", "username", "email",
        "password", "password_repeat",
    ]  # fmt: skip
    service_fields = (
        "username", "password", "name", "credit_code", "legal_representative", "phone", "email",
    )  # fmt: skip
