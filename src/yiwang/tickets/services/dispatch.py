"""派单 and 转派: who handles the ticket, and by when."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from yiwang.core.errors import FieldError, InvalidInput, PermissionDenied
from yiwang.org.models import Department, Membership, Role
from yiwang.org.permissions import can
from yiwang.tickets import notifications, sla
from yiwang.tickets.models import PartyRole, Ticket, TicketParty
from yiwang.tickets.services import smart_dispatch, transitions


def _check_departments(lead: Department | None, co: Iterable[Department]) -> list[Department]:
    errors = []
    if lead is None:
        errors.append(FieldError("lead_department", _("请选择主办部门"), "required"))
    elif not (lead.is_active and lead.accepts_tickets):
        errors.append(FieldError("lead_department", _("该部门不承办工单"), "not_handler"))
    co_list = [d for d in co if lead is None or d.pk != lead.pk]
    if any(not (d.is_active and d.accepts_tickets) for d in co_list):
        errors.append(
            FieldError("co_departments", _("协办部门中有不承办工单的部门"), "not_handler")
        )
    if errors:
        raise InvalidInput(field_errors=errors)
    return co_list


def handlers_by_department(department_ids) -> dict[int, list]:
    """Handlers and department admins of several departments, in one query."""
    from yiwang.accounts.models import User

    found: dict[int, list] = {}
    if not department_ids:
        return found
    rows = (
        User.objects.filter(
            is_active=True,
            memberships__department_id__in=department_ids,
            memberships__is_active=True,
            memberships__grants__role__in=[Role.HANDLER, Role.DEPARTMENT_ADMIN],
        )
        .annotate(_department_id=F("memberships__department_id"))
        .distinct()
    )
    for user in rows:
        bucket = found.setdefault(user._department_id, [])
        if all(u.pk != user.pk for u in bucket):
            bucket.append(user)
    return found


def _handlers_of(department: Department):
    """People who should hear about a new ticket for ``department``."""
    from yiwang.accounts.models import User

    return User.objects.filter(
        is_active=True,
        memberships__department=department,
        memberships__is_active=True,
        memberships__grants__role__in=[Role.HANDLER, Role.DEPARTMENT_ADMIN],
    ).distinct()


def _assign(ticket: Ticket, lead: Department, co: list[Department], now) -> None:
    TicketParty.objects.filter(ticket=ticket, is_active=True).update(is_active=False)
    TicketParty.objects.create(ticket=ticket, department=lead, role=PartyRole.LEAD)
    for department in co:
        TicketParty.objects.create(ticket=ticket, department=department, role=PartyRole.CO)
    ticket.lead_department = lead
    sla.hand_to(ticket, lead.pk, now, restart_handling=bool(ticket.reopen_count))


def ticket_dispatch(
    *,
    actor: Any,
    ticket: Ticket,
    lead_department: Department | None,
    co_departments: Iterable[Department] = (),
    note: str = "",
    expected_version: int | None = None,
) -> Ticket:
    """The dispatcher confirms (or changes) the suggested departments; the clock starts."""
    co = _check_departments(lead_department, co_departments)
    now = timezone.now()

    def effect(locked: Ticket):
        _assign(locked, lead_department, co, now)
        smart_dispatch.record_dispatch(locked, lead_department, actor)  # override → training
        return {
            "lead_department": lead_department.pk,
            "co_departments": [d.pk for d in co],
            "followed_suggestion": locked.suggested_department_id == lead_department.pk,
        }

    updated, _event = transitions.run(
        actor=actor, ticket=ticket, action="dispatch", note=note, effect=effect,
        expected_version=expected_version,
    )  # fmt: skip
    _announce_assignment(updated, lead_department)
    notifications.tell_requester(
        updated, notifications.DISPATCHED, department=lead_department.name,
        deadline=date_format(timezone.localtime(updated.handle_deadline), "DATETIME_FORMAT"),
    )  # fmt: skip
    return updated


def ticket_transfer(
    *,
    actor: Any,
    ticket: Ticket,
    department: Department,
    note: str = "",
    expected_version: int | None = None,
) -> Ticket:
    """转派: a department passes the ticket down its own tree (区 → 街道 → 社区); a dispatcher
    may move it anywhere. The handling deadline keeps running; signing starts again."""
    _check_departments(department, [])
    now = timezone.now()

    def effect(locked: Ticket):
        current = locked.current_department
        is_dispatcher = can(actor, "tickets.dispatch", locked) if actor is not None else True
        if not is_dispatcher and (current is None or not department.is_descendant_of(current)):
            raise PermissionDenied(_("只能转派给本部门的下级部门"))
        TicketParty.objects.filter(ticket=locked, role=PartyRole.LEAD, is_active=True).update(
            is_active=False
        )
        TicketParty.objects.create(ticket=locked, department=department, role=PartyRole.LEAD)
        # the department that passed it on stays able to follow it as a co-handler
        if current is not None and current.pk != department.pk:
            TicketParty.objects.get_or_create(
                ticket=locked, department=current, role=PartyRole.CO, is_active=True
            )
        sla.hand_to(locked, department.pk, now)
        return {"from_department": current.pk if current else None, "to_department": department.pk}

    updated, _event = transitions.run(
        actor=actor, ticket=ticket, action="transfer", note=note, effect=effect,
        expected_version=expected_version,
    )  # fmt: skip
    _announce_assignment(updated, department)
    return updated


def _announce_assignment(ticket: Ticket, department: Department) -> None:
    deadline = date_format(timezone.localtime(ticket.sign_deadline), "DATETIME_FORMAT")
    notifications.tell_staff(
        _handlers_of(department), notifications.ASSIGNED, ticket,
        department=department.name, sign_deadline=deadline,
    )  # fmt: skip


def memberships_in(user: Any, department: Department) -> bool:
    return Membership.objects.filter(user=user, department=department, is_active=True).exists()
