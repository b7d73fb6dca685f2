"""The lifecycle of an item: 取消 (cancel), 搁置 (suspend), 下放 (delegate down), 调整 (adjust),
and back into use. Every step needs a reason and is kept in ``ItemStatusChange``.

Transitions are data (``TRANSITIONS``). Only an item in use takes applications; a delegated or
adjusted item may point at the item that now takes its place (``successor``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from yiwang.audit.services import audit_record
from yiwang.catalog.actions import MANAGE
from yiwang.catalog.models import BundleStatus, ItemStatus, ItemStatusChange, ServiceItem
from yiwang.catalog.services.items import DOC_TYPE, lock_item, user_or_none
from yiwang.core.errors import FieldError, InvalidInput
from yiwang.org.models import Department
from yiwang.org.permissions import require
from yiwang.search.service import index_later

S = ItemStatus
TRANSITIONS: dict[str, frozenset[str]] = {
    S.ACTIVE: frozenset({S.CANCELLED, S.SUSPENDED, S.DELEGATED, S.ADJUSTED}),
    S.SUSPENDED: frozenset({S.ACTIVE, S.CANCELLED}),
    S.DELEGATED: frozenset({S.ACTIVE, S.CANCELLED}),
    S.ADJUSTED: frozenset({S.ACTIVE, S.CANCELLED}),
    S.CANCELLED: frozenset(),
}
# what the workbench calls each step
ACTION_LABELS = {
    S.ACTIVE: _("恢复实施"),
    S.CANCELLED: _("取消"),
    S.SUSPENDED: _("搁置"),
    S.DELEGATED: _("下放"),
    S.ADJUSTED: _("调整"),
}
MAX_REASON = 1000


def allowed_targets(status: str) -> list[str]:
    return [s for s in S.values if s in TRANSITIONS.get(status, ())]


def _check(
    locked: ServiceItem,
    *,
    to_status: str,
    reason: str,
    delegated_to: Department | None,
    successor: ServiceItem | None,
    at: datetime | None,
) -> None:
    errors: list[FieldError] = []
    if to_status not in TRANSITIONS.get(locked.status, ()):
        errors.append(
            FieldError(
                "to_status",
                format_lazy(
                    _("事项当前为“{current}”，不能改为“{target}”"),
                    current=S(locked.status).label,
                    target=S(to_status).label if to_status in S.values else to_status,
                ),
                "transition",
            )
        )
    if not reason:
        errors.append(FieldError("reason", _("请填写变更原因"), "required"))
    elif len(reason) > MAX_REASON:
        errors.append(FieldError("reason", _("变更原因不能超过 1000 个字符"), "too_long"))
    if to_status == S.DELEGATED:
        department = locked.department
        if delegated_to is None:
            errors.append(FieldError("delegated_to", _("请选择下放到的部门"), "required"))
        elif not delegated_to.is_active or delegated_to.level <= department.level:
            errors.append(
                FieldError("delegated_to", _("只能下放到下级（区县、街道）的部门"), "not_lower")
            )
    elif delegated_to is not None:
        errors.append(FieldError("delegated_to", _("只有下放才需选择部门"), "unexpected"))
    if successor is not None:
        if to_status not in (S.DELEGATED, S.ADJUSTED):
            errors.append(
                FieldError("successor", _("只有下放或调整才能指定承接事项"), "unexpected")
            )
        elif successor.pk == locked.pk or successor.status != S.ACTIVE:
            errors.append(FieldError("successor", _("承接事项应为另一个在用事项"), "invalid"))
    if at is not None and at > timezone.now():
        errors.append(FieldError("at", _("变更时间不能晚于现在"), "future"))
    if to_status != S.ACTIVE:
        bundles = list(
            locked.bundles.filter(status=BundleStatus.ACTIVE).values_list("name", flat=True)
        )
        if bundles:
            errors.append(
                FieldError(
                    "to_status",
                    format_lazy(
                        _("事项属于在用的一件事“{names}”，请先调整一件事"),
                        names="、".join(bundles),
                    ),
                    "in_bundle",
                )
            )
    if errors:
        raise InvalidInput(field_errors=errors)


def item_change_status(
    *,
    actor: Any,
    item: ServiceItem,
    to_status: str,
    reason: str,
    delegated_to: Department | None = None,
    successor: ServiceItem | None = None,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> ItemStatusChange:
    """Move ``item`` to ``to_status``; ``at`` records an earlier decision (loading history)."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = lock_item(item, expected_version)
        if actor is not None:
            require(actor, MANAGE, locked)
        _check(
            locked, to_status=to_status, reason=reason, delegated_to=delegated_to,
            successor=successor, at=at,
        )  # fmt: skip
        change = ItemStatusChange.objects.create(
            item=locked, from_status=locked.status, to_status=to_status, reason=reason,
            delegated_to=delegated_to, successor=successor, actor=user_or_none(actor),
            at=at or timezone.now(),
        )  # fmt: skip
        old_status = locked.status
        locked.status = to_status
        locked.delegated_to = delegated_to if to_status == S.DELEGATED else None
        locked.successor = successor if to_status in (S.DELEGATED, S.ADJUSTED) else None
        locked.version = F("version") + 1
        locked.updated_by = user_or_none(actor)
        locked.save()
        locked.refresh_from_db()
        audit_record(
            action="catalog.item.status", target=locked, actor=actor,
            department_id=locked.department_id,
            summary=f"{locked.code} {locked.name}: {reason}"[:100],
            changes={
                "status": [old_status, to_status],
                **({"delegated_to": [None, delegated_to.pk]} if delegated_to else {}),
                **({"successor": [None, successor.code]} if successor else {}),
            },
        )  # fmt: skip
        index_later(DOC_TYPE, locked.pk)
    item.status, item.version = locked.status, locked.version
    return change
