"""Fixtures for the audit tests: a chain of records, and a DBA who bypasses the trigger."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from yiwang.audit.models import AuditRecord
from yiwang.audit.services import audit_record


def append(n: int, **kwargs) -> list[AuditRecord]:
    """Append n records, each in its own transaction as a service would."""
    out = []
    for i in range(n):
        with transaction.atomic():
            fields = {"action": "test.thing.update", "object_type": "test.thing"}
            fields.update(object_id=str(i + 1), summary=f"第 {i + 1} 次修改", **kwargs)
            out.append(audit_record(**fields))
    return out


def as_dba(*statements: tuple[str, list]) -> None:
    """Raw SQL the way a database administrator would tamper: on PostgreSQL, with triggers
    switched off for this transaction (session_replication_role = replica needs a superuser,
    which is exactly the person the hash chain guards against)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        for sql, params in statements:
            cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


@pytest.fixture
def chain(db) -> list[AuditRecord]:
    return append(5)
