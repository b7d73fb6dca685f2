"""Builders for names tests."""

from __future__ import annotations

from datetime import datetime

from yiwang.names.parsing import parse_name
from yiwang.names.services import names_import


def register(*full_names: str, at: datetime | None = None) -> int:
    """Put names in the register as already registered enterprises."""
    return names_import(actor=None, names=[(parse_name(n), at) for n in full_names])
