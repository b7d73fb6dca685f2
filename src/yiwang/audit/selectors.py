"""Reads of the audit log, always narrowed to what the viewer may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from yiwang.audit.models import HEAD_PK, AuditRecord, ChainHead, ChainVerification
from yiwang.audit.permissions import VIEW
from yiwang.org.permissions import scope_queryset


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""  # "org.department" matches org.department.create, .update ...
    actor: str = ""  # an actor id, or part of the actor's label
    object_type: str = ""
    object_id: str = ""
    date_from: dt.date | None = None  # local dates, both ends included
    date_to: dt.date | None = None
    request_id: str = ""

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in self.__dataclass_fields__)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _apply(qs: QuerySet, f: AuditFilters) -> QuerySet:
    if f.action:
        action = f.action.strip().rstrip(".")
        qs = qs.filter(Q(action=action) | Q(action__startswith=action + "."))
    if f.actor:
        actor = f.actor.strip()
        by_label = Q(actor_label__icontains=actor)
        by_id = actor.isdigit() and len(actor) <= 18  # stays inside a 64-bit column
        qs = qs.filter(by_label | Q(actor_id=int(actor)) if by_id else by_label)
    if f.object_type:
        qs = qs.filter(object_type=f.object_type.strip().lower())
    if f.object_id:
        qs = qs.filter(object_id=f.object_id.strip())
    if f.date_from:
        qs = qs.filter(created_at__gte=_day_start(f.date_from))
    if f.date_to:
        qs = qs.filter(created_at__lt=_day_start(f.date_to + dt.timedelta(days=1)))
    if f.request_id:
        qs = qs.filter(request_id=f.request_id.strip())
    return qs


def audit_visible(*, user: Any) -> QuerySet[AuditRecord]:
    """Records of the viewer's scope: their department and below for supervisors, all for
    platform admins; nothing for anyone else."""
    return scope_queryset(user, VIEW, AuditRecord.objects.all(), department_field="department_id")


def audit_list(*, user: Any, filters: AuditFilters | None = None) -> QuerySet[AuditRecord]:
    """Newest first."""
    return _apply(audit_visible(user=user), filters or AuditFilters()).order_by("-seq")


def audit_get(*, user: Any, seq: int) -> AuditRecord | None:
    if not 0 < seq < 2**63:
        return None
    return audit_visible(user=user).filter(seq=seq).first()


def chain_status() -> dict[str, Any]:
    """The head (how many records, last hash) and the last verification run."""
    return {
        "head": ChainHead.objects.filter(pk=HEAD_PK).first(),
        "last_verification": ChainVerification.objects.order_by("-finished_at").first(),
    }
