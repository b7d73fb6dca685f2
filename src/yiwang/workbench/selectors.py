"""Reads for the workbench shell: who is signed in, where they serve, what awaits them."""

from __future__ import annotations

import logging
from typing import Any

from django.db.models import QuerySet

from yiwang.org.models import Membership

logger = logging.getLogger(__name__)


def memberships_for(*, user: Any) -> QuerySet[Membership]:
    """The user's active departments with their role grants, primary first."""
    return (
        Membership.objects.filter(user=user, is_active=True, department__is_active=True)
        .select_related("department", "position")
        .prefetch_related("grants")
        .order_by("-is_primary", "department__path")
    )


def unread_notification_count(*, user: Any) -> int | None:
    """Unread inbox items, or None when the inbox cannot tell (then the badge is hidden).

    The inbox is a convenience in the shell: a failure there must not take the page down.
    """
    try:
        from yiwang.notify.selectors import unread_count

        return unread_count(user=user)
    except Exception:
        logger.exception("unread notification count failed")
        return None
