"""Proving who you are without an account: SMS codes for web requesters, the case-number +
phone check of the public tracking page, and the rate limits that keep both from being guessed.

A code is six random digits, sent through the notify SMS backend, kept only as a keyed hash
(HMAC with a per-code salt), valid for five minutes and for five tries; a phone may ask again
after a cooldown and only so many times an hour and a day; an address only so many times an
hour. Codes never appear in a log line or an audit record. Every number is a setting.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yiwang.accounts.validators import validate_mobile_phone
from yiwang.audit.services import audit_record
from yiwang.core import pii
from yiwang.core.errors import FieldError, InvalidInput, NotFound, RateLimited, YiwangError
from yiwang.tickets.models import PhoneVerification, ThrottleHit, Ticket
from yiwang.tickets.selectors.tracking import normalize_case_number, ticket_for_tracking

PURPOSE_TICKET = "ticket"
CODE_DIGITS = 6
_HMAC_SALT = "yiwang.tickets.verification"
_PURGE_AFTER = timedelta(days=2)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def code_ttl_seconds() -> int:
    return _setting("YIWANG_SMS_CODE_TTL_SECONDS", 300)


def code_max_attempts() -> int:
    return _setting("YIWANG_SMS_CODE_MAX_ATTEMPTS", 5)


def code_cooldown_seconds() -> int:
    return _setting("YIWANG_SMS_CODE_COOLDOWN_SECONDS", 60)


class SmsUnavailable(YiwangError):
    status = 503
    code = "sms-unavailable"
    title = _("短信发送失败，请稍后再试")


@dataclass(frozen=True)
class CodeSent:
    masked_phone: str
    expires_at: datetime
    resend_after: datetime


# --- rate limits --------------------------------------------------------------------------


def throttle_key(value: str) -> str:
    """A keyed hash: the counters never hold a phone, an address or a case number in clear."""
    return pii.blind_index(value or "-", purpose="throttle")


def _too_many(bucket: str, key: str, limit: int, window: int, now: datetime) -> int | None:
    """Seconds until the bucket has room again, or None when it has room now."""
    since = now - timedelta(seconds=window)
    recent = ThrottleHit.objects.filter(bucket=bucket, key=key, created_at__gt=since)
    if recent.count() < limit:
        return None
    oldest = recent.order_by("created_at").values_list("created_at", flat=True).first()
    return max(1, math.ceil((oldest + timedelta(seconds=window) - now).total_seconds()))


def _rate_limited(retry_after: int, code: str = "rate-limited") -> RateLimited:
    return RateLimited(
        _("操作过于频繁，请稍后再试"), code=code, extra={"retry_after": int(retry_after)}
    )


def throttle_check(*, bucket: str, key: str, limit: int, window: int) -> None:
    """Raise RateLimited when ``bucket``/``key`` already holds ``limit`` hits in the window."""
    wait = _too_many(bucket, key, limit, window, timezone.now())
    if wait is not None:
        raise _rate_limited(wait)


def throttle_record(*, bucket: str, key: str) -> None:
    ThrottleHit.objects.create(bucket=bucket, key=key)
    if secrets.randbelow(100) == 0:  # keep the table small without a separate job
        ThrottleHit.objects.filter(created_at__lt=timezone.now() - _PURGE_AFTER).delete()


def throttle_hit(*, bucket: str, key: str, limit: int, window: int) -> None:
    """Count one attempt, refusing it when the window is already full."""
    throttle_check(bucket=bucket, key=key, limit=limit, window=window)
    throttle_record(bucket=bucket, key=key)


# --- SMS codes ----------------------------------------------------------------------------


def _clean_phone(phone: str) -> str:
    phone = (phone or "").strip()
    if not phone:
        raise InvalidInput(
            field_errors=[FieldError("requester_phone", _("请填写手机号码"), "required")]
        )
    try:
        return validate_mobile_phone(phone)
    except ValidationError as exc:
        raise InvalidInput(
            field_errors=[FieldError("requester_phone", exc.messages[0], "phone_format")]
        ) from None


def _hash(salt: str, code: str, phone_index: str) -> str:
    return salted_hmac(_HMAC_SALT, f"{salt}:{phone_index}:{code}", algorithm="sha256").hexdigest()


def phone_index(phone: str) -> str:
    """The blind index tickets use for the requester's phone (the same normalisation)."""
    return pii.blind_index(_clean_phone(phone), purpose="phone")


