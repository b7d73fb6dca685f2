"""Reads of the notify app. A user only ever sees their own notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from yiwang.notify.models import Notification


def inbox_for(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's inbox, unread first, newest first within each group."""
    queryset = Notification.objects.filter(recipient_id=user.pk, in_inbox=True)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.annotate(
        read_rank=Case(
            When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("read_rank", "-created_at", "-id")


def unread_count(*, user: Any) -> int:
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(
        recipient_id=user.pk, in_inbox=True, read_at__isnull=True
    ).count()


def notification_for(*, user: Any, notification_id: int) -> Notification | None:
    return Notification.objects.filter(
        pk=notification_id, recipient_id=user.pk, in_inbox=True
    ).first()
