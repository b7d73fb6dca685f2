"""Identity numbers of the field: resident ID (GB 11643), unified social credit code
(GB 32100, embedding a GB 11714 organisation code), and mainland mobile numbers.

Each ``validate_*`` raises django's ValidationError with a translatable Chinese message
(rendered in Chinese and English by the API); each ``is_*`` answers True/False.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yiwang.core.pii import normalize

# GB/T 2260 province-level codes (the first two digits of an administrative division code).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")


def id_number_check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def validate_id_number(value: str) -> str:
    """Validate an 18-digit resident ID and return it in canonical form (upper-case X)."""
    number = normalize(value or "")
    if not _ID_SHAPE.match(number):
        raise ValidationError(
            _("居民身份证号码应为 18 位：17 位数字加 1 位数字或 X"), code="id_number_format"
        )
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(_("居民身份证号码的地址码不正确"), code="id_number_region")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("居民身份证号码中的出生日期不存在"), code="id_number_birth_date"
        ) from None
    if birth > dt.date.today() or birth.year < 1850:
        raise ValidationError(_("居民身份证号码中的出生日期不合理"), code="id_number_birth_date")
    if id_number_check_digit(number[:17]) != number[17]:
        raise ValidationError(_("居民身份证号码校验位不正确"), code="id_number_check_digit")
    return number


# --- unified social credit code --------------------------------------------------------------

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_SHAPE = re.compile(rf"^[{USCC_CHARSET}]{{18}}$")
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def credit_code_check_char(first17: str) -> str:
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def organization_code_check_char(first8: str) -> str:
    """GB 11714 check character of an 8-character organisation code."""
    total = sum(_ORG_CHARSET.index(c) * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def validate_credit_code(value: str) -> str:
    """Validate an 18-character unified social credit code; return it upper-cased."""
    code = normalize(value or "")
    if not _USCC_SHAPE.match(code):
        raise ValidationError(
            _("统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z）"),
            code="credit_code_format",
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            _("统一社会信用代码第 3 至 8 位应为行政区划代码"), code="credit_code_region"
        )
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError(_("统一社会信用代码校验位不正确"), code="credit_code_check")
    org = code[8:17]
    if all(c in _ORG_CHARSET for c in org[:8]) and organization_code_check_char(org[:8]) != org[8]:
        raise ValidationError(
            _("统一社会信用代码中的组织机构代码校验位不正确"), code="credit_code_org_check"
        )
    return code


# --- phones ----------------------------------------------------------------------------------

_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def is_mobile_phone(value: str) -> bool:
    return bool(_MOBILE.match(normalize(value or "").removeprefix("+86")))


def validate_mobile_phone(value: str) -> str:
    """Validate a mainland mobile number (11 digits starting 13–19); return the bare digits."""
    number = normalize(value or "").removeprefix("+86")
    if not _MOBILE.match(number):
        raise ValidationError(_("手机号码应为以 1 开头的 11 位数字"), code="phone_format")
    return number


def is_valid_id_number(value: str) -> bool:
    try:
        validate_id_number(value)
    except ValidationError:
        return False
    return True


def is_valid_credit_code(value: str) -> bool:
    try:
        validate_credit_code(value)
    except ValidationError:
        return False
    return True
