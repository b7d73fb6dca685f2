"""/api/v1/notifications: the caller's own notifications only."""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from yiwang.notify import selectors, services

router = Router(tags=["notify"])


class NotificationOut(Schema):
    id: int
    event: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None
    is_read: bool


class UnreadCountOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int


@router.get(
    "",
    response=list[NotificationOut],
    summary="List my notifications (unread first)",
)
@paginate(LimitOffsetPagination)
def notification_list(request, unread: bool = False):
    return selectors.inbox_for(user=request.auth, unread_only=unread)


@router.get("/unread-count", response=UnreadCountOut, summary="How many are unread")
def notification_unread_count(request):
    return {"unread": selectors.unread_count(user=request.auth)}


@router.post("/read-all", response=MarkedOut, summary="Mark all my notifications read")
def notification_read_all(request):
    return {"marked": services.notification_mark_all_read(user=request.auth)}


@router.post("/{int:notification_id}/read", response=NotificationOut, summary="Mark one read")
def notification_read(request, notification_id: int):
    return services.notification_mark_read(user=request.auth, notification_id=notification_id)
