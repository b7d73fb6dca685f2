"""Writes for identities: registration, staff accounts, API keys, PII reveal, TOTP devices."""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.models import ApiKey, CitizenProfile, EnterpriseProfile, User, UserKind
from yiwang.accounts.validators import (
    is_mobile_phone,
    validate_credit_code,
    validate_id_number,
    validate_mobile_phone,
)
from yiwang.audit.services import audit_record
from yiwang.core import pii
from yiwang.core.errors import FieldError, InvalidInput, NotFound
from yiwang.org.permissions import require

_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{3,64}$")
API_KEY_PREFIX = "yw_"


class _Collector:
    """Collects every field error of one submission so the user sees them all at once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def check(self, field: str, validator: Callable[[str], str], value: str) -> str:
        try:
            return validator(value)
        except ValidationError as exc:
            for item in exc.error_list:
                self.errors.append(FieldError(field, item.message, item.code or "invalid"))
            return value

    def add(self, field: str, message: Any, code: str) -> None:
        self.errors.append(FieldError(field, message, code))

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidInput(field_errors=self.errors)


def _check_username(errors: _Collector, username: str, *, own_phone: str = "") -> None:
    if not _USERNAME.match(username or ""):
        errors.add("username", _("登录名应为 3 至 64 位字母、数字或 _ . @ -"), "username_format")
    elif User.objects.filter(username=username).exists():
        errors.add("username", _("登录名已被使用"), "username_taken")
    elif is_mobile_phone(username) and username != own_phone:
        # a login name that is someone's mobile number would shadow their phone login
        errors.add("username", _("不能使用他人的手机号码作为登录名"), "username_is_phone")


def _check_password(errors: _Collector, password: str | None, user: User) -> None:
    if not password:
        errors.add("password", _("请设置密码"), "required")
        return
    try:
        validate_password(password, user)
    except ValidationError as exc:
        for message in exc.messages:
            errors.add("password", message, "password_weak")


def _check_required(errors: _Collector, field: str, value: str, label: Any, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        errors.add(field, _("此字段为必填项"), "required")
    elif len(value) > limit:
        errors.add(field, _("内容过长"), "too_long")
    return value


def _new_user(
    *, username: str, kind: str, display_name: str, phone: str, email: str,
    password: str | None, password_hash: str | None,
) -> User:  # fmt: skip
    user = User(username=username, kind=kind, display_name=display_name, email=email)
    if phone:
        user.phone = phone
        user.phone_index = pii.blind_index(phone, purpose="phone")
    if password_hash:
        user.password = password_hash  # a precomputed hash (bulk loads hash once)
    else:
        user.set_password(password)
    user.save()
    return user


def citizen_register(
    *,
    username: str,
    password: str | None,
    real_name: str,
    id_number: str,
    phone: str,
    email: str = "",
    password_hash: str | None = None,
) -> User:
    """Register a natural person with real-name data. All field errors are reported together."""
    errors = _Collector()
    phone = errors.check("phone", validate_mobile_phone, phone)
    _check_username(errors, username, own_phone=phone)
    real_name = _check_required(errors, "real_name", real_name, _("姓名"), 50)
    id_number = errors.check("id_number", validate_id_number, id_number)
    index = pii.blind_index(id_number or "", purpose="id_number")
    id_number_ok = not any(e.field == "id_number" for e in errors.errors)
    if id_number_ok and CitizenProfile.objects.filter(id_number_index=index).exists():
        errors.add("id_number", _("该身份证号码已注册"), "id_number_taken")
    if password_hash is None:
        _check_password(errors, password, User(username=username, display_name=real_name))
    errors.raise_if_any()
    with transaction.atomic():
        user = _new_user(
            username=username, kind=UserKind.CITIZEN, display_name=real_name, phone=phone,
            email=email, password=password, password_hash=password_hash,
        )  # fmt: skip
        CitizenProfile.objects.create(
            user=user, real_name=real_name, id_number=id_number, id_number_index=index
        )
        audit_record(
            action="accounts.citizen.register",
            target=user,
            actor=user,
            changes={"username": [None, username], "id_number": [None, "[已设置]"]},
        )
    return user


def enterprise_register(
    *,
    username: str,
    password: str | None,
    name: str,
    credit_code: str,
    legal_representative: str,
    phone: str,
    email: str = "",
    password_hash: str | None = None,
) -> User:
    errors = _Collector()
    phone = errors.check("phone", validate_mobile_phone, phone)
    _check_username(errors, username, own_phone=phone)
    name = _check_required(errors, "name", name, _("单位名称"), 200)
    legal_representative = _check_required(
        errors, "legal_representative", legal_representative, _("法定代表人"), 50
    )
    credit_code = errors.check("credit_code", validate_credit_code, credit_code)
    code_ok = not any(e.field == "credit_code" for e in errors.errors)
    if code_ok and EnterpriseProfile.objects.filter(credit_code=credit_code).exists():
        errors.add("credit_code", _("该统一社会信用代码已注册"), "credit_code_taken")
    if password_hash is None:
        _check_password(errors, password, User(username=username, display_name=name))
    errors.raise_if_any()
    with transaction.atomic():
        user = _new_user(
            username=username, kind=UserKind.ENTERPRISE, display_name=name, phone=phone,
            email=email, password=password, password_hash=password_hash,
        )  # fmt: skip
        EnterpriseProfile.objects.create(
            user=user, name=name, credit_code=credit_code,
            legal_representative=legal_representative,
        )  # fmt: skip
        audit_record(
            action="accounts.enterprise.register",
            target=user,
            actor=user,
            changes={"username": [None, username], "credit_code": [None, credit_code]},
        )
    return user


def staff_create(
    *,
    actor: Any,
    username: str,
    password: str | None,
    display_name: str,
    phone: str = "",
    email: str = "",
    password_hash: str | None = None,
) -> User:
    """Create a staff account; give it a department and roles with org.services.membership_add."""
    if actor is not None:
        require(actor, "accounts.staff.manage")
    errors = _Collector()
    if phone:
        phone = errors.check("phone", validate_mobile_phone, phone)
    _check_username(errors, username, own_phone=phone)
    display_name = _check_required(errors, "display_name", display_name, _("姓名"), 100)
    if password_hash is None:
        _check_password(errors, password, User(username=username, display_name=display_name))
    errors.raise_if_any()
    with transaction.atomic():
        user = _new_user(
            username=username, kind=UserKind.STAFF, display_name=display_name, phone=phone,
            email=email, password=password, password_hash=password_hash,
        )  # fmt: skip
        audit_record(
            action="accounts.staff.create",
            target=user,
            actor=actor,
            changes={"username": [None, username]},
        )
    return user


# --- API keys --------------------------------------------------------------------------------


def _hash_key(key: str) -> str:
    return pii.sm3_hex(key.encode("utf-8"))


def apikey_create(*, actor: Any, name: str) -> tuple[ApiKey, str]:
    """Create a key for another system; the plaintext is returned once and never stored."""
    if actor is not None:
        require(actor, "accounts.apikey.manage")
    name = (name or "").strip()
    errors = _Collector()
    if not name or len(name) > 100:
        errors.add("name", _("请填写 1 至 100 个字符的名称"), "name_format")
    elif ApiKey.objects.filter(name=name).exists():
        errors.add("name", _("已有同名的 API 密钥"), "name_taken")
    errors.raise_if_any()
    prefix = secrets.token_hex(4)
    key = f"{API_KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        account = User(username=f"system-{prefix}", kind=UserKind.SYSTEM, display_name=name)
        account.set_unusable_password()
        account.save()
        api_key = ApiKey.objects.create(
            name=name, prefix=prefix, key_hash=_hash_key(key), account=account
        )
        audit_record(
            action="accounts.apikey.create",
            target=api_key,
            actor=actor,
            changes={"name": [None, name], "prefix": [None, prefix]},
        )
    return api_key, key


def apikey_revoke(*, actor: Any, api_key: ApiKey) -> ApiKey:
    if actor is not None:
        require(actor, "accounts.apikey.manage")
    with transaction.atomic():
        ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        User.objects.filter(pk=api_key.account_id).update(is_active=False)
        api_key.refresh_from_db()
        audit_record(action="accounts.apikey.revoke", target=api_key, actor=actor)
    return api_key


def apikey_authenticate(*, key: str) -> User | None:
    """The service account of a valid, unrevoked key, or None."""
    if not key.startswith(API_KEY_PREFIX) or len(key) > 200:
        return None
    prefix = key[len(API_KEY_PREFIX) :].split("_", 1)[0]
    api_key = (
        ApiKey.objects.select_related("account")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if api_key is None or not hmac.compare_digest(api_key.key_hash, _hash_key(key)):
        return None
    if not api_key.account.is_active:
        return None
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at > timedelta(minutes=5):
        # coarse on purpose: a write per request would make every API call a write
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    return api_key.account


# --- personal data ---------------------------------------------------------------------------


def pii_reveal(*, viewer: Any, user: User) -> dict[str, str]:
    """Full personal data of ``user`` for an authorised viewer; every reveal is audited."""
    require(viewer, "accounts.pii.view", user)
    values = {"phone": user.phone or ""}
    profile = getattr(user, "citizen_profile", None) if user.kind == UserKind.CITIZEN else None
    if profile is not None:
        values["id_number"] = profile.id_number
        values["real_name"] = profile.real_name
    with transaction.atomic():
        audit_record(
            action="accounts.pii.reveal",
            target=user,
            actor=viewer,
            summary=f"查看完整个人信息: {', '.join(sorted(values))}",
        )
    return values


# --- TOTP second factor ----------------------------------------------------------------------


def totp_enrol_start(*, user: User):
    """An unconfirmed TOTP device for ``user`` (replacing any earlier unconfirmed one)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if user.kind != UserKind.STAFF:
        raise InvalidInput(_("只有工作人员可以启用双因素登录"))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)


def totp_enrol_confirm(*, user: User, token: str) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        raise NotFound(_("没有待确认的动态口令设备，请重新开始"))
    if not device.verify_token((token or "").strip()):
        raise InvalidInput(field_errors=[FieldError("token", _("动态口令不正确"), "bad_token")])
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(action="accounts.totp.enable", target=user, actor=user)


def totp_remove(*, user: User) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        deleted, _count = TOTPDevice.objects.filter(user=user).delete()
        if deleted:
            audit_record(action="accounts.totp.disable", target=user, actor=user)
