"""办件查询: the public progress check by application number + the applicant's phone (the full
number or its last four digits).

The guessing limits are the 12345 tracking page's (``yiwang.tickets.services.verification``:
per address for every lookup, per number for failed ones, counted the same whether the
number exists or not), reused rather than re-implemented; the settings are shared too
(``YIWANG_TRACK_PER_IP``, ``YIWANG_TRACK_WINDOW_SECONDS``, ``YIWANG_TRACK_FAILURES_PER_CASE``).
"No such application" and "wrong phone" are one error, and both paths do the same work.
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

from yiwang.approvals.models import Application
from yiwang.core import pii
from yiwang.core.errors import NotFound

# A sibling app's service (not its models): the one rate limiter of the platform's public
# lookups. See docs/CONTRACTS.md, "Layering".
from yiwang.tickets.services.verification import (
    throttle_check,
    throttle_hit,
    throttle_key,
    throttle_record,
)

_NUMBER = re.compile(r"^[A-Z0-9-]{6,40}$")
_NO_INDEX = "0" * 64


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def normalize_application_number(value: str) -> str:
    """Full-width characters, spaces and lower case are forgiven."""
    text = unicodedata.normalize("NFKC", value or "")
    return "".join(text.split()).upper()[:40]


def _digits(phone: str) -> str:
    text = unicodedata.normalize("NFKC", phone or "")
    digits = "".join(c for c in text if c.isdigit())
    return digits[-11:] if len(digits) > 11 and digits.startswith("86") else digits


def application_for_tracking(*, number: str, phone: str) -> Application | None:
    """The application when ``phone`` (11 digits, or the last 4) is its applicant's phone."""
    number = normalize_application_number(number)
    application = (
        Application.objects.select_related("applicant").filter(number=number).first()
        if _NUMBER.match(number)
        else None
    )
    applicant = application.applicant if application is not None else None
    digits = _digits(phone)
    if len(digits) == 11:
        given = pii.blind_index(digits, purpose="phone")
        expected = (applicant.phone_index if applicant is not None else "") or _NO_INDEX
    elif len(digits) == 4:
        given = digits
        stored = (applicant.phone if applicant is not None else "") or ""
        expected = stored[-4:] if len(stored) >= 4 else "----"
    else:
        given, expected = "x", "y"
    matches = constant_time_compare(given, expected)
    return application if matches and application is not None else None


def progress_verify(*, number: str, phone: str, client_ip: str = "") -> Application:
    """The applicant's proof on the public 办件查询 page; NotFound for any mismatch,
    RateLimited when the address or the number has been tried too often."""
    throttle_hit(
        bucket="apply-track-ip",
        key=throttle_key(client_ip),
        limit=_setting("YIWANG_TRACK_PER_IP", 30),
        window=_setting("YIWANG_TRACK_WINDOW_SECONDS", 600),
    )
    number_key = throttle_key(normalize_application_number(number))
    limit = _setting("YIWANG_TRACK_FAILURES_PER_CASE", 10)
    throttle_check(bucket="apply-track-number", key=number_key, limit=limit, window=3600)
    application = application_for_tracking(number=number, phone=phone)
    if application is None:
        throttle_record(bucket="apply-track-number", key=number_key)
        raise NotFound(_("办件编号或手机号码不正确"), code="tracking-mismatch")
    return application
