"""Writes to the audit log: appending a record, and recording a verification run."""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from yiwang.audit.chain import record_hash
from yiwang.audit.models import (
    GENESIS_HASH,
    HEAD_PK,
    AuditRecord,
    ChainHead,
    ChainVerification,
)
from yiwang.audit.scrub import mask_text, scrub_changes
from yiwang.audit.verify import VerifyResult, verify_chain
from yiwang.core import context

logger = logging.getLogger("yiwang.audit")

_FIELD_LIMITS = {
    "actor_label": 150,
    "role": 100,
    "action": 100,
    "object_type": 100,
    "object_id": 64,
    "client_ip": 45,
    "request_id": 64,
    "channel": 16,
}
_SUMMARY_LIMIT = 2000


def _clip(value: Any, limit: int) -> str:
    # Clip before hashing: PostgreSQL refuses over-long varchar where SQLite would store it.
    return str(value if value is not None else "").replace("\x00", "")[:limit]


def _actor(actor: Any) -> Any:
    if actor is None:
        actor = context.current().user
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return actor


def actor_label(actor: Any) -> str:
    """Who acted, in words a supervisor reads: staff by name and login, others by login only
    (a citizen's display name is their real name)."""
    if actor is None:
        return ""
    username = actor.get_username() if hasattr(actor, "get_username") else str(actor.pk)
    display = getattr(actor, "display_name", "")
    if display and getattr(actor, "kind", "") == "staff" and display != username:
        return f"{display}（{username}）"
    return username


def _membership_roles(actor: Any, department_id: int | None) -> tuple[str, int | None]:
    """Role(s) and department from the actor's membership: the one in ``department_id`` when
    given, else the primary one (which also lends its roles to an action in a department the
    actor is not a member of). Reached through ``user.memberships`` so audit does not import
    org (DESIGN §2 dependency direction)."""
    memberships = getattr(actor, "memberships", None)
    if memberships is None:
        return "", department_id
    # cached on the user object for the request (like the permission grants): a service that
    # records several entries, or a loader acting as one person, asks once per department
    cache = actor.__dict__.setdefault("_yiwang_audit_roles", {})
    if department_id not in cache:
        cache[department_id] = _lookup_membership_roles(memberships, department_id)
    return cache[department_id]


def _lookup_membership_roles(memberships: Any, department_id: int | None) -> tuple[str, int | None]:
    active = memberships.filter(is_active=True).order_by("pk")
    membership = active.filter(department_id=department_id).first() if department_id else None
    membership = membership or active.filter(is_primary=True).first()
    if membership is None:
        return "", department_id
    roles = ",".join(sorted(membership.grants.values_list("role", flat=True)))
    return roles, department_id if department_id is not None else membership.department_id


def _target_department(target: Any) -> int | None:
    if target is None:
        return None
    if getattr(target, "_meta", None) is not None and target._meta.label_lower == "org.department":
        return target.pk
    value = getattr(target, "department_id", None)
    return value if isinstance(value, int) else None


def _lock_head() -> tuple[int, str]:
    """Advance the chain head and return (new seq, previous hash), holding its lock.

    The UPDATE comes first: on PostgreSQL it takes the row lock and a concurrent writer waits
    and then sees the committed value; on SQLite it takes the write lock. A failed transaction
    rolls the head back with it, so seq stays gapless.
    """
    for _attempt in range(3):
        if ChainHead.objects.filter(pk=HEAD_PK).update(seq=F("seq") + 1):
            head = ChainHead.objects.get(pk=HEAD_PK)
            return head.seq, head.hash
        last = AuditRecord.objects.order_by("-seq").values("seq", "hash").first()
        if last is not None:
            # Never happens through the platform (nothing deletes the head); carry on from the
            # last record so the chain stays linked, and say so loudly.
            logger.error("audit chain head was missing; rebuilt at seq %s", last["seq"])
        seq, prev = (last["seq"], last["hash"]) if last else (0, GENESIS_HASH)
        try:
            with transaction.atomic():
                ChainHead.objects.create(pk=HEAD_PK, seq=seq + 1, hash=prev)
            return seq + 1, prev
        except IntegrityError:
            continue  # another writer created it first; its row lock now orders us
    raise RuntimeError("could not lock the audit chain head")