def verification_send(
    *, phone: str, client_ip: str = "", purpose: str = PURPOSE_TICKET
) -> CodeSent:
    """Send a fresh code to ``phone``; the previous one stops working."""
    phone = _clean_phone(phone)
    index = pii.blind_index(phone, purpose="phone")
    now = timezone.now()
    if client_ip:
        throttle_check(
            bucket="sms-ip",
            key=throttle_key(client_ip),
            limit=_setting("YIWANG_SMS_CODE_PER_IP_HOUR", 20),
            window=3600,
        )
    sent = PhoneVerification.objects.filter(phone_index=index, purpose=purpose)
    last = sent.order_by("-created_at").values_list("created_at", flat=True).first()
    cooldown = code_cooldown_seconds()
    if last is not None and (now - last).total_seconds() < cooldown:
        wait = math.ceil(cooldown - (now - last).total_seconds())
        raise _rate_limited(wait, code="sms-cooldown")
    for window, limit in (
        (3600, _setting("YIWANG_SMS_CODE_PER_PHONE_HOUR", 5)),
        (86400, _setting("YIWANG_SMS_CODE_PER_PHONE_DAY", 10)),
    ):
        recent = sent.filter(created_at__gt=now - timedelta(seconds=window))
        if recent.count() >= limit:
            oldest = recent.order_by("created_at").values_list("created_at", flat=True).first()
            raise _rate_limited(
                max(1, math.ceil((oldest + timedelta(seconds=window) - now).total_seconds()))
            )
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    salt = secrets.token_hex(8)
    expires_at = now + timedelta(seconds=code_ttl_seconds())
    with transaction.atomic():
        row = PhoneVerification.objects.create(
            purpose=purpose, phone_index=index, salt=salt, code_hash=_hash(salt, code, index),
            created_at=now, expires_at=expires_at,
        )  # fmt: skip
        if client_ip:
            throttle_record(bucket="sms-ip", key=throttle_key(client_ip))
        audit_record(
            action="tickets.verification.send", object_type="tickets.phoneverification",
            object_id=row.pk, summary=f"短信验证码 → {pii.mask_phone(phone)}",
        )  # fmt: skip
    # Sent after the commit, synchronously: the person is waiting for it, and a gateway
    # failure must be told to them now rather than lost in a queue.
    with translation.override("zh-hans"):  # carriers accept only registered Chinese texts
        text = gettext("您的验证码为%(code)s，%(minutes)s分钟内有效。请勿告诉他人。") % {
            "code": code,
            "minutes": max(1, code_ttl_seconds() // 60),
        }
    from yiwang.notify.sms import SmsError, send_sms

    try:
        send_sms(phone, text)
    except (SmsError, OSError):
        PhoneVerification.objects.filter(pk=row.pk).delete()  # no cooldown for a lost code
        raise SmsUnavailable() from None
    if secrets.randbelow(50) == 0:
        PhoneVerification.objects.filter(created_at__lt=now - _PURGE_AFTER).delete()
    return CodeSent(pii.mask_phone(phone), expires_at, now + timedelta(seconds=cooldown))


def verification_check(*, phone: str, code: str, purpose: str = PURPOSE_TICKET) -> None:
    """Accept the latest code sent to ``phone`` once; raise InvalidInput on the ``code`` field.

    A wrong guess is counted even though the call fails, so the count is written in its own
    transaction before the error is raised."""
    index = pii.blind_index(_clean_phone(phone), purpose="phone")
    code = "".join((code or "").split())
    if not (code.isdigit() and len(code) == CODE_DIGITS):
        raise InvalidInput(
            field_errors=[FieldError("code", _("请输入 6 位数字验证码"), "code_format")]
        )
    now = timezone.now()
    limit = code_max_attempts()
    error: tuple[Any, str] | None = None
    with transaction.atomic():
        row = (
            PhoneVerification.objects.select_for_update()
            .filter(phone_index=index, purpose=purpose)
            .order_by("-created_at", "-pk")
            .first()
        )
        if row is None:
            error = (_("请先获取短信验证码"), "code_missing")
        elif row.used_at is not None:
            error = (_("验证码已使用，请重新获取"), "code_used")
        elif row.expires_at <= now:
            error = (_("验证码已过期，请重新获取"), "code_expired")
        elif row.attempts >= limit:
            error = (_("验证码错误次数过多，请重新获取"), "code_locked")
        elif not constant_time_compare(row.code_hash, _hash(row.salt, code, index)):
            row.attempts += 1
            row.save(update_fields=["attempts"])
            if row.attempts >= limit:
                error = (_("验证码错误次数过多，请重新获取"), "code_locked")
            else:
                error = (_("验证码不正确"), "code_wrong")
        else:
            row.used_at = now
            row.save(update_fields=["used_at"])
    if error is not None:
        raise InvalidInput(field_errors=[FieldError("code", error[0], error[1])])


# --- the tracking page's check -------------------------------------------------------------


def tracking_verify(*, case_number: str, phone: str, client_ip: str = "") -> Ticket:
    """The requester's proof on the public tracking page: case number + phone.

    Rate-limited per address (every lookup) and per case number (failed lookups, counted the
    same whether the case exists or not, so the limit itself tells nothing). "No such case"
    and "wrong phone" are one error."""
    throttle_hit(
        bucket="track-ip",
        key=throttle_key(client_ip),
        limit=_setting("YIWANG_TRACK_PER_IP", 30),
        window=_setting("YIWANG_TRACK_WINDOW_SECONDS", 600),
    )
    case_key = throttle_key(normalize_case_number(case_number))
    case_limit = _setting("YIWANG_TRACK_FAILURES_PER_CASE", 10)
    throttle_check(bucket="track-case", key=case_key, limit=case_limit, window=3600)
    ticket = ticket_for_tracking(case_number=case_number, phone=phone)
    if ticket is None:
        throttle_record(bucket="track-case", key=case_key)
        raise NotFound(_("工单编号或手机号码不正确"), code="tracking-mismatch")
    return ticket
