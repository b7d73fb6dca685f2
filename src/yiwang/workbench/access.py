"""Who may enter the staff workbench."""

from __future__ import annotations

from typing import Any

WORKBENCH_KINDS = frozenset({"staff", "system"})


def is_workbench_user(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and (getattr(user, "kind", "") in WORKBENCH_KINDS or user.is_superuser)
    )
