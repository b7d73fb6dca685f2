"""Keeping personal data out of the audit log.

The log is read by supervisors and exported, and it can never be edited, so raw personal data
written into it could never be removed. Values of personal-data fields become a marker; ID
numbers and mobile numbers that appear inside free text are masked. Everything is also turned
into plain JSON values that read back identically from every database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from yiwang.core.pii import mask_id_number, mask_phone

CHANGED_MARKER = "[已修改]"

# Field names (or name suffixes after "_") whose values are personal data or secrets.
# Extend with the YIWANG_AUDIT_PII_FIELDS setting (an iterable of names).
DEFAULT_PII_FIELDS = frozenset(
    {
        "id_number",
        "id_card",
        "phone",
        "mobile",
        "telephone",
        "email",
        "password",
        "real_name",
        "address",
        "birth_date",
        "secret",
        "token",
        "key_hash",
        "index",  # blind indexes: keyed hashes of personal data
    }
)

_ID_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r"\d{3}[\dXx](?![0-9A-Za-z])"
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
MAX_TEXT = 2000


def pii_fields() -> frozenset[str]:
    extra = getattr(settings, "YIWANG_AUDIT_PII_FIELDS", ())
    return DEFAULT_PII_FIELDS | {str(name).lower() for name in extra}


def is_pii_field(name: str, names: frozenset[str] | None = None) -> bool:
    names = pii_fields() if names is None else names
    key = str(name).lower()
    return key in names or any(key.endswith("_" + n) for n in names)


def _is_id_number(value: str) -> bool:
    # GB 11643 check digit, so case numbers and other long digit runs are left alone.
    total = sum(int(c) * w for c, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == value[17].upper()


def mask_text(text: str) -> str:
    """Mask resident ID numbers and mobile numbers found in free text; drop NUL characters
    (PostgreSQL text cannot hold them)."""
    text = text.replace("\x00", "")
    text = _ID_NUMBER.sub(
        lambda m: mask_id_number(m.group(0)) if _is_id_number(m.group(0)) else m.group(0), text
    )
    return _MOBILE.sub(lambda m: mask_phone(m.group(0)), text)


def plain(value: Any, *, names: frozenset[str]) -> Any:
    """A JSON value that survives a round trip through SQLite text and PostgreSQL jsonb.

    Floats, decimals, dates and objects become strings: jsonb would rewrite numbers and the
    hash must be re-computable from what is read back.
    """
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return mask_text(value)[:MAX_TEXT]
    if isinstance(value, Mapping):
        return scrub_mapping(value, names=names)
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [plain(item, names=names) for item in items]
    if hasattr(value, "_meta") and hasattr(value, "pk"):  # a model instance: its id is enough
        return plain(value.pk, names=names)
    return mask_text(str(value))[:MAX_TEXT]


def _hidden(value: Any) -> Any:
    # Emptiness reveals nothing; any actual value becomes the marker.
    return value if value in (None, "") else CHANGED_MARKER


def scrub_mapping(data: Mapping[str, Any], *, names: frozenset[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        key = mask_text(str(key))
        if not is_pii_field(key, names):
            out[key] = plain(value, names=names)
        elif isinstance(value, list | tuple) and len(value) == 2:
            out[key] = [_hidden(value[0]), _hidden(value[1])]
        else:
            out[key] = _hidden(value)
    return out


def scrub_changes(changes: Mapping[str, Any] | None) -> dict[str, Any]:
    """``{field: [old, new]}`` with personal values replaced by ``CHANGED_MARKER``."""
    if changes is None:
        return {}
    if not isinstance(changes, Mapping):
        raise TypeError("changes must be a mapping of field name to [old, new]")
    return scrub_mapping(changes, names=pii_fields())
