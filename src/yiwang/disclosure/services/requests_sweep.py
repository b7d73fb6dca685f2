"""The periodic sweep of open requests: corrections not made in time end the request
(视为放弃), and the departments hear once when a request becomes due soon and once when it
becomes overdue.

Safe with several workers and when run twice: each state change is a conditional UPDATE on
the state the sweep read, and only the worker whose update changed the row tells anyone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from yiwang.disclosure import clock, notifications
from yiwang.disclosure.models.requests import (
    ClockState,
    DisclosureRequest,
    RequestPause,
    RequestStatus,
)
from yiwang.disclosure.services.requests_handling import request_treat_as_withdrawn

RUNNING = (RequestStatus.SUBMITTED, RequestStatus.PROCESSING, RequestStatus.CONSULTING)


@dataclass(frozen=True)
class SweepResult:
    withdrawn: int
    due_soon: int
    overdue: int
    checked: int

    def __str__(self) -> str:
        return (
            f"checked={self.checked} withdrawn={self.withdrawn} "
            f"due_soon={self.due_soon} overdue={self.overdue}"
        )


def _state_for(state: clock.Clock) -> str:
    if state.stopped:
        return ClockState.OK
    if state.overdue:
        return ClockState.OVERDUE
    if state.remaining <= clock.due_soon_days():
        return ClockState.DUE_SOON
    return ClockState.OK


def requests_sweep(*, today: date | None = None) -> SweepResult:
    today = today or timezone.localdate()
    withdrawn = 0
    expired = DisclosureRequest.objects.filter(
        status=RequestStatus.AWAITING_CORRECTION, correction_due_on__lt=today
    )
    for request in expired.only("pk"):
        withdrawn += request_treat_as_withdrawn(request=request, today=today)

    newly: dict[str, list[DisclosureRequest]] = {ClockState.DUE_SOON: [], ClockState.OVERDUE: []}
    checked = 0
    running = (
        DisclosureRequest.objects.filter(status__in=RUNNING)
        .prefetch_related(Prefetch("pauses", queryset=RequestPause.objects.order_by("pk")))
        .order_by("pk")
    )
    for request in running.iterator(chunk_size=500):
        checked += 1
        state = clock.for_request(request, today=today)
        wanted = _state_for(state)
        if wanted == request.clock_state and state.due_on == request.due_on:
            continue
        changed = DisclosureRequest.objects.filter(
            pk=request.pk, clock_state=request.clock_state, status__in=RUNNING
        ).update(clock_state=wanted, due_on=state.due_on)
        if changed and wanted != request.clock_state and wanted in newly:
            request.clock_state, request.due_on = wanted, state.due_on
            newly[wanted].append(request)

    for state, event in (
        (ClockState.DUE_SOON, notifications.DUE_SOON),
        (ClockState.OVERDUE, notifications.OVERDUE),
    ):
        by_department: dict[int, list[DisclosureRequest]] = defaultdict(list)
        for request in newly[state]:
            by_department[request.department_id].append(request)
        per_person: dict[int, tuple[object, list[DisclosureRequest]]] = {}
        for department_id, requests in by_department.items():
            for user in notifications.department_staff(department_id):
                per_person.setdefault(user.pk, (user, []))[1].extend(requests)
        for user, requests in per_person.values():
            notifications.tell_staff_digest(user, event, requests)
    return SweepResult(
        withdrawn=withdrawn,
        due_soon=len(newly[ClockState.DUE_SOON]),
        overdue=len(newly[ClockState.OVERDUE]),
        checked=checked,
    )
