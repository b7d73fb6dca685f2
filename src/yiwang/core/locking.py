"""Optimistic versions on top of row locks: the one check every service that edits a
``version``-carrying row makes before it changes anything."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from yiwang.core.errors import Conflict

M = TypeVar("M", bound=models.Model)


def lock_at_version(
    obj: M, expected_version: int | None, message: Any, code: str | None = None
) -> M:
    """``obj``'s row read again under ``SELECT ... FOR UPDATE`` (call inside
    ``transaction.atomic()``); ``Conflict(message)`` when the caller acted on a version that
    someone has since changed. ``expected_version=None`` skips the check (internal callers)."""
    fresh = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise Conflict(message, code=code)
    return fresh
