"""Reads of disclosure requests: the staff inbox, the applicant's list, public tracking."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.core import pii
from yiwang.core.errors import NotFound, RateLimited
from yiwang.disclosure.models.requests import (
    OPEN_STATUSES,
    ClockState,
    DisclosureRequest,
    ExtensionState,
    RequestEvent,
)
from yiwang.disclosure.permissions_requests import VIEW
from yiwang.org.permissions import scope_queryset

BOXES = ("open", "due_soon", "overdue", "stopped", "extension", "done", "all")
TRACK_FAILURES_LIMIT = 10
TRACK_WINDOW_SECONDS = 15 * 60


def requests_visible(*, user: Any) -> QuerySet[DisclosureRequest]:
    """Staff of the request's department (by scope); never other applicants' requests."""
    return scope_queryset(user, VIEW, DisclosureRequest.objects.all())


def requests_for_inbox(
    *, user: Any, box: str = "open", query: str = "", department_id: Any = None
) -> QuerySet[DisclosureRequest]:
    qs = requests_visible(user=user).select_related("department", "handler")
    if box == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif box in (ClockState.DUE_SOON, ClockState.OVERDUE):
        qs = qs.filter(status__in=OPEN_STATUSES, clock_state=box)
    elif box == "stopped":
        qs = qs.filter(status__in=("awaiting_correction", "consulting"))
    elif box == "extension":
        qs = qs.filter(extension_state=ExtensionState.PENDING)
    elif box == "done":
        qs = qs.exclude(status__in=OPEN_STATUSES)
    query = (query or "").strip()[:50]
    if query:
        qs = qs.filter(Q(number__icontains=query) | Q(description__icontains=query))
    try:
        department = int(department_id) if department_id not in (None, "") else None
    except (TypeError, ValueError):
        department = None
    if department is not None:
        qs = qs.filter(department_id=department)
    if box == "done":
        return qs.order_by("-decided_on", "-pk")
    return qs.order_by("due_on", "pk")


def inbox_counts(*, user: Any) -> dict[str, int]:
    qs = requests_visible(user=user)
    open_q = Q(status__in=OPEN_STATUSES)
    return qs.aggregate(
        open=Count("pk", filter=open_q),
        due_soon=Count("pk", filter=open_q & Q(clock_state=ClockState.DUE_SOON)),
        overdue=Count("pk", filter=open_q & Q(clock_state=ClockState.OVERDUE)),
        stopped=Count("pk", filter=Q(status__in=("awaiting_correction", "consulting"))),
        extension=Count("pk", filter=Q(extension_state=ExtensionState.PENDING)),
    )


def requests_of_applicant(*, user: Any) -> QuerySet[DisclosureRequest]:
    if not getattr(user, "is_authenticated", False):
        return DisclosureRequest.objects.none()
    return (
        DisclosureRequest.objects.filter(applicant_id=user.pk)
        .select_related("department")
        .order_by("-submitted_on", "-pk")
    )


def normalize_number(value: str) -> str:
    return pii.normalize(value or "")[:32]


def request_for_tracking(*, number: str, phone: str, client_ip: str) -> DisclosureRequest:
    """The request whose number and phone match; the same vague error for every failure,
    and at most 10 failures per address per 15 minutes so numbers cannot be guessed."""
    key = "disclosure.track." + pii.blind_index(client_ip or "-", purpose="throttle")
    failures = cache.get(key, 0)
    if failures >= TRACK_FAILURES_LIMIT:
        raise RateLimited(_("查询次数过多，请 15 分钟后再试"))
    phone_index = pii.blind_index(pii.normalize(phone or "").removeprefix("+86"), purpose="phone")
    found = DisclosureRequest.objects.filter(
        number=normalize_number(number), phone_index=phone_index
    ).first()
    if found is None:
        cache.set(key, failures + 1, TRACK_WINDOW_SECONDS)
        raise NotFound(_("申请编号或手机号码不正确"))
    return found


def request_timeline(request: DisclosureRequest, *, public_only: bool) -> list[RequestEvent]:
    events = request.events.select_related("actor")
    if public_only:
        events = events.filter(public=True)
    return list(events)


def days_left_label(request: DisclosureRequest, today: date | None = None) -> dict[str, Any]:
    """What a page shows about the deadline: the due date, stopped or not, days left."""
    from yiwang.disclosure import clock

    if not request.is_open:
        return {"open": False}
    state = clock.for_request(request, today=today or timezone.localdate())
    return {
        "open": True,
        "due_on": state.due_on,
        "stopped": state.stopped,
        "remaining": state.remaining,
        "overdue": state.overdue,
        "overdue_days": -state.remaining if state.overdue else 0,
        "extension_days": state.extension_days,
        "excluded_days": state.excluded_days,
        "received_on": state.received_on,
    }
