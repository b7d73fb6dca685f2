"""The one way a ticket changes: lock, check version and state, check permission, apply,
record the timeline event and the audit entry, queue notifications after commit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yiwang.audit.services import audit_record
from yiwang.core.errors import Conflict
from yiwang.org.permissions import require
from yiwang.tickets import sla, workflow
from yiwang.tickets.models import Ticket, TicketEvent

Effect = Callable[[Ticket], dict[str, Any] | None]


def acting_department_id(actor: Any, ticket: Ticket) -> int | None:
    """The actor's department that this action is taken for (for the timeline)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    from yiwang.org.permissions import grants_of

    grants = grants_of(actor)
    candidates = set(ticket.permission_department_ids())
    for grant in grants:
        if grant.department_id in candidates:
            return grant.department_id
    return grants[0].department_id if grants else None


def check_version(locked: Ticket, expected_version: int | None) -> None:
    """A page or client acting on a version someone else has since changed gets a 409."""
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            _("工单已被他人处理，请刷新后重试"),
            code="version-conflict",
            extra={"current_version": locked.version, "current_status": locked.status},
        )


@contextmanager
def version_guard(
    ticket_id: int, expected_version: int | None, *, actor: Any = None, action: str = ""
) -> Iterator[Ticket]:
    """Lock the ticket, check permission (before any talk of versions) and version, and keep
    the lock while the wrapped service runs — for faces that call services which take no
    ``expected_version`` of their own (notes, opinions, supervision ...)."""
    with transaction.atomic():
        locked = Ticket.objects.select_for_update(of=("self",)).get(pk=ticket_id)
        if actor is not None and action:
            require(actor, workflow.permission_name(action), locked)
        check_version(locked, expected_version)
        yield locked


def run(
    *,
    actor: Any,
    ticket: Ticket,
    action: str,
    note: str = "",
    data: dict[str, Any] | None = None,
    expected_version: int | None = None,
    effect: Effect | None = None,
    check_permission: bool = True,
) -> tuple[Ticket, TicketEvent]:
    """Take ``action`` on ``ticket``. ``effect`` mutates the locked ticket (and may return
    extra event data); the state moves to the transition's target unless the effect set it.

    Two people acting at once: the second finds a new version or another state — a 409.
    """
    transition = workflow.get(action)
    with transaction.atomic():
        locked = (
            Ticket.objects.select_for_update(of=("self",))
            .select_related("current_department", "lead_department")
            # read twice before the effect (permission, acting department); never after it
            .prefetch_related("parties")
            .get(pk=ticket.pk)
        )
        # permission first: someone who may not act learns nothing about the ticket's state
        if check_permission and actor is not None:
            require(actor, workflow.permission_name(action), locked)
        check_version(locked, expected_version)
        if locked.status not in transition.sources:
            raise Conflict(
                _("工单当前状态不允许此操作，请刷新后重试"),
                code="state-conflict",
                extra={"current_status": locked.status, "action": action},
            )
        from_status = locked.status
        department_id = acting_department_id(actor, locked)
        extra = (effect(locked) if effect else None) or {}
        # the effect may have changed the handling parties: forget the prefetched ones
        getattr(locked, "_prefetched_objects_cache", {}).pop("parties", None)
        if locked.status == from_status and transition.target is not None:
            if transition.target == workflow.PREVIOUS:
                locked.status = locked.previous_status or from_status
            else:
                locked.status = transition.target
        if locked.status != from_status:
            locked.previous_status = from_status
        sla.plan(locked)
        locked.version += 1
        locked.save()
        event = TicketEvent.objects.create(
            ticket=locked,
            action=action,
            from_status=from_status,
            to_status=locked.status,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_department_id=department_id,
            note=note,
            data={**(data or {}), **extra},
            is_public=transition.public,
        )
        audit_record(
            action=f"tickets.ticket.{action}",
            target=locked,
            actor=actor,
            department_id=department_id,
            changes={"status": [from_status, locked.status]}
            if locked.status != from_status
            else {},
            summary=f"{locked.case_number} {transition.label}",
        )
    return locked, event