def audit_record(
    *,
    action: str,
    target: Any = None,
    object_type: str = "",
    object_id: Any = "",
    changes: dict[str, Any] | None = None,
    summary: str = "",
    actor: Any = None,
    role: str = "",
    department_id: int | None = None,
) -> AuditRecord:
    """Append one record to the audit chain inside the caller's transaction.

    ``actor`` defaults to the context user; IP, request id and channel come from the context.
    Role and department default to the actor's primary membership, then the target's
    department. ``changes`` is ``{field: [old, new]}``; personal-data values are replaced by a
    marker.
    """
    if not action:
        raise ValueError("audit_record needs an action")
    if not connection.in_atomic_block:
        raise TransactionManagementError(
            "audit_record() must run inside transaction.atomic() so the record commits or rolls "
            "back with the change it describes"
        )
    ctx = context.current()
    actor = _actor(actor)
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or target.pk
    if actor is not None and not role:
        role, department_id = _membership_roles(actor, department_id)
    if department_id is None:
        department_id = _target_department(target)

    fields: dict[str, Any] = {
        "created_at": timezone.now(),
        "actor_id": actor.pk if actor is not None else None,
        "actor_label": mask_text(actor_label(actor)),
        "role": role,
        "department_id": int(department_id) if department_id is not None else None,
        "action": action,
        "object_type": object_type,
        "object_id": "" if object_id is None else object_id,
        "summary": mask_text(str(summary or "")),
        "changes": scrub_changes(changes),
        "client_ip": ctx.client_ip,
        "request_id": ctx.request_id,
        "channel": ctx.channel,
    }
    for name, limit in _FIELD_LIMITS.items():
        fields[name] = _clip(fields[name], limit)
    fields["summary"] = _clip(fields["summary"], _SUMMARY_LIMIT)

    seq, prev_hash = _lock_head()
    fields["seq"] = seq
    digest = record_hash(prev_hash, fields)
    record = AuditRecord.objects.create(prev_hash=prev_hash, hash=digest, **fields)
    ChainHead.objects.filter(pk=HEAD_PK).update(hash=digest)
    return record


def chain_verify_and_record(
    *, actor: Any = None, requested_by: str = "", progress=None
) -> VerifyResult:
    """Verify the whole chain and keep the outcome as the chain status shown to supervisors.

    ``requested_by`` names the person when the run happens later in a background task.
    """
    started = timezone.now()
    result = verify_chain(progress=progress)
    actor = _actor(actor)
    with transaction.atomic():
        ChainVerification.objects.create(
            started_at=started,
            finished_at=timezone.now(),
            ok=result.ok,
            count=result.count,
            first_bad_seq=result.first_bad_seq,
            first_bad_id=result.first_bad_id,
            code=result.code,
            reason=result.reason_zh,
            channel=context.current().channel,
            actor_label=_clip(requested_by or mask_text(actor_label(actor)), 150),
        )
    if not result.ok:
        logger.error(
            "audit chain broken at seq %s (id %s): %s",
            result.first_bad_seq,
            result.first_bad_id,
            result.reason_en,
        )
    return result


def audit_export_logged(*, actor: Any, fmt: str, count: int, filters: dict[str, Any]) -> None:
    """Exporting the log is itself recorded: who took which records out, and how many."""
    with transaction.atomic():
        audit_record(
            action="audit.log.export",
            actor=actor,
            summary=f"导出审计日志 {count} 条（{fmt}）",
            changes={"filters": [None, {k: v for k, v in filters.items() if v}]},
        )
