"""Reservations (名称保留) and registrations of enterprise names.

``name_reserve`` is what the approvals engine calls when a 名称自主申报 is approved: the
name is checked again inside the transaction, and held for ``YIWANG_NAMES_RESERVATION_DAYS``
(30) calendar days — a hold runs in 自然日, unlike processing time limits. Two reservations
of one 字号 in one industry cannot both succeed (a partial unique index); the loser gets a
409. ``name_register`` turns a reservation into a registered name when the licence issues.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yiwang.audit.services import audit_record
from yiwang.core.errors import Conflict, FieldError, InvalidInput
from yiwang.core.locking import lock_at_version
from yiwang.names import keys
from yiwang.names.actions import RESERVE
from yiwang.names.checking import REJECTED, RESTRICTED, name_check
from yiwang.names.models import NameKey, NameStatus, RegisteredName
from yiwang.names.parsing import NameParts, parse_name
from yiwang.org.permissions import require

DEFAULT_RESERVATION_DAYS = 30


def reservation_days() -> int:
    return int(getattr(settings, "YIWANG_NAMES_RESERVATION_DAYS", DEFAULT_RESERVATION_DAYS))


def _allowed(actor: Any) -> None:
    if actor is not None:  # None: a trusted system path (engine on commit, CLI, demo)
        require(actor, RESERVE)


def _row(parts: NameParts, **values: Any) -> RegisteredName:
    return RegisteredName(
        full_name=parts.full_name, region=parts.region, trade_name=parts.trade_name,
        trade_name_pinyin=keys.pinyin_key(parts.trade_name), industry=parts.industry,
        industry_section=parts.industry_section, org_form=parts.org_form,
        region_position=parts.region_position, **values,
    )  # fmt: skip


def _index(rows: Iterable[RegisteredName]) -> None:
    NameKey.objects.bulk_create(
        [NameKey(name=row, key=key) for row in rows for key in keys.near_keys(row.trade_name)],
        batch_size=2000,
    )


def name_reserve(
    *, actor: Any, name: str = "", parts: NameParts | None = None, holder: Any = None,
    reference: str = "", days: int | None = None, now: datetime | None = None,
) -> RegisteredName:  # fmt: skip
    """Check and hold a name. ``InvalidInput`` (field ``name``, one error per reason) when
    it is rejected or restricted; ``Conflict`` when another reservation won the race.
    Calling again with the same name and ``reference`` returns the same reservation."""
    _allowed(actor)
    parts = parts or parse_name(name)
    days = reservation_days() if days is None else days
    if not 1 <= int(days) <= 365:
        raise InvalidInput(field_errors=[FieldError("days", _("保留期应为 1 到 365 天"))])
    now = now or timezone.now()
    reference = str(reference or "")[:40]
    with transaction.atomic():
        if reference:
            same = (
                RegisteredName.objects.holding(now)
                .filter(full_name=parts.full_name, reference=reference, status=NameStatus.RESERVED)
                .first()
            )
            if same is not None:
                return same
        # a lapsed hold still marked reserved would block the unique index: retire it first
        RegisteredName.objects.filter(
            trade_name=parts.trade_name, status=NameStatus.RESERVED, reserved_until__lte=now
        ).update(status=NameStatus.EXPIRED, version=F("version") + 1)
        result = name_check(parts=parts, now=now)
        blocking = [f for f in result.findings if f.level in (REJECTED, RESTRICTED)]
        if blocking:
            raise InvalidInput(
                _("名称未通过比对，不能保留"),
                field_errors=[FieldError("name", f.message, f.rule) for f in blocking],
                extra={"verdict": result.verdict},
            )
        row = _row(parts, status=NameStatus.RESERVED, reserved_until=now + timedelta(days=days),
                   reserved_for=holder, reference=reference, created_at=now)  # fmt: skip
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            raise Conflict(_("该字号刚被他人在同一行业保留，请重新比对")) from None
        _index([row])
        audit_record(
            action="names.reserve", target=row, actor=actor,
            summary=f"保留企业名称 {row.full_name} 至 {row.reserved_until:%Y-%m-%d}",
            changes={"status": [None, row.status], "reference": [None, reference]},
        )  # fmt: skip
    return row


def name_register(
    *, actor: Any, reservation: RegisteredName, expected_version: int | None = None,
    reference: str = "", now: datetime | None = None,
) -> RegisteredName:  # fmt: skip
    """A held reservation becomes a registered name (the licence was issued)."""
    _allowed(actor)
    now = now or timezone.now()
    with transaction.atomic():
        row = lock_at_version(reservation, expected_version, _("名称状态已变化，请刷新后重试"))
        if row.status != NameStatus.RESERVED or (row.reserved_until and row.reserved_until <= now):
            raise Conflict(_("只有保留期内的名称才能确认登记"))
        row.status, row.registered_at = NameStatus.REGISTERED, now
        row.reference = str(reference or row.reference)[:40]
        row.version += 1
        row.save(update_fields=["status", "registered_at", "reference", "version"])
        audit_record(action="names.register", target=row, actor=actor,
                     summary=f"企业名称 {row.full_name} 已登记",
                     changes={"status": [NameStatus.RESERVED, row.status]})  # fmt: skip
    return row


def name_release(
    *, actor: Any, reservation: RegisteredName, expected_version: int | None = None
) -> RegisteredName:
    """Give a reservation up before its hold ends (the application was withdrawn)."""
    _allowed(actor)
    with transaction.atomic():
        row = lock_at_version(reservation, expected_version, _("名称状态已变化，请刷新后重试"))
        if row.status != NameStatus.RESERVED:
            raise Conflict(_("该名称不在保留中"))
        row.status = NameStatus.RELEASED
        row.version += 1
        row.save(update_fields=["status", "version"])
        audit_record(action="names.release", target=row, actor=actor,
                     summary=f"放弃保留企业名称 {row.full_name}",
                     changes={"status": [NameStatus.RESERVED, row.status]})  # fmt: skip
    return row


def reservations_expire(*, now: datetime | None = None) -> int:
    """Mark lapsed holds expired (the worker runs it; safe to run twice or at once)."""
    now = now or timezone.now()
    with transaction.atomic():
        count = RegisteredName.objects.filter(
            status=NameStatus.RESERVED, reserved_until__lte=now
        ).update(status=NameStatus.EXPIRED, version=F("version") + 1)
        if count:
            audit_record(action="names.expire", object_type="names.registeredname", actor=None,
                         summary=f"{count} 个企业名称保留期满")  # fmt: skip
    return count


def names_import(
    *, actor: Any, names: Iterable[tuple[NameParts, datetime | None]], batch_size: int = 2000
) -> int:
    """Load names already registered elsewhere (a register migration, the demo): no check,
    one audit record for the batch. Names whose full name is present are skipped."""
    if actor is not None:
        require(actor, RESERVE)
    created = 0
    with transaction.atomic():
        batch: list[RegisteredName] = []
        seen: set[str] = set()

        def flush() -> int:
            present = set(
                RegisteredName.objects.filter(
                    full_name__in=[r.full_name for r in batch]
                ).values_list("full_name", flat=True)
            )
            fresh = [r for r in batch if r.full_name not in present]
            RegisteredName.objects.bulk_create(fresh)
            _index(fresh)
            batch.clear()
            return len(fresh)  # fmt: skip

        for parts, registered_at in names:
            if parts.full_name in seen:
                continue
            seen.add(parts.full_name)
            at = registered_at or timezone.now()
            batch.append(_row(parts, status=NameStatus.REGISTERED, registered_at=at, created_at=at))
            if len(batch) >= batch_size:
                created += flush()
        if batch:
            created += flush()
        audit_record(action="names.import", object_type="names.registeredname", actor=actor,
                     summary=f"导入已登记企业名称 {created} 个")  # fmt: skip
    return created
