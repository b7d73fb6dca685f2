"""Time limits: which policy applies, the deadlines it gives, and when to look again.

Deadlines are computed only with workcal. A ticket carries ``sla_next_at``, the moment its
time-limit state next changes (75% of the limit: warning; 100%: overdue), so the periodic
sweep reads just the tickets whose moment has come, through an index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from yiwang.tickets.models import SlaPolicy, SlaState, Status, Ticket
from yiwang.workcal import workdays

WARNING_FRACTION = Decimal(str(getattr(settings, "YIWANG_SLA_WARNING_FRACTION", "0.75")))
DEFAULT_SIGN_HOURS = Decimal(str(getattr(settings, "YIWANG_SLA_SIGN_HOURS", "2")))
DEFAULT_HANDLE_DAYS = int(getattr(settings, "YIWANG_SLA_HANDLE_DAYS", 5))
SIGN_PHASE = frozenset({Status.PENDING_SIGN})
HANDLE_PHASE = frozenset({Status.IN_PROGRESS, Status.RETURN_REQUESTED, Status.PENDING_REVIEW})


@dataclass(frozen=True)
class Limits:
    sign_hours: Decimal
    handle_days: int


def limits_for(*, ticket_type: str, category_id: int | None) -> Limits:
    """The most specific policy: type+category, category, type, then the defaults."""
    candidates = SlaPolicy.objects.filter(
        Q(ticket_type__in=[ticket_type, ""])
        & (Q(category_id=category_id) | Q(category__isnull=True))
    )
    best, best_rank = None, -1
    for policy in candidates:
        rank = (2 if policy.category_id else 0) + (1 if policy.ticket_type else 0)
        if rank > best_rank:
            best, best_rank = policy, rank
    if best is None:
        return Limits(DEFAULT_SIGN_HOURS, DEFAULT_HANDLE_DAYS)
    return Limits(best.sign_limit_hours, best.handle_limit_days)


def end_of_working_day(day) -> datetime:
    """The close of the last working period of ``day`` (17:30 by default), aware."""
    periods = workdays.working_periods()
    close: time = periods[-1][1] if periods else time(17, 30)
    return timezone.make_aware(datetime.combine(day, close), timezone.get_default_timezone())


def sign_deadline(start: datetime, limits: Limits) -> datetime:
    return workdays.add_working_hours(start, float(limits.sign_hours))


def handle_deadline(start: datetime, days: int) -> datetime:
    local = timezone.localtime(start).date()
    return end_of_working_day(workdays.add_working_days(local, days))


def hand_to(
    ticket: Ticket, department_id: int, now: datetime, *, restart_handling: bool = False
) -> None:
    """The ticket now waits for ``department_id`` to sign for it: nobody holds it yet, and the
    signing clock starts (the handling clock too when ``restart_handling``, as on reopening).
    Dispatch, transfer and reopen all hand a ticket over this one way."""
    limits = limits_for(ticket_type=ticket.ticket_type, category_id=ticket.category_id)
    ticket.current_department_id = department_id
    ticket.current_assignee = None
    ticket.dispatched_at = now
    ticket.sign_deadline = sign_deadline(now, limits)
    if restart_handling or ticket.handle_deadline is None:
        ticket.handle_deadline = handle_deadline(now, limits.handle_days)


def phase_window(ticket: Ticket) -> tuple[datetime | None, datetime | None]:
    """(start, deadline) of the clock that applies in the ticket's state: waiting for
    dispatch runs against the whole-case limit, as does handling; signing has its own."""
    if ticket.status == Status.PENDING_DISPATCH:
        return ticket.created_at, ticket.handle_deadline
    if ticket.status in SIGN_PHASE:
        return ticket.dispatched_at, ticket.sign_deadline
    if ticket.status in HANDLE_PHASE:
        return ticket.dispatched_at, ticket.handle_deadline
    return None, None


def warning_moment(start: datetime, deadline: datetime) -> datetime:
    """75% (configurable) of the working time between start and deadline."""
    total = workdays.working_hours_between(start, deadline)
    if total <= 0:
        return deadline
    return workdays.add_working_hours(start, float(Decimal(str(total)) * WARNING_FRACTION))


def plan(ticket: Ticket, now: datetime | None = None) -> None:
    """Set ``sla_state`` and ``sla_next_at`` for the ticket's current phase (not saved)."""
    now = now or timezone.now()
    start, deadline = phase_window(ticket)
    if start is None or deadline is None:
        ticket.sla_next_at = None
        if ticket.status not in SIGN_PHASE | HANDLE_PHASE:
            ticket.sla_state = ticket.sla_state if ticket.overdue_at else SlaState.OK
        return
    if now >= deadline:
        ticket.sla_state = SlaState.OVERDUE
        ticket.overdue_at = ticket.overdue_at or deadline
        ticket.sla_next_at = None
        return
    warn = warning_moment(start, deadline)
    if now >= warn:
        ticket.sla_state = SlaState.WARNING
        ticket.sla_next_at = deadline
    else:
        ticket.sla_state = SlaState.OK
        ticket.sla_next_at = warn


def remaining(ticket: Ticket, now: datetime | None = None) -> timedelta | None:
    _, deadline = phase_window(ticket)
    if deadline is None:
        return None
    return deadline - (now or timezone.now())
